// Soak test: the built API under bounded mixed load for a while, its memory sampled every 5 s.
// Thread lists and pages, replies, reactions, searches and the leaderboard over HTTP (autocannon,
// a fixed rate on a fixed number of connections), and sockets subscribed to the threads receiving
// the replies. Fails (exit 1) when memory is not steady, on any 5xx, or on transport errors.
//
// Memory: RSS (VmRSS) is sampled every 5 s and charted. RSS is a sawtooth — V8 lets garbage pile up
// to a few times the live heap before a major GC — so steadiness is judged on what survives: the
// RSS troughs (the lowest sample of each whole minute under load, after a 2-minute warm-up) and the
// live heap after each major GC over the second half (the API runs with --trace-gc, which only
// prints a line per GC). Either growing faster than its limit (below) fails, and so does peak
// RSS above --peak-mb.
//
// Run: npm run build && npm run test:soak -- [--minutes 10] [--rate 60] [--peak-mb 512]
// Env: DATABASE_URL names the PostgreSQL server: the soak creates a database of its own there and
// drops it afterwards (without DATABASE_URL: embedded PGlite); REDIS_URL is handed to the API.
// Writes test/soak/report.json and test/soak/rss.svg, and prints the RSS curve.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { io } from 'socket.io-client';

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    rate: { type: 'string', default: '60' },
    connections: { type: 'string', default: '16' },
    users: { type: 'string', default: '30' },
    sockets: { type: 'string', default: '50' },
    'peak-mb': { type: 'string', default: '512' },
  },
});
const MINUTES = Number(args.minutes);
const RATE = Number(args.rate);
const CONNECTIONS = Number(args.connections);
const USERS = Number(args.users);
const SOCKETS = Number(args.sockets);
const SAMPLE_MS = 5000;
// The leak detector is the live heap after major GCs: it must stay flat. RSS troughs also hold V8's
// heap capacity and native memory, which settle more slowly (two CI runs of a flat live heap saw
// troughs move −0.05 and +1.9 MB/min): their limit catches a native leak of 40 MB per 10 minutes.
const LIVE_SLOPE_LIMIT_MB_PER_MIN = 2;
const TROUGH_SLOPE_LIMIT_MB_PER_MIN = 4;
const PEAK_LIMIT_MB = Number(args['peak-mb']);
if (!(MINUTES > 0) || !(RATE > 0) || !(CONNECTIONS > 0) || !(USERS >= 2) || !(SOCKETS >= 1)) {
  console.error('usage: soak.mjs [--minutes >0] [--rate >0] [--connections >0] [--users >=2] [--sockets >=1]');
  process.exit(2);
}

const here = fileURLToPath(new URL('.', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });

async function startApi(env) {
  const port = await freePort();
  const child = spawn(process.execPath, ['--trace-gc', join(root, 'dist/apps/api/main.js')], {
    env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port), SEED_DEMO: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const majorGcs = [];
  child.stdout.on('data', (d) => {
    const text = String(d);
    if (out.length < 100_000) out += text;
    // e.g. "[123:0x…]  79622 ms: Mark-Compact 190.1 (223.9) -> 62.4 (213.4) MB, …"
    for (const m of text.matchAll(/Mark-Compact(?: \(reduce\))? [\d.]+ \([\d.]+\) -> ([\d.]+) \([\d.]+\) MB/g)) majorGcs.push({ at: Date.now(), liveMb: Number(m[1]) });
  });
  child.stderr.on('data', (d) => {
    out += d;
    process.stderr.write(d);
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i += 1) {
    if (child.exitCode !== null) throw new Error(`API exited with ${child.exitCode}: ${out}`);
    if (out.includes('Kizuna API') && (await fetch(`${url}/api/health`).then((r) => r.ok, () => false))) return { child, url, majorGcs };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`API did not start: ${out}`);
}

async function call(base, path, { method = 'GET', token, body } = {}) {
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? null : res.json();
}

function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1]);
  return kb / 1024;
}

/** Least-squares slope of y over x. */
function slope(points) {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const num = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const den = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

function asciiChart(samples, height = 12, width = 72) {
  const values = samples.map((s) => s.rssMb);
  const lo = Math.floor(Math.min(...values));
  const hi = Math.ceil(Math.max(...values));
  const span = Math.max(1, hi - lo);
  const columns = Array.from({ length: Math.min(width, values.length) }, (_, c) => {
    const from = Math.floor((c * values.length) / Math.min(width, values.length));
    const to = Math.max(from + 1, Math.floor(((c + 1) * values.length) / Math.min(width, values.length)));
    return Math.max(...values.slice(from, to));
  });
  const rows = [];
  for (let r = height - 1; r >= 0; r -= 1) {
    const level = lo + (span * (r + 0.5)) / height;
    const label = r === height - 1 ? `${hi} MB`.padStart(8) : r === 0 ? `${lo} MB`.padStart(8) : ''.padStart(8);
    rows.push(`${label} |${columns.map((v) => (v >= level ? '█' : ' ')).join('')}`);
  }
  const minutes = (samples.at(-1).t / 60).toFixed(1);
  rows.push(`${''.padStart(8)} +${'-'.repeat(columns.length)}`);
  rows.push(`${''.padStart(9)}0 min${`${minutes} min`.padStart(Math.max(columns.length - 5, 10))}`);
  return rows.join('\n');
}

function svgChart(samples, verdict) {
  const w = 800;
  const h = 320;
  const pad = { l: 60, r: 20, t: 30, b: 40 };
  const tMax = Math.max(1, samples.at(-1).t);
  const values = samples.map((s) => s.rssMb);
  const lo = Math.max(0, Math.floor(Math.min(...values) - 10));
  const hi = Math.ceil(Math.max(...values) + 10);
  const x = (t) => pad.l + ((w - pad.l - pad.r) * t) / tMax;
  const y = (v) => h - pad.b - ((h - pad.t - pad.b) * (v - lo)) / (hi - lo);
  const line = samples.map((s, i) => `${i === 0 ? 'M' : 'L'}${x(s.t).toFixed(1)},${y(s.rssMb).toFixed(1)}`).join(' ');
  const ticks = [lo, Math.round((lo + hi) / 2), hi]
    .map((v) => `<text x="${pad.l - 6}" y="${y(v) + 4}" text-anchor="end">${v}</text><line x1="${pad.l}" x2="${w - pad.r}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/>`)
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="#fff"/>
<text x="${pad.l}" y="18" font-size="14">Kizuna API RSS (MB) under soak — ${verdict}</text>
${ticks}
<path d="${line}" fill="none" stroke="#c0392b" stroke-width="2"/>
<text x="${pad.l}" y="${h - 12}">0 min</text><text x="${w - pad.r}" y="${h - 12}" text-anchor="end">${(tMax / 60).toFixed(1)} min</text>
</svg>
`;
}

async function seed(base) {
  const stamp = Date.now().toString(36);
  const register = (name, i) =>
    call(base, '/auth/register', {
      method: 'POST',
      body: { email: `soak-${name}-${i}-${stamp}@example.com`, password: `soak-test-${stamp}-${i}-2026`, displayName: `${name}${i}-${stamp.slice(-4)}` },
    });
  const owner = await register('owner', 0);
  const slug = `soak-${stamp}`;
  const community = await call(base, '/communities', { method: 'POST', token: owner.accessToken, body: { slug, name: 'ソーク試験' } });
  // Every member may post as much as the load asks (the new-member hourly limit is not under test).
  await call(base, `/communities/${slug}`, { method: 'PATCH', token: owner.accessToken, body: { newMemberHours: 0 } });
  const board = await call(base, `/communities/${slug}/boards`, { method: 'POST', token: owner.accessToken, body: { name: '雑談' } });
  const users = [];
  for (let i = 1; i <= USERS; i += 1) {
    const user = await register('fan', i);
    await call(base, `/communities/${slug}/join`, { method: 'POST', token: user.accessToken });
    users.push(user.accessToken);
  }
  const threads = [];
  const ownerPosts = [];
  for (let i = 0; i < 10; i += 1) {
    const thread = await call(base, `/boards/${board.id}/threads`, { method: 'POST', token: owner.accessToken, body: { title: `ソーク ${i} 新曲の感想`, body: `スレッド ${i} の本文 #soak` } });
    threads.push(thread.id);
    ownerPosts.push(thread.posts.items[0].id);
  }
  return { slug, boardId: board.id, owner: owner.accessToken, users, threads, ownerPosts, emojis: community.reactionEmojis ?? ['👍'] };
}

/** A fresh database on the given server, so the soak neither reads nor litters anyone's data. */
async function ownDatabase(serverUrl) {
  const admin = (sql) => {
    const url = new URL(serverUrl);
    url.pathname = '/postgres';
    const client = new pg.Client({ connectionString: url.toString() });
    return client.connect().then(() => client.query(sql)).finally(() => client.end());
  };
  const name = `kizuna_soak_${Date.now().toString(36)}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'kizuna-soak-'));
  const database = process.env.DATABASE_URL ? await ownDatabase(process.env.DATABASE_URL) : undefined;
  const env = {
    DATA_DIR: dataDir,
    JWT_SECRET: 'soak-test-secret-0123456789abcdefghijkl',
    ACCESS_TOKEN_TTL_SECONDS: String(Math.min(86400, Math.ceil(MINUTES * 60 + 600))),
    // Relax the abuse limits: this measures memory under load, not the limiter.
    RATE_LIMIT_MULTIPLIER: process.env.RATE_LIMIT_MULTIPLIER ?? '1000',
    ...(database ? { DATABASE_URL: database.url } : {}),
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
  };
  console.log(`soak: ${MINUTES} min at ${RATE} req/s over ${CONNECTIONS} connections, ${SOCKETS} sockets; ${env.DATABASE_URL ? 'PostgreSQL' : 'embedded PGlite'}${env.REDIS_URL ? ' + Redis' : ''}`);
  const api = await startApi(env).catch(async (error) => {
    rmSync(dataDir, { recursive: true, force: true });
    await database?.drop();
    throw error;
  });
  const pid = api.child.pid;
  const samples = [];
  const started = Date.now();
  let outboxPending = null;
  const sample = () => {
    samples.push({ t: +((Date.now() - started) / 1000).toFixed(1), rssMb: +rssMb(pid).toFixed(1), outboxPending });
    // The outbox backlog, for the next sample (a dispatcher falling behind shows here).
    fetch(`${api.url}/api/health`).then((r) => r.json()).then((h) => (outboxPending = h.outbox?.pending ?? null), () => undefined);
  };
  sample();
  const sampler = setInterval(sample, SAMPLE_MS);
  const sockets = [];
  let exitCode = 1;
  try {
    const s = await seed(api.url);
    console.log(`seeded community ${s.slug}: ${s.users.length} members, ${s.threads.length} threads`);

    let socketEvents = 0;
    let socketDisconnects = 0;
    const socketsByThread = {};
    const repliesByThread = {};
    for (let i = 0; i < SOCKETS; i += 1) {
      const socket = io(api.url, { path: '/socket.io', auth: { token: s.users[i % s.users.length] }, transports: ['websocket'], reconnection: true, forceNew: true });
      await new Promise((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      const room = `thread:${s.threads[i % s.threads.length]}`;
      socketsByThread[s.threads[i % s.threads.length]] = (socketsByThread[s.threads[i % s.threads.length]] ?? 0) + 1;
      const ack = await new Promise((resolve) => socket.emit('subscribe', { room }, resolve));
      if (!ack?.ok) throw new Error(`subscribe to ${room} refused: ${JSON.stringify(ack)}`);
      // A socket that lost its connection under load comes back in no room: subscribe again.
      socket.on('disconnect', () => (socketDisconnects += 1));
      socket.io.on('reconnect', () => socket.emit('subscribe', { room }, () => undefined));
      socket.on('post.created', () => (socketEvents += 1));
      sockets.push(socket);
    }

    const pick = (list) => list[Math.floor(Math.random() * list.length)];
    const ops = {
      threadList: () => ({ method: 'GET', path: `/api/v1/boards/${s.boardId}/threads` }),
      threadPage: () => ({ method: 'GET', path: `/api/v1/threads/${pick(s.threads)}` }),
      threadPosts: () => ({ method: 'GET', path: `/api/v1/threads/${pick(s.threads)}/posts` }),
      reply: (context) => ({ method: 'POST', path: `/api/v1/threads/${(context.threadId = pick(s.threads))}/posts`, body: JSON.stringify({ body: `返信 ${Math.random().toString(36).slice(2)} @soak` }) }),
      react: () => ({ method: Math.random() < 0.5 ? 'PUT' : 'DELETE', path: `/api/v1/posts/${pick(s.ownerPosts)}/reactions/${encodeURIComponent(pick(s.emojis))}` }),
      search: () => ({ method: 'GET', path: `/api/v1/communities/${s.slug}/search?q=${encodeURIComponent(pick(['新曲', '感想', 'soak', '返信', '泣']))}` }),
      leaderboard: () => ({ method: 'GET', path: `/api/v1/communities/${s.slug}/leaderboard` }),
    };
    // Weights of the mix: mostly reads, a quarter writes.
    const mix = [
      ['threadList', 15], ['threadPage', 20], ['threadPosts', 15], ['reply', 12], ['react', 13], ['search', 15], ['leaderboard', 10],
    ].flatMap(([op, weight]) => Array(weight).fill(op));
    const sent = Object.fromEntries(Object.keys(ops).map((op) => [op, 0]));
    const statusByOp = {};
    const errorSamples = [];

    const instance = autocannon({
      url: api.url,
      connections: CONNECTIONS,
      overallRate: RATE,
      duration: Math.round(MINUTES * 60),
      timeout: 10,
      requests: [
        {
          setupRequest: (req, context) => {
            const op = pick(mix);
            sent[op] += 1;
            context.op = op;
            const token = op === 'reply' || op === 'react' ? pick(s.users) : pick([...s.users, undefined]);
            return { ...req, ...ops[op](context), headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) } };
          },
          onResponse: (status, body, context) => {
            const key = `${context.op} ${status}`;
            statusByOp[key] = (statusByOp[key] ?? 0) + 1;
            if (context.op === 'reply' && status === 201) repliesByThread[context.threadId] = (repliesByThread[context.threadId] ?? 0) + 1;
            if (status >= 400 && errorSamples.length < 20) errorSamples.push({ op: context.op, status, body: String(body).slice(0, 300) });
          },
        },
      ],
    });
    let lastLog = Date.now();
    instance.on('response', () => {
      if (Date.now() - lastLog >= 60_000) {
        lastLog = Date.now();
        const last = samples.at(-1);
        console.log(`  ${(last.t / 60).toFixed(1)} min: RSS ${last.rssMb} MB, ${Object.values(sent).reduce((a, b) => a + b, 0)} requests, ${socketEvents} socket events`);
      }
    });
    const result = await instance;
    const loadEndedAt = Date.now();
    // Let the outbox catch up with the last replies (their socket events) before the final sample.
    let drained = false;
    while (!drained && Date.now() - loadEndedAt < 300_000) {
      const health = await fetch(`${api.url}/api/health`).then((r) => r.json(), () => null);
      drained = health?.outbox?.pending === 0;
      if (!drained) await new Promise((r) => setTimeout(r, 500));
    }
    const drainSeconds = drained ? +((Date.now() - loadEndedAt) / 1000).toFixed(1) : null;
    await new Promise((r) => setTimeout(r, 1000));
    sample();
    clearInterval(sampler);

    const halfway = samples.at(-1).t / 2;
    const secondHalf = samples.filter((p) => p.t >= halfway).map((p) => ({ x: p.t / 60, y: p.rssMb }));
    const slopeMbPerMin = +slope(secondHalf).toFixed(3);
    // The lowest RSS of each whole minute under load: where the sawtooth comes back to after
    // collecting. Samples after the load (the drain, no collection since) and a partial last minute
    // would stand for a trough they are not.
    const loadSeconds = (loadEndedAt - started) / 1000;
    const byMinute = new Map();
    for (const p of samples.filter((p) => p.t < Math.floor(loadSeconds / 60) * 60)) byMinute.set(Math.floor(p.t / 60), [...(byMinute.get(Math.floor(p.t / 60)) ?? []), p]);
    const troughs = [...byMinute.values()].map((group) => group.reduce((a, b) => (b.rssMb < a.rssMb ? b : a)));
    // Judged after a warm-up (caches, JIT, pools filling): more minutes make the slope less noisy.
    const warmUp = Math.min(120, loadSeconds / 5);
    const troughSlope = +slope(troughs.filter((p) => p.t >= warmUp).map((p) => ({ x: p.t / 60, y: p.rssMb }))).toFixed(3);
    const gcs = api.majorGcs.map((g) => ({ t: +((g.at - started) / 1000).toFixed(1), liveMb: g.liveMb }));
    const lateGcs = gcs.filter((g) => g.t >= halfway);
    const liveSlope = lateGcs.length >= 3 ? +slope(lateGcs.map((g) => ({ x: g.t / 60, y: g.liveMb }))).toFixed(3) : null;
    const peakMb = Math.max(...samples.map((p) => p.rssMb));
    const fiveXx = result['5xx'];
    const transportErrors = result.errors + result.timeouts;
    const expectedEvents = Object.entries(repliesByThread).reduce((sum, [thread, n]) => sum + n * (socketsByThread[thread] ?? 0), 0);
    const failures = [
      ...(troughSlope > TROUGH_SLOPE_LIMIT_MB_PER_MIN ? [`RSS troughs grow ${troughSlope} MB/min after the warm-up (limit ${TROUGH_SLOPE_LIMIT_MB_PER_MIN})`] : []),
      ...(liveSlope !== null && liveSlope > LIVE_SLOPE_LIMIT_MB_PER_MIN ? [`the live heap after major GCs grows ${liveSlope} MB/min over the second half (limit ${LIVE_SLOPE_LIMIT_MB_PER_MIN})`] : []),
      ...(peakMb > PEAK_LIMIT_MB ? [`peak RSS ${peakMb} MB (limit ${PEAK_LIMIT_MB})`] : []),
      ...(fiveXx > 0 ? [`${fiveXx} responses were 5xx`] : []),
      ...(transportErrors > 0 ? [`${result.errors} connection errors, ${result.timeouts} timeouts`] : []),
      ...(drainSeconds === null ? ['the outbox did not drain within 300 s of the load'] : []),
      ...(socketEvents === 0 ? ['sockets received no post.created event'] : []),
    ];
    const verdict = failures.length === 0 ? 'steady' : 'FAILED';
    const report = {
      verdict,
      failures,
      config: { minutes: MINUTES, rate: RATE, connections: CONNECTIONS, users: USERS, sockets: SOCKETS, database: env.DATABASE_URL ? 'postgresql' : 'pglite', redis: Boolean(env.REDIS_URL) },
      rss: {
        startMb: samples[0].rssMb,
        endMb: samples.at(-1).rssMb,
        peakMb,
        secondHalfSlopeMbPerMin: slopeMbPerMin,
        troughSlopeAfterWarmUpMbPerMin: troughSlope,
        limits: { liveHeapSlopeMbPerMin: LIVE_SLOPE_LIMIT_MB_PER_MIN, troughSlopeMbPerMin: TROUGH_SLOPE_LIMIT_MB_PER_MIN, peakMb: PEAK_LIMIT_MB },
      },
      liveHeap: { majorGcs: gcs.length, secondHalfSlopeMbPerMin: liveSlope, afterMajorGcMb: gcs },
      outbox: { peakPending: Math.max(0, ...samples.map((p) => p.outboxPending ?? 0)), drainSecondsAfterLoad: drainSeconds },
      requests: {
        total: result.requests.total,
        perSecond: result.requests.average,
        latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
        status: { '2xx': result['2xx'], '4xx': result['4xx'], '5xx': fiveXx },
        sentByOp: sent,
        statusByOp,
      },
      errors: { connection: result.errors, timeouts: result.timeouts, samples: errorSamples },
      sockets: { connected: sockets.filter((x) => x.connected).length, disconnects: socketDisconnects, postCreatedEvents: socketEvents, expectedPostCreatedEvents: expectedEvents },
      samples,
    };
    writeFileSync(join(here, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(join(here, 'rss.svg'), svgChart(samples, verdict));
    console.log(`\nAPI RSS over ${MINUTES} min (sample every ${SAMPLE_MS / 1000} s):\n${asciiChart(samples)}\n`);
    console.log(`requests ${result.requests.total} (${result.requests.average}/s), 2xx ${result['2xx']}, 4xx ${result['4xx']}, 5xx ${fiveXx}, errors ${result.errors}, timeouts ${result.timeouts}`);
    console.log(`latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms; socket events ${socketEvents} of ${expectedEvents} expected`);
    console.log(`outbox backlog peak ${report.outbox.peakPending}, ${drainSeconds === null ? 'NOT drained within 300 s' : `drained ${drainSeconds} s`} after the load; ${socketDisconnects} socket disconnects`);
    console.log(`RSS start ${samples[0].rssMb} MB, end ${samples.at(-1).rssMb} MB, peak ${peakMb} MB; second-half slope ${slopeMbPerMin} MB/min (troughs ${troughSlope} MB/min)`);
    console.log(`live heap after major GCs (${gcs.length}): ${gcs.map((g) => g.liveMb).join(', ')} MB; second-half slope ${liveSlope ?? 'n/a (fewer than 3 major GCs)'} MB/min`);
    console.log(failures.length === 0 ? 'soak: memory steady, no 5xx' : `soak FAILED:\n - ${failures.join('\n - ')}`);
    console.log('report: test/soak/report.json, chart: test/soak/rss.svg');
    exitCode = failures.length === 0 ? 0 : 1;
  } finally {
    clearInterval(sampler);
    for (const socket of sockets) socket.close();
    api.child.kill('SIGTERM');
    await new Promise((r) => (api.child.exitCode !== null ? r() : api.child.once('exit', r)));
    rmSync(dataDir, { recursive: true, force: true });
    await database?.drop();
  }
  process.exit(exitCode);
}

main().catch((error) => {
  console.error(`soak failed to run: ${error.stack ?? error}`);
  process.exit(1);
});
