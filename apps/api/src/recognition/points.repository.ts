import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../database/database.service';
import { assertCommunityId, CommunityScopedRepository } from '../database/scoped-repository';
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

  /** A member's all-time total (the running total the ledger trigger keeps). */
  async total(communityId: string, userId: string): Promise<number> {
    return (await this.totals(communityId, [userId])).get(userId) ?? 0;
  }

  /** All-time totals of some members (0 for those without entries). */
  async totals(communityId: string, userIds: string[]): Promise<Map<string, number>> {
    assertCommunityId(communityId);
    if (userIds.length === 0) return new Map();
    const rows: Array<{ user_id: string; total: number }> = await this.db.manager.query(
      `SELECT user_id, total FROM member_points WHERE community_id = $1 AND user_id = ANY($2::uuid[])`,
      [communityId, userIds],
    );
    const totals = new Map(rows.map((r) => [r.user_id, r.total]));
    return new Map(userIds.map((id) => [id, totals.get(id) ?? 0]));
  }

  /** A member's all-time total and 1-based place among the community's members (ties share a place), in one round trip. */
  async standing(communityId: string, userId: string): Promise<{ points: number; place: number }> {
    assertCommunityId(communityId);
    const [row] = await this.db.manager.query(
      `WITH mine AS (SELECT coalesce((SELECT total FROM member_points WHERE community_id = $1 AND user_id = $2), 0) AS points)
       SELECT mine.points, (SELECT count(*) FROM member_points m WHERE m.community_id = $1 AND m.total > mine.points)::int + 1 AS place FROM mine`,
      [communityId, userId],
    );
    return { points: row.points, place: row.place };
  }

  /**
   * Members by points earned since a moment, best first: all time from the running totals (an index
   * scan), a period by summing the ledger over its time range.
   */
  async leaderboard(communityId: string, since: Date | null, limit: number): Promise<Array<{ userId: string; points: number }>> {
    assertCommunityId(communityId);
    const rows: Array<{ user_id: string; points: number }> = since
      ? await this.db.manager.query(
          `SELECT user_id, sum(points)::int AS points FROM points_ledger WHERE community_id = $1 AND created_at >= $2
            GROUP BY user_id HAVING sum(points) > 0 ORDER BY points DESC, user_id LIMIT $3`,
          [communityId, since, limit],
        )
      : await this.db.manager.query(
          `SELECT user_id, total AS points FROM member_points WHERE community_id = $1 AND total > 0 ORDER BY total DESC, user_id LIMIT $2`,
          [communityId, limit],
        );
    return rows.map((r) => ({ userId: r.user_id, points: r.points }));
  }
}
