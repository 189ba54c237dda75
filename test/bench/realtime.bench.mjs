// Realtime delivery benchmark: 1,000 sockets in one thread room; a reply is posted over HTTP and we
// measure post → `post.created` delivery latency at every socket (p50/p99), on one API process and
// on two processes sharing PostgreSQL and Redis. The ceiling, measured in the same run, is a bare
// socket.io server broadcasting to the same number of sockets: the ratio says what the API adds
// (HTTP write + commit + outbox dispatch + render) on top of the transport.
//
// Run: npm run build && node test/bench/realtime.bench.mjs
// Env: SOCKETS (1000), POSTS (20), DATABASE_URL + REDIS_URL for the two-process scenario.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as netServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { Server } from 'socket.io';
import { io } from 'socket.io-client';

const SOCKETS = Number(process.env.SOCKETS ?? 1000);
const POSTS = Number(process.env.POSTS ?? 20);
const root = fileURLToPath(new URL('../..', import.meta.url));

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const summary = (values) => ({ p50: +percentile(values, 50).toFixed(1), p99: +percentile(values, 99).toFixed(1), n: values.length });

const freePort = () =>
  new Promise((resolve) => {
    const s = netServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

async function startApi(env) {
  const port = await freePort();
  const child = spawn(process.execPath, [join(root, 'dist/apps/api/main.js')], {
    env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port), SEED_DEMO: 'false', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i += 1) {
    if (out.includes('Kizuna API') && (await fetch(`${url}/api/health`).then((r) => r.ok, () => false))) return { child, url };
    await new Promise((r) => setTimeout(r, 100));
  }
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

const connectAll = (urls, token, count) =>
  Promise.all(
    Array.from({ length: count }, (_, i) => {
      const socket = io(urls[i % urls.length], { path: '/socket.io', auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
      return new Promise((resolve, reject) => {
        socket.once('connect', () => resolve(socket));
        socket.once('connect_error', reject);
      });
    }),
  );

/** Posts POSTS replies one after another; resolves with each socket's delivery latency. */
async function measure(sockets, send) {
  const latencies = [];
  for (let i = 0; i < POSTS; i += 1) {
    const started = performance.now();
    const delivered = Promise.all(
      sockets.map(
        (s) =>
          new Promise((resolve) => {
            const handler = (event) => {
              if (event.marker !== undefined && event.marker !== i) return;
              s.off(event.marker === undefined ? 'post.created' : 'bench', handler);
              latencies.push(performance.now() - started);
              resolve();
            };
            s.on('post.created', handler);
            s.on('bench', handler);
          }),
      ),
    );
    await send(i);
    await delivered;
    sockets.forEach((s) => s.removeAllListeners('post.created').removeAllListeners('bench'));
  }
  return summary(latencies);
}

async function ceiling() {
  const http = createServer();
  const server = new Server(http, { path: '/socket.io' });
  server.on('connection', (s) => s.join('room'));
  const port = await freePort();
  await new Promise((r) => http.listen(port, '127.0.0.1', r));
  const sockets = await connectAll([`http://127.0.0.1:${port}`], 'x', SOCKETS);
  await new Promise((r) => setTimeout(r, 200));
  const result = await measure(sockets, async (i) => server.to('room').emit('bench', { marker: i, bodyHtml: '<p>ベンチマーク</p>' }));
  sockets.forEach((s) => s.close());
  server.close();
  return result;
}

async function scenario(urls) {
  const [base] = urls;
  const id = Date.now().toString(36);
  const owner = await call(base, '/auth/register', { method: 'POST', body: { email: `bench-${id}@example.com`, password: `bench-passphrase-${id}`, displayName: 'ベンチ' } });
  const slug = `bench-${id}`;
  await call(base, '/communities', { method: 'POST', token: owner.accessToken, body: { slug, name: 'ベンチマーク' } });
  const board = await call(base, `/communities/${slug}/boards`, { method: 'POST', token: owner.accessToken, body: { name: '雑談' } });
  const thread = await call(base, `/boards/${board.id}/threads`, { method: 'POST', token: owner.accessToken, body: { title: '計測', body: '開始' } });
  const sockets = await connectAll(urls, owner.accessToken, SOCKETS);
  await Promise.all(sockets.map((s) => new Promise((r) => s.emit('subscribe', { room: `thread:${thread.id}` }, r))));
  const result = await measure(sockets, (i) => call(base, `/threads/${thread.id}/posts`, { method: 'POST', token: owner.accessToken, body: { body: `返信 ${i}` } }));
  sockets.forEach((s) => s.close());
  return result;
}

async function freshDatabase() {
  if (!process.env.DATABASE_URL) return null;
  const name = `kizuna_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

const results = { sockets: SOCKETS, posts: POSTS };
results.ceiling = await ceiling();

const dataDir = mkdtempSync(join(tmpdir(), 'kizuna-bench-'));
const db = await freshDatabase();
const baseEnv = { DATA_DIR: dataDir, ...(db ? { DATABASE_URL: db.url, JWT_SECRET: 'bench-secret-0123456789abcdefghijklmnop' } : {}) };
try {
  const one = await startApi(baseEnv);
  try {
    results.oneProcess = { database: db ? 'postgresql' : 'embedded', ...(await scenario([one.url])) };
  } finally {
    one.child.kill('SIGTERM');
  }
  if (db && process.env.REDIS_URL) {
    const env = { ...baseEnv, REDIS_URL: process.env.REDIS_URL };
    const [a, b] = await Promise.all([startApi(env), startApi(env)]);
    try {
      results.twoProcesses = { database: 'postgresql', redis: true, ...(await scenario([a.url, b.url])) };
    } finally {
      a.child.kill('SIGTERM');
      b.child.kill('SIGTERM');
    }
  }
} finally {
  await db?.drop();
  rmSync(dataDir, { recursive: true, force: true });
}

for (const key of ['oneProcess', 'twoProcesses']) {
  if (!results[key]) continue;
  results[key].p50VsCeiling = +(results[key].p50 / results.ceiling.p50).toFixed(1);
  results[key].p99VsCeiling = +(results[key].p99 / results.ceiling.p99).toFixed(1);
}
console.log(JSON.stringify(results, null, 2));
process.exit(0);
