import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

export const PERK_KINDS = ['coupon', 'link', 'board'] as const;
export type PerkKind = (typeof PERK_KINDS)[number];

/**
 * Something a badge or a rank unlocks (限定特典): a coupon code from a pool, a private link, or a
 * members-only board that only holders (and staff) can see.
 */
@Entity('perks')
@Index('perks_community_id_board_id_idx', ['communityId', 'boardId'])
export class PerkEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey('communities', { onDelete: 'CASCADE' })
  @Column('uuid')
  communityId!: string;

  @Column('text')
  nameJa!: string;

  @Column('text')
  nameEn!: string;

  @Column('text', { default: '' })
  descriptionJa!: string;

  @Column('text', { default: '' })
  descriptionEn!: string;

  @Column('text')
  kind!: PerkKind;

  /** Unlocked by holding this badge… */
  @ForeignKey('badges', { onDelete: 'CASCADE' })
  @Column('uuid', { nullable: true })
  badgeId!: string | null;

  /** …or by reaching this rank (a key of the community's ladder). */
  @Column('text', { nullable: true })
  rankKey!: string | null;

  /** The private link (kind `link`). */
  @Column('text', { nullable: true })
  url!: string | null;

  /** The members-only board (kind `board`). */
  @ForeignKey('boards', { onDelete: 'CASCADE' })
  @Column('uuid', { nullable: true })
  boardId!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
