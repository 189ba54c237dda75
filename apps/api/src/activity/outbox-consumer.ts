/** What a consumer receives: the activity, as committed. */
export interface OutboxEvent {
  outboxId: string;
  activityId: string;
  type: string;
  communityId: string | null;
  actorId: string | null;
  subjectType: string | null;
  subjectId: string | null;
  data: Record<string, unknown>;
  occurredAt: Date;
  /** 1 on first delivery; higher on retries. */
  attempt: number;
}

/**
 * A side effect of activity (realtime broadcast, badge rules, analytics rollups, webhooks).
 * Delivery is at least once: `handle` must be idempotent. It runs inside the dispatcher's
 * transaction (the ambient one of DatabaseService), so database writes it makes commit together
 * with the row being marked done.
 */
export interface OutboxConsumer {
  /** Stable name, recorded per row once the consumer has handled it. */
  readonly name: string;
  /** Event types it wants; `'*'` for all. */
  readonly types: readonly string[] | '*';
  handle(event: OutboxEvent): Promise<void>;
  /** Announces only (socket events): runs before the other consumers, so live updates don't wait for them. */
  readonly announces?: boolean;
}
