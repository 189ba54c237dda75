import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const ERASED_POSTS_POLICIES = ['anonymise', 'remove'] as const;
export type ErasedPostsPolicy = (typeof ERASED_POSTS_POLICIES)[number];

/** The tenant: a brand's community. */
@Entity('communities')
export class CommunityEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('communities_slug_key', { unique: true })
  @Column('text')
  slug!: string;

  @Column('text')
  name!: string;

  @Column('text', { default: '' })
  description!: string;

  /** IANA time zone: day boundaries of analytics and order dates without an offset. */
  @Column('text', { default: 'Asia/Tokyo' })
  timeZone!: string;

  @Column('text', { default: 'ja' })
  defaultLocale!: string;

  /** The reactions members may give to posts. */
  @Column('text', { array: true, default: () => `'{👍,❤️,😂,😮,😢,🎉}'` })
  reactionEmojis!: string[];

  /** A post is hidden for review once this many distinct members flag it. */
  @Column('int', { default: 3 })
  autoHideFlagCount!: number;

  /** Members are "new" for this many hours after joining (flood protection applies to them). */
  @Column('int', { default: 24 })
  newMemberHours!: number;

  /** Threads and replies a new member may post in any rolling hour. */
  @Column('int', { default: 10 })
  newMemberPostsPerHour!: number;

  /** Staff (owners, managers, moderators, analysts) must sign in with two-factor to use staff routes. */
  @Column('boolean', { default: false })
  requireStaffTwoFactor!: boolean;

  /** What happens to the posts of a member who erases their account: shown as a deleted member's, or removed. */
  @Column('text', { default: 'anonymise' })
  erasedPostsPolicy!: ErasedPostsPolicy;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
