import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * An endpoint of the brand's systems (its CRM, a marketing tool) that receives signed events of
 * one community. The signing secret is kept as is: signing needs it, so it cannot be hashed; it is
 * shown to staff once, when created or rotated.
 */
@Entity('webhooks')
@Index('webhooks_community_id_created_at_idx', ['communityId', 'createdAt'])
export class WebhookEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey('communities', { onDelete: 'CASCADE' })
  @Column('uuid')
  communityId!: string;

  @Column('text')
  url!: string;

  /** Event types it receives (see WEBHOOK_EVENTS). */
  @Column('text', { array: true })
  events!: string[];

  @Column('text', { default: '' })
  description!: string;

  /** An inactive endpoint is sent nothing; deliveries already queued wait until it is active again. */
  @Column('boolean', { default: true })
  active!: boolean;

  @Column('text')
  secret!: string;

  @ForeignKey('users', { onDelete: 'SET NULL' })
  @Column('uuid', { nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
