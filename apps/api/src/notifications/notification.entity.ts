import type { NotificationType } from '@kizuna/contracts';
import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * Something that happened for a person: a reply to their thread or post, a mention, reactions to
 * their post (bundled while unread, as Discourse does), a badge. Made by the notifications consumer
 * of the outbox; `activityIds` makes a redelivery a no-op.
 */
@Entity('notifications')
@Index('notifications_user_id_updated_at_idx', ['userId', 'updatedAt', 'id'])
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey('users', { onDelete: 'CASCADE' })
  @Column('uuid')
  userId!: string;

  @ForeignKey('communities', { onDelete: 'CASCADE' })
  @Column('uuid')
  communityId!: string;

  @Column('text')
  type!: NotificationType;

  /** The latest person behind it. */
  @Column('uuid', { nullable: true })
  actorId!: string | null;

  /** How many events are bundled in it (reactions to one post). */
  @Column('int', { default: 1 })
  count!: number;

  @Column('uuid', { nullable: true })
  threadId!: string | null;

  @Column('uuid', { nullable: true })
  postId!: string | null;

  @Column('jsonb', { default: {} })
  data!: Record<string, unknown>;

  @Column('bigint', { array: true })
  activityIds!: string[];

  @Column('timestamptz', { nullable: true })
  readAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
