import { randomBytes } from 'node:crypto';
import { createDataSource } from '../../apps/api/src/database/data-source';
import { adminQuery, TEMPLATE_ENV, withDatabase } from './test-database';

/** With `DATABASE_URL`: one migrated template database per test run, cloned by each test file. */
export default async function globalSetup(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return;
  const template = `kizuna_tpl_${randomBytes(6).toString('hex')}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${template}`);
  const dataSource = createDataSource(withDatabase(serverUrl, template), 1);
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
  process.env[TEMPLATE_ENV] = template;
}
