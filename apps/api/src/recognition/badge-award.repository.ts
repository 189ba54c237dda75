import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { DatabaseService } from '../database/database.service';
import { CommunityScopedRepository } from '../database/scoped-repository';
import { BadgeAwardEntity } from './badge-award.entity';

@Injectable()
export class BadgeAwardRepository extends CommunityScopedRepository<BadgeAwardEntity> {
  constructor(db: DatabaseService) {
    super(db, BadgeAwardEntity);
  }

  /** Grants unless an identical live grant exists (the partial unique index decides); `null` then. */
  async grant(communityId: string, values: Pick<BadgeAwardEntity, 'badgeId' | 'userId' | 'grantKey' | 'reason' | 'awardedBy'>): Promise<BadgeAwardEntity | null> {
    const result = await this.repository.createQueryBuilder().insert().values({ ...values, communityId }).orIgnore().returning(['id']).execute();
    const id: string | undefined = result.raw[0]?.id;
    return id ? this.findOneBy(communityId, { id }) : null;
  }

  /** Revokes the live grants of a badge to a member; returns how many. */
  async revoke(communityId: string, badgeId: string, userId: string, by: string, reason: string): Promise<number> {
    return this.update(communityId, { badgeId, userId, revokedAt: IsNull() }, { revokedAt: new Date(), revokedBy: by, revokeReason: reason });
  }

  live(communityId: string, userId: string): Promise<BadgeAwardEntity[]> {
    return this.find(communityId, { where: { userId, revokedAt: IsNull() }, order: { awardedAt: 'ASC' } });
  }

  liveOf(communityId: string, userIds: string[]): Promise<BadgeAwardEntity[]> {
    if (userIds.length === 0) return Promise.resolve([]);
    return this.query(communityId, 'a').andWhere('a.userId = ANY(:userIds) AND a.revokedAt IS NULL', { userIds }).orderBy('a.awardedAt', 'ASC').getMany();
  }

  /** Live grants of one badge, oldest first (the holders list for staff). */
  holdersOf(communityId: string, badgeId: string): Promise<BadgeAwardEntity[]> {
    return this.find(communityId, { where: { badgeId, revokedAt: IsNull() }, order: { awardedAt: 'ASC' } });
  }

  /** Grants made in [from, to), live or since revoked, oldest first. */
  grantedBetween(communityId: string, from: Date, to: Date): Promise<BadgeAwardEntity[]> {
    return this.query(communityId, 'a').andWhere('a.awardedAt >= :from AND a.awardedAt < :to', { from, to }).orderBy('a.awardedAt', 'ASC').getMany();
  }

  /** Live grant counts per badge (how many members hold each). */
  async holderCounts(communityId: string): Promise<Map<string, number>> {
    const rows: Array<{ badge_id: string; n: number }> = await this.query(communityId, 'a')
      .select('a.badgeId', 'badge_id')
      .addSelect('count(DISTINCT a.userId)::int', 'n')
      .andWhere('a.revokedAt IS NULL')
      .groupBy('a.badgeId')
      .getRawMany();
    return new Map(rows.map((r) => [r.badge_id, r.n]));
  }
}
