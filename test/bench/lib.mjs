// Shared pieces of the benchmark: ports, processes, the scratch database, autocannon runs with their
// own latency record (autocannon's histogram has no p95), and resident memory from /proc.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer as netServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const JWT_SECRET = 'bench-secret-0123456789abcdefghijklmnop';
export const PASSWORD = 'bench-passphrase-絆-2026';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export const percentile = (values, p) => {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
export const round = (n, digits = 1) => (n === null || n === undefined ? null : +n.toFixed(digits));

export const freePort = () =>
  new Promise((resolve) => {
    const s = netServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/** Starts the built API (`dist/apps/api/main.js`) and waits for its health check. */
export async function startApi(env, { cpuProf } = {}) {
  const port = await freePort();
  const args = [...(cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${cpuProf}`] : []), join(root, 'dist/apps/api/main.js')];
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port), SEED_DEMO: 'false', NODE_ENV: 'production', COOKIE_SECURE: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 1200; i += 1) {
    if (child.exitCode !== null) break;
    if (out.includes('Kizuna API') && (await fetch(`${url}/api/health`).then((r) => r.ok, () => false))) {
      return { child, url, pid: child.pid, stop: () => stopProcess(child) };
    }
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error(`API did not start: ${out.slice(-2000)}`);
}

export function stopProcess(child) {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Runs a command to its end; rejects with its output when it fails. */
export function run(command, args, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${out.slice(-2000)}`))));
  });
}

/** A database created for this run and dropped after it. */
export async function scratchDatabase(adminUrl, prefix) {
  const name = `${prefix}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Resident memory of a process in MB (`VmRSS`), or its peak so far (`VmHWM`). */
export function rssMb(pid, field = 'VmRSS') {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(`${field}:`));
    return line ? Math.round(Number(line.split(/\s+/)[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/** CPU time (user + system) a process has used so far, in ms; null when it can't be read. */
export function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime are fields 14 and 15 of stat (11 and 12 after the command name), in clock ticks (100/s).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** Samples VmRSS of a process every 100 ms until stopped: `{ startMb, peakMb, endMb }`. */
export function sampleRss(pid) {
  const startMb = rssMb(pid);
  let peakMb = startMb ?? 0;
  const timer = setInterval(() => (peakMb = Math.max(peakMb, rssMb(pid) ?? 0)), 100);
  return {
    stop() {
      clearInterval(timer);
      return { startMb, peakMb, endMb: rssMb(pid) };
    },
  };
}

/**
 * Waits until an API has worked off what an earlier scenario left queued (slow requests still in
 * flight after autocannon stopped, outbox events): the health check answers fast twice in a row.
 */
export async function waitIdle(base, seconds = 60) {
  let fast = 0;
  for (let i = 0; i < seconds * 4 && fast < 2; i += 1) {
    const started = performance.now();
    const ok = await fetch(`${base}/api/health`).then((r) => r.ok, () => false);
    fast = ok && performance.now() - started < 100 ? fast + 1 : 0;
    await sleep(250);
  }
  return fast >= 2;
}

/** Median time of `n` requests one at a time (the cost of one request without queueing behind others). */
export async function serialMs(url, requests, n = 3) {
  const [first] = requests;
  const times = [];
  for (let i = 0; i < n; i += 1) {
    const req = first.setupRequest ? first.setupRequest({ ...first }, {}) : first;
    const started = performance.now();
    const res = await fetch(`${url}${req.path}`, { method: req.method, headers: req.headers });
    await res.arrayBuffer();
    times.push(performance.now() - started);
  }
  return round(percentile(times, 50));
}

export async function api(base, path, { method = 'GET', token, body } = {}) {
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? null : res.json();
}

/**
 * One autocannon run (after a warm-up with the same settings). Latencies are recorded per response
 * so p95 can be told; non-2xx responses are counted and reported (a scenario with errors is not met).
 * `url` may be several API processes: the connections are split between them (as a load balancer
 * would) and the figures are of all responses together; `pid` likewise (their CPU is summed).
 */
export async function load(url, { connections, duration, warmup, requests, headers, pid }) {
  const urls = [url].flat();
  const pids = [pid].flat().filter(Boolean);
  const once = async (seconds, record) => {
    const latencies = [];
    const statuses = {};
    const results = await Promise.all(
      urls.map(
        (target) =>
          new Promise((resolve, reject) => {
            const instance = autocannon({ url: target, connections: Math.ceil(connections / urls.length), duration: seconds, requests, headers }, (error, result) => (error ? reject(error) : resolve(result)));
            if (record) {
              instance.on('response', (_client, status, _bytes, responseTime) => {
                latencies.push(responseTime);
                statuses[status] = (statuses[status] ?? 0) + 1;
              });
            }
          }),
      ),
    );
    return { result: { errors: results.reduce((n, r) => n + r.errors, 0), timeouts: results.reduce((n, r) => n + r.timeouts, 0) }, latencies, statuses };
  };
  const cpuOf = () => (pids.length === 0 ? null : pids.map(cpuMs).reduce((a, b) => (a === null || b === null ? null : a + b), 0));
  if (warmup > 0) await once(warmup, false);
  const cpuBefore = cpuOf();
  const { result, latencies, statuses } = await once(duration, true);
  const cpuAfter = cpuOf();
  const ok = Object.entries(statuses).reduce((n, [s, c]) => n + (Number(s) < 400 ? c : 0), 0);
  return {
    // The API's own CPU time per answered request: steadier than req/s on a shared machine.
    ...(cpuBefore !== null && cpuAfter !== null && latencies.length > 0 ? { apiCpuMsPerRequest: round((cpuAfter - cpuBefore) / latencies.length, 2) } : {}),
    rps: round(ok / duration, 0),
    p50Ms: round(percentile(latencies, 50)),
    p95Ms: round(percentile(latencies, 95)),
    p99Ms: round(percentile(latencies, 99)),
    requests: latencies.length,
    errors: latencies.length - ok + result.errors + result.timeouts,
    statuses,
  };
}
