import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/app-config';
import { openDatabase } from './database/open-database';
import { Logger } from 'nestjs-pino';
import { OutboxDispatcher } from './activity/outbox.dispatcher';
import { createApp } from './app';
import { ImportRunnerService } from './crm/import/import-runner.service';
import { SegmentMembershipService } from './crm/segment-membership.service';
import { BadgeBackfillService } from './recognition/badge-backfill.service';
import { seedDemoOnce } from './seed/demo-seed';
import { WebhookDeliveryService } from './webhooks/webhook-delivery.service';

/** The API process: validated config, database (server or embedded), migrations, HTTP. */
async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase(config);
  const app = await createApp(config, database.dataSource);
  const shutdown = async () => {
    await app.close();
    await database.close();
    process.exit(0);
  };
  // A library's fire-and-forget promise (e.g. a Redis publish timing out under load) must not take
  // the whole API down: log it and keep serving.
  process.on('unhandledRejection', (reason) => app.get(Logger).error({ err: reason }, 'unhandled promise rejection'));
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  const demo = config.seedDemo ? await seedDemoOnce(app) : [];
  if (config.outboxDispatch) {
    app.get(OutboxDispatcher).start();
    app.get(BadgeBackfillService).start();
    app.get(ImportRunnerService).start();
    app.get(SegmentMembershipService).start();
    app.get(WebhookDeliveryService).start();
  }
  await app.listen(config.port, config.host);
  const url = `http://localhost:${config.port}`;
  const lines = [
    `Kizuna API  ${url}/api/v1  (docs ${url}/api/docs, health ${url}/api/health)`,
    `Kizuna web  ${config.publicWebUrl}`,
    `Database    ${database.embedded ? `embedded PGlite in ${config.dataDir}/pglite` : 'PostgreSQL (DATABASE_URL)'}${config.redisUrl ? ', Redis (REDIS_URL)' : ''}`,
    ...demo,
  ];
  process.stdout.write(`\n${lines.join('\n')}\n\n`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    const detail = error instanceof Error ? error.message : String(error);
    process.stderr.write(`Kizuna API failed to start: ${detail}\n`);
  }
  process.exit(1);
});
