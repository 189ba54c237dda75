import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../database/data-source';
import { DatabaseService } from '../database/database.service';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database';
import { ActivityService } from './activity.service';
import type { OutboxConsumer, OutboxEvent } from './outbox-consumer';
import { OutboxDispatcher } from './outbox.dispatcher';
import { OutboxRepository } from './outbox.repository';

class RecordingConsumer implements OutboxConsumer {
  readonly seen: OutboxEvent[] = [];
  failuresLeft = 0;
  constructor(
    readonly name: string,
    readonly types: readonly string[] | '*' = '*',
    private readonly sideEffect?: (event: OutboxEvent) => Promise<void>,
  ) {}
  async handle(event: OutboxEvent): Promise<void> {
    await this.sideEffect?.(event);
    if (this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      throw new Error(`${this.name} is down`);
    }
    this.seen.push(event);
  }
}

describe('outbox dispatcher', () => {
  let db: TestDatabase;
  let database: DatabaseService;
  let activity: ActivityService;
  let outbox: OutboxRepository;

  const newDispatcher = (service = database) => {
    const dispatcher = new OutboxDispatcher(service);
    dispatcher.configure({ backoffBaseMs: 0, maxAttempts: 3 });
    return dispatcher;
  };
  const record = (type: 'member.joined' | 'board.created' = 'member.joined') =>
    database.transaction(() => activity.record({ type, communityId: null, data: { n: Math.random() } }));

  beforeAll(async () => {
    db = await createTestDatabase();
    database = new DatabaseService(db.dataSource);
    activity = new ActivityService(database, newDispatcher());
    outbox = new OutboxRepository(database);
    await db.dataSource.query(`CREATE TABLE consumer_writes (activity_id bigint)`);
  });
  afterAll(() => db.close());
  beforeEach(async () => {
    // Leave nothing due from an earlier test.
    await db.dataSource.query(`UPDATE outbox SET processed_at = now() WHERE processed_at IS NULL`);
  });

  it('hands each committed activity to the consumers of its type, once', async () => {
    const dispatcher = newDispatcher();
    const all = new RecordingConsumer('all');
    const boards = new RecordingConsumer('boards', ['board.created']);
    dispatcher.register(all);
    dispatcher.register(boards);
    const a = await record('member.joined');
    const b = await record('board.created');
    await dispatcher.drain();
    await dispatcher.drain();
    expect(all.seen.map((e) => e.activityId)).toEqual([a.id, b.id]);
    expect(boards.seen.map((e) => e.type)).toEqual(['board.created']);
    expect(all.seen[0]).toMatchObject({ type: 'member.joined', attempt: 1, data: a.data });
  });

  it('hands out live rows before bulk ones (an import\'s), each kind in order', async () => {
    const dispatcher = newDispatcher();
    dispatcher.configure({ batchSize: 2 });
    const all = new RecordingConsumer('all');
    dispatcher.register(all);
    await database.transaction(() => activity.recordMany([1, 2, 3].map((n) => ({ type: 'member.joined' as const, communityId: null, data: { bulk: n } }))));
    const live = await record('board.created');
    const later = await record('board.created');
    await dispatcher.dispatchBatch();
    expect(all.seen.map((e) => e.activityId)).toEqual([live.id, later.id]);
    await dispatcher.drain();
    expect(all.seen.slice(2).map((e) => e.data.bulk)).toEqual([1, 2, 3]);
  });

  it('lets live rows that woke it go before the rest of a bulk batch', async () => {
    const dispatcher = newDispatcher();
    dispatcher.configure({ pollIntervalMs: 20 });
    // A live row, not yet due; while the first bulk row is handled it falls due and its commit
    // elsewhere wakes the dispatcher (as a reply's does; one session here, as on the embedded engine).
    const live = await record('board.created');
    await db.dataSource.query(`UPDATE outbox SET available_at = now() + interval '1 hour' WHERE activity_id = $1`, [live.id]);
    const all = new RecordingConsumer('all', '*', async (event) => {
      if (event.data.bulk !== 1) return;
      await database.manager.query(`UPDATE outbox SET available_at = now() - interval '1 minute' WHERE activity_id = $1`, [live.id]);
      dispatcher.wake();
    });
    dispatcher.register(all);
    await database.transaction(() => activity.recordMany([1, 2, 3, 4].map((n) => ({ type: 'member.joined' as const, communityId: null, data: { bulk: n } }))));
    dispatcher.start();
    try {
      for (let i = 0; i < 200 && all.seen.length < 5; i += 1) await new Promise((r) => setTimeout(r, 25));
    } finally {
      await dispatcher.stop();
    }
    expect(all.seen.map((e) => (e.activityId === live.id ? 'live' : e.data.bulk))).toEqual([1, 'live', 2, 3, 4]);
  });

  it('delivers nothing for a rolled-back transaction', async () => {
    const dispatcher = newDispatcher();
    const all = new RecordingConsumer('all');
    dispatcher.register(all);
    await expect(
      database.transaction(async () => {
        await activity.record({ type: 'member.joined' });
        throw new Error('domain change failed');
      }),
    ).rejects.toThrow('domain change failed');
    await dispatcher.drain();
    expect(all.seen).toEqual([]);
  });

  it('refuses to record activity outside a transaction', async () => {
    await expect(activity.record({ type: 'member.joined' })).rejects.toThrow(/transaction/);
  });

  it('retries a failing consumer with backoff, without re-running the ones that succeeded, and rolls back its writes', async () => {
    const dispatcher = newDispatcher();
    dispatcher.configure({ backoffBaseMs: 60_000 });
    const good = new RecordingConsumer('good');
    const flaky = new RecordingConsumer('flaky', '*', async (event) => {
      await database.manager.query(`INSERT INTO consumer_writes VALUES ($1)`, [event.activityId]);
    });
    flaky.failuresLeft = 1;
    dispatcher.register(good);
    dispatcher.register(flaky);
    const a = await record();
    await dispatcher.drain();
    const [row] = await db.dataSource.query(`SELECT attempts, done_consumers, last_error, available_at > now() + interval '50 seconds' AS later, processed_at FROM outbox WHERE activity_id = $1`, [a.id]);
    expect(row).toMatchObject({ attempts: 1, done_consumers: ['good'], later: true, processed_at: null });
    expect(row.last_error).toContain('flaky is down');
    expect(await db.dataSource.query(`SELECT * FROM consumer_writes WHERE activity_id = $1`, [a.id])).toEqual([]);
    // Not due yet: nothing happens.
    await dispatcher.drain();
    expect(flaky.seen).toEqual([]);
    await db.dataSource.query(`UPDATE outbox SET available_at = now() WHERE activity_id = $1`, [a.id]);
    await dispatcher.drain();
    expect(good.seen.map((e) => e.activityId)).toEqual([a.id]);
    expect(flaky.seen.map((e) => [e.activityId, e.attempt])).toEqual([[a.id, 2]]);
    expect(await db.dataSource.query(`SELECT activity_id FROM consumer_writes WHERE activity_id = $1`, [a.id])).toEqual([{ activity_id: a.id }]);
  });

  it('in one batch, rolls back only the failing consumer\'s writes on each row, and keeps a row rescheduled earlier in the batch rescheduled', async () => {
    const dispatcher = newDispatcher();
    dispatcher.configure({ backoffBaseMs: 60_000 });
    const failing = new Map<string, string>();
    const write = (name: string) => async (event: OutboxEvent) => {
      await database.manager.query(`INSERT INTO consumer_writes VALUES ($1)`, [event.activityId]);
      // A database error leaves the transaction aborted until the rollback to the savepoint.
      if (failing.get(event.activityId) === name) await database.manager.query(`SELECT 1 / 0`);
    };
    dispatcher.register(new RecordingConsumer('first', '*', write('first')));
    dispatcher.register(new RecordingConsumer('second', '*', write('second')));
    const [a, b, c] = [await record(), await record(), await record()];
    // a's last consumer fails (a is rescheduled), then b's first one: its rollback must not undo that.
    failing.set(a.id, 'second').set(b.id, 'first');
    await dispatcher.drain();

    const rows = await db.dataSource.query(
      `SELECT activity_id, attempts, done_consumers, processed_at IS NOT NULL AS processed, available_at > now() + interval '50 seconds' AS later
         FROM outbox WHERE activity_id = ANY($1) ORDER BY activity_id`,
      [[a.id, b.id, c.id]],
    );
    expect(rows).toEqual([
      { activity_id: a.id, attempts: 1, done_consumers: ['first'], processed: false, later: true },
      { activity_id: b.id, attempts: 1, done_consumers: ['second'], processed: false, later: true },
      { activity_id: c.id, attempts: 0, done_consumers: ['first', 'second'], processed: true, later: false },
    ]);
    const writes = await db.dataSource.query(`SELECT activity_id, count(*)::int AS n FROM consumer_writes WHERE activity_id = ANY($1) GROUP BY activity_id ORDER BY activity_id`, [[a.id, b.id, c.id]]);
    expect(writes).toEqual([
      { activity_id: a.id, n: 1 },
      { activity_id: b.id, n: 1 },
      { activity_id: c.id, n: 2 },
    ]);
  });

  it('parks a row after the last attempt, shows it, and re-drives it on request', async () => {
    const dispatcher = newDispatcher();
    const broken = new RecordingConsumer('broken');
    broken.failuresLeft = 3;
    dispatcher.register(broken);
    const a = await record();
    for (let i = 0; i < 3; i += 1) await dispatcher.drain();
    expect(await outbox.stats()).toMatchObject({ parked: 1, pending: 0 });
    const parked = await outbox.parked();
    expect(parked).toEqual([expect.objectContaining({ eventType: 'member.joined', attempts: 3, lastError: expect.stringContaining('broken is down') })]);
    await dispatcher.drain();
    expect(broken.seen).toEqual([]);
    expect(await outbox.redrive([parked[0].id])).toBe(1);
    await dispatcher.drain();
    expect(broken.seen.map((e) => e.activityId)).toEqual([a.id]);
    expect(await outbox.stats()).toMatchObject({ parked: 0, pending: 0 });
  });

  it('never hands the same row to two dispatchers running at once', async () => {
    const second: DataSource = createDataSource(db.url, process.env.DATABASE_URL ? 3 : 1);
    await second.initialize();
    try {
      const delivered: string[] = [];
      const make = (service: DatabaseService, name: string) => {
        const dispatcher = newDispatcher(service);
        dispatcher.configure({ batchSize: 7 });
        dispatcher.register(new RecordingConsumer('count', '*', async (event) => {
          delivered.push(event.activityId);
          await new Promise((r) => setImmediate(r));
        }));
        return { dispatcher, name };
      };
      const one = make(database, 'one');
      const two = make(new DatabaseService(second), 'two');
      const ids: string[] = [];
      for (let i = 0; i < 120; i += 1) ids.push((await record()).id);
      await Promise.all([one.dispatcher.drain(), two.dispatcher.drain(), one.dispatcher.drain(), two.dispatcher.drain()]);
      expect(delivered.length).toBe(ids.length);
      expect(new Set(delivered).size).toBe(ids.length);
      expect([...delivered].sort()).toEqual([...ids].sort());
    } finally {
      await second.destroy();
    }
  });

  it('dispatches on its own after a commit when started', async () => {
    const dispatcher = newDispatcher();
    const all = new RecordingConsumer('all');
    dispatcher.register(all);
    const live = new ActivityService(database, dispatcher);
    dispatcher.configure({ pollIntervalMs: 60_000 });
    dispatcher.start();
    try {
      const a = await database.transaction(() => live.record({ type: 'member.joined' }));
      for (let i = 0; i < 100 && all.seen.length === 0; i += 1) await new Promise((r) => setTimeout(r, 20));
      expect(all.seen.map((e) => e.activityId)).toEqual([a.id]);
    } finally {
      await dispatcher.stop();
    }
  });
});
