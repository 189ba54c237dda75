import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../database/database.service';
import { CommunityScopedRepository } from '../database/scoped-repository';
import { BoardEntity } from './board.entity';

@Injectable()
export class BoardRepository extends CommunityScopedRepository<BoardEntity> {
  constructor(db: DatabaseService) {
    super(db, BoardEntity);
  }

  listOrdered(communityId: string, includeArchived: boolean): Promise<BoardEntity[]> {
    const query = this.query(communityId, 'b').orderBy('b.position', 'ASC').addOrderBy('b.createdAt', 'ASC');
    if (!includeArchived) query.andWhere('b.archivedAt IS NULL');
    return query.getMany();
  }

  lock(communityId: string, boardId: string): Promise<BoardEntity | null> {
    return this.query(communityId, 'b').andWhere('b.id = :boardId', { boardId }).setLock('pessimistic_write').getOne();
  }

  async nextPosition(communityId: string): Promise<number> {
    const row = await this.query(communityId, 'b').select('coalesce(max(b.position) + 1, 0)', 'next').getRawOne<{ next: number }>();
    return Number(row?.next ?? 0);
  }

  /** Counts a new thread (with its opening post), a reply (`at`: when), or a deleted post. */
  async countActivity(communityId: string, boardId: string, delta: { threads: number; posts: number }, at?: Date): Promise<void> {
    await this.repository
      .createQueryBuilder()
      .update()
      .set({
        threadCount: () => `thread_count + ${Number(delta.threads)}`,
        postCount: () => `post_count + ${Number(delta.posts)}`,
        ...(at ? { lastActivityAt: at } : {}),
      })
      .where('community_id = :communityId AND id = :boardId', { communityId, boardId })
      .execute();
  }
}
