import { Pool } from 'pg';
import { EmbeddedPostgres } from '../../apps/api/src/database/embedded-postgres';

/**
 * The embedded engine is one PostgreSQL session; served over the wire protocol, each pooled
 * connection must still see only committed data of the others, and a rollback must undo only its
 * own transaction. (This runs on PGlite whatever DATABASE_URL says.)
 */
describe('embedded PostgreSQL (PGlite over pglite-socket) isolates transactions', () => {
  let engine: EmbeddedPostgres;
  let pool: Pool;
  beforeAll(async () => {
    engine = await EmbeddedPostgres.start({ maxConnections: 6 });
    pool = new Pool({ connectionString: engine.url, max: 4 });
    await pool.query('CREATE TABLE t (id int PRIMARY KEY, v text)');
  });
  afterAll(async () => {
    await pool.end();
    await engine.stop();
  });
  beforeEach(() => pool.query('TRUNCATE t'));

  it("never shows one connection another's uncommitted row", async () => {
    const a = await pool.connect();
    try {
      await a.query('BEGIN');
      await a.query(`INSERT INTO t VALUES (1, 'uncommitted')`);
      // B's read waits for A's transaction (single-session engine) rather than reading its write.
      const read = pool.query('SELECT count(*)::int AS n FROM t');
      await new Promise((r) => setTimeout(r, 100));
      await a.query('ROLLBACK');
      expect((await read).rows[0].n).toBe(0);
    } finally {
      a.release();
    }
  });

  it("a rollback does not undo another connection's committed write", async () => {
    const a = await pool.connect();
    try {
      await pool.query(`INSERT INTO t VALUES (2, 'outside')`);
      await a.query('BEGIN');
      await a.query(`INSERT INTO t VALUES (3, 'inside')`);
      await a.query('ROLLBACK');
      expect((await pool.query('SELECT id FROM t ORDER BY id')).rows).toEqual([{ id: 2 }]);
    } finally {
      a.release();
    }
  });

  it('serialises concurrent read-modify-write transactions (no lost update)', async () => {
    await pool.query(`INSERT INTO t VALUES (10, '0')`);
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        const c = await pool.connect();
        try {
          await c.query('BEGIN');
          const { rows } = await c.query('SELECT v FROM t WHERE id = 10 FOR UPDATE');
          await c.query('UPDATE t SET v = $1 WHERE id = 10', [String(Number(rows[0].v) + 1)]);
          await c.query('COMMIT');
        } finally {
          c.release();
        }
      }),
    );
    expect((await pool.query('SELECT v FROM t WHERE id = 10')).rows[0].v).toBe('8');
  });

  it('has pg_trgm and finds Japanese substrings with a trigram index', async () => {
    await pool.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await pool.query('CREATE INDEX t_v_trgm ON t USING gin (v gin_trgm_ops)');
    await pool.query(`INSERT INTO t VALUES (20, '昨日のライブ配信が最高だった'), (21, '新商品の感想')`);
    const { rows } = await pool.query(`SELECT id FROM t WHERE v LIKE '%ライブ%'`);
    expect(rows).toEqual([{ id: 20 }]);
  });
});
