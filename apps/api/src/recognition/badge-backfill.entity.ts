import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

export const BACKFILL_STATUSES = ['pending', 'running', 'done'] as const;
export type BackfillStatus = (typeof BACKFILL_STATUSES)[number];

/**
 * Awarding a new or changed rule badge to every member who already qualifies, a batch of members
 * per transaction so progress shows while it runs and a restart resumes after `afterUserId`.
 */
@Entity('badge_backfills')
@Index('badge_backfills_badge_id_created_at_idx', ['badgeId', 'createdAt'])
@Index('badge_backfills_open_idx', ['createdAt'], { where: "status <> 'done'" })
export class BadgeBackfillEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey('communities', { onDelete: 'CASCADE' })
  @Column('uuid')
  communityId!: string;

  @ForeignKey('badges', { onDelete: 'CASCADE' })
  @Column('uuid')
  badgeId!: string;

  @Column('text', { default: 'pending' })
  status!: BackfillStatus;

  /** Members when it started. */
  @Column('int')
  total!: number;

  /** Members evaluated so far. */
  @Column('int', { default: 0 })
  done!: number;

  @Column('int', { default: 0 })
  awarded!: number;

  /** The last member evaluated (members go in user id order). */
  @Column('uuid', { nullable: true })
  afterUserId!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { nullable: true })
  startedAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  finishedAt!: Date | null;
}
