import type { EntityTarget, FindManyOptions, FindOptionsWhere, ObjectLiteral, Repository, SelectQueryBuilder } from 'typeorm';
import type { DatabaseService } from './database.service';

/** A row owned by one community (the tenant). */
export interface CommunityOwned extends ObjectLiteral {
  communityId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Base of every repository of community-owned data: each method takes the community id first and
 * refuses a missing one, and every query it builds is filtered by it. A module cannot forget the
 * tenant because there is no unscoped method to call.
 */
export abstract class CommunityScopedRepository<T extends CommunityOwned> {
  protected constructor(
    protected readonly db: DatabaseService,
    private readonly entity: EntityTarget<T>,
  ) {}

  protected get repository(): Repository<T> {
    return this.db.manager.getRepository(this.entity);
  }

  protected where(communityId: string, where: FindOptionsWhere<T> = {}): FindOptionsWhere<T> {
    assertCommunityId(communityId);
    return { ...where, communityId } as FindOptionsWhere<T>;
  }

  /**
   * A row found by its id alone: the one unscoped read, used to find the tenant of a global id in a
   * path (`/threads/:id`). The caller checks access to `row.communityId` before showing anything of
   * it, and every further query is scoped to that community.
   */
  findForTenantCheck(id: string): Promise<T | null> {
    return this.repository.findOneBy({ id } as never);
  }

  findOneBy(communityId: string, where: FindOptionsWhere<T>): Promise<T | null> {
    return this.repository.findOneBy(this.where(communityId, where));
  }

  find(communityId: string, options: Omit<FindManyOptions<T>, 'where'> & { where?: FindOptionsWhere<T> } = {}): Promise<T[]> {
    return this.repository.find({ ...options, where: this.where(communityId, options.where) });
  }

  countBy(communityId: string, where: FindOptionsWhere<T> = {}): Promise<number> {
    return this.repository.countBy(this.where(communityId, where));
  }

  async insert(communityId: string, values: Omit<T, 'communityId'> | Partial<T>): Promise<T> {
    assertCommunityId(communityId);
    const row = this.repository.create({ ...values, communityId } as T);
    return this.repository.save(row);
  }

  async update(communityId: string, where: FindOptionsWhere<T>, values: Partial<T>): Promise<number> {
    const result = await this.repository.update(this.where(communityId, where), values as never);
    return result.affected ?? 0;
  }

  /** A query builder already filtered by the community. */
  protected query(communityId: string, alias: string): SelectQueryBuilder<T> {
    assertCommunityId(communityId);
    return this.repository.createQueryBuilder(alias).where(`${alias}.communityId = :communityId`, { communityId });
  }
}

export function assertCommunityId(communityId: string): void {
  if (typeof communityId !== 'string' || !UUID.test(communityId)) {
    throw new Error(`A community-scoped query needs a community id, got ${JSON.stringify(communityId)}`);
  }
}
