import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database';
import { schemaDiff } from './schema-diff';

describe('database schema', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.close());

  it('matches the entities after all migrations (no drift)', async () => {
    const diff = await schemaDiff(db.dataSource);
    expect(diff.up).toEqual([]);
  });

  it('reverts every migration and applies them again', async () => {
    const applied = await db.dataSource.query(`SELECT count(*)::int AS n FROM migrations`);
    for (let i = 0; i < applied[0].n; i += 1) await db.dataSource.undoLastMigration({ transaction: 'each' });
    const tables = await db.dataSource.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'`);
    expect(tables[0].n).toBe(0);
    await db.dataSource.runMigrations({ transaction: 'each' });
    expect((await schemaDiff(db.dataSource)).up).toEqual([]);
  });

  it('has pg_trgm for Japanese substring search', async () => {
    const rows = await db.dataSource.query(`SELECT similarity('ライブ配信', 'ライブ') > 0 AS ok`);
    expect(rows[0].ok).toBe(true);
  });

  it('refuses to update or delete activity rows', async () => {
    await db.dataSource.query(`INSERT INTO activity (type) VALUES ('account.registered')`);
    await expect(db.dataSource.query(`UPDATE activity SET type = 'x'`)).rejects.toThrow(/immutable/);
    await expect(db.dataSource.query(`DELETE FROM activity`)).rejects.toThrow(/immutable/);
  });
});
