import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { createDataSource } from './data-source';
import { EmbeddedPostgres } from './embedded-postgres';

export interface OpenDatabase {
  dataSource: DataSource;
  /** `true` when running on the embedded PGlite engine. */
  embedded: boolean;
  close(): Promise<void>;
}

/**
 * Connects to `DATABASE_URL`, or starts the embedded engine under the data directory, and brings
 * the schema up to date with the migrations.
 */
export async function openDatabase(config: Pick<AppConfig, 'databaseUrl' | 'databasePoolSize' | 'dataDir'>): Promise<OpenDatabase> {
  const engine = config.databaseUrl
    ? undefined
    : await EmbeddedPostgres.start({ dataDir: join(config.dataDir, 'pglite'), maxConnections: 4 });
  // The embedded engine is one PostgreSQL session: statements of two connections could interleave
  // outside a transaction, so this process uses a single connection and the pool queues the rest.
  const dataSource = engine ? createDataSource(engine.url, 1) : createDataSource(config.databaseUrl!, config.databasePoolSize, { connectTimeoutMs: 10_000 });
  try {
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await engine?.stop();
    throw error;
  }
  return {
    dataSource,
    embedded: engine !== undefined,
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await engine?.stop();
    },
  };
}
