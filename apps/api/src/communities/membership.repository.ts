import { Injectable } from '@nestjs/common';
import type { Role } from '@kizuna/contracts';
import { DatabaseService } from '../database/database.service';
import { assertCommunityId, CommunityScopedRepository } from '../database/scoped-repository';
import { MembershipEntity } from './membership.entity';

@Injectable()
export class MembershipRepository extends CommunityScopedRepository<MembershipEntity> {
  constructor(db: DatabaseService) {
    super(db, MembershipEntity);
  }

  findMember(communityId: string, userId: string): Promise<MembershipEntity | null> {
    return this.findOneBy(communityId, { userId });
  }

  amongUsers(communityId: string, userIds: string[]): Promise<MembershipEntity[]> {
    if (userIds.length === 0) return Promise.resolve([]);
    return this.query(communityId, 'm').andWhere('m.userId = ANY(:userIds)', { userIds }).getMany();
  }

  /** Locks the membership row for a role change. */
  lockMember(communityId: string, userId: string): Promise<MembershipEntity | null> {
    return this.query(communityId, 'm').andWhere('m.userId = :userId', { userId }).setLock('pessimistic_write').getOne();
  }

  /** Inserts unless already a member; returns the membership and whether it was created. */
  async join(communityId: string, userId: string, role: Role): Promise<{ membership: MembershipEntity; created: boolean }> {
    assertCommunityId(communityId);
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
