import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The delivery record of one activity to its consumers. Written in the same transaction as the
 * activity; the dispatcher marks it processed, or schedules a retry, or parks it after too many
 * failures (visible in /api/health and re-drivable with `npm run outbox -- redrive`).
 */
@Entity('outbox')
@Index('outbox_pending_idx', ['bulk', 'availableAt', 'id'], { where: 'processed_at IS NULL AND parked_at IS NULL' })
export class OutboxEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Index('outbox_activity_id_key', { unique: true })
  @ForeignKey('activity')
  @Column('bigint')
  activityId!: string;

  @Column('text')
  eventType!: string;

  /** Consumers that have handled this row; a retry runs only the others. */
  @Column('text', { array: true, default: () => "'{}'" })
  doneConsumers!: string[];

  @Column('int', { default: 0 })
  attempts!: number;

  /**
   * Written in bulk (an import's purchases): dispatched after every row due that is not, so a fan's
   * reply is delivered live even while a million-row import's events are being worked off.
   */
  @Column('boolean', { default: false })
  bulk!: boolean;

  @Column('timestamptz', { default: () => 'now()' })
  availableAt!: Date;

  @Column('text', { nullable: true })
  lastError!: string | null;

  @Column('timestamptz', { nullable: true })
  processedAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  parkedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
