import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../database/database.service';
import { CommunityScopedRepository } from '../database/scoped-repository';
import { ReactionEntity } from './reaction.entity';

@Injectable()
export class ReactionRepository extends CommunityScopedRepository<ReactionEntity> {
  constructor(db: DatabaseService) {
    super(db, ReactionEntity);
  }

  /** `true` when the reaction is new (the primary key makes a repeat a no-op). */
  async add(communityId: string, postId: string, userId: string, emoji: string): Promise<boolean> {
    const result = await this.repository.createQueryBuilder().insert().values({ communityId, postId, userId, emoji }).orIgnore().returning(['emoji']).execute();
    return result.raw.length > 0;
  }

  /** `true` when a reaction was removed. */
  async remove(communityId: string, postId: string, userId: string, emoji: string): Promise<boolean> {
    const result = await this.repository.delete({ communityId, postId, userId, emoji });
    return (result.affected ?? 0) > 0;
  }

  /** Every reaction a person gave, across communities (their own data, for its export). */
  givenBy(userId: string): Promise<ReactionEntity[]> {
    return this.repository.find({ where: { userId }, order: { createdAt: 'ASC' } });
  }

  /** The viewer's reactions on some posts: postId → emojis. */
  async mine(communityId: string, userId: string, postIds: string[]): Promise<Map<string, Set<string>>> {
    const mine = new Map<string, Set<string>>();
    if (postIds.length === 0) return mine;
    const rows = await this.query(communityId, 'r').andWhere('r.userId = :userId AND r.postId = ANY(:postIds)', { userId, postIds }).getMany();
    for (const row of rows) mine.set(row.postId, (mine.get(row.postId) ?? new Set()).add(row.emoji));
    return mine;
  }
}
