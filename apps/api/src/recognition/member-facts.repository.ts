import { Injectable } from '@nestjs/common';
import type { MemberFacts } from '@kizuna/engagement';
import { DatabaseService } from '../database/database.service';
import { assertCommunityId } from '../database/scoped-repository';

/**
 * The facts badge rules are evaluated on, read from the activity spine (the one history every
 * module writes), so recognition needs no other module's tables.
 */
@Injectable()
export class MemberFactsRepository {
  constructor(private readonly db: DatabaseService) {}

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
}
