import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/** One member's reaction with one emoji on one post: the key makes reacting idempotent. */
@Entity('reactions')
@Index('reactions_community_id_user_id_idx', ['communityId', 'userId'])
export class ReactionEntity {
  @ForeignKey('posts', { onDelete: 'CASCADE' })
  @PrimaryColumn('uuid')
  postId!: string;

  @PrimaryColumn('uuid')
  userId!: string;

  @PrimaryColumn('text')
  emoji!: string;

  @ForeignKey('communities', { onDelete: 'CASCADE' })
  @Column('uuid')
  communityId!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
