import { Injectable } from '@nestjs/common';
import type { Role } from '@kizuna/contracts';
import type { FindOptionsWhere } from 'typeorm';
import { DatabaseService } from '../database/database.service';
import { ReadCache } from '../database/read-cache';
import { assertCommunityId, CommunityScopedRepository } from '../database/scoped-repository';
import { MembershipEntity } from './membership.entity';

@Injectable()
export class MembershipRepository extends CommunityScopedRepository<MembershipEntity> {
  /** The caller's membership is read by every community request: kept 1 s (`communityId:userId`), dropped on every write here. */
  private readonly cache: ReadCache<MembershipEntity>;

  constructor(db: DatabaseService) {
    super(db, MembershipEntity);
    this.cache = new ReadCache(db, 1_000);
  }

  findMember(communityId: string, userId: string): Promise<MembershipEntity | null> {
    return this.cache.get(`${communityId}:${userId}`, () => this.findOneBy(communityId, { userId }));
  }

  override update(communityId: string, where: FindOptionsWhere<MembershipEntity>, values: Partial<MembershipEntity>): Promise<number> {
    this.cache.forget((key) => key.startsWith(`${communityId}:`));
    return super.update(communityId, where, values);
  }

  amongUsers(communityId: string, userIds: string[]): Promise<MembershipEntity[]> {
    if (userIds.length === 0) return Promise.resolve([]);
    return this.query(communityId, 'm').andWhere('m.userId = ANY(:userIds)', { userIds }).getMany();
  }

  async idsAfter(communityId: string, afterUserId: string | null, limit: number): Promise<string[]> {
    const query = this.query(communityId, 'm').select('m.userId', 'user_id').orderBy('m.userId', 'ASC').limit(limit);
    if (afterUserId) query.andWhere('m.userId > :afterUserId', { afterUserId });
    return (await query.getRawMany<{ user_id: string }>()).map((r) => r.user_id);
  }

  async search(communityId: string, q: string, limit: number): Promise<MemberSummary[]> {
    assertCommunityId(communityId);
    const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const rows: Array<{ user_id: string; display_name: string; role: Role; joined_at: Date; suspended_at: Date | null }> = await this.db.manager.query(
      `SELECT m.user_id, u.display_name, m.role, m.joined_at, m.suspended_at
         FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE m.community_id = $1 AND m.erased_at IS NULL AND u.display_name ILIKE $2
        ORDER BY lower(u.display_name), m.user_id
        LIMIT $3`,
      [communityId, pattern, limit],
    );
    return rows.map((r) => ({ userId: r.user_id, displayName: r.display_name, role: r.role, joinedAt: new Date(r.joined_at), suspendedAt: r.suspended_at ? new Date(r.suspended_at) : null }));
  }

  /** Locks the membership row for a role change. */
  lockMember(communityId: string, userId: string): Promise<MembershipEntity | null> {
    return this.query(communityId, 'm').andWhere('m.userId = :userId', { userId }).setLock('pessimistic_write').getOne();
  }

  /** Inserts unless already a member; returns the membership and whether it was created. */
  async join(communityId: string, userId: string, role: Role): Promise<{ membership: MembershipEntity; created: boolean }> {
    assertCommunityId(communityId);
    this.cache.forget((key) => key === `${communityId}:${userId}`);
    const result = await this.repository
      .createQueryBuilder()
      .insert()
      .values({ communityId, userId, role })
      .orIgnore()
      .returning(['id'])
      .execute();
    const membership = (await this.findMember(communityId, userId))!;
    return { membership, created: result.raw.length > 0 };
  }

  /** Owners, locked: serialises concurrent demotions so the last owner can't be removed twice over. */
  async lockOwners(communityId: string): Promise<number> {
    const owners = await this.query(communityId, 'm').andWhere(`m.role = 'owner'`).setLock('pessimistic_write').getMany();
    return owners.length;
  }

  async setRole(communityId: string, userId: string, role: Role): Promise<void> {
    await this.update(communityId, { userId }, { role });
  }

  /** A person's memberships across communities (their own data, e.g. GET /me/communities). */
  forUser(userId: string): Promise<MembershipEntity[]> {
    return this.repository.find({ where: { userId }, order: { joinedAt: 'ASC' } });
  }

  /** Marks every membership of a person as erased (they stay counted, and leave lists and rankings). */
  async eraseAllOf(userId: string): Promise<void> {
    this.cache.forget((key) => key.endsWith(`:${userId}`));
    await this.repository.update({ userId }, { erasedAt: new Date() });
  }

  /** Member counts of the given communities (a public aggregate). */
  async counts(communityIds: string[]): Promise<Map<string, number>> {
    communityIds.forEach(assertCommunityId);
    if (communityIds.length === 0) return new Map();
    const rows: Array<{ community_id: string; count: number }> = await this.repository
      .createQueryBuilder('m')
      .select('m.communityId', 'community_id')
      .addSelect('count(*)::int', 'count')
      .where('m.communityId = ANY(:communityIds)', { communityIds })
      .groupBy('m.communityId')
      .getRawMany();
    return new Map(rows.map((r) => [r.community_id, r.count]));
  }
}

export interface MemberSummary {
  userId: string;
  displayName: string;
  role: Role;
  joinedAt: Date;
  suspendedAt: Date | null;
}
