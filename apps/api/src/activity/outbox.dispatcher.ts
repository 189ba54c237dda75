import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { DatabaseService } from '../database/database.service';
import type { OutboxConsumer, OutboxEvent } from './outbox-consumer';

export interface DispatcherOptions {
  batchSize: number;
  pollIntervalMs: number;
  maxAttempts: number;
  /** Backoff before retry n (1-based): base × 2^(n-1), capped. */
  backoffBaseMs: number;
  backoffMaxMs: number;
}

export const DEFAULT_DISPATCHER_OPTIONS: DispatcherOptions = {
  batchSize: 50,
  pollIntervalMs: 500,
  maxAttempts: 8,
  backoffBaseMs: 1000,
  backoffMaxMs: 5 * 60_000,
};

/** A consumer taking this long for one event is logged: everything queued behind it waits. */
const SLOW_CONSUMER_MS = 100;

interface ClaimedRow {
  outbox_id: string;
  activity_id: string;
  event_type: string;
  done_consumers: string[];
  attempts: number;
  bulk: boolean;
  community_id: string | null;
  actor_id: string | null;
  subject_type: string | null;
  subject_id: string | null;
  data: Record<string, unknown>;
  occurred_at: Date;
}

/**
 * Hands committed outbox rows to their consumers. Any number of API processes may run it: a batch
 * is claimed with `FOR UPDATE SKIP LOCKED` inside a transaction, so a row is never handed out by
 * two dispatchers at once, and a process that dies mid-batch releases its claim with its
 * connection. Each consumer runs under a savepoint: one failing consumer rolls back only its own
 * writes; the row is retried with backoff for the consumers that have not yet succeeded, and parked
 * after `maxAttempts`. Rows are handed out in the order they fell due, bulk rows (an import's) after
 * all others: a live reply never waits behind a million-row import's purchases.
 */
@Injectable()
export class OutboxDispatcher implements OnApplicationShutdown {
  private readonly logger = new Logger(OutboxDispatcher.name);
  private readonly consumers: OutboxConsumer[] = [];
  private options = DEFAULT_DISPATCHER_OPTIONS;
  private running = false;
  private timer?: NodeJS.Timeout;
  private loop?: Promise<void>;
  private wakeRequested = false;

  constructor(private readonly db: DatabaseService) {}

  register(consumer: OutboxConsumer): void {
    if (this.consumers.some((c) => c.name === consumer.name)) throw new Error(`outbox consumer ${consumer.name} registered twice`);
    if (consumer.announces) this.consumers.unshift(consumer);
    else this.consumers.push(consumer);
  }

  configure(options: Partial<DispatcherOptions>): void {
    this.options = { ...this.options, ...options };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.loop;
  }

  onApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  /** Called after a commit that wrote outbox rows: dispatch now rather than at the next poll. */
  wake(): void {
    if (!this.running) return;
    if (this.loop) {
      this.wakeRequested = true;
      return;
    }
    this.schedule(0);
  }

  /** Claims and handles one batch; returns how many rows it handled (fewer than claimed when a bulk batch gave way to live rows). */
  async dispatchBatch(): Promise<number> {
    return this.db.transaction(async () => {
      const manager = this.db.manager;
      const rows: ClaimedRow[] = await manager.query(
        // The rows are claimed first, then each one's activity is fetched by its key (the LIMIT
        // keeps that a lookup per row): as a plain join the planner could pick a merge join that
        // walks the activity key from the start (~300 ms per batch at a million activities).
        `SELECT o.id AS outbox_id, o.activity_id, o.event_type, o.done_consumers, o.attempts, o.bulk,
                a.community_id, a.actor_id, a.subject_type, a.subject_id, a.data, a.occurred_at
           FROM (SELECT id, activity_id, event_type, done_consumers, attempts, bulk, available_at FROM outbox
                  WHERE processed_at IS NULL AND parked_at IS NULL AND available_at <= now()
                  ORDER BY bulk, available_at, id
                  LIMIT $1
                  FOR UPDATE SKIP LOCKED) o
          CROSS JOIN LATERAL (SELECT community_id, actor_id, subject_type, subject_id, data, occurred_at
                                FROM activity WHERE id = o.activity_id LIMIT 1) a
          ORDER BY o.bulk, o.available_at, o.id`,
        [this.options.batchSize],
      );
      const delivered: Array<{ id: string; done: string[] }> = [];
      let handled = 0;
      for (const row of rows) {
        // A commit in this process woke the dispatcher meanwhile: the live rows it wrote go before
        // the rest of a bulk batch (released at commit, for the next one; a batch always handles one).
        if (row.bulk && handled > 0 && this.wakeRequested) break;
        handled += 1;
        const done = await this.deliver(row);
        if (done) delivered.push({ id: row.outbox_id, done });
      }
      // The rows every consumer handled are marked done together, in one statement.
      if (delivered.length > 0) {
        await manager.query(
          `UPDATE outbox o SET processed_at = now(), done_consumers = d.done
             FROM jsonb_to_recordset($1::jsonb) AS d(id bigint, done text[])
            WHERE o.id = d.id`,
          [JSON.stringify(delivered)],
        );
      }
      return handled;
    });
  }

  /** Dispatches until nothing is due (used by tests and the CLI). */
  async drain(): Promise<void> {
    while ((await this.dispatchBatch()) > 0);
  }

  /**
   * Runs the consumers of one row, each under its own savepoint: a failing one rolls back only its
   * own writes and is retried later, the others are not run again. Returns the consumers done when
   * all succeeded (the caller marks the row processed), or null once the row was rescheduled.
   */
  private async deliver(row: ClaimedRow): Promise<string[] | null> {
    const event: OutboxEvent = {
      outboxId: row.outbox_id,
      activityId: row.activity_id,
      type: row.event_type,
      communityId: row.community_id,
      actorId: row.actor_id,
      subjectType: row.subject_type,
      subjectId: row.subject_id,
      data: row.data,
      occurredAt: row.occurred_at,
      attempt: row.attempts + 1,
    };
    const done = [...row.done_consumers];
    const errors: string[] = [];
    for (const consumer of this.consumers) {
      if (done.includes(consumer.name) || !(consumer.types === '*' || consumer.types.includes(event.type))) continue;
      const started = performance.now();
      const outcome = await this.underSavepoint(() => consumer.handle(event));
      const ms = performance.now() - started;
      if (ms >= SLOW_CONSUMER_MS) this.logger.warn({ consumer: consumer.name, type: event.type, outboxId: row.outbox_id, ms: Math.round(ms) }, 'slow outbox consumer');
      if (outcome === true) done.push(consumer.name);
      else errors.push(`${consumer.name}: ${outcome}`);
    }
    if (errors.length === 0) return done;
    const attempts = row.attempts + 1;
    const park = attempts >= this.options.maxAttempts;
    const delay = Math.min(this.options.backoffBaseMs * 2 ** (attempts - 1), this.options.backoffMaxMs);
    await this.db.manager.query(
      `UPDATE outbox SET attempts = $2, done_consumers = $3, last_error = $4,
              available_at = now() + make_interval(secs => $5::double precision / 1000),
              parked_at = CASE WHEN $6 THEN now() END
        WHERE id = $1`,
      [row.outbox_id, attempts, [...done], errors.join('\n').slice(0, 4000), delay, park],
    );
    this.logger.warn({ outboxId: row.outbox_id, type: row.event_type, attempts, parked: park, errors }, 'outbox delivery failed');
    return null;
  }

  /** Runs `work` under a savepoint: true when it succeeded, else its error message (its writes rolled back). */
  private async underSavepoint(work: () => Promise<void>): Promise<true | string> {
    const manager = this.db.manager;
    await manager.query('SAVEPOINT outbox_consumer');
    try {
      await work();
      await manager.query('RELEASE SAVEPOINT outbox_consumer');
      return true;
    } catch (error) {
      await manager.query('ROLLBACK TO SAVEPOINT outbox_consumer');
      return error instanceof Error ? error.message : String(error);
    }
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.loop = this.tick().finally(() => {
        this.loop = undefined;
        if (!this.running) return;
        const again = this.wakeRequested;
        this.wakeRequested = false;
        this.schedule(again ? 0 : this.options.pollIntervalMs);
      });
    }, delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    try {
      while (this.running && (await this.dispatchBatch()) === this.options.batchSize);
    } catch (error) {
      this.logger.error({ err: error }, 'outbox dispatch failed');
    }
  }
}
