import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../database/database.service';
import { CommunityScopedRepository } from '../database/scoped-repository';
import { PointsEntryEntity } from './points.entity';

@Injectable()
export class PointsRepository extends CommunityScopedRepository<PointsEntryEntity> {
  constructor(db: DatabaseService) {
    super(db, PointsEntryEntity);
  }

  /** Adds an entry unless this member already has one for the activity and reason; whether it did. */
  async add(communityId: string, entry: Pick<PointsEntryEntity, 'userId' | 'points' | 'reason' | 'activityId' | 'subjectId'>): Promise<boolean> {
    const result = await this.repository.createQueryBuilder().insert().values({ ...entry, communityId }).orIgnore().returning(['id']).execute();
    return result.raw.length > 0;
  }

  /** What a subject earned each member, net (for reversing it). */
  async earnedBy(communityId: string, subjectId: string): Promise<Array<{ userId: string; points: number }>> {
    const rows: Array<{ user_id: string; points: number }> = await this.query(communityId, 'p')
      .select('p.userId', 'user_id')
      .addSelect('sum(p.points)::int', 'points')
      .andWhere('p.subjectId = :subjectId', { subjectId })
      .groupBy('p.userId')
      .getRawMany();
    return rows.map((r) => ({ userId: r.user_id, points: r.points }));
  }

  async total(communityId: string, userId: string): Promise<number> {
    const row = await this.query(communityId, 'p').select('coalesce(sum(p.points), 0)::int', 'total').andWhere('p.userId = :userId', { userId }).getRawOne<{ total: number }>();
    return row?.total ?? 0;
  }

  /** All-time totals of some members (0 for those without entries). */
  async totals(communityId: string, userIds: string[]): Promise<Map<string, number>> {
    if (userIds.length === 0) return new Map();
    const rows: Array<{ user_id: string; total: number }> = await this.query(communityId, 'p')
      .select('p.userId', 'user_id')
      .addSelect('sum(p.points)::int', 'total')
      .andWhere('p.userId = ANY(:userIds)', { userIds })
      .groupBy('p.userId')
      .getRawMany();
    const totals = new Map(rows.map((r) => [r.user_id, r.total]));
    return new Map(userIds.map((id) => [id, totals.get(id) ?? 0]));
  }

  /** Members by points earned since a moment (all time without one), best first. */
  async leaderboard(communityId: string, since: Date | null, limit: number): Promise<Array<{ userId: string; points: number }>> {
    const query = this.query(communityId, 'p')
      .select('p.userId', 'user_id')
      .addSelect('sum(p.points)::int', 'points')
      .groupBy('p.userId')
      .having('sum(p.points) > 0')
      .orderBy('points', 'DESC')
      .addOrderBy('user_id', 'ASC')
      .limit(limit);
    if (since) query.andWhere('p.createdAt >= :since', { since });
    const rows: Array<{ user_id: string; points: number }> = await query.getRawMany();
    return rows.map((r) => ({ userId: r.user_id, points: r.points }));
  }

  /** 1-based all-time rank of a member with these points (ties share a rank). */
  async rankOf(communityId: string, points: number): Promise<number> {
    const [row] = await this.db.manager.query(
      `SELECT count(*)::int + 1 AS rank FROM (SELECT user_id FROM points_ledger WHERE community_id = $1 GROUP BY user_id HAVING sum(points) > $2) better`,
      [communityId, points],
    );
    return row.rank;
  }
}
