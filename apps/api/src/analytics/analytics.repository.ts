import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../database/database.service';
import { assertCommunityId } from '../database/scoped-repository';

/** What counts as being active on a day: taking part, not merely receiving. */
export const ACTIVE_TYPES = ['thread.created', 'post.created', 'post.edited', 'reaction.added', 'post.flagged', 'perk.redeemed', 'member.joined'];

/**
 * The analytics rollups. Both the per-event update and the rebuild derive a member-day from the
 * activity of that member on that day with the same SQL, so they cannot disagree.
 */
const MEMBER_DAY_COLUMNS = `
  coalesce(sum(p.n) FILTER (WHERE p.role = 'actor' AND p.type = 'thread.created'), 0)::int AS threads,
  coalesce(sum(p.n) FILTER (WHERE p.role = 'actor' AND p.type = 'post.created'), 0)::int AS replies,
  coalesce(sum(p.n) FILTER (WHERE p.role = 'actor' AND p.type = 'reaction.added'), 0)::int AS reactions,
  (coalesce(sum(p.n) FILTER (WHERE p.role = 'receiver' AND p.type = 'reaction.added'), 0)
   - coalesce(sum(p.n) FILTER (WHERE p.role = 'receiver' AND p.type = 'reaction.removed'), 0))::int AS reactions_received,
  coalesce(bool_or(p.role = 'actor' AND p.type = ANY($ACTIVE)), false) AS active,
  coalesce(jsonb_object_agg(p.type, p.n) FILTER (WHERE p.role = 'actor'), '{}') AS counts`;

/** One row per (person, day, role, type) with its count: the actor of an activity, and the receiver of a reaction. */
const PEOPLE = (where: string) => `
  WITH a AS (
    SELECT type, actor_id, data->>'receiverId' AS receiver, (occurred_at AT TIME ZONE $TZ)::date AS day
      FROM activity WHERE community_id = $1 ${where}
  ), people AS (
    SELECT actor_id AS user_id, day, 'actor' AS role, type FROM a WHERE actor_id IS NOT NULL
    UNION ALL
    SELECT receiver::uuid, day, 'receiver', type FROM a
     WHERE type IN ('reaction.added', 'reaction.removed') AND receiver IS NOT NULL AND receiver IS DISTINCT FROM actor_id::text
  )
  SELECT user_id, day, role, type, count(*)::int AS n FROM people GROUP BY user_id, day, role, type`;

@Injectable()
export class AnalyticsRepository {
  constructor(private readonly db: DatabaseService) {}

  /** Recomputes one member's day from the activity spine. */
  async refreshMemberDay(communityId: string, userId: string, day: string, timeZone: string): Promise<void> {
    assertCommunityId(communityId);
    const sql = `
      INSERT INTO analytics_member_days (community_id, user_id, day, threads, replies, reactions, reactions_received, active, counts)
      SELECT $1, $2::uuid, $3::date, ${MEMBER_DAY_COLUMNS}
        FROM (${PEOPLE(`AND occurred_at >= ($3::date)::timestamp AT TIME ZONE $4 AND occurred_at < ($3::date + 1)::timestamp AT TIME ZONE $4
                        AND (actor_id = $2::uuid OR data->>'receiverId' = $2::text)`)}) p
       WHERE p.user_id = $2::uuid
      ON CONFLICT (community_id, user_id, day) DO UPDATE SET
        threads = EXCLUDED.threads, replies = EXCLUDED.replies, reactions = EXCLUDED.reactions,
        reactions_received = EXCLUDED.reactions_received, active = EXCLUDED.active, counts = EXCLUDED.counts`;
    await this.db.manager.query(sql.replaceAll('$TZ', '$4').replaceAll('$ACTIVE', '$5'), [communityId, userId, day, timeZone, ACTIVE_TYPES]);
  }

  /** Rebuilds every member-day of a community from raw activity. */
  async rebuildMemberDays(communityId: string, timeZone: string): Promise<number> {
    assertCommunityId(communityId);
    await this.db.manager.query(`DELETE FROM analytics_member_days WHERE community_id = $1`, [communityId]);
    const [, inserted]: [unknown, number] = await this.db.manager.query(
      `INSERT INTO analytics_member_days (community_id, user_id, day, threads, replies, reactions, reactions_received, active, counts)
       SELECT $1, p.user_id, p.day, ${MEMBER_DAY_COLUMNS.replaceAll('$ACTIVE', '$3')}
         FROM (${PEOPLE('').replaceAll('$TZ', '$2')}) p
        GROUP BY p.user_id, p.day`.replace(/\$TZ/g, '$2'),
      [communityId, timeZone, ACTIVE_TYPES],
    );
    return inserted;
  }

  async threadStarted(communityId: string, thread: { threadId: string; boardId: string; authorId: string | null; at: Date }): Promise<void> {
    assertCommunityId(communityId);
    await this.db.manager.query(
      `INSERT INTO analytics_threads (thread_id, community_id, board_id, author_id, created_at) VALUES ($2, $1, $3, $4, $5) ON CONFLICT (thread_id) DO NOTHING`,
      [communityId, thread.threadId, thread.boardId, thread.authorId, thread.at],
    );
  }

  /** A reply by someone other than the thread's author: the earliest (not before the thread) is the first answer. */
  async replied(communityId: string, threadId: string, at: Date): Promise<void> {
    assertCommunityId(communityId);
    await this.db.manager.query(
      `UPDATE analytics_threads SET first_reply_at = LEAST(coalesce(first_reply_at, $3), $3) WHERE community_id = $1 AND thread_id = $2 AND created_at <= $3`,
      [communityId, threadId, at],
    );
  }

  async rebuildThreads(communityId: string): Promise<void> {
    assertCommunityId(communityId);
    await this.db.manager.query(`DELETE FROM analytics_threads WHERE community_id = $1`, [communityId]);
    await this.db.manager.query(
      `INSERT INTO analytics_threads (thread_id, community_id, board_id, author_id, created_at, first_reply_at)
       SELECT t.subject_id::uuid, $1, (t.data->>'boardId')::uuid, t.actor_id, t.occurred_at,
              (SELECT min(r.occurred_at) FROM activity r
                WHERE r.community_id = $1 AND r.type = 'post.created' AND r.data->>'threadId' = t.subject_id
                  AND r.actor_id IS DISTINCT FROM t.actor_id AND r.occurred_at >= t.occurred_at)
         FROM activity t WHERE t.community_id = $1 AND t.type = 'thread.created'
       ON CONFLICT (thread_id) DO NOTHING`,
      [communityId],
    );
  }

  /** Per day in [from, to]: active members, threads, replies, reactions, new members. */
  async daily(communityId: string, from: string, to: string): Promise<DailyRow[]> {
    assertCommunityId(communityId);
    return this.db.manager.query(
      `SELECT d.day::date::text AS day,
              count(m.user_id) FILTER (WHERE m.active)::int AS active,
              coalesce(sum(m.threads), 0)::int AS threads,
              coalesce(sum(m.replies), 0)::int AS replies,
              coalesce(sum(m.reactions), 0)::int AS reactions,
              coalesce(sum((m.counts->>'member.joined')::int), 0)::int AS joined
         FROM generate_series($2::date, $3::date, interval '1 day') AS d(day)
         LEFT JOIN analytics_member_days m ON m.community_id = $1 AND m.day = d.day::date
        GROUP BY d.day ORDER BY d.day`,
      [communityId, from, to],
    );
  }

  /** Distinct active members in [from, to]. */
  async distinctActive(communityId: string, from: string, to: string): Promise<number> {
    assertCommunityId(communityId);
    const [row] = await this.db.manager.query(
      `SELECT count(DISTINCT user_id)::int AS n FROM analytics_member_days WHERE community_id = $1 AND day BETWEEN $2::date AND $3::date AND active`,
      [communityId, from, to],
    );
    return row.n;
  }

  /** Threads started in [from, to] (community days): how many, how many answered, minutes to the first answer. */
  async threadResponses(communityId: string, from: string, to: string, timeZone: string): Promise<{ started: number; answered: number; minutesToFirstReply: number[] }> {
    assertCommunityId(communityId);
    const rows: Array<{ minutes: number | null }> = await this.db.manager.query(
      `SELECT extract(epoch FROM first_reply_at - created_at) / 60 AS minutes FROM analytics_threads
        WHERE community_id = $1 AND created_at >= ($2::date)::timestamp AT TIME ZONE $4 AND created_at < ($3::date + 1)::timestamp AT TIME ZONE $4`,
      [communityId, from, to, timeZone],
    );
    const answered = rows.filter((r) => r.minutes !== null).map((r) => Number(r.minutes));
    return { started: rows.length, answered: answered.length, minutesToFirstReply: answered };
  }

  /** Every member-day in [from, to]. */
  memberDays(communityId: string, from: string, to: string): Promise<MemberDayRow[]> {
    assertCommunityId(communityId);
    return this.db.manager.query(
      `SELECT user_id, day::text AS day, active, threads, replies, reactions_received, counts
         FROM analytics_member_days WHERE community_id = $1 AND day BETWEEN $2::date AND $3::date ORDER BY user_id, day`,
      [communityId, from, to],
    );
  }

  /** The day each member joined (their member.joined activity), up to a day. */
  async joinDays(communityId: string, to: string): Promise<Array<{ userId: string; day: string }>> {
    assertCommunityId(communityId);
    const rows: Array<{ user_id: string; day: string }> = await this.db.manager.query(
      `SELECT user_id, min(day)::text AS day FROM analytics_member_days
        WHERE community_id = $1 AND day <= $2::date AND counts ? 'member.joined' GROUP BY user_id`,
      [communityId, to],
    );
    return rows.map((r) => ({ userId: r.user_id, day: r.day }));
  }

  /** Per board, threads started in [from, to]: how many, answered, minutes to the first answer. */
  async boardResponses(communityId: string, from: string, to: string, timeZone: string): Promise<Array<{ boardId: string; minutes: Array<number | null> }>> {
    assertCommunityId(communityId);
    const rows: Array<{ board_id: string; minutes: Array<number | null> }> = await this.db.manager.query(
      `SELECT board_id, array_agg(extract(epoch FROM first_reply_at - created_at) / 60) AS minutes FROM analytics_threads
        WHERE community_id = $1 AND created_at >= ($2::date)::timestamp AT TIME ZONE $4 AND created_at < ($3::date + 1)::timestamp AT TIME ZONE $4
        GROUP BY board_id`,
      [communityId, from, to, timeZone],
    );
    return rows.map((r) => ({ boardId: r.board_id, minutes: r.minutes.map((m) => (m === null ? null : Number(m))) }));
  }

  /** One member's days in [from, to]. */
  memberDaysOf(communityId: string, userId: string, from: string, to: string): Promise<MemberDayRow[]> {
    assertCommunityId(communityId);
    return this.db.manager.query(
      `SELECT user_id, day::text AS day, active, threads, replies, reactions_received, counts
         FROM analytics_member_days WHERE community_id = $1 AND user_id = $2 AND day BETWEEN $3::date AND $4::date ORDER BY day`,
      [communityId, userId, from, to],
    );
  }

  /** Stores a member's tier; returns the one it replaces (null the first time). */
  async swapTier(communityId: string, userId: string, tier: string, score: number): Promise<string | null> {
    assertCommunityId(communityId);
    const [before] = await this.db.manager.query(`SELECT tier FROM analytics_member_tiers WHERE community_id = $1 AND user_id = $2 FOR UPDATE`, [communityId, userId]);
    await this.db.manager.query(
      `INSERT INTO analytics_member_tiers (community_id, user_id, tier, score) VALUES ($1, $2, $3, $4)
       ON CONFLICT (community_id, user_id) DO UPDATE SET tier = EXCLUDED.tier, score = EXCLUDED.score, updated_at = now()`,
      [communityId, userId, tier, score],
    );
    return before?.tier ?? null;
  }
}

export interface MemberDayRow {
  user_id: string;
  day: string;
  active: boolean;
  threads: number;
  replies: number;
  reactions_received: number;
  counts: Record<string, number>;
}

export interface DailyRow {
  day: string;
  active: number;
  threads: number;
  replies: number;
  reactions: number;
  joined: number;
}
