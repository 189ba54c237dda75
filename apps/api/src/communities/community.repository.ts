import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../database/database.service';
import { ReadCache } from '../database/read-cache';
import { CommunityEntity } from './community.entity';
import { SLUG_PATTERN } from './dto/community.dto';

/** The tenants themselves. */
@Injectable()
export class CommunityRepository {
  /**
   * Every request in a community reads its row (settings, rules); it changes a few times a year.
   * Other API processes see a change within 2 s.
   */
  private readonly cache: ReadCache<CommunityEntity>;

  constructor(private readonly db: DatabaseService) {
    this.cache = new ReadCache(db, 2_000, 1_000);
  }

  private get repository() {
    return this.db.manager.getRepository(CommunityEntity);
  }

  findBySlug(slug: string): Promise<CommunityEntity | null> {
    // What cannot be a slug names nothing (and a NUL byte would not even reach PostgreSQL as text).
    if (!SLUG_PATTERN.test(slug)) return Promise.resolve(null);
    return this.cache.get(`slug:${slug}`, () => this.repository.findOneBy({ slug }));
  }

  findByIds(ids: string[]): Promise<CommunityEntity[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.repository.createQueryBuilder('c').where('c.id = ANY(:ids)', { ids }).getMany();
  }

  findById(id: string): Promise<CommunityEntity | null> {
    return this.cache.get(`id:${id}`, () => this.repository.findOneBy({ id }));
  }

  /** In slug order; `after` is the cursor (the last slug seen). */
  list(limit: number, after?: string): Promise<CommunityEntity[]> {
    const query = this.repository.createQueryBuilder('c').orderBy('c.slug', 'ASC').limit(limit);
    if (after) query.where('c.slug > :after', { after });
    return query.getMany();
  }

  async update(id: string, changes: Partial<CommunityEntity>): Promise<void> {
    this.cache.forget((_key, row) => row.id === id);
    await this.repository.update({ id }, changes);
  }

  /** Inserts unless the slug is taken (then `null`). */
  async insertIfSlugFree(values: Pick<CommunityEntity, 'slug' | 'name' | 'description' | 'timeZone' | 'defaultLocale'>): Promise<CommunityEntity | null> {
    const result = await this.repository.createQueryBuilder().insert().values(values).orIgnore().returning(['id']).execute();
    const id: string | undefined = result.raw[0]?.id;
    return id ? this.repository.findOneBy({ id }) : null;
  }
}
