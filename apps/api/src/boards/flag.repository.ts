import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../database/database.service';
import { CommunityScopedRepository } from '../database/scoped-repository';
import { FlagEntity, type FlagReason } from './flag.entity';

@Injectable()
export class FlagRepository extends CommunityScopedRepository<FlagEntity> {
  constructor(db: DatabaseService) {
    super(db, FlagEntity);
  }

  /** `null` when this member already flagged the post. */
  async add(communityId: string, postId: string, userId: string, reason: FlagReason, note: string): Promise<FlagEntity | null> {
    const result = await this.repository.createQueryBuilder().insert().values({ communityId, postId, userId, reason, note }).orIgnore().returning(['id']).execute();
    const id: string | undefined = result.raw[0]?.id;
    return id ? this.findOneBy(communityId, { id }) : null;
  }

  async resolveAll(communityId: string, postId: string, by: string): Promise<void> {
    await this.repository
      .createQueryBuilder()
      .update()
      .set({ resolvedAt: new Date(), resolvedBy: by })
      .where('community_id = :communityId AND post_id = :postId AND resolved_at IS NULL', { communityId, postId })
      .execute();
  }

  openFor(communityId: string, postIds: string[]): Promise<FlagEntity[]> {
    if (postIds.length === 0) return Promise.resolve([]);
    return this.query(communityId, 'f').andWhere('f.postId = ANY(:postIds) AND f.resolvedAt IS NULL', { postIds }).orderBy('f.createdAt', 'ASC').getMany();
  }
}
