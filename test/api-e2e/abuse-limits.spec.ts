import { io } from 'socket.io-client';
import { REDIS, type RedisClient } from '../../apps/api/src/redis/redis.module';
import { ConfigError, loadConfig } from '../../apps/api/src/config/app-config';
import { RateLimitService } from '../../apps/api/src/rate-limits/rate-limit.service';
import { closeAll, connect, request } from '../support/sockets';
import { bearer, createTestApp, newAccount, refreshCookie, type TestApp } from '../support/test-app';

/**
 * Abuse limits at their production defaults (RATE_LIMIT_MULTIPLIER=1; other suites raise it), CORS,
 * CSRF on the cookie routes, and body limits. Client addresses come from X-Forwarded-For
 * (TRUST_PROXY=true), a fresh one per scenario. Counters live in Redis when REDIS_URL is set.
 */
const redisUrl = process.env.REDIS_URL;
const WEB = 'https://fans.example';
const FOREIGN = 'https://evil.example';
const PRODUCTION = { RATE_LIMIT_MULTIPLIER: '1', TRUST_PROXY: 'true', PUBLIC_WEB_URL: WEB, UPLOAD_MAX_MB: '1', ...(redisUrl ? { REDIS_URL: redisUrl } : {}) };

let lastIp = 0;
const newIp = () => {
  lastIp += 1;
  return `203.0.${(lastIp >> 8) & 255}.${lastIp & 255}`;
};
const from = (ip: string) => ({ 'X-Forwarded-For': ip });

/** Signs up from an address of its own (sign-ups are limited per address). */
async function signUpFrom(t: TestApp, ip = newIp()) {
  const account = newAccount();
  const res = await t.http().post('/api/v1/auth/register').set(from(ip)).send(account).expect(201);
  return { ...account, ip, id: res.body.user.id as string, token: res.body.accessToken as string, cookie: refreshCookie(res) };
}

/** Sends `count` requests one after another; every answer must be something other than 429 RATE_LIMITED. */
async function within(count: number, send: (i: number) => Promise<{ status: number; body: { code?: string } }>): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    const res = await send(i);
    if (res.body.code === 'RATE_LIMITED') throw new Error(`request ${i + 1} of ${count} was limited: ${JSON.stringify(res.body)}`);
  }
}

/** As within, `count` requests at once (the counters are atomic). */
async function withinAtOnce(count: number, send: (i: number) => Promise<{ status: number; body: { code?: string } }>): Promise<void> {
  const limited = (await Promise.all(Array.from({ length: count }, (_, i) => send(i)))).filter((res) => res.body.code === 'RATE_LIMITED');
  if (limited.length > 0) throw new Error(`${limited.length} of ${count} requests were limited: ${JSON.stringify(limited[0].body)}`);
}

/** The answer over the limit: 429 RATE_LIMITED naming what, with Retry-After and the RateLimit headers. */
function expectLimited(res: { status: number; body: Record<string, unknown>; headers: Record<string, string> }, limit: number, what: RegExp): void {
  expect(res.status).toBe(429);
  expect(res.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests', code: 'RATE_LIMITED' });
  expect(res.body.message).toMatch(what);
  expect(res.body.message).toMatch(new RegExp(`at most ${limit} `));
  expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  expect(res.headers['ratelimit-limit']).toBe(String(limit));
  expect(res.headers['ratelimit-remaining']).toBe('0');
  expect(Number(res.headers['ratelimit-reset'])).toBeGreaterThanOrEqual(1);
}

describe('abuse limits (production defaults)', () => {
  let t: TestApp;
  let url: string | undefined;
  const listen = async () => (url ??= await t.listen());
  beforeAll(async () => {
    t = await createTestApp(PRODUCTION);
  });
  afterAll(async () => {
    closeAll();
    await t.close();
  });

  describe('auth', () => {
    it('sign-in: 10 a minute per address and email, then 429 — another email or address still gets through', async () => {
      const ip = newIp();
      const email = `nobody-${Date.now()}@example.com`;
      const login = (address: string, who: string) => t.http().post('/api/v1/auth/login').set(from(address)).send({ email: who, password: 'wrong-password-123' });
      await within(10, () => login(ip, email));
      const first = await login(ip, `someone-else-${Date.now()}@example.com`);
      expect(first.status).toBe(401);
      // The headers describe the tightest counter: this address has used 11 of its 50.
      expect(first.headers).toMatchObject({ 'ratelimit-limit': '50', 'ratelimit-remaining': '39' });
      expectLimited(await login(ip, email), 10, /^Too many sign-in attempts/);
      expect((await login(newIp(), email)).status).toBe(401);
    });

    it('sign-in: 50 a minute per address whatever the email', async () => {
      const ip = newIp();
      await withinAtOnce(50, (i) => t.http().post('/api/v1/auth/login').set(from(ip)).send({ email: `spray-${i}-${Date.now()}@example.com`, password: 'wrong-password-123' }));
      const res = await t.http().post('/api/v1/auth/login').set(from(ip)).send({ email: `spray-last-${Date.now()}@example.com`, password: 'wrong-password-123' });
      expectLimited(res, 50, /^Too many sign-in attempts/);
      // Failed sign-ins are deliberately slow (password hashing): fifty take a while.
    }, 180_000);

    it('sign-up: 20 an hour per address', async () => {
      const ip = newIp();
      await withinAtOnce(20, () => t.http().post('/api/v1/auth/register').set(from(ip)).send(newAccount()).expect(201));
      expectLimited(await t.http().post('/api/v1/auth/register').set(from(ip)).send(newAccount()), 20, /^Too many sign-ups from this address/);
      await t.http().post('/api/v1/auth/register').set(from(newIp())).send(newAccount()).expect(201);
    }, 120_000);

    it('password reset requests: 5 an hour per address and email', async () => {
      const ip = newIp();
      const email = `reset-${Date.now()}@example.com`;
      await within(5, () => t.http().post('/api/v1/auth/password-reset').set(from(ip)).send({ email }).expect(202));
      expectLimited(await t.http().post('/api/v1/auth/password-reset').set(from(ip)).send({ email }), 5, /^Too many password reset requests/);
    });

    it('verification mails: 5 an hour per account, wherever it asks from', async () => {
      const fan = await signUpFrom(t);
      await within(5, () => t.http().post('/api/v1/auth/verify-email/resend').set(from(newIp())).set(bearer(fan.token)).expect(202));
      expectLimited(await t.http().post('/api/v1/auth/verify-email/resend').set(from(newIp())).set(bearer(fan.token)), 5, /^Too many verification mails/);
      // Another account is not affected.
      const other = await signUpFrom(t);
      await t.http().post('/api/v1/auth/verify-email/resend').set(bearer(other.token)).expect(202);
    });

    it('session refreshes: 60 a minute per address', async () => {
      const ip = newIp();
      await within(60, () => t.http().post('/api/v1/auth/refresh').set(from(ip)).set('X-Kizuna-CSRF', '1').expect(401));
      expectLimited(await t.http().post('/api/v1/auth/refresh').set(from(ip)).set('X-Kizuna-CSRF', '1'), 60, /^Too many session refreshes/);
    });
  });

  describe('community actions (per account)', () => {
    let owner: Awaited<ReturnType<typeof signUpFrom>>;
    let slug: string;
    let boardId: string;
    beforeAll(async () => {
      owner = await signUpFrom(t);
      slug = `abuse-${Date.now().toString(36)}`;
      await t.http().post('/api/v1/communities').set(bearer(owner.token)).send({ slug, name: '制限' }).expect(201);
      boardId = (await t.http().post(`/api/v1/communities/${slug}/boards`).set(bearer(owner.token)).send({ name: '雑談' }).expect(201)).body.id;
    });

    it('posting: 10 a minute across new threads, replies and edits; another account on the same address still posts', async () => {
      // The owner is exempt from the new-member hourly limit: only the abuse limit applies.
      const thread = await t.http().post(`/api/v1/boards/${boardId}/threads`).set(from(owner.ip)).set(bearer(owner.token)).send({ title: '連投', body: '一件目' }).expect(201);
      const threadId = thread.body.id as string;
      const firstPostId = thread.body.posts.items[0].id as string;
      await within(6, (i) => t.http().post(`/api/v1/threads/${threadId}/posts`).set(from(owner.ip)).set(bearer(owner.token)).send({ body: `返信 ${i}` }).expect(201));
      await within(3, (i) => t.http().patch(`/api/v1/posts/${firstPostId}`).set(from(owner.ip)).set(bearer(owner.token)).send({ body: `編集 ${i}` }).expect(200));
      expectLimited(await t.http().post(`/api/v1/threads/${threadId}/posts`).set(bearer(owner.token)).send({ body: '11件目' }), 10, /^Too many posts/);
      expectLimited(await t.http().patch(`/api/v1/posts/${firstPostId}`).set(bearer(owner.token)).send({ body: '編集' }), 10, /^Too many posts/);
      expectLimited(await t.http().post(`/api/v1/boards/${boardId}/threads`).set(bearer(owner.token)).send({ title: 'もう一つ', body: '本文' }), 10, /^Too many posts/);
      // Per account, not per address: a moderator on the owner's address posts.
      const moderator = await signUpFrom(t);
      await t.http().post(`/api/v1/communities/${slug}/join`).set(bearer(moderator.token)).expect(201);
      await t.http().put(`/api/v1/communities/${slug}/members/${moderator.id}/role`).set(bearer(owner.token)).send({ role: 'moderator' }).expect(200);
      await t.http().post(`/api/v1/threads/${threadId}/posts`).set(from(owner.ip)).set(bearer(moderator.token)).send({ body: '別の人' }).expect(201);
    });

    it('reactions: 60 a minute', async () => {
      const [author, fan] = [await signUpFrom(t), await signUpFrom(t)];
      for (const who of [author, fan]) await t.http().post(`/api/v1/communities/${slug}/join`).set(bearer(who.token)).expect(201);
      const thread = await t.http().post(`/api/v1/boards/${boardId}/threads`).set(bearer(author.token)).send({ title: '反応', body: '本文' }).expect(201);
      const path = `/api/v1/posts/${thread.body.posts.items[0].id}/reactions/${encodeURIComponent('👍')}`;
      await within(60, (i) => (i % 2 === 0 ? t.http().put(path) : t.http().delete(path)).set(bearer(fan.token)).expect(200));
      expectLimited(await t.http().put(path).set(bearer(fan.token)), 60, /^Too many reactions/);
    });

    it('reports: 20 an hour', async () => {
      const fan = await signUpFrom(t);
      await within(20, () => t.http().post(`/api/v1/posts/${crypto.randomUUID()}/flags`).set(bearer(fan.token)).send({ reason: 'spam' }).expect(404));
      expectLimited(await t.http().post(`/api/v1/posts/${crypto.randomUUID()}/flags`).set(bearer(fan.token)).send({ reason: 'spam' }), 20, /^Too many reports/);
    });

    it('CSV imports and perk code uploads: 10 an hour together', async () => {
      const manager = await signUpFrom(t);
      const slug2 = `abuse-up-${Date.now().toString(36)}`;
      await t.http().post('/api/v1/communities').set(bearer(manager.token)).send({ slug: slug2, name: '取込' }).expect(201);
      await within(6, () => t.http().post(`/api/v1/communities/${slug2}/crm/contacts/import`).set(bearer(manager.token)).expect(400));
      await within(4, () => t.http().post(`/api/v1/communities/${slug2}/perks/${crypto.randomUUID()}/codes`).set(bearer(manager.token)).send({ codes: ['A-1'] }).expect(404));
      expectLimited(
        await t.http().post(`/api/v1/communities/${slug2}/crm/contacts/import`).set(bearer(manager.token)).attach('file', Buffer.from('email\na@example.com\n'), 'c.csv'),
        10,
        /^Too many imports and code uploads/,
      );
      expectLimited(await t.http().post(`/api/v1/communities/${slug2}/perks/${crypto.randomUUID()}/codes`).set(bearer(manager.token)).send({ codes: ['A-1'] }), 10, /^Too many imports/);
    });

    it('webhook sends (replays): 20 a minute', async () => {
      const path = () => `/api/v1/communities/${slug}/webhooks/${crypto.randomUUID()}/deliveries/${crypto.randomUUID()}/replay`;
      await within(20, () => t.http().post(path()).set(bearer(owner.token)).expect(404));
      expectLimited(await t.http().post(path()).set(bearer(owner.token)), 20, /^Too many webhook sends/);
    });

    it('socket events: 120 a minute per account across its sockets (each socket has its own burst limit too)', async () => {
      const fan = await signUpFrom(t);
      await t.http().post(`/api/v1/communities/${slug}/join`).set(bearer(fan.token)).expect(201);
      const url = await listen();
      // Seven sockets, 18 events each: within every socket's burst of 20, over the account's 120.
      const sockets = await Promise.all(Array.from({ length: 7 }, () => connect(url, fan.token)));
      const acks = (await Promise.all(sockets.map((s) => Promise.all(Array.from({ length: 18 }, () => request(s, 'subscribe', { room: `community:${slug}` })))))).flat();
      expect(acks.filter((a) => a.ok)).toHaveLength(120);
      const refused = acks.filter((a) => !a.ok);
      expect(refused).toHaveLength(6);
      expect(refused[0]).toEqual({ ok: false, error: expect.stringMatching(/^Too many socket events: at most 120 a minute; try again in \d+ seconds$/) });
      // Another account's socket is not affected.
      const other = await signUpFrom(t);
      await t.http().post(`/api/v1/communities/${slug}/join`).set(bearer(other.token)).expect(201);
      expect(await request(await connect(url, other.token), 'subscribe', { room: `community:${slug}` })).toEqual({ ok: true });
    });
  });

  describe('CORS', () => {
    it('answers a preflight from the web origin with credentials, and one from elsewhere with no CORS headers', async () => {
      const allowed = await t.http().options('/api/v1/auth/refresh').set('Origin', WEB).set('Access-Control-Request-Method', 'POST').set('Access-Control-Request-Headers', 'x-kizuna-csrf');
      expect(allowed.status).toBe(204);
      expect(allowed.headers['access-control-allow-origin']).toBe(WEB);
      expect(allowed.headers['access-control-allow-credentials']).toBe('true');
      const refused = await t.http().options('/api/v1/auth/refresh').set('Origin', FOREIGN).set('Access-Control-Request-Method', 'POST');
      expect(refused.headers['access-control-allow-origin']).toBeUndefined();
      expect(refused.headers['access-control-allow-credentials']).toBeUndefined();
      const get = await t.http().get('/api/health').set('Origin', FOREIGN).expect(200);
      expect(get.headers['access-control-allow-origin']).toBeUndefined();
      expect((await t.http().get('/api/health').set('Origin', WEB)).headers['access-control-allow-origin']).toBe(WEB);
    });

    it('refuses a socket handshake from another origin, accepts the web origin and clients without one', async () => {
      const fan = await signUpFrom(t);
      const url = await listen();
      const handshake = (origin?: string) =>
        new Promise<string>((resolve) => {
          const socket = io(url, { path: '/socket.io', auth: { token: fan.token }, transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: origin ? { Origin: origin } : {} });
          socket.once('connect', () => {
            socket.close();
            resolve('connected');
          });
          socket.once('connect_error', () => {
            socket.close();
            resolve('refused');
          });
        });
      expect(await handshake(FOREIGN)).toBe('refused');
      expect(await handshake(WEB)).toBe('connected');
      expect(await handshake()).toBe('connected');
    });
  });

  describe('CSRF on the cookie routes', () => {
    it('refresh: 403 without the header or from a foreign origin, 200 with the header from the web origin', async () => {
      const fan = await signUpFrom(t);
      const refresh = () => t.http().post('/api/v1/auth/refresh').set(from(newIp())).set('Cookie', fan.cookie);
      const bare = await refresh().expect(403);
      expect(bare.body).toMatchObject({ statusCode: 403, code: 'CSRF_REJECTED', message: expect.stringContaining('X-Kizuna-CSRF') });
      expect((await refresh().set('X-Kizuna-CSRF', '1').set('Origin', FOREIGN).expect(403)).body).toMatchObject({ code: 'CSRF_REJECTED', message: expect.stringContaining(FOREIGN) });
      expect((await refresh().set('X-Kizuna-CSRF', '1').set('Referer', `${FOREIGN}/page`).expect(403)).body.code).toBe('CSRF_REJECTED');
      expect((await refresh().set('X-Kizuna-CSRF', '1').set('Origin', 'null').expect(403)).body.code).toBe('CSRF_REJECTED');
      const ok = await refresh().set('X-Kizuna-CSRF', '1').set('Origin', WEB).expect(200);
      expect(ok.body.user.id).toBe(fan.id);
      // Server-side clients send no Origin: the header alone is enough.
      await t.http().post('/api/v1/auth/refresh').set(from(newIp())).set('Cookie', refreshCookie(ok)).set('X-Kizuna-CSRF', '1').expect(200);
    });

    it('logout: 403 without the header (the session survives), 204 with it', async () => {
      const fan = await signUpFrom(t);
      expect((await t.http().post('/api/v1/auth/logout').set('Cookie', fan.cookie).expect(403)).body.code).toBe('CSRF_REJECTED');
      await t.http().post('/api/v1/auth/logout').set('Cookie', fan.cookie).set('X-Kizuna-CSRF', '1').set('Origin', FOREIGN).expect(403);
      await t.http().post('/api/v1/auth/logout').set('Cookie', fan.cookie).set('X-Kizuna-CSRF', '1').set('Origin', WEB).expect(204);
      await t.http().post('/api/v1/auth/refresh').set(from(newIp())).set('Cookie', fan.cookie).set('X-Kizuna-CSRF', '1').expect(401);
    });
  });

  describe('body limits', () => {
    it('413 PAYLOAD_TOO_LARGE for JSON over 256 KB; form and text bodies are refused unread', async () => {
      const json = await t.http().post('/api/v1/auth/login').set(from(newIp())).set('Content-Type', 'application/json').send(JSON.stringify({ email: 'a@example.com', password: 'x'.repeat(300_000) }));
      expect(json.status).toBe(413);
      expect(json.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large', code: 'PAYLOAD_TOO_LARGE', message: 'body: request body is too large' });
      const form = await t.http().post('/api/v1/auth/login').set(from(newIp())).type('form').send(`email=a@example.com&password=${'x'.repeat(300_000)}`);
      expect(form.status).toBe(415);
      const text = await t.http().post('/api/v1/auth/login').set(from(newIp())).type('text').send('x'.repeat(300_000));
      expect(text.status).toBe(415);
    });

    it('413 for a CSV upload over UPLOAD_MAX_MB and for perk codes over the JSON limit', async () => {
      const manager = await signUpFrom(t);
      const slug = `abuse-big-${Date.now().toString(36)}`;
      await t.http().post('/api/v1/communities').set(bearer(manager.token)).send({ slug, name: '大きい' }).expect(201);
      const csv = Buffer.from(`email\n${'someone@example.com\n'.repeat(60_000)}`); // ~1.2 MB, over UPLOAD_MAX_MB=1
      const upload = await t.http().post(`/api/v1/communities/${slug}/crm/contacts/import`).set(bearer(manager.token)).attach('file', csv, 'big.csv');
      expect(upload.status).toBe(413);
      expect(upload.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: expect.stringMatching(/too large/i) });
      const codes = Array.from({ length: 2000 }, (_, i) => `CODE-${i}-${'x'.repeat(150)}`);
      const perkCodes = await t.http().post(`/api/v1/communities/${slug}/perks/${crypto.randomUUID()}/codes`).set(bearer(manager.token)).send({ codes });
      expect(perkCodes.status).toBe(413);
      expect(perkCodes.body.code).toBe('PAYLOAD_TOO_LARGE');
    });

    it('closes a socket that sends a message over 16 KB', async () => {
      const fan = await signUpFrom(t);
      const url = await listen();
      const socket = await connect(url, fan.token);
      const closed = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
      socket.emit('subscribe', { room: 'x'.repeat(20_000) });
      expect(await closed).toMatch(/transport (close|error)/);
    });
  });
});

describe('abuse limits: configuration and storage', () => {
  it('refuses bad limit settings at start-up', async () => {
    const secret = { JWT_SECRET: 'test-secret-that-is-long-enough-0123456789' };
    expect(() => loadConfig({ ...secret, RATE_LIMIT_MULTIPLIER: 'lots' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...secret, RATE_LIMITS: 'posting=20' })).toThrow(/RATE_LIMITS must look like/);
    expect(() => loadConfig({ ...secret, CORS_ORIGINS: 'fans.example' })).toThrow(/CORS_ORIGINS must be/);
    expect(loadConfig({ ...secret, CORS_ORIGINS: 'https://a.example/, http://b.example:8080' }).corsOrigins).toEqual(['https://a.example', 'http://b.example:8080']);
    expect(loadConfig({ ...secret, PUBLIC_WEB_URL: 'https://fans.example/app' }).corsOrigins).toEqual(['https://fans.example']);
    // Outside production, a loopback web URL also counts under its other loopback names.
    expect(loadConfig({ ...secret, NODE_ENV: 'production', PUBLIC_WEB_URL: 'http://localhost:3001' }).corsOrigins).toEqual(['http://localhost:3001']);
    expect(loadConfig({ ...secret, PUBLIC_WEB_URL: 'http://localhost:3001' }).corsOrigins).toEqual(['http://localhost:3001', 'http://127.0.0.1:3001', 'http://[::1]:3001']);
    expect(() => new RateLimitService(loadConfig({ ...secret, RATE_LIMITS: 'posting.everyone=1/60' }), null)).toThrow(/RATE_LIMITS names unknown limits: posting.everyone/);
  });

  it('applies per-limit overrides (RATE_LIMITS) and the multiplier', async () => {
    const config = loadConfig({ JWT_SECRET: 'test-secret-that-is-long-enough-0123456789', RATE_LIMIT_MULTIPLIER: '0.2', RATE_LIMITS: 'login.ip-email=3/60' });
    const limits = new RateLimitService(config, null);
    const subject = { ip: newIp(), email: 'over@example.com' };
    // 3 × 0.2 rounds to 1 (never below one); the address counter is 50 × 0.2.
    expect(await limits.consume('login', subject)).toMatchObject({ allowed: true, limit: 1, remaining: 0 });
    expect(await limits.consume('login', subject)).toMatchObject({ allowed: false, limit: 1, message: expect.stringMatching(/^Too many sign-in attempts: at most 1 a minute/) });
    expect(await limits.consume('login', { ...subject, email: 'other@example.com' })).toMatchObject({ allowed: true });
    expect(await limits.consume('posting', { userId: 'u1' })).toMatchObject({ allowed: true, limit: 2 });
  });

  it('counts in memory without Redis', async () => {
    const t = await createTestApp({ TRUST_PROXY: 'true', RATE_LIMIT_MULTIPLIER: '1' });
    try {
      expect(t.config.redisUrl).toBeUndefined();
      const ip = newIp();
      await within(10, () => t.http().post('/api/v1/auth/login').set(from(ip)).send({ email: 'mem@example.com', password: 'wrong-password-123' }));
      expectLimited(await t.http().post('/api/v1/auth/login').set(from(ip)).send({ email: 'mem@example.com', password: 'wrong-password-123' }), 10, /^Too many sign-in attempts/);
    } finally {
      await t.close();
    }
  });

  (redisUrl ? describe : describe.skip)('with Redis (REDIS_URL)', () => {
    it('two API instances of one deployment share the counters', async () => {
      const env = { TRUST_PROXY: 'true', RATE_LIMIT_MULTIPLIER: '1', REDIS_URL: redisUrl!, RATE_LIMIT_PREFIX: `kizuna:rl:test-${Date.now().toString(36)}` };
      const [a, b] = [await createTestApp(env), await createTestApp(env)];
      try {
        const ip = newIp();
        const login = (app: TestApp) => app.http().post('/api/v1/auth/login').set(from(ip)).send({ email: 'shared@example.com', password: 'wrong-password-123' });
        await within(10, (i) => login(i % 2 === 0 ? a : b));
        expectLimited(await login(a), 10, /^Too many sign-in attempts/);
        expectLimited(await login(b), 10, /^Too many sign-in attempts/);
      } finally {
        await a.close();
        await b.close();
      }
    });

    it('deployments on one Redis do not share counters (the prefix defaults to one per database)', async () => {
      const env = { TRUST_PROXY: 'true', RATE_LIMIT_MULTIPLIER: '1', REDIS_URL: redisUrl! };
      const [a, b] = [await createTestApp(env), await createTestApp(env)];
      try {
        expect(a.config.rateLimits.prefix).not.toBe(b.config.rateLimits.prefix);
        const ip = newIp();
        const login = (app: TestApp) => app.http().post('/api/v1/auth/login').set(from(ip)).send({ email: 'apart@example.com', password: 'wrong-password-123' });
        await within(10, () => login(a));
        expectLimited(await login(a), 10, /^Too many sign-in attempts/);
        expect((await login(b)).status).toBe(401);
      } finally {
        await a.close();
        await b.close();
      }
    });

    it('keeps serving and limiting from memory while Redis is unreachable', async () => {
      const t = await createTestApp({ TRUST_PROXY: 'true', RATE_LIMIT_MULTIPLIER: '1', REDIS_URL: redisUrl! });
      try {
        await t.app.get<RedisClient>(REDIS).close();
        const ip = newIp();
        const login = () => t.http().post('/api/v1/auth/login').set(from(ip)).send({ email: 'offline@example.com', password: 'wrong-password-123' });
        // Answers as usual (the account lockout may step in after a few failures), never a 5xx …
        await within(10, async () => {
          const res = await login();
          expect([401, 429]).toContain(res.status);
          return res;
        });
        // … and the limit still bites, counted in this process's memory.
        expectLimited(await login(), 10, /^Too many sign-in attempts/);
        await t.http().post('/api/v1/auth/register').set(from(newIp())).send(newAccount()).expect(201);
      } finally {
        await t.close();
      }
    });
  });
});
