import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

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

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
