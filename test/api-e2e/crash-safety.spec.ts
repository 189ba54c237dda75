import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { startApiProcess } from '../support/api-process';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const serverUrl = process.env.DATABASE_URL;

interface Ack {
  kind: 'reply' | 'reaction';
  postId: string;
  userId: string;
  emoji?: string;
}

/**
 * The API process (outbox dispatch on) is SIGKILLed in the middle of a burst of concurrent replies
 * and reactions from several members, twice, and restarted on the same database each time. Once
 * the outbox has drained, the database must be whole: every acknowledged write is there, every post
 * and reaction has exactly one activity and one outbox row delivered to every consumer, points and
 * notifications exist exactly once, and counters equal what they count. A request cut off by the
 * kill either committed all of its rows or none.
 *
 * PostgreSQL only: on the embedded engine the database lives inside the API process, so a SIGKILL
 * takes the database down with it, and the test process could not inspect it while the API runs.
 */
(serverUrl ? describe : describe.skip)('crash safety under a burst of writes (PostgreSQL)', () => {
  let db: TestDatabase;
  let dataDir: string;
  let env: Record<string, string>;
  let current: ChildProcess | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'kizuna-crash-safety-'));
    env = { DATABASE_URL: db.url, JWT_SECRET: 'crash-safety-secret-0123456789abcdefgh', DATA_DIR: dataDir, OUTBOX_DISPATCH: 'true', SEED_DEMO: 'false', RATE_LIMIT_MULTIPLIER: '1000' };
  });
  afterAll(async () => {
    if (current && current.exitCode === null && current.signalCode === null) {
      current.kill('SIGKILL');
      await new Promise((r) => current!.once('exit', r));
    }
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const start = async () => {
    const api = await startApiProcess(env);
    current = api.child;
    return api;
  };
  const kill = async (child: ChildProcess) => {
    child.kill('SIGKILL');
    await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once('exit', r)));
  };
  const call = async (base: string, path: string, init: { method?: string; token?: string; body?: unknown } = {}) => {
    const res = await fetch(`${base}/api/v1${path}`, {
      method: init.method ?? 'GET',
      headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    return { status: res.status, body: res.status === 204 ? null : await res.json() };
  };
  const query = <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => db.dataSource.query(sql, params);

  it('keeps every acknowledged write and nothing half-written across two kill -9s', async () => {
    let api = await start();
    const register = async (name: string) => {
      const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
      const res = await call(api.url, '/auth/register', { method: 'POST', body: { email: `${name}-${id}@example.com`, password: `crash-safety-${id}-2026`, displayName: `${name}${id.slice(-4)}` } });
      expect(res.status).toBe(201);
      return { id: res.body.user.id as string, token: res.body.accessToken as string };
    };
    const owner = await register('owner');
    const slug = `crash-${Date.now().toString(36)}`;
    const community = await call(api.url, '/communities', { method: 'POST', token: owner.token, body: { slug, name: 'クラッシュ' } });
    expect(community.status).toBe(201);
    const communityId = community.body.id as string;
    expect((await call(api.url, `/communities/${slug}`, { method: 'PATCH', token: owner.token, body: { newMemberHours: 0 } })).status).toBe(200);
    const emojis = community.body.reactionEmojis as string[];
    const board = await call(api.url, `/communities/${slug}/boards`, { method: 'POST', token: owner.token, body: { name: '雑談' } });
    const fans = [];
    for (let i = 0; i < 6; i += 1) {
      const fan = await register(`fan${i}`);
      expect((await call(api.url, `/communities/${slug}/join`, { method: 'POST', token: fan.token })).status).toBe(201);
      fans.push(fan);
    }
    const threads: Array<{ id: string; openingPostId: string }> = [];
    for (let i = 0; i < 4; i += 1) {
      const thread = await call(api.url, `/boards/${board.body.id}/threads`, { method: 'POST', token: owner.token, body: { title: `落ちても ${i}`, body: '本文' } });
      expect(thread.status).toBe(201);
      threads.push({ id: thread.body.id, openingPostId: thread.body.posts.items[0].id });
    }

    // Every member's reactions to every opening post (each one once), and replies, interleaved.
    type Op = { kind: 'reply'; fan: number; threadId: string } | { kind: 'reaction'; fan: number; postId: string; emoji: string };
    const reactions: Op[] = fans.flatMap((_, fan) => threads.flatMap((t) => emojis.map((emoji) => ({ kind: 'reaction' as const, fan, postId: t.openingPostId, emoji }))));
    const replies: Op[] = Array.from({ length: 240 }, (_, i) => ({ kind: 'reply' as const, fan: i % fans.length, threadId: threads[i % threads.length].id }));
    const ops: Op[] = [];
    while (reactions.length + replies.length > 0) {
      if (replies.length) ops.push(replies.shift()!);
      if (reactions.length && Math.random() < 0.6) ops.push(reactions.shift()!);
    }

    const acks: Ack[] = [];
    let fired = 0;
    let failed = 0;
    let kills = 0;
    /** Sends ops with `concurrency` in flight; kills the process once `killAfter` were acknowledged. */
    const burst = async (killAfter: number) => {
      const child = api.child;
      const base = api.url;
      let acknowledged = 0;
      let killed = false;
      const worker = async () => {
        while (!killed && ops.length > 0) {
          const op = ops.shift()!;
          fired += 1;
          const fan = fans[op.fan];
          try {
            if (op.kind === 'reply') {
              const res = await call(base, `/threads/${op.threadId}/posts`, { method: 'POST', token: fan.token, body: { body: `返信 ${fired}` } });
              if (res.status !== 201) throw new Error(`reply answered ${res.status}: ${JSON.stringify(res.body)}`);
              acks.push({ kind: 'reply', postId: res.body.id, userId: fan.id });
            } else {
              const res = await call(base, `/posts/${op.postId}/reactions/${encodeURIComponent(op.emoji)}`, { method: 'PUT', token: fan.token });
              if (res.status !== 200) throw new Error(`reaction answered ${res.status}: ${JSON.stringify(res.body)}`);
              acks.push({ kind: 'reaction', postId: op.postId, userId: fan.id, emoji: op.emoji });
            }
            acknowledged += 1;
            if (acknowledged === killAfter && !killed) {
              killed = true;
              kills += 1;
              await kill(child);
            }
          } catch (error) {
            if (!killed) throw error;
            failed += 1; // cut off by the kill: it may or may not have committed
          }
        }
      };
      await Promise.all(Array.from({ length: 16 }, worker));
      expect(killed).toBe(true);
    };

    await burst(60);
    api = await start();
    await burst(120);
    api = await start();

    // The restarted process drains what the killed ones left in the outbox.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const [{ pending }] = await query<{ pending: number }>(`SELECT count(*)::int AS pending FROM outbox WHERE processed_at IS NULL`);
      if (pending === 0) break;
      if (Date.now() > deadline) throw new Error(`${pending} outbox rows still pending after 30 s`);
      await new Promise((r) => setTimeout(r, 200));
    }
    await kill(api.child);

    // Every acknowledged write is there.
    const postIds = new Set((await query<{ id: string }>(`SELECT id FROM posts WHERE community_id = $1`, [communityId])).map((r) => r.id));
    const reactionKeys = new Set(
      (await query<{ k: string }>(`SELECT post_id::text || user_id::text || emoji AS k FROM reactions WHERE community_id = $1`, [communityId])).map((r) => r.k),
    );
    const ackedReplies = acks.filter((a) => a.kind === 'reply');
    const ackedReactions = acks.filter((a) => a.kind === 'reaction');
    expect(ackedReplies.filter((a) => !postIds.has(a.postId))).toEqual([]);
    expect(ackedReactions.filter((a) => !reactionKeys.has(a.postId + a.userId + a.emoji))).toEqual([]);

    // Each reply has exactly one post.created activity, and each activity its post.
    expect(
      await query(
        `SELECT p.id, count(a.id)::int AS n FROM posts p
           LEFT JOIN activity a ON a.community_id = p.community_id AND a.type = 'post.created' AND a.subject_id = p.id::text
          WHERE p.community_id = $1 AND p.seq > 1 GROUP BY p.id HAVING count(a.id) <> 1`,
        [communityId],
      ),
    ).toEqual([]);
    expect(
      await query(
        `SELECT a.id FROM activity a LEFT JOIN posts p ON p.id::text = a.subject_id
          WHERE a.community_id = $1 AND a.type IN ('post.created', 'reaction.added') AND p.id IS NULL`,
        [communityId],
      ),
    ).toEqual([]);
    // Each reaction row has exactly one reaction.added activity, and no activity lacks its reaction.
    expect(
      await query(
        `SELECT r.post_id, r.user_id, r.emoji, count(a.id)::int AS n FROM reactions r
           LEFT JOIN activity a ON a.community_id = r.community_id AND a.type = 'reaction.added' AND a.subject_id = r.post_id::text
                               AND a.actor_id = r.user_id AND a.data->>'emoji' = r.emoji
          WHERE r.community_id = $1 GROUP BY r.post_id, r.user_id, r.emoji HAVING count(a.id) <> 1`,
        [communityId],
      ),
    ).toEqual([]);
    const [{ n: reactionActivities }] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM activity WHERE community_id = $1 AND type = 'reaction.added'`, [communityId]);
    expect(reactionActivities).toBe(reactionKeys.size);

    // Every activity has exactly one outbox row, delivered to every consumer, none parked.
    expect(
      await query(
        `SELECT a.id, count(o.id)::int AS n FROM activity a LEFT JOIN outbox o ON o.activity_id = a.id
          WHERE a.community_id = $1 GROUP BY a.id HAVING count(o.id) <> 1`,
        [communityId],
      ),
    ).toEqual([]);
    const consumers = ['recognition', 'analytics', 'notifications', 'realtime'];
    expect(
      await query(
        `SELECT o.id, o.event_type, o.done_consumers, o.processed_at, o.parked_at FROM outbox o JOIN activity a ON a.id = o.activity_id
          WHERE a.community_id = $1 AND a.type IN ('post.created', 'reaction.added')
            AND (o.processed_at IS NULL OR o.parked_at IS NOT NULL OR NOT (o.done_consumers @> $2::text[]))`,
        [communityId, consumers],
      ),
    ).toEqual([]);

    // Points: exactly one ledger entry per reply and per reaction received.
    expect(
      await query(
        `SELECT a.id, a.type, count(l.id)::int AS n FROM activity a
           LEFT JOIN points_ledger l ON l.activity_id = a.id AND l.reason = CASE a.type WHEN 'post.created' THEN 'post.created' ELSE 'reaction.received' END
          WHERE a.community_id = $1 AND a.type IN ('post.created', 'reaction.added') GROUP BY a.id, a.type HAVING count(l.id) <> 1`,
        [communityId],
      ),
    ).toEqual([]);
    // Notifications: the thread's author hears of each reply once, the post's author of each reaction once.
    expect(
      await query(
        `SELECT a.id, count(n.id)::int AS n FROM activity a
           LEFT JOIN notifications n ON n.user_id = $2 AND a.id = ANY(n.activity_ids)
          WHERE a.community_id = $1 AND a.type IN ('post.created', 'reaction.added') GROUP BY a.id HAVING count(n.id) <> 1`,
        [communityId, owner.id],
      ),
    ).toEqual([]);

    // Counters equal what they count.
    expect(
      await query(
        `SELECT t.id, t.reply_count, t.reaction_count, t.last_seq,
                (SELECT count(*)::int FROM posts p WHERE p.thread_id = t.id AND p.seq > 1 AND p.deleted_at IS NULL) AS replies,
                (SELECT count(*)::int FROM reactions r JOIN posts p ON p.id = r.post_id WHERE p.thread_id = t.id) AS reactions,
                (SELECT max(seq) FROM posts p WHERE p.thread_id = t.id) AS max_seq
           FROM threads t WHERE t.community_id = $1`,
        [communityId],
      ).then((rows) => rows.filter((r) => r.reply_count !== r.replies || r.reaction_count !== r.reactions || r.last_seq !== r.max_seq)),
    ).toEqual([]);
    expect(
      await query(
        `SELECT p.id, p.reaction_counts, coalesce((SELECT jsonb_object_agg(emoji, n) FROM (SELECT emoji, count(*)::int AS n FROM reactions r WHERE r.post_id = p.id GROUP BY emoji) x), '{}') AS actual
           FROM posts p WHERE p.community_id = $1`,
        [communityId],
      ).then((rows) =>
        rows.filter((r) => {
          const kept = Object.fromEntries(Object.entries(r.reaction_counts as Record<string, number>).filter(([, n]) => n !== 0));
          return JSON.stringify(Object.entries(kept).sort()) !== JSON.stringify(Object.entries(r.actual as Record<string, number>).sort());
        }),
      ),
    ).toEqual([]);
    // Analytics: each member's days count exactly the replies and reactions they made.
    expect(
      await query(
        `SELECT u.user_id, d.replies, d.reactions, u.replies AS actual_replies, u.reactions AS actual_reactions
           FROM (SELECT actor_id AS user_id, count(*) FILTER (WHERE type = 'post.created')::int AS replies,
                        count(*) FILTER (WHERE type = 'reaction.added')::int AS reactions
                   FROM activity WHERE community_id = $1 AND actor_id IS NOT NULL GROUP BY actor_id) u
           LEFT JOIN (SELECT user_id, sum(replies)::int AS replies, sum(reactions)::int AS reactions FROM analytics_member_days
                       WHERE community_id = $1 GROUP BY user_id) d ON d.user_id = u.user_id
          WHERE d.replies IS DISTINCT FROM u.replies OR d.reactions IS DISTINCT FROM u.reactions`,
        [communityId],
      ),
    ).toEqual([]);

    const [{ n: committedReplies }] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM posts WHERE community_id = $1 AND seq > 1`, [communityId]);
    const report = {
      kills,
      fired,
      acknowledged: acks.length,
      cutOff: failed,
      replies: { acknowledged: ackedReplies.length, committed: committedReplies },
      reactions: { acknowledged: ackedReactions.length, committed: reactionKeys.size },
    };
    process.stdout.write(`crash safety: ${JSON.stringify(report)}\n`);
    expect(kills).toBe(2);
    expect(failed).toBeGreaterThan(0);
    expect(committedReplies).toBeGreaterThanOrEqual(ackedReplies.length);
  }, 180_000);
});
