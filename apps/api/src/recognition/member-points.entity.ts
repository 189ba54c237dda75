import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/**
 * Each member's running points total, kept by a trigger on `points_ledger` in the transaction of
 * every ledger insert, so the leaderboard is an index scan and a rank a count over the index rather
 * than a sum over the whole ledger. A row stays at 0 rather than going away, as the ledger's sums did.
 */
@Entity('member_points')
// (community_id, total DESC, user_id): the leaderboard's order, written in the migration (TypeORM can't express DESC).
@Index('member_points_rank_idx', { synchronize: false })
export class MemberPointsEntity {
  @ForeignKey('communities', { onDelete: 'CASCADE' })
  @PrimaryColumn('uuid')
  communityId!: string;

  @PrimaryColumn('uuid')
  userId!: string;

  @Column('int')
  total!: number;
}
