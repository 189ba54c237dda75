import { Injectable } from '@nestjs/common';
import { Brackets } from 'typeorm';
import { DatabaseService } from '../database/database.service';
import { assertCommunityId, CommunityScopedRepository } from '../database/scoped-repository';
import { ThreadReadEntity } from './thread-read.entity';
import { ThreadEntity } from './thread.entity';

/** Position of a thread in a board's list: pinned first, then newest first. */
export interface ThreadCursor {
  pinned: boolean;
  createdAt: Date;
  id: string;
}

@Injectable()
export class ThreadRepository extends CommunityScopedRepository<ThreadEntity> {
  constructor(db: DatabaseService) {
    super(db, ThreadEntity);
  }

  async titles(communityId: string, threadIds: string[]): Promise<Map<string, string>> {
    if (threadIds.length === 0) return new Map();
    const rows = await this.query(communityId, 't').select(['t.id', 't.title']).andWhere('t.id = ANY(:threadIds)', { threadIds: [...new Set(threadIds)] }).getMany();
    return new Map(rows.map((t) => [t.id, t.title]));
  }

  /** Moves a member's read position forward (never back). */
  async markRead(communityId: string, threadId: string, userId: string, seq: number): Promise<void> {
    await this.db.manager.query(
      `INSERT INTO thread_reads (thread_id, user_id, community_id, last_read_seq) VALUES ($1, $2, $3, $4)
       ON CONFLICT (thread_id, user_id) DO UPDATE SET last_read_seq = GREATEST(thread_reads.last_read_seq, EXCLUDED.last_read_seq), updated_at = now()`,
      [threadId, userId, communityId, seq],
    );
  }

  /** A member's read positions in some threads. */
  async readPositions(communityId: string, userId: string, threadIds: string[]): Promise<Map<string, number>> {
    if (threadIds.length === 0) return new Map();
    const rows = await this.db.manager
      .getRepository(ThreadReadEntity)
      .createQueryBuilder('r')
      .where('r.communityId = :communityId AND r.userId = :userId AND r.threadId = ANY(:threadIds)', { communityId, userId, threadIds })
      .getMany();
    return new Map(rows.map((r) => [r.threadId, r.lastReadSeq]));
  }

  /** Threads a person started, across communities (their own data, for its export). */
  startedBy(userId: string): Promise<ThreadEntity[]> {
    return this.repository.find({ where: { authorId: userId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** Sets reply counts from the posts that are not deleted (after many posts went at once). */
  async recountReplies(communityId: string, threadIds: string[]): Promise<void> {
    if (threadIds.length === 0) return;
    await this.db.manager.query(
      `UPDATE threads t SET reply_count = (SELECT count(*) FROM posts p WHERE p.thread_id = t.id AND p.seq > 1 AND p.deleted_at IS NULL)
        WHERE t.community_id = $1 AND t.id = ANY($2)`,
      [communityId, threadIds],
    );
  }

  /** Moves the thread's reaction total in one statement (no read, no lock held before it). */
  async countReaction(communityId: string, threadId: string, delta: 1 | -1): Promise<void> {
    assertCommunityId(communityId);
    await this.db.manager.query(`UPDATE threads SET reaction_count = GREATEST(0, reaction_count + $3) WHERE community_id = $1 AND id = $2`, [communityId, threadId, delta]);
  }

  lock(communityId: string, threadId: string): Promise<ThreadEntity | null> {
    return this.query(communityId, 't').andWhere('t.id = :threadId', { threadId }).setLock('pessimistic_write').getOne();
  }

  /**
   * One page of a board's threads, pinned first, then by creation (newest first). Creation order
   * does not change as replies arrive, so paging is stable: no thread is seen twice or skipped.
   * Hidden threads are left out unless the viewer moderates or wrote them.
   */
  page(communityId: string, boardId: string, viewer: { userId?: string; moderator: boolean }, limit: number, after?: ThreadCursor): Promise<ThreadEntity[]> {
    const query = this.query(communityId, 't')
      .andWhere('t.boardId = :boardId', { boardId })
      .orderBy('(t.pinned_at IS NOT NULL)', 'DESC')
      .addOrderBy('t.createdAt', 'DESC')
      .addOrderBy('t.id', 'DESC')
      .limit(limit);
    if (!viewer.moderator) {
      query.andWhere(new Brackets((w) => w.where('t.hiddenAt IS NULL').orWhere('t.authorId = :viewer', { viewer: viewer.userId ?? null })));
    }
    if (after) {
      // One row comparison in the index's order (threads_board_list_idx): the scan starts at the cursor.
      query.andWhere('((t.pinned_at IS NOT NULL), t.created_at, t.id) < (:pinned, :createdAt, :id)', { pinned: after.pinned, createdAt: after.createdAt, id: after.id });
    }
    return query.getMany();
  }
}
