import { Injectable } from '@nestjs/common';
import { DEFAULT_ENGAGEMENT_DECAY, DEFAULT_ENGAGEMENT_MONTHS, ENGAGEMENT_MONTH_DAYS } from '@kizuna/engagement';
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
/**
 * The ids of a member's activity on one day ($2 member, $3 day, $4 time zone): what they did (by
 * actor and time) and the reactions they received (activity_reaction_receiver_idx), each an index
 * range of that member alone — a busy day of the community is not scanned for every event.
 */
const MEMBER_DAY_ACTIVITY = `
  SELECT id FROM activity
   WHERE actor_id = $2::uuid AND occurred_at >= ($3::date)::timestamp AT TIME ZONE $4 AND occurred_at < ($3::date + 1)::timestamp AT TIME ZONE $4
  UNION ALL
  SELECT id FROM activity
   WHERE data->>'receiverId' = $2::text AND type IN ('reaction.added', 'reaction.removed')
     AND occurred_at >= ($3::date)::timestamp AT TIME ZONE $4 AND occurred_at < ($3::date + 1)::timestamp AT TIME ZONE $4`;

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

/** Scores count the 360 days before their date, in 30-day months. */
const SCORE_DAYS = DEFAULT_ENGAGEMENT_MONTHS * ENGAGEMENT_MONTH_DAYS;
/** decay^monthsAgo by monthsAgo, as libs/engagement computes it; 0 for the day 360 days back. */
export const DECAY = Array.from({ length: DEFAULT_ENGAGEMENT_MONTHS + 1 }, (_, k) => (k < DEFAULT_ENGAGEMENT_MONTHS ? DEFAULT_ENGAGEMENT_DECAY ** k : 0));

/** A member-day's points, Σ count × weight over the weighted types (others weigh 0), as SQL with its parameters from `$first`. */
function pointsOf(weights: Readonly<Record<string, number>>, first: number): { sql: string; params: Array<string | number> } {
  const weighted = Object.entries(weights).filter(([, weight]) => weight !== 0);
  if (weighted.length === 0) return { sql: '0::float8', params: [] };
  return {
    sql: weighted.map((_, i) => `coalesce((counts->>$${first + 2 * i})::float8, 0) * $${first + 2 * i + 1}::float8`).join(' + '),
    params: weighted.flat(),
  };
}

@Injectable()
export class AnalyticsRepository {
  constructor(private readonly db: DatabaseService) {}

  /** Recomputes one member's day from the activity spine. */
  async refreshMemberDay(communityId: string, userId: string, day: string, timeZone: string): Promise<void> {
    assertCommunityId(communityId);
    const sql = `
      INSERT INTO analytics_member_days (community_id, user_id, day, threads, replies, reactions, reactions_received, active, counts)
      SELECT $1, $2::uuid, $3::date, ${MEMBER_DAY_COLUMNS}
        FROM (${PEOPLE(`AND id = ANY(ARRAY(${MEMBER_DAY_ACTIVITY}))`)}) p
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

  /** Fresh planner statistics after a rebuild rewrote the rollups (stale ones send per-member look-ups down the by-day index). */
  async analyze(): Promise<void> {
    await this.db.manager.query(`ANALYZE analytics_member_days, analytics_threads`);
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

  /** The day each member first joined (their member.joined activity), for those who first joined in [from, to]. */
  async joinDays(communityId: string, from: string, to: string): Promise<Array<{ userId: string; day: string }>> {
    assertCommunityId(communityId);
    const rows: Array<{ user_id: string; day: string }> = await this.db.manager.query(
      `SELECT user_id, min(day)::text AS day FROM analytics_member_days
        WHERE community_id = $1 AND day <= $3::date AND counts ? 'member.joined' GROUP BY user_id HAVING min(day) >= $2::date`,
      [communityId, from, to],
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

  /**
   * Unrounded engagement score as of `asOf` of everyone with member-days in the 360 days before it:
   * Σ points × decay^monthsAgo summed here, so only one row per member leaves the database.
   */
  async rawScores(communityId: string, asOf: string, weights: Readonly<Record<string, number>>): Promise<Array<{ userId: string; score: number }>> {
    assertCommunityId(communityId);
    const points = pointsOf(weights, 4);
    const rows: Array<{ user_id: string; score: number }> = await this.db.manager.query(
      `SELECT user_id, coalesce(sum((${points.sql}) * ($3::float8[])[($2::date - day) / ${ENGAGEMENT_MONTH_DAYS} + 1]), 0)::float8 AS score
         FROM analytics_member_days WHERE community_id = $1 AND day BETWEEN $2::date - ${SCORE_DAYS} AND $2::date
        GROUP BY user_id`,
      [communityId, asOf, DECAY, ...points.params],
    );
    return rows.map((r) => ({ userId: r.user_id, score: Number(r.score) }));
  }

  /**
   * Per member with member-days in the `days` before `to`: each day's points (days before `to`,
   * oldest first) and the last day they took part (posting or reacting), for scores at several dates.
   */
  async pointsByDay(communityId: string, to: string, days: number, weights: Readonly<Record<string, number>>): Promise<MemberPoints[]> {
    assertCommunityId(communityId);
    const points = pointsOf(weights, 4);
    return this.db.manager.query(
      `SELECT user_id, array_agg($2::date - day ORDER BY day) AS ages, array_agg((${points.sql})::float8 ORDER BY day) AS points,
              max(day) FILTER (WHERE threads + replies + reactions > 0)::text AS last_active
         FROM analytics_member_days WHERE community_id = $1 AND day BETWEEN $2::date - $3::int AND $2::date
        GROUP BY user_id`,
      [communityId, to, days, ...points.params],
    );
  }

  /** Threads, replies and reactions received in [from, to] of some members. */
  async totalsOf(communityId: string, userIds: string[], from: string, to: string): Promise<Map<string, { threads: number; replies: number; reactionsReceived: number }>> {
    assertCommunityId(communityId);
    if (userIds.length === 0) return new Map();
    const rows: Array<{ user_id: string; threads: number; replies: number; reactions_received: number }> = await this.db.manager.query(
      `SELECT user_id, sum(threads)::int AS threads, sum(replies)::int AS replies, sum(reactions_received)::int AS reactions_received
         FROM analytics_member_days WHERE community_id = $1 AND user_id = ANY($2::uuid[]) AND day BETWEEN $3::date AND $4::date
        GROUP BY user_id`,
      [communityId, userIds, from, to],
    );
    return new Map(rows.map((r) => [r.user_id, { threads: r.threads, replies: r.replies, reactionsReceived: r.reactions_received }]));
  }

  /** The days in [from, to] on which some members were active, per member (oldest first). */
  async activeDaysOf(communityId: string, userIds: string[], from: string, to: string): Promise<Map<string, string[]>> {
    assertCommunityId(communityId);
    if (userIds.length === 0) return new Map();
    const rows: Array<{ user_id: string; days: string[] }> = await this.db.manager.query(
      `SELECT user_id, array_agg(day::text ORDER BY day) AS days
         FROM analytics_member_days WHERE community_id = $1 AND user_id = ANY($2::uuid[]) AND day BETWEEN $3::date AND $4::date AND active
        GROUP BY user_id`,
      [communityId, userIds, from, to],
    );
    return new Map(rows.map((r) => [r.user_id, r.days]));
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

export interface MemberPoints {
  user_id: string;
  /** Days before `to` of each member-day, oldest first. */
  ages: number[];
  points: number[];
  /** The last day they took part. */
  last_active: string | null;
}

export interface DailyRow {
  day: string;
  active: number;
  threads: number;
  replies: number;
  reactions: number;
  joined: number;
}
