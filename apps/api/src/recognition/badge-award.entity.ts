import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One grant of a badge to a member, with who, when and why, and — once revoked — who, when and
 * why again. A partial unique index on live grants makes awarding idempotent under concurrency:
 * `grantKey` is '' for single-grant badges and distinguishes the grants of multiple-grant ones.
 */
@Entity('badge_awards')
@Index('badge_awards_live_key', ['badgeId', 'userId', 'grantKey'], { unique: true, where: 'revoked_at IS NULL' })
@Index('badge_awards_community_id_user_id_idx', ['communityId', 'userId'])
export class BadgeAwardEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey('communities', { onDelete: 'CASCADE' })
  @Column('uuid')
  communityId!: string;

  @ForeignKey('badges', { onDelete: 'CASCADE' })
  @Column('uuid')
  badgeId!: string;

  @ForeignKey('users', { onDelete: 'CASCADE' })
  @Column('uuid')
  userId!: string;

  @Column('text', { default: '' })
  grantKey!: string;

  @Column('text', { default: '' })
  reason!: string;

  /** `null` when a rule awarded it. */
  @Column('uuid', { nullable: true })
  awardedBy!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  awardedAt!: Date;

  @Column('timestamptz', { nullable: true })
  revokedAt!: Date | null;

  @Column('uuid', { nullable: true })
  revokedBy!: string | null;

  @Column('text', { nullable: true })
  revokeReason!: string | null;
}
