import { LRUCache } from 'lru-cache';
import type { DatabaseService } from './database.service';

/**
 * Rows that nearly every request reads and that rarely change (a community, a membership, the
 * account behind a session), kept for a short time. Only reads outside transactions use it (a
 * transaction sees its own writes). The writer drops the entries it changes at once and again on
 * commit (a read in between may have cached the old row), so this process never serves a stale
 * row; other API processes see a change within the time to live.
 */
export class ReadCache<V extends object> {
  private readonly entries: LRUCache<string, V>;

  constructor(
    private readonly db: DatabaseService,
    ttlMs: number,
    max = 10_000,
  ) {
    this.entries = new LRUCache<string, V>({ max, ttl: ttlMs });
  }

  /** The cached value of `key`, or `read()`'s (cached unless null). */
  async get(key: string, read: () => Promise<V | null>): Promise<V | null> {
    if (this.db.inTransaction) return read();
    const hit = this.entries.get(key);
    if (hit) return hit;
    const value = await read();
    if (value) this.entries.set(key, value);
    return value;
  }

  /** Drops the entries `stale` picks, now and once the current transaction (if any) commits. */
  forget(stale: (key: string, value: V) => boolean): void {
    const drop = () => {
      for (const [key, value] of this.entries.entries()) if (stale(key, value)) this.entries.delete(key);
    };
    drop();
    if (this.db.inTransaction) this.db.afterCommit(drop);
  }
}
