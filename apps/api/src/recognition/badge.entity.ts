import type { BadgeRule } from '@kizuna/contracts';
import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const BADGE_TIERS = ['bronze', 'silver', 'gold'] as const;
export type BadgeTier = (typeof BADGE_TIERS)[number];

/** A badge a community can award: by hand, or by a rule evaluated as activity arrives. */
@Entity('badges')
@Index('badges_community_id_key_key', ['communityId', 'key'], { unique: true })
export class BadgeEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey('communities', { onDelete: 'CASCADE' })
  @Column('uuid')
  communityId!: string;

  /** Stable identifier within the community, e.g. `first-post`. */
  @Column('text')
  key!: string;

  @Column('text')
  nameJa!: string;

  @Column('text')
  nameEn!: string;

  @Column('text', { default: '' })
  descriptionJa!: string;

  @Column('text', { default: '' })
  descriptionEn!: string;

  /** An emoji or an https image URL. */
  @Column('text')
  icon!: string;

  @Column('text')
  tier!: BadgeTier;

  @Column('text', { default: '' })
  grouping!: string;

  /** `null`: awarded by hand only. */
  @Column('jsonb', { nullable: true })
  rule!: BadgeRule | null;

  /** May be granted more than once to the same member (e.g. one per event attended). */
  @Column('boolean', { default: false })
  multiple!: boolean;

  /** Shown only to holders until earned. */
  @Column('boolean', { default: false })
  hiddenUntilEarned!: boolean;

  /** The title (称号) holders may show, in Japanese and English; null when none. */
  @Column('text', { nullable: true })
  titleJa!: string | null;

  @Column('text', { nullable: true })
  titleEn!: string | null;

  /** The title is held until then (seasonal and event titles); the badge itself stays. */
  @Column('timestamptz', { nullable: true })
  titleExpiresAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  archivedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
