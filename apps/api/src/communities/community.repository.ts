import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { DatabaseService } from '../database/database.service';
import { CommunityEntity } from './community.entity';
import { SLUG_PATTERN } from './dto/community.dto';

/**
 * How long a community's row is reused. Every request in a community reads it (settings, roles'
 * rules); it changes a few times a year. A change made by this process is seen at once (the entry
 * is dropped on update and again on commit); other API processes see it within this time.
 */
const CACHE_MS = 2_000;

/** The tenants themselves. */
@Injectable()
export class CommunityRepository {
  private readonly cache = new LRUCache<string, CommunityEntity>({ max: 1_000, ttl: CACHE_MS });

  constructor(private readonly db: DatabaseService) {}

  private get repository() {
    return this.db.manager.getRepository(CommunityEntity);
  }

  findBySlug(slug: string): Promise<CommunityEntity | null> {
    // What cannot be a slug names nothing (and a NUL byte would not even reach PostgreSQL as text).
    if (!SLUG_PATTERN.test(slug)) return Promise.resolve(null);
    return this.cached(`slug:${slug}`, () => this.repository.findOneBy({ slug }));
  }

  findByIds(ids: string[]): Promise<CommunityEntity[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.repository.createQueryBuilder('c').where('c.id = ANY(:ids)', { ids }).getMany();
  }

  findById(id: string): Promise<CommunityEntity | null> {
    return this.cached(`id:${id}`, () => this.repository.findOneBy({ id }));
  }

  /** From the short-lived cache outside transactions (a transaction reads its own view). */
  private async cached(key: string, read: () => Promise<CommunityEntity | null>): Promise<CommunityEntity | null> {
    if (this.db.inTransaction) return read();
    const hit = this.cache.get(key);
    if (hit) return hit;
    const row = await read();
    if (row) this.cache.set(key, row);
    return row;
  }

  private forget(id: string): void {
    for (const [key, row] of this.cache.entries()) if (row.id === id) this.cache.delete(key);
  }

  /** In slug order; `after` is the cursor (the last slug seen). */
  list(limit: number, after?: string): Promise<CommunityEntity[]> {
    const query = this.repository.createQueryBuilder('c').orderBy('c.slug', 'ASC').limit(limit);
    if (after) query.where('c.slug > :after', { after });
    return query.getMany();
  }

  async update(id: string, changes: Partial<CommunityEntity>): Promise<void> {
    this.forget(id);
    await this.repository.update({ id }, changes);
    // A read between the update and the commit may have cached the old row again.
    if (this.db.inTransaction) this.db.afterCommit(() => this.forget(id));
  }

  /** Inserts unless the slug is taken (then `null`). */
  async insertIfSlugFree(values: Pick<CommunityEntity, 'slug' | 'name' | 'description' | 'timeZone' | 'defaultLocale'>): Promise<CommunityEntity | null> {
    const result = await this.repository.createQueryBuilder().insert().values(values).orIgnore().returning(['id']).execute();
    const id: string | undefined = result.raw[0]?.id;
    return id ? this.repository.findOneBy({ id }) : null;
  }
}
