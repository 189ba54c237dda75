import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort, startApiProcess } from '../support/api-process';
import { closeAll, connect, next, request } from '../support/sockets';

const PG_BIN = '/usr/lib/postgresql/15/bin';

/**
 * A PostgreSQL cluster of this test's own (initdb + pg_ctl in a temporary directory, on a free
 * port), so it can be stopped and started without touching the shared server other tests use. As
 * root, the server runs as the `postgres` user (it refuses to run as root).
 */
class PrivatePostgres {
  readonly dir = mkdtempSync(join(tmpdir(), 'kizuna-outage-pg-'));
  port = 0;

  private run(...args: string[]): void {
    const asPostgres = userInfo().uid === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
    const [command, ...rest] = [...asPostgres, ...args];
    execFileSync(command, rest, { stdio: 'pipe', timeout: 60_000 });
  }

  async init(): Promise<void> {
    if (userInfo().uid === 0) {
      const { uid, gid } = { uid: Number(execFileSync('id', ['-u', 'postgres']).toString()), gid: Number(execFileSync('id', ['-g', 'postgres']).toString()) };
      chownSync(this.dir, uid, gid);
    }
    chmodSync(this.dir, 0o700);
    this.port = await freePort();
    this.run(`${PG_BIN}/initdb`, '-D', join(this.dir, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale', 'C.UTF-8');
    await this.start();
  }

  url(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  start(): Promise<void> {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
    this.run(`${PG_BIN}/pg_ctl`, '-D', join(this.dir, 'data'), '-o', options, '-l', join(this.dir, 'log'), '-w', 'start');
    return Promise.resolve();
  }

  /** `fast`: what a restart does (sessions are terminated, new ones refused); `immediate`: a crash. */
  stop(mode: 'fast' | 'immediate' = 'fast'): void {
    this.run(`${PG_BIN}/pg_ctl`, '-D', join(this.dir, 'data'), '-m', mode, '-w', 'stop');
  }

  destroy(): void {
    try {
      this.stop('immediate');
    } catch {
      // already stopped
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A Redis server of this test's own, without persistence: killed and started again at will. */
class PrivateRedis {
  port = 0;
  private child?: ChildProcess;

  async start(): Promise<void> {
    this.port ||= await freePort();
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    this.child = child;
    for (let i = 0; i < 100; i += 1) {
      if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
      const up = await new Promise<boolean>((resolve) => {
        const probe = spawn('redis-cli', ['-p', String(this.port), 'ping'], { stdio: ['ignore', 'pipe', 'ignore'] });
        let out = '';
        probe.stdout.on('data', (d) => (out += d));
        probe.on('exit', () => resolve(out.includes('PONG')));
      });
      if (up) return;
      await sleep(50);
    }
    throw new Error('redis-server did not start');
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Dependencies going away under a running API, on private servers (the shared PostgreSQL and Redis
 * stay up for everyone else). PostgreSQL down: requests are answered 503 DATABASE_UNAVAILABLE within
 * seconds and health says so; once it is back the API reconnects by itself, and no acknowledged
 * write is lost. Redis down: HTTP goes on, health says Redis is down, and sockets still hear what
 * happens on their own process; once it is back, events cross processes again. Needs the
 * PostgreSQL server binaries, so it runs with DATABASE_URL (as in CI).
 */
(process.env.DATABASE_URL ? describe : describe.skip)('dependency outages (private PostgreSQL and Redis)', () => {
  const pg = new PrivatePostgres();
  const redis = new PrivateRedis();
  const dataDir = mkdtempSync(join(tmpdir(), 'kizuna-outage-'));
  const processes: ChildProcess[] = [];
  const outputs: Array<() => string> = [];
  /** Both API processes are still running (an outage must not take them down). */
  const expectAlive = () => {
    const dead = processes.map((p, i) => ({ p, i })).filter(({ p }) => p.exitCode !== null || p.signalCode !== null);
    expect(dead.map(({ p, i }) => `API ${'AB'[i]} exited (${p.exitCode ?? p.signalCode}): ${outputs[i]().slice(-3000)}`)).toEqual([]);
  };
  let a: string;
  let b: string;
  let thread: { id: string };
  let owner: { id: string; token: string };
  let fan: { id: string; token: string };

  const call = async (base: string, path: string, init: { method?: string; token?: string; body?: unknown } = {}) => {
    const started = Date.now();
    const res = await fetch(`${base}${path.startsWith('/api/health') ? '' : '/api/v1'}${path}`, {
      method: init.method ?? 'GET',
      headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(15_000),
    });
    return { status: res.status, body: res.status === 204 ? null : await res.json(), ms: Date.now() - started };
  };
  const register = async (base: string, name: string) => {
    const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
    const res = await call(base, '/auth/register', { method: 'POST', body: { email: `${name}-${id}@example.com`, password: `outage-test-${id}-2026`, displayName: `${name}${id.slice(-4)}` } });
    expect(res.status).toBe(201);
    return { id: res.body.user.id as string, token: res.body.accessToken as string };
  };
  const postsExist = async (ids: string[]): Promise<Set<string>> => {
    const client = new Client({ connectionString: pg.url('kizuna') });
    await client.connect();
    try {
      const { rows } = await client.query<{ id: string }>(`SELECT id FROM posts WHERE id = ANY($1::uuid[])`, [ids]);
      return new Set(rows.map((r) => r.id));
    } finally {
      await client.end();
    }
  };
  const waitFor = async (what: string, ms: number, check: () => Promise<boolean>) => {
    const deadline = Date.now() + ms;
    while (!(await check().catch(() => false))) {
      if (Date.now() > deadline) throw new Error(`${what} not within ${ms} ms`);
      await sleep(200);
    }
  };

  beforeAll(async () => {
    await pg.init();
    const admin = new Client({ connectionString: pg.url('postgres') });
    await admin.connect();
    await admin.query('CREATE DATABASE kizuna');
    await admin.end();
    await redis.start();
    const env = { DATABASE_URL: pg.url('kizuna'), REDIS_URL: redis.url, JWT_SECRET: 'outage-test-secret-0123456789abcdefghij', DATA_DIR: dataDir, SEED_DEMO: 'false', RATE_LIMIT_MULTIPLIER: '100' };
    // A dispatches the outbox; B only serves sockets, so which process delivers an event is known.
    const first = await startApiProcess({ ...env, OUTBOX_DISPATCH: 'true' });
    processes.push(first.child);
    outputs.push(first.output);
    const second = await startApiProcess({ ...env, OUTBOX_DISPATCH: 'false' });
    processes.push(second.child);
    outputs.push(second.output);
    a = first.url;
    b = second.url;
    owner = await register(a, 'owner');
    const slug = `outage-${Date.now().toString(36)}`;
    expect((await call(a, '/communities', { method: 'POST', token: owner.token, body: { slug, name: '停電' } })).status).toBe(201);
    expect((await call(a, `/communities/${slug}`, { method: 'PATCH', token: owner.token, body: { newMemberHours: 0 } })).status).toBe(200);
    const board = await call(a, `/communities/${slug}/boards`, { method: 'POST', token: owner.token, body: { name: '雑談' } });
    fan = await register(a, 'fan');
    expect((await call(a, `/communities/${slug}/join`, { method: 'POST', token: fan.token })).status).toBe(201);
    thread = (await call(a, `/boards/${board.body.id}/threads`, { method: 'POST', token: owner.token, body: { title: '停電テスト', body: '本文' } })).body;
  }, 120_000);

  afterAll(async () => {
    closeAll();
    processes.forEach((p, i) => {
      if (p.exitCode !== null || p.signalCode !== null) process.stdout.write(`API ${'AB'[i]} had exited (${p.exitCode ?? p.signalCode}):\n${outputs[i]().slice(-4000)}\n`);
    });
    await Promise.all(processes.map((p) => new Promise((r) => (p.exitCode !== null || p.signalCode !== null ? r(null) : (p.once('exit', r), p.kill('SIGKILL'))))));
    await redis.kill();
    pg.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503 within seconds while PostgreSQL is down, reconnects by itself, and loses no acknowledged write', async () => {
    expect((await call(a, `/threads/${thread.id}/posts`, { method: 'POST', token: fan.token, body: { body: '停電前' } })).status).toBe(201);

    // A member keeps replying through the whole outage.
    const acknowledged: string[] = [];
    const statuses = new Map<number, number>();
    let slowest = 0;
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing; i += 1) {
        const res = await call(a, `/threads/${thread.id}/posts`, { method: 'POST', token: fan.token, body: { body: `停電中の返信 ${i}` } });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        slowest = Math.max(slowest, res.ms);
        if (res.status === 201) acknowledged.push(res.body.id);
        await sleep(100);
      }
    })();

    await sleep(500);
    pg.stop('fast');
    await sleep(100);
    expectAlive();
    const read = await call(a, `/threads/${thread.id}`, { token: fan.token });
    expect(read).toMatchObject({ status: 503, body: { statusCode: 503, error: 'Service Unavailable', code: 'DATABASE_UNAVAILABLE' } });
    expect(read.body.message).toMatch(/database/i);
    expect(read.ms).toBeLessThan(5000);
    const write = await call(a, `/threads/${thread.id}/posts`, { method: 'POST', token: fan.token, body: { body: '届かない' } });
    expect(write).toMatchObject({ status: 503, body: { code: 'DATABASE_UNAVAILABLE' } });
    expect(write.ms).toBeLessThan(5000);
    const anonymous = await call(b, `/threads/${thread.id}`);
    expect(anonymous).toMatchObject({ status: 503, body: { code: 'DATABASE_UNAVAILABLE' } });
    const health = await call(a, '/api/health');
    expect(health).toMatchObject({ status: 503, body: { database: 'down', redis: 'up' } });
    expect(health.ms).toBeLessThan(5000);
    await sleep(2000);

    await pg.start();
    for (const base of [a, b]) await waitFor(`${base} healthy again`, 30_000, async () => (await call(base, '/api/health')).status === 200);
    expect((await call(a, '/api/health')).body).toMatchObject({ status: 'ok', database: 'up', redis: 'up' });
    expect((await call(b, `/threads/${thread.id}`, { token: owner.token })).status).toBe(200);
    const after = await call(a, `/threads/${thread.id}/posts`, { method: 'POST', token: fan.token, body: { body: '復旧後' } });
    expect(after.status).toBe(201);
    await sleep(500);
    writing = false;
    await writer;
    expectAlive();

    // Only 201 or 503 (never 500), never a hang; and every acknowledged reply is in the database.
    expect([...statuses.keys()].sort()).toEqual([201, 503]);
    expect(slowest).toBeLessThan(6000);
    const present = await postsExist([...acknowledged, after.body.id]);
    expect([...acknowledged, after.body.id].filter((id) => !present.has(id))).toEqual([]);
    process.stdout.write(`PostgreSQL outage: ${JSON.stringify(Object.fromEntries(statuses))}, slowest ${slowest} ms, ${acknowledged.length} acknowledged replies all present\n`);
  }, 120_000);

  it('keeps serving HTTP and this process\'s sockets while Redis is down, and spans processes again once it is back', async () => {
    const room = `thread:${thread.id}` as const;
    const onA = await connect(a, owner.token);
    const onB = await connect(b, owner.token);
    expect(await request(onA, 'subscribe', { room })).toEqual({ ok: true });
    expect(await request(onB, 'subscribe', { room })).toEqual({ ok: true });

    await redis.kill();
    await waitFor('health reporting Redis down', 10_000, async () => (await call(a, '/api/health')).body.redis === 'down');
    const health = await call(a, '/api/health');
    expect(health).toMatchObject({ status: 503, body: { database: 'up', redis: 'down' } });
    expect(health.ms).toBeLessThan(3000);

    // Writes and reads go on; the reply's event reaches the socket on the process that made it.
    const heardOnA = next(onA, 'post.created', (p) => p.bodyHtml.includes('Redisなし'), 10_000);
    const reply = await call(a, `/threads/${thread.id}/posts`, { method: 'POST', token: fan.token, body: { body: 'Redisなし' } });
    expect(reply.status).toBe(201);
    expect(reply.ms).toBeLessThan(3000);
    expect(await heardOnA).toMatchObject({ postId: reply.body.id });
    expect((await call(b, `/threads/${thread.id}/posts`, { token: fan.token })).status).toBe(200);
    expect((await call(a, '/auth/login', { method: 'POST', body: { email: 'nobody@example.com', password: 'not-the-password-2026' } })).status).toBe(401);
    const newcomer = await register(b, 'newcomer');
    expect(newcomer.token).toBeTruthy();
    // A socket can still subscribe (presence counts this process's sockets).
    const late = await connect(a, fan.token);
    expect(await request(late, 'subscribe', { room })).toEqual({ ok: true });

    await redis.start();
    for (const base of [a, b]) await waitFor(`${base} reporting Redis up`, 20_000, async () => (await call(base, '/api/health')).status === 200);

    // Across processes again: a reply made through A reaches the socket on B.
    let delivered = false;
    for (let attempt = 0; attempt < 5 && !delivered; attempt += 1) {
      const heardOnB = next(onB, 'post.created', (p) => p.bodyHtml.includes(`Redis復旧 ${attempt}`), 3000);
      const res = await call(a, `/threads/${thread.id}/posts`, { method: 'POST', token: fan.token, body: { body: `Redis復旧 ${attempt}` } });
      expect(res.status).toBe(201);
      delivered = await heardOnB.then(() => true, () => false);
    }
    expect(delivered).toBe(true);
    expectAlive();
  }, 120_000);
});
