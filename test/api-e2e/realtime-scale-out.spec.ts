import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { startApiProcess } from '../support/api-process';
import { closeAll, collect, connect, next, request } from '../support/sockets';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const serverUrl = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL;

/**
 * Two API processes on different ports sharing PostgreSQL and Redis (the production shape). Needs
 * both servers: the embedded engine is one process's database, so this runs when DATABASE_URL and
 * REDIS_URL are set (as in CI).
 */
(serverUrl && redisUrl ? describe : describe.skip)('realtime across two API processes (PostgreSQL + Redis)', () => {
  let db: TestDatabase;
  let dataDir: string;
  const processes: ChildProcess[] = [];
  let a: string;
  let b: string;

  const json = async (base: string, path: string, init: { method?: string; token?: string; body?: unknown } = {}) => {
    const res = await fetch(`${base}/api/v1${path}`, {
      method: init.method ?? 'GET',
      headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    return { status: res.status, body: res.status === 204 ? null : await res.json() };
  };
  const register = async (base: string, name: string) => {
    const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
    const res = await json(base, '/auth/register', { method: 'POST', body: { email: `${name}-${id}@example.com`, password: `scale-out-${id}-2026`, displayName: `${name}${id.slice(-3)}` } });
    expect(res.status).toBe(201);
    return { id: res.body.user.id as string, token: res.body.accessToken as string, displayName: res.body.user.displayName as string };
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'kizuna-scale-'));
    const env = { DATABASE_URL: db.url, REDIS_URL: redisUrl!, JWT_SECRET: 'scale-out-secret-0123456789abcdefghij', DATA_DIR: dataDir, SEED_DEMO: 'false' };
    const [first, second] = await Promise.all([startApiProcess(env), startApiProcess(env)]);
    processes.push(first.child, second.child);
    a = first.url;
    b = second.url;
  });
  afterAll(async () => {
    closeAll();
    await Promise.all(processes.map((p) => new Promise((r) => (p.exitCode !== null || p.signalCode !== null ? r(null) : (p.once('exit', r), p.kill('SIGTERM'))))));
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shares a burst of replies between both processes: each stored once, dispatched once by one of the two dispatchers and announced once on both', async () => {
    const owner = await register(a, 'burst');
    const slug = `burst-${Date.now().toString(36)}`;
    expect((await json(a, '/communities', { method: 'POST', token: owner.token, body: { slug, name: 'バースト' } })).status).toBe(201);
    const board = await json(b, `/communities/${slug}/boards`, { method: 'POST', token: owner.token, body: { name: 'ライブ' } });
    const thread = await json(b, `/boards/${board.body.id}/threads`, { method: 'POST', token: owner.token, body: { title: '終演直後', body: 'おつかれさま' } });
    const room = `thread:${thread.body.id}` as const;
    const onA = await connect(a, owner.token);
    const onB = await connect(b, owner.token);
    expect(await request(onA, 'subscribe', { room })).toEqual({ ok: true });
    expect(await request(onB, 'subscribe', { room })).toEqual({ ok: true });
    const seenA = collect(onA, 'post.created');
    const seenB = collect(onB, 'post.created');

    // 40 replies at once, half through each process (as a load balancer would spread them).
    const replies = await Promise.all(
      Array.from({ length: 40 }, (_, i) => json(i % 2 ? b : a, `/threads/${thread.body.id}/posts`, { method: 'POST', token: owner.token, body: { body: `アンコール ${i}` } })),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(40).fill(201));
    const ids = replies.map((r) => r.body.id as string).sort();
    for (let i = 0; i < 200 && (seenA.length < 40 || seenB.length < 40); i += 1) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 500)); // a duplicate would arrive by now
    expect(seenA.map((e) => e.postId).sort()).toEqual(ids);
    expect(seenB.map((e) => e.postId).sort()).toEqual(ids);
    expect(new Set(replies.map((r) => r.body.seq)).size).toBe(40);

    const [counts] = await db.dataSource.query(
      `SELECT (SELECT count(*)::int FROM activity WHERE type = 'post.created' AND subject_id = ANY($1)) AS activities,
              (SELECT count(*)::int FROM outbox o JOIN activity x ON x.id = o.activity_id WHERE x.type = 'post.created' AND x.subject_id = ANY($1) AND o.processed_at IS NOT NULL AND o.attempts = 0) AS delivered_first_time,
              (SELECT count(*)::int FROM points_ledger p JOIN activity x ON x.id = p.activity_id WHERE x.type = 'post.created' AND x.subject_id = ANY($1)) AS points,
              (SELECT reply_count FROM threads WHERE id = $2) AS thread_replies,
              (SELECT post_count FROM boards WHERE id = $3) AS board_posts`,
      [ids, thread.body.id, board.body.id],
    );
    expect(counts).toEqual({ activities: 40, delivered_first_time: 40, points: 40, thread_replies: 40, board_posts: 41 });
  });

  it('delivers a reply made through process A to a socket on process B, and both count the same readers', async () => {
    const owner = await register(a, 'owner');
    const slug = `scale-${Date.now().toString(36)}`;
    expect((await json(a, '/communities', { method: 'POST', token: owner.token, body: { slug, name: 'スケール' } })).status).toBe(201);
    const board = await json(a, `/communities/${slug}/boards`, { method: 'POST', token: owner.token, body: { name: '雑談' } });
    const fan = await register(b, 'fan');
    expect((await json(b, `/communities/${slug}/join`, { method: 'POST', token: fan.token })).status).toBe(201);
    const thread = await json(a, `/boards/${board.body.id}/threads`, { method: 'POST', token: owner.token, body: { title: '二台構成', body: 'テスト' } });
    const room = `thread:${thread.body.id}` as const;

    const onA = await connect(a, owner.token);
    const onB = await connect(b, fan.token);
    expect(await request(onA, 'subscribe', { room })).toEqual({ ok: true });
    const presenceAtA = next(onA, 'presence', (p) => p.count === 2);
    const presenceAtB = next(onB, 'presence', (p) => p.count === 2);
    expect(await request(onB, 'subscribe', { room })).toEqual({ ok: true });
    expect((await presenceAtA).names.sort()).toEqual([owner.displayName, fan.displayName].sort());
    expect((await presenceAtB).count).toBe(2);

    const delivered = next(onB, 'post.created');
    const replied = await json(a, `/threads/${thread.body.id}/posts`, { method: 'POST', token: owner.token, body: { body: 'プロセスAから' } });
    expect(replied.status).toBe(201);
    expect(await delivered).toMatchObject({ postId: replied.body.id, bodyHtml: '<p>プロセスAから</p>' });

    // The owner, connected to A, is notified of the fan's reply made through B.
    const notified = next(onA, 'notification');
    expect((await json(b, `/threads/${thread.body.id}/posts`, { method: 'POST', token: fan.token, body: { body: 'プロセスBから' } })).status).toBe(201);
    expect(await notified).toMatchObject({ type: 'reply', unreadCount: 1 });

    // A process dies: its readers leave the count everywhere.
    const leftAtA = next(onA, 'presence', (p) => p.count === 1, 10_000);
    processes[1].kill('SIGKILL');
    onB.close();
    expect((await leftAtA).names).toEqual([owner.displayName]);
  });
});
