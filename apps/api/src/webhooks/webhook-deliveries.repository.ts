import { Injectable } from '@nestjs/common';
import type { QueryDeepPartialEntity } from 'typeorm';
import { DatabaseService } from '../database/database.service';
import { assertCommunityId, CommunityScopedRepository } from '../database/scoped-repository';
import { type DeliveryAttempt, type DeliveryStatus, WebhookDeliveryEntity } from './webhook-delivery.entity';

export type NewDelivery = Pick<WebhookDeliveryEntity, 'id' | 'webhookId' | 'activityId' | 'eventType' | 'payload'>;

/** A delivery a worker has claimed, with what it needs to send it. */
export interface ClaimedDelivery {
  id: string;
  communityId: string;
  webhookId: string;
  eventType: string;
  payload: Record<string, unknown>;
  /** Including this one. */
  attempts: number;
  url: string;
  secret: string;
}

export interface DeliveryOutcome {
  status: DeliveryStatus;
  /** Seconds from now until the next try (status `failed`). */
  retryInSeconds: number | null;
  statusCode: number | null;
  error: string | null;
  responseExcerpt: string | null;
  attempt: DeliveryAttempt;
}

@Injectable()
export class WebhookDeliveriesRepository extends CommunityScopedRepository<WebhookDeliveryEntity> {
  constructor(db: DatabaseService) {
    super(db, WebhookDeliveryEntity);
  }

  /** Queues deliveries; one already queued for the same endpoint and activity is kept (a redelivered event). */
  async enqueue(communityId: string, deliveries: NewDelivery[]): Promise<number> {
    assertCommunityId(communityId);
    if (deliveries.length === 0) return 0;
    const result = await this.db.manager
      .createQueryBuilder()
      .insert()
      .into(WebhookDeliveryEntity)
      .values(deliveries.map((d) => ({ ...d, communityId }) as QueryDeepPartialEntity<WebhookDeliveryEntity>))
      .orIgnore()
      .returning(['id'])
      .execute();
    return result.raw.length;
  }

  /** An endpoint's deliveries, newest first. */
  page(communityId: string, webhookId: string, limit: number, after?: { createdAt: string; id: string }, status?: DeliveryStatus): Promise<WebhookDeliveryEntity[]> {
    const query = this.query(communityId, 'd').andWhere('d.webhookId = :webhookId', { webhookId }).orderBy('d.createdAt', 'DESC').addOrderBy('d.id', 'DESC').limit(limit);
    if (status) query.andWhere('d.status = :status', { status });
    if (after) query.andWhere('(d.createdAt, d.id) < (:createdAt, :id)', after);
    return query.getMany();
  }

  /**
   * Claims due deliveries of active endpoints, of every community (the worker's view), by leasing
   * them: the try is counted and `next_attempt_at` moved to the end of the lease, in one statement
   * that commits at once, so no transaction stays open while the request is out. `SKIP LOCKED`
   * shares the work between processes; a worker that dies mid-request leaves the row to be claimed
   * again when its lease ends. `now` defaults to the database clock.
   */
  async claimDue(limit: number, leaseSeconds: number, now: Date | null): Promise<ClaimedDelivery[]> {
    const [rows]: [ClaimedDelivery[], number] = await this.db.manager.query(
      `WITH due AS (
         SELECT d.id FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
          WHERE d.status IN ('pending', 'failed') AND d.next_attempt_at <= COALESCE($1::timestamptz, now()) AND w.active
          ORDER BY d.next_attempt_at, d.id
          LIMIT $2
          FOR UPDATE OF d SKIP LOCKED)
       UPDATE webhook_deliveries d
          SET attempts = d.attempts + 1, next_attempt_at = COALESCE($1::timestamptz, now()) + make_interval(secs => $3), updated_at = now()
         FROM due, webhooks w
        WHERE d.id = due.id AND w.id = d.webhook_id
       RETURNING d.id, d.community_id AS "communityId", d.webhook_id AS "webhookId", d.event_type AS "eventType", d.payload, d.attempts, w.url, w.secret`,
      [now, limit, leaseSeconds],
    );
    return rows;
  }

  /**
   * Records how a claimed try went. Only the claim that made it may: if its lease ran out and
   * another worker claimed the row again, the count of tries has moved on and this does nothing.
   */
  async record(id: string, claimedAttempts: number, outcome: DeliveryOutcome, now: Date | null): Promise<boolean> {
    const [, affected]: [unknown, number] = await this.db.manager.query(
      `UPDATE webhook_deliveries
          SET status = $3, next_attempt_at = CASE WHEN $4::double precision IS NULL THEN next_attempt_at ELSE COALESCE($9::timestamptz, now()) + make_interval(secs => $4::double precision) END,
              last_status_code = $5, last_error = $6, response_excerpt = $7, attempt_log = attempt_log || $8::jsonb, updated_at = now()
        WHERE id = $1 AND attempts = $2 AND status IN ('pending', 'failed')`,
      [id, claimedAttempts, outcome.status, outcome.retryInSeconds, outcome.statusCode, outcome.error, outcome.responseExcerpt, JSON.stringify([outcome.attempt]), now],
    );
    return affected > 0;
  }

  /** Queues a delivery's payload again, as a new delivery. */
  replay(communityId: string, original: WebhookDeliveryEntity): Promise<WebhookDeliveryEntity> {
    return this.insert(communityId, {
      webhookId: original.webhookId,
      activityId: original.activityId,
      eventType: original.eventType,
      payload: original.payload,
      status: 'pending',
      attempts: 0,
      lastStatusCode: null,
      lastError: null,
      responseExcerpt: null,
      attemptLog: [],
      replayOfId: original.id,
    });
  }
}
