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

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
