// Targets, report.json and the readable table.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { root, round } from './lib.mjs';

/** Issue #9's targets (2 cores, everything on one machine), by scenario name. */
const TARGETS = {
  'thread-list': { text: '≥15% of node ceiling, p99 ≤ 25 ms', check: (s) => s.shareOfCeiling >= 0.15 && s.p99Ms <= 25 && s.errors === 0 },
  'thread-list-deep': { text: '≥15% of node ceiling, p99 ≤ 25 ms', check: (s) => s.shareOfCeiling >= 0.15 && s.p99Ms <= 25 && s.errors === 0 },
  'thread-page': { text: '≥15% of node ceiling, p99 ≤ 25 ms', check: (s) => s.shareOfCeiling >= 0.15 && s.p99Ms <= 25 && s.errors === 0 },
  'reply-create': { text: '≥3% of node ceiling, p99 ≤ 50 ms, exactly once', check: (s) => s.shareOfCeiling >= 0.03 && s.p99Ms <= 50 && s.exactlyOnce && s.errors === 0 },
  'realtime-1-process': { text: 'p99 ≤ 100 ms', check: (s) => s.p99Ms <= 100 },
  'realtime-2-processes': { text: 'p99 ≤ 150 ms', check: (s) => s.p99Ms <= 150 },
  'realtime-behind-import': { text: 'p99 ≤ 100 ms', check: (s) => s.p99Ms <= 100 },
  'import-orders': { text: '≥20,000 rows/s, flat memory (peak RSS growth ≤ 100 MB)', check: (s) => s.status === 'done' && s.rowsPerSecond >= 20_000 && s.rssGrowthMb <= 100 },
  'api-rss': { text: 'peak RSS ≤ 300 MB', check: (s) => s.peakRssMb <= 300 },
};
const ANALYTICS_TARGET = { text: 'p95 ≤ 150 ms', check: (s) => s.p95Ms <= 150 && s.errors === 0 };

export function withTarget(scenario, ceiling) {
  const s = { ...scenario };
  if (typeof s.rps === 'number' && ceiling) s.shareOfCeiling = round(s.rps / ceiling, 3);
  const target = TARGETS[s.name] ?? (s.name.startsWith('analytics-') ? ANALYTICS_TARGET : null);
  s.target = target?.text ?? null;
  // No measurement (an error, or no answer within the run) is a miss, not a pass.
  const measured = !s.error && !s.skipped && (s.requests === undefined || s.requests > 0);
  s.met = target ? measured && Boolean(target.check(s)) : null;
  return s;
}

export function machine() {
  const list = cpus();
  return { cpus: list.length, cpuModel: list[0]?.model ?? null, memoryGb: round(totalmem() / 2 ** 30), node: process.version, platform: process.platform };
}

const cell = (v) => (v === null || v === undefined ? '' : typeof v === 'number' ? v.toLocaleString('en') : String(v));

/** A Markdown table: one line per scenario with what applies to it. */
export function table(report) {
  const lines = [
    `node:http ceiling ${cell(report.ceilings.nodeHttpRps)} req/s · pgbench -S ${cell(report.ceilings.pgbenchSelectTps) || 'n/a'} tps · ${report.machine.cpus} CPUs · scale ${report.scale.label}`,
    '',
    '| scenario | req/s | share of ceiling | p50 ms | p95 ms | p99 ms | other | target | met |',
    '|---|---:|---:|---:|---:|---:|---|---|---|',
  ];
  for (const s of report.scenarios) {
    const other = [
      s.errors ? `${s.errors} errors/timeouts` : '',
      s.apiCpuMsPerRequest !== undefined ? `API CPU ${cell(s.apiCpuMsPerRequest)} ms/req` : '',
      s.singleRequestMs !== undefined ? `alone: ${cell(s.singleRequestMs)} ms` : '',
      s.exactlyOnce !== undefined ? `exactly once: ${s.exactlyOnce ? 'yes' : 'NO'} (${s.created} replies)` : '',
      s.rowsPerSecond !== undefined ? `${s.status === 'done' ? '' : `${s.status} after ${cell(s.rowsDone)} of `}${cell(s.rows)} rows, ${cell(s.rowsPerSecond)} rows/s, RSS ${s.rssStartMb}→${s.rssPeakMb} MB` : '',
      s.peakRssMb !== undefined ? `peak RSS ${s.peakRssMb} MB` : '',
      s.fitMs !== undefined ? `fit ${cell(s.fitMs)} ms (${cell(s.customers)} customers)` : '',
      s.sockets !== undefined ? `${cell(s.sockets)} sockets` : '',
      s.outboxDrainSeconds ? `after the outbox drained the earlier scenarios' events (${cell(s.outboxDrainSeconds)} s)` : '',
      s.outboxPendingAtStart !== undefined ? `${cell(s.outboxPendingAtStart)} import events queued at the start, ${cell(s.outboxPendingAtEnd)} at the end` : '',
      s.skipped ? `skipped: ${s.skipped}` : '',
      s.error ? `error: ${s.error.slice(0, 120)}` : '',
    ].filter(Boolean).join('; ');
    const share = s.shareOfCeiling === undefined ? '' : `${(s.shareOfCeiling * 100).toFixed(1)}%`;
    lines.push(`| ${s.name} | ${cell(s.rps)} | ${share} | ${cell(s.p50Ms)} | ${cell(s.p95Ms)} | ${cell(s.p99Ms)} | ${other} | ${s.target ?? ''} | ${s.met === null ? '' : s.met ? 'met' : 'MISSED'} |`);
  }
  return lines.join('\n');
}

/**
 * Writes report.json and report.md into `dir`: test/bench (the committed report) for a full run,
 * test/bench/last-run (not committed) for a quick, scaled, shortened or partial one.
 */
export function writeReport(report, dir) {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'report.json');
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(dir, 'report.md'), `${table(report)}\n`);
  return path;
}
