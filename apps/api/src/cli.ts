import 'reflect-metadata';
import { OutboxRepository } from './activity/outbox.repository';
import { AnalyticsCache } from './analytics/analytics-cache';
import { AnalyticsRepository } from './analytics/analytics.repository';
import { AnalyticsService } from './analytics/analytics.service';
import { ConfigError, loadConfig } from './config/app-config';
import { DatabaseService } from './database/database.service';
import { openDatabase } from './database/open-database';

const USAGE = `usage: kizuna-cli <command>
  migrate                    apply pending migrations (the API also does at start-up)
  outbox parked              list outbox rows parked after too many failed deliveries
  outbox redrive [id ...]    put parked rows (all when no id is given) back in line
  analytics rebuild [slug …] rebuild the analytics rollups from raw activity (every community when no slug is given)`;

/** Operator commands, on the same configuration and database as the API. */
async function main(args: string[]): Promise<number> {
  const [command, sub, ...rest] = args;
  if (command !== 'migrate' && command !== 'outbox' && command !== 'analytics') {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const config = loadConfig();
  const database = await openDatabase(config);
  try {
    if (command === 'migrate') {
      process.stdout.write('Migrations are up to date.\n');
      return 0;
    }
    const db = new DatabaseService(database.dataSource);
    if (command === 'analytics' && sub === 'rebuild') {
      const analytics = new AnalyticsService(db, new AnalyticsRepository(db), new AnalyticsCache());
      const communities: Array<{ id: string; slug: string; time_zone: string }> = await database.dataSource.query(
        `SELECT id, slug, time_zone FROM communities WHERE cardinality($1::text[]) = 0 OR slug = ANY($1::text[]) ORDER BY slug`,
        [rest],
      );
      for (const c of communities) process.stdout.write(`${c.slug}: ${await analytics.rebuild(c.id, c.time_zone)} member-days\n`);
      return 0;
    }
    const outbox = new OutboxRepository(db);
    if (sub === 'parked') {
      const rows = await outbox.parked();
      process.stdout.write(rows.length ? `${JSON.stringify(rows, null, 2)}\n` : 'No parked rows.\n');
      return 0;
    }
    if (sub === 'redrive') {
      if (rest.some((id) => !/^\d+$/.test(id))) throw new ConfigError('outbox redrive takes numeric outbox ids');
      process.stdout.write(`Re-driven: ${await outbox.redrive(rest)} row(s).\n`);
      return 0;
    }
    process.stderr.write(`${USAGE}\n`);
    return 2;
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
