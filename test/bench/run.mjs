// `npm run bench [-- --quick] [-- --scale=0.1] [-- --cpu-prof=dir] [-- --keep] [-- --out=dir]`: ceilings, a
// seeded scratch database, every scenario against the built API, then report.json and report.md —
// in test/bench for a full run, in test/bench/last-run (not committed) for any other.
// Needs DATABASE_URL (a PostgreSQL server where databases may be created; the run creates and drops
// its own) and, for the two-process realtime scenario, REDIS_URL. Build the API first (npm run build).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeHttpCeiling, pgbenchCeiling } from './ceilings.mjs';
import { api, JWT_SECRET, load, PASSWORD, root, rssMb, run, sampleRss, scratchDatabase, serialMs, startApi, waitIdle } from './lib.mjs';
import { realtimeCeiling, realtimeLatency } from './realtime.bench.mjs';
import { machine, table, withTarget, writeReport } from './report.mjs';
import { DEFAULT_SCALE, seed } from './seed.mjs';
import { fitCustomerValue, httpScenarios, importOrders, memberTokens, outboxDrain, outboxPending, replyCreateExactlyOnce, seededId } from './scenarios.mjs';

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')).map(([k, v]) => [k, v ?? true]));
const quick = Boolean(args.quick);
const factor = Number(args.scale ?? (quick ? 0.02 : 1));
const scale = Object.fromEntries(Object.entries(DEFAULT_SCALE).map(([k, v]) => [k, k === 'boards' ? v : Math.max(100, Math.round(v * factor))]));
const settings = { connections: 50, duration: Number(args.duration ?? (quick ? 4 : 20)), warmup: quick ? 1 : 5 };
const importRows = Math.round(1_000_000 * factor);
/** An import still running after this is reported with its rate so far (status `timeout`). */
const importLimitSeconds = Number(args['import-limit'] ?? (quick ? 60 : 900));
/** How long to let the API work off an earlier scenario's queue before the next one. */
const idleSeconds = quick ? 15 : 60;
const realtime = { sockets: Number(args.sockets ?? 1000), posts: quick ? 5 : 20 };
/** --cpu-prof=dir: V8 CPU profiles of the measured API processes (one per process, written when it stops). */
const cpuProf = typeof args['cpu-prof'] === 'string' ? args['cpu-prof'] : undefined;
const only = typeof args.only === 'string' ? args.only.split(',') : null;
const wanted = (name) => !only || only.some((o) => name.startsWith(o));
/** Only a full run (every scenario, default scale and duration) replaces the committed report. */
const full = !quick && factor === 1 && !only && args.duration === undefined && args.sockets === undefined;
const outDir = typeof args.out === 'string' ? args.out : join(root, full ? 'test/bench' : 'test/bench/last-run');

const adminUrl = process.env.DATABASE_URL;
if (!adminUrl) {
  process.stderr.write('npm run bench needs PostgreSQL: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres); REDIS_URL for two processes\n');
  process.exit(2);
}
const log = (line) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
const started = Date.now();
const scenarios = [];
const add = (s) => {
  scenarios.push(s);
  log(`${s.name}: ${JSON.stringify(s)}`);
};
/** Runs one scenario; a failure is reported as that scenario's `error` and the run goes on. */
const attempt = async (name, fn) => {
  if (!wanted(name)) return;
  try {
    add(withTarget({ name, ...(await fn()) }, ceilingHttp.rps));
  } catch (error) {
    add(withTarget({ name, error: String(error?.message ?? error).slice(0, 500) }, ceilingHttp.rps));
  }
};

// From a fresh clone (after npm ci) the API and the engagement library are built first.
if (!existsSync(join(root, 'dist/apps/api/main.js')) || !existsSync(join(root, 'libs/engagement/dist/index.js'))) {
  log('building the API (npx nx run api:build)…');
  await run('npx', ['nx', 'run', 'api:build']);
}
log(`scale ×${factor} ${JSON.stringify(scale)}, ${settings.duration} s per scenario, ${settings.connections} connections`);
const ceilingHttp = await nodeHttpCeiling(settings);
log(`ceiling node:http ${ceilingHttp.rps} req/s (p99 ${ceilingHttp.p99Ms} ms)`);
const pgbench = await pgbenchCeiling(adminUrl, quick ? 5 : 15);
log(`ceiling pgbench -S ${pgbench.tps ?? `n/a (${pgbench.reason})`} tps`);
const socketCeiling = await realtimeCeiling(realtime);
log(`ceiling socket.io broadcast to ${realtime.sockets}: p50 ${socketCeiling.p50Ms} ms, p99 ${socketCeiling.p99Ms} ms`);

const tmp = mkdtempSync(join(tmpdir(), 'kizuna-bench-'));
const db = await scratchDatabase(adminUrl, 'kizuna_bench');
// Rate limits relaxed (their knob), as the load comes from one address and few accounts.
// Access tokens live a day: a run outlasts the default 15 minutes.
const env = { DATABASE_URL: db.url, JWT_SECRET, DATA_DIR: tmp, RATE_LIMIT_MULTIPLIER: '1000', ACCESS_TOKEN_TTL_SECONDS: '86400' };
const report = { machine: machine(), startedAt: new Date(started).toISOString(), settings, scale: { label: quick ? `quick (×${factor})` : `×${factor}`, ...scale, importRows }, ceilings: {}, socketIoCeiling: socketCeiling, scenarios };
let apiProcess;
// Ctrl-C still stops the API and drops the scratch database.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    await apiProcess?.stop();
    await db.drop().catch(() => undefined);
    rmSync(tmp, { recursive: true, force: true });
    process.exit(130);
  });
}
try {
  apiProcess = await startApi(env);
  log('seeding…');
  const seeded = await seed({ base: apiProcess.url, databaseUrl: db.url, scale, log });
  log(`seeded in ${seeded.seconds} s`);
  report.seedSeconds = seeded.seconds;
  // A fresh process for the measurements (its memory and caches start from the seeded database).
  await apiProcess.stop();
  apiProcess = await startApi(env, { cpuProf });
  // A fresh sign-in: the token from seeding was issued before the restart's day-long lifetime.
  const ownerToken = (await api(apiProcess.url, '/auth/login', { method: 'POST', body: { email: seeded.owner.user.email, password: PASSWORD } })).accessToken;
  const tokens = await memberTokens(apiProcess.url, quick ? 10 : 50, scale.members, PASSWORD);

  const rss = sampleRss(apiProcess.pid);
  const http = await httpScenarios({ seeded, scale, tokens, ownerToken, databaseUrl: db.url });
  const httpScenarios2 = http.filter(([name]) => ['thread-list', 'thread-page', 'reply-create'].includes(name));
  for (const [name, requests] of http) {
    await waitIdle(apiProcess.url, idleSeconds);
    await attempt(name, () =>
      name === 'reply-create'
        ? replyCreateExactlyOnce({ url: apiProcess.url, requests, settings: { ...settings, pid: apiProcess.pid }, databaseUrl: db.url, slug: seeded.slug })
        : name.startsWith('analytics-')
          ? // Also one request at a time (after the queue has drained): the cost of one dashboard load.
            load(apiProcess.url, { ...settings, requests, pid: apiProcess.pid }).then(async (r) => (await waitIdle(apiProcess.url, idleSeconds), { ...r, singleRequestMs: await serialMs(apiProcess.url, requests) }))
          : load(apiProcess.url, { ...settings, requests, pid: apiProcess.pid }),
    );
  }
  const memory = rss.stop();
  await attempt('api-rss', async () => ({ startRssMb: memory.startMb, peakRssMb: memory.peakMb, peakRssHwmMb: rssMb(apiProcess.pid, 'VmHWM') }));

  const threadId = seededId('t', 1);
  await attempt('realtime-1-process', async () => {
    // Delivery latency, not the earlier scenarios' queue: what they left in the outbox goes first.
    const outboxDrainSeconds = await outboxDrain(db.url);
    if (outboxDrainSeconds === null) throw new Error('the outbox did not drain within 15 minutes of the earlier scenarios');
    await waitIdle(apiProcess.url, idleSeconds);
    const r = await realtimeLatency([apiProcess.url], { token: ownerToken, threadId, ...realtime });
    return { sockets: realtime.sockets, ...r, p50VsCeiling: +(r.p50Ms / socketCeiling.p50Ms).toFixed(1), outboxDrainSeconds };
  });
  await apiProcess.stop();
  apiProcess = undefined;

  // Two processes sharing PostgreSQL and Redis: realtime across them, then the same read and write
  // load spread over both (the scaling story on this machine).
  const twoNames = ['realtime-2-processes', ...httpScenarios2.map(([name]) => `${name}-2-processes`)];
  if (!process.env.REDIS_URL) {
    for (const name of twoNames) await attempt(name, async () => ({ skipped: 'REDIS_URL is not set' }));
  } else if (twoNames.some(wanted)) {
    const two = await Promise.all([startApi({ ...env, REDIS_URL: process.env.REDIS_URL }), startApi({ ...env, REDIS_URL: process.env.REDIS_URL })]);
    try {
      await attempt('realtime-2-processes', async () => {
        const r = await realtimeLatency(two.map((p) => p.url), { token: ownerToken, threadId, ...realtime });
        return { sockets: realtime.sockets, ...r, p50VsCeiling: +(r.p50Ms / socketCeiling.p50Ms).toFixed(1) };
      });
      for (const [name, requests] of httpScenarios2) {
        await Promise.all(two.map((p) => waitIdle(p.url, idleSeconds)));
        await attempt(`${name}-2-processes`, () => load(two.map((p) => p.url), { ...settings, requests, pid: two.map((p) => p.pid) }));
      }
    } finally {
      await Promise.all(two.map((p) => p.stop()));
    }
  }
  // Last, on a fresh process (its memory before the upload is the baseline for "flat"): the
  // import's order.placed events would otherwise queue ahead of the realtime scenarios' replies.
  if (wanted('import-orders')) {
    apiProcess = await startApi(env, { cpuProf });
    await attempt('import-orders', () => importOrders({ base: apiProcess.url, pid: apiProcess.pid, ownerToken, slug: seeded.slug, rows: importRows, contacts: scale.contacts, tmp, limitSeconds: importLimitSeconds }));
    // Right after the import, its purchases still queued: live replies go ahead of them.
    await attempt('realtime-behind-import', async () => {
      const outboxPendingAtStart = await outboxPending(db.url);
      const r = await realtimeLatency([apiProcess.url], { token: ownerToken, threadId, ...realtime });
      return { sockets: realtime.sockets, ...r, outboxPendingAtStart, outboxPendingAtEnd: await outboxPending(db.url) };
    });
  }
} finally {
  await apiProcess?.stop();
  // --keep: the seeded database stays for a look at its plans (drop it by hand afterwards).
  if (args.keep) log(`kept the seeded database: ${db.url}`);
  else await db.drop();
  rmSync(tmp, { recursive: true, force: true });
}
await attempt('fit-customer-value', async () => {
  const fit = await fitCustomerValue();
  return { fitMs: fit.ms, customers: fit.customers, transactions: fit.transactions, bgNbd: fit.bgNbd, gammaGamma: fit.gammaGamma };
});

report.ceilings = { nodeHttpRps: ceilingHttp.rps, nodeHttpP99Ms: ceilingHttp.p99Ms, pgbenchSelectTps: pgbench.tps, ...(pgbench.reason ? { pgbenchReason: pgbench.reason } : {}) };
report.seconds = Math.round((Date.now() - started) / 1000);
const path = writeReport(report, outDir);
process.stdout.write(`${table(report)}\n\nWritten ${path} (${report.seconds} s)\n`);
process.exit(0);
