import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

export const FLAG_REASONS = ['spam', 'inappropriate', 'off-topic', 'harassment', 'other'] as const;
export type FlagReason = (typeof FLAG_REASONS)[number];

/** A member's report of a post; one per member and post. */
@Entity('flags')
@Index('flags_post_id_user_id_key', ['postId', 'userId'], { unique: true })
@Index('flags_community_id_resolved_at_idx', ['communityId', 'resolvedAt'])
export class FlagEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey('communities', { onDelete: 'CASCADE' })
  @Column('uuid')
  communityId!: string;

  @ForeignKey('posts', { onDelete: 'CASCADE' })
  @Column('uuid')
  postId!: string;

  @Column('uuid')
  userId!: string;

  @Column('text')
  reason!: FlagReason;

  @Column('text', { default: '' })
  note!: string;

  @Column('timestamptz', { nullable: true })
  resolvedAt!: Date | null;

  @Column('uuid', { nullable: true })
  resolvedBy!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
