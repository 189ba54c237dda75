import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../database/database.service';
import { assertCommunityId, CommunityScopedRepository } from '../database/scoped-repository';
import { PostRevisionEntity } from './post-revision.entity';
import { PostEntity } from './post.entity';

@Injectable()
export class PostRepository extends CommunityScopedRepository<PostEntity> {
  constructor(db: DatabaseService) {
    super(db, PostEntity);
  }

  lock(communityId: string, postId: string): Promise<PostEntity | null> {
    return this.query(communityId, 'p').andWhere('p.id = :postId', { postId }).setLock('pessimistic_write').getOne();
  }

  /** Posts of a thread in order, after position `afterSeq`. */
  page(communityId: string, threadId: string, limit: number, afterSeq = 0): Promise<PostEntity[]> {
    return this.query(communityId, 'p')
      .andWhere('p.threadId = :threadId AND p.seq > :afterSeq', { threadId, afterSeq })
      .orderBy('p.seq', 'ASC')
      .limit(limit)
      .getMany();
  }

  /** Posts with open reports, oldest first, after a position. */
  withOpenFlags(communityId: string, limit: number, after?: { createdAt: Date; id: string }): Promise<PostEntity[]> {
    const query = this.query(communityId, 'p')
      .andWhere('EXISTS (SELECT 1 FROM flags f WHERE f.post_id = p.id AND f.community_id = p.community_id AND f.resolved_at IS NULL)')
      .orderBy('p.createdAt', 'ASC')
      .addOrderBy('p.id', 'ASC')
      .limit(limit);
    if (after) query.andWhere('(p.createdAt, p.id) > (:createdAt, :id)', after);
    return query.getMany();
  }

  /** Posts written by a member in the community since a moment (flood protection). */
  async authoredSince(communityId: string, authorId: string, since: Date): Promise<{ count: number; oldest: Date | null }> {
    const row = await this.query(communityId, 'p')
      .select('count(*)::int', 'count')
      .addSelect('min(p.createdAt)', 'oldest')
      .andWhere('p.authorId = :authorId AND p.createdAt > :since', { authorId, since })
      .getRawOne<{ count: number; oldest: Date | null }>();
    return { count: row?.count ?? 0, oldest: row?.oldest ? new Date(row.oldest) : null };
  }

  /** Everything a person wrote, across communities, oldest first (their own data, for its export). */
  writtenBy(userId: string): Promise<PostEntity[]> {
    return this.repository.find({ where: { authorId: userId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /**
   * Deletes every post a member wrote in the community, text and earlier revisions included (their
   * erasure, where the community removes erased members' posts); returns the threads touched.
   */
  async deleteAllBy(communityId: string, authorId: string): Promise<string[]> {
    assertCommunityId(communityId);
    await this.db.manager.query(
      `DELETE FROM post_revisions WHERE community_id = $1 AND post_id IN (SELECT id FROM posts WHERE community_id = $1 AND author_id = $2)`,
      [communityId, authorId],
    );
    const [rows]: [Array<{ thread_id: string }>, number] = await this.db.manager.query(
      `UPDATE posts SET deleted_at = coalesce(deleted_at, now()), body_markdown = '', body_html = '', body_text = ''
        WHERE community_id = $1 AND author_id = $2 RETURNING thread_id`,
      [communityId, authorId],
    );
    return [...new Set(rows.map((r) => r.thread_id))];
  }

  async addRevision(communityId: string, revision: Omit<PostRevisionEntity, 'id' | 'communityId' | 'createdAt'>): Promise<void> {
    await this.db.manager.getRepository(PostRevisionEntity).insert({ ...revision, communityId });
  }

  revisions(communityId: string, postId: string): Promise<PostRevisionEntity[]> {
    return this.db.manager.getRepository(PostRevisionEntity).find({ where: { communityId, postId }, order: { revision: 'ASC' } });
  }

  /** Adds `delta` to one emoji's count on a post. */
  /** Moves one emoji's count on a post; returns the post's counts after the change. */
  async countReaction(communityId: string, postId: string, emoji: string, delta: 1 | -1): Promise<Record<string, number>> {
    const [rows] = await this.repository.query(
      `UPDATE posts SET reaction_counts = CASE
          WHEN coalesce((reaction_counts->>$3)::int, 0) + $4 <= 0 THEN reaction_counts - $3
          ELSE jsonb_set(reaction_counts, ARRAY[$3], to_jsonb(coalesce((reaction_counts->>$3)::int, 0) + $4))
        END
        WHERE community_id = $1 AND id = $2
        RETURNING reaction_counts`,
      [communityId, postId, emoji, delta],
    );
    return rows[0].reaction_counts;
  }
}
