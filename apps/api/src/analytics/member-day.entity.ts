import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/**
 * One member's activity on one calendar day of the community's time zone: the rollup dashboards
 * read instead of raw activity. Recomputed from the activity spine for that member and day on
 * every event, so a re-delivery or a rebuild gives the same row.
 */
@Entity('analytics_member_days')
@Index('analytics_member_days_community_id_day_idx', ['communityId', 'day'])
export class MemberDayEntity {
  @ForeignKey('communities', { onDelete: 'CASCADE' })
  @PrimaryColumn('uuid')
  communityId!: string;

  @PrimaryColumn('uuid')
  userId!: string;

  /** YYYY-MM-DD in the community's time zone. */
  @PrimaryColumn('date')
  day!: string;

  @Column('int', { default: 0 })
  threads!: number;

  @Column('int', { default: 0 })
  replies!: number;

  /** Reactions the member gave. */
  @Column('int', { default: 0 })
  reactions!: number;

  /** Reactions the member's posts received (from others). */
  @Column('int', { default: 0 })
  reactionsReceived!: number;

  /** Whether the member did anything that counts as being active (posting, reacting, redeeming…). */
  @Column('boolean', { default: false })
  active!: boolean;

  /** Every activity type the member did that day, with counts. */
  @Column('jsonb', { default: {} })
  counts!: Record<string, number>;
}
