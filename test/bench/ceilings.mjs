// Ceilings measured in the same run: a bare node:http server answering a fixed JSON body (in its own
// process, loaded by autocannon with the scenarios' settings), and `pgbench -S` on the same
// PostgreSQL server (scratch database initialised with `pgbench -i`, dropped after).
import { spawn } from 'node:child_process';
import { freePort, load, run, scratchDatabase, sleep, stopProcess } from './lib.mjs';

const BARE_SERVER = `
const body = JSON.stringify({ items: [{ id: 'b7c9', title: 'ライブの感想', replyCount: 9 }], nextCursor: null });
require('node:http').createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}).listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('ready\\n'));`;

export async function nodeHttpCeiling(settings) {
  const port = await freePort();
  const child = spawn(process.execPath, ['-e', BARE_SERVER], { env: { PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve) => child.stdout.once('data', resolve));
  try {
    return await load(`http://127.0.0.1:${port}/`, settings);
  } finally {
    await stopProcess(child);
  }
}

/** Select-only TPS of the PostgreSQL server, or null (with the reason) when pgbench is missing or fails. */
export async function pgbenchCeiling(adminUrl, seconds) {
  let db;
  try {
    db = await scratchDatabase(adminUrl, 'kizuna_pgbench');
    const url = new URL(db.url);
    const env = { PGHOST: url.hostname, PGPORT: url.port || '5432', PGUSER: decodeURIComponent(url.username), PGPASSWORD: decodeURIComponent(url.password) };
    await run('pgbench', ['-i', '-q', '-s', '10', db.name], env);
    await sleep(200);
    const out = await run('pgbench', ['-S', '-n', '-c', '10', '-j', '2', '-T', String(seconds), db.name], env);
    const tps = /tps = ([\d.]+)/.exec(out);
    return { tps: tps ? Math.round(Number(tps[1])) : null };
  } catch (error) {
    return { tps: null, reason: String(error.message ?? error).split('\n')[0] };
  } finally {
    await db?.drop().catch(() => undefined);
  }
}
