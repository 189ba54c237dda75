import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActivityService } from '../../apps/api/src/activity/activity.service';
import type { OutboxEvent } from '../../apps/api/src/activity/outbox-consumer';
import { OutboxDispatcher } from '../../apps/api/src/activity/outbox.dispatcher';
import { DatabaseService } from '../../apps/api/src/database/database.service';
import { startApiProcess } from '../support/api-process';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * The API process is killed (SIGKILL: no shutdown hooks) right after it committed writes and
 * before any dispatcher ran. A dispatcher started afterwards (a restarted process) delivers every
 * one of them: the outbox row committed with the change, so nothing is lost.
 */
describe('crash between commit and dispatch', () => {
  let db: TestDatabase;
  let dataDir: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'kizuna-crash-'));
  });
  afterAll(async () => {
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses nothing when the process dies after commit', async () => {
    const api = await startApiProcess({
      DATABASE_URL: db.url,
      JWT_SECRET: 'crash-test-secret-0123456789abcdefghij',
      DATA_DIR: dataDir,
      OUTBOX_DISPATCH: 'false',
      SEED_DEMO: 'false',
    });
    const userIds: string[] = [];
    try {
      for (let i = 0; i < 3; i += 1) {
        const res = await fetch(`${api.url}/api/v1/auth/register`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: `crash${i}@example.com`, password: `kuraeru-hoshi-${i}-2026`, displayName: `落ちる${i}` }),
        });
        expect(res.status).toBe(201);
        userIds.push((await res.json()).user.id);
      }
    } finally {
      api.child.kill('SIGKILL');
      await new Promise((r) => api.child.once('exit', r));
    }

    const database = new DatabaseService(db.dataSource);
    const dispatcher = new OutboxDispatcher(database);
    const seen: OutboxEvent[] = [];
    dispatcher.register({ name: 'probe', types: '*', handle: async (e) => void seen.push(e) });
    new ActivityService(database, dispatcher);
    await dispatcher.drain();
    expect(seen.filter((e) => e.type === 'account.registered').map((e) => e.actorId)).toEqual(userIds);
    const [{ pending }] = await db.dataSource.query(`SELECT count(*)::int AS pending FROM outbox WHERE processed_at IS NULL`);
    expect(pending).toBe(0);
  });
});
