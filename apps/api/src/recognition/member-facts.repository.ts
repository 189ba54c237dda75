import { Injectable } from '@nestjs/common';
import type { MemberFacts } from '@kizuna/engagement';
import { CustomerFactsService } from '../crm/customer-facts.service';
import { DatabaseService } from '../database/database.service';
import { assertCommunityId } from '../database/scoped-repository';

/**
 * The facts badge rules are evaluated on, read from the activity spine (the one history every
 * module writes) and, for CRM conditions, from the customer record linked to the member.
 */
@Injectable()
export class MemberFactsRepository {
  constructor(
    private readonly db: DatabaseService,
    private readonly customers: CustomerFactsService,
  ) {}

  /** Everything a rule may ask about one member, now (the customer side only when a rule needs it). */
  async of(communityId: string, timeZone: string, member: { userId: string; joinedAt: Date }, withCustomer = true): Promise<MemberFacts> {
    const [activity, maxReactionsOnOnePost, customer] = await Promise.all([
      this.activity(communityId, member.userId),
      this.maxReactionsOnOnePost(communityId, member.userId),
      withCustomer ? this.customers.of(communityId, member.userId) : undefined,
    ]);
    return { now: new Date(), timeZone, joinedAt: member.joinedAt, activity, maxReactionsOnOnePost, customer };
  }

  async activity(communityId: string, userId: string): Promise<MemberFacts['activity']> {
    assertCommunityId(communityId);
    const rows: Array<{ type: string; at: Date }> = await this.db.manager.query(
      `SELECT type, occurred_at AS at FROM activity WHERE community_id = $1 AND actor_id = $2 ORDER BY id`,
      [communityId, userId],
    );
    return rows.map((r) => ({ type: r.type, at: new Date(r.at) }));
  }

  /** Most reactions standing on one of the member's posts (given minus taken back). */
  async maxReactionsOnOnePost(communityId: string, userId: string): Promise<number> {
    assertCommunityId(communityId);
    const [row] = await this.db.manager.query(
      `SELECT coalesce(max(n), 0)::int AS n FROM (
         SELECT subject_id, sum(CASE type WHEN 'reaction.added' THEN 1 ELSE -1 END) AS n
           FROM activity
          WHERE community_id = $1 AND type IN ('reaction.added', 'reaction.removed') AND data->>'receiverId' = $2
          GROUP BY subject_id) per_post`,
      [communityId, userId],
    );
    return row.n;
  }

  /**
   * The member's last public actions: threads and replies (not deleted or hidden since, and not in
   * the given boards), badges received and ranks reached. Each kind is read newest first from its own
   * index (by actor; by the member a badge or rank event names) before the two are merged.
   */
  async recent(communityId: string, userId: string, hiddenBoardIds: string[], limit: number): Promise<RecentActivityRow[]> {
    assertCommunityId(communityId);
    return this.db.manager.query(
      `SELECT a.type, a.occurred_at AS at, a.subject_id, a.data,
              coalesce(a.data->>'title', t.data->>'title') AS thread_title
         FROM ((SELECT id, community_id, type, occurred_at, subject_id, data FROM activity a
                 WHERE a.actor_id = $2 AND a.community_id = $1 AND a.type IN ('thread.created', 'post.created')
                   AND NOT coalesce(a.data->>'boardId', '') = ANY($3::text[])
                   AND NOT EXISTS (
                         SELECT 1 FROM activity gone
                          WHERE gone.community_id = a.community_id AND gone.type IN ('post.deleted', 'post.hidden')
                            AND gone.subject_id = CASE a.type WHEN 'thread.created' THEN a.data->>'postId' ELSE a.subject_id END)
                 ORDER BY a.id DESC LIMIT $4)
               UNION ALL
               (SELECT id, community_id, type, occurred_at, subject_id, data FROM activity a
                 WHERE a.community_id = $1 AND a.type IN ('badge.awarded', 'rank.changed') AND a.data->>'userId' = $2::text
                   AND NOT coalesce(a.data->>'boardId', '') = ANY($3::text[])
                 ORDER BY a.id DESC LIMIT $4)) a
         LEFT JOIN activity t ON a.type = 'post.created' AND t.community_id = a.community_id AND t.type = 'thread.created' AND t.subject_id = a.data->>'threadId'
        ORDER BY a.id DESC
        LIMIT $4`,
      [communityId, userId, hiddenBoardIds, limit],
    );
  }
}

export interface RecentActivityRow {
  type: 'thread.created' | 'post.created' | 'badge.awarded' | 'rank.changed';
  at: Date;
  subject_id: string | null;
  data: Record<string, unknown>;
  thread_title: string | null;
}
