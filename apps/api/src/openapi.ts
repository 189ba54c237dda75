import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createApp, openApiDocument } from './app';
import { loadConfig } from './config/app-config';
import { createDataSource } from './database/data-source';

/**
 * Writes the OpenAPI document the typed client is generated from. Needs no database: the app is
 * built on a data source that is never connected.
 */
export async function writeOpenApi(file: string): Promise<void> {
  const config = loadConfig({ DATABASE_URL: 'postgres://unused/unused', JWT_SECRET: 'x'.repeat(32), LOG_LEVEL: 'silent' });
  const app = await createApp(config, createDataSource(config.databaseUrl!, 1));
  writeFileSync(file, `${JSON.stringify(openApiDocument(app), null, 2)}\n`);
  await app.close();
}

if (require.main === module) {
  writeOpenApi(resolve(process.argv[2] ?? 'libs/api-client/openapi.json')).catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.message : error}\n`);
    process.exit(1);
  });
}
