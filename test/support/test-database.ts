import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../apps/api/src/database/data-source';
import { EmbeddedPostgres } from '../../apps/api/src/database/embedded-postgres';

/**
 * A fresh, migrated database for one test file. With `DATABASE_URL` it is cloned from the template
 * that the global setup migrated (`CREATE DATABASE … TEMPLATE`, fast); without it, an in-memory
 * embedded PGlite engine served over the wire protocol, exactly as the API runs it.
 */
export interface TestDatabase {
  url: string;
  dataSource: DataSource;
  close(): Promise<void>;
}

export const TEMPLATE_ENV = 'KIZUNA_TEST_TEMPLATE_DB';

export async function createTestDatabase(options: { embedded?: boolean; poolSize?: number } = {}): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  const poolSize = options.poolSize ?? 5;
  if (serverUrl && !options.embedded) {
    const template = process.env[TEMPLATE_ENV];
    if (!template) throw new Error(`${TEMPLATE_ENV} is unset: run the tests through a Jest config with the global setup`);
    const name = `kizuna_t_${randomBytes(6).toString('hex')}`;
    await adminQuery(serverUrl, `CREATE DATABASE ${name} TEMPLATE ${template}`);
    const url = withDatabase(serverUrl, name);
    const dataSource = createDataSource(url, poolSize);
    await dataSource.initialize();
    return {
      url,
      dataSource,
      async close() {
        await dataSource.destroy();
        await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      },
    };
  }
  // One connection per client of the single-session engine, as the API does (see openDatabase).
  const engine = await EmbeddedPostgres.start({ maxConnections: 8 });
  const dataSource = createDataSource(engine.url, 1);
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return {
    url: engine.url,
    dataSource,
    async close() {
      await dataSource.destroy();
      await engine.stop();
    },
  };
}

export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
