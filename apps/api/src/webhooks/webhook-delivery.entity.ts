import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed', 'dead'] as const;
/** `pending`: not tried yet; `failed`: the last try failed, another is due at `nextAttemptAt`; `dead`: given up. */
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One try of a delivery, as the log shows it. */
export interface DeliveryAttempt {
  attempt: number;
  at: string;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/**
 * One event for one endpoint: the payload is fixed when the event is queued (a retry or a replay
 * sends the same body), and signed when sent. A replay is a new row naming the one it repeats.
 */
@Entity('webhook_deliveries')
@Index('webhook_deliveries_webhook_id_activity_id_key', ['webhookId', 'activityId'], { unique: true, where: 'replay_of_id IS NULL' })
@Index('webhook_deliveries_webhook_id_created_at_idx', ['webhookId', 'createdAt'])
@Index('webhook_deliveries_due_idx', ['nextAttemptAt'], { where: "status IN ('pending', 'failed')" })
export class WebhookDeliveryEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey('communities', { onDelete: 'CASCADE' })
  @Column('uuid')
  communityId!: string;

  @ForeignKey('webhooks', { onDelete: 'CASCADE' })
  @Column('uuid')
  webhookId!: string;

  /** The activity it reports (no foreign key: the payload stands on its own). */
  @Column('bigint')
  activityId!: string;

  @Column('text')
  eventType!: string;

  /** The JSON body sent (signed afresh at each try). */
  @Column('jsonb')
  payload!: Record<string, unknown>;

  @Column('text', { default: 'pending' })
  status!: DeliveryStatus;

  @Column('int', { default: 0 })
  attempts!: number;

  /** When the next try is due; while a worker is sending, the end of its lease. */
  @Column('timestamptz', { default: () => 'now()' })
  nextAttemptAt!: Date;

  @Column('int', { nullable: true })
  lastStatusCode!: number | null;

  @Column('text', { nullable: true })
  lastError!: string | null;

  /** The start of the endpoint's last answer. */
  @Column('text', { nullable: true })
  responseExcerpt!: string | null;

  @Column('jsonb', { default: [] })
  attemptLog!: DeliveryAttempt[];

  @Column('uuid', { nullable: true })
  replayOfId!: string | null;

  /** The clock at the insert, not the transaction's start: the log's order within a dispatcher batch is the events' order. */
  @CreateDateColumn({ type: 'timestamptz', default: () => 'clock_timestamp()' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
