import { Injectable } from '@nestjs/common';
import type { ActivityType } from '@kizuna/contracts';
import { currentIp } from '../common/request-context';
import { DatabaseService } from '../database/database.service';
import type { ActivityEntity } from './activity.entity';
import { OutboxDispatcher } from './outbox.dispatcher';

export interface ActivityInput {
  type: ActivityType;
  communityId?: string | null;
  actorId?: string | null;
  subject?: { type: string; id: string };
  data?: Record<string, unknown>;
}

/**
 * Records an activity and its outbox row inside the caller's transaction, so the domain change,
 * its history and its side effects commit or roll back together.
 */
@Injectable()
export class ActivityService {
  constructor(
    private readonly db: DatabaseService,
    private readonly dispatcher: OutboxDispatcher,
  ) {}

  async record(input: ActivityInput): Promise<ActivityEntity> {
    if (!this.db.inTransaction) throw new Error(`activity ${input.type} must be recorded inside the domain change's transaction`);
    const [activity] = await this.write([input], false);
    return activity;
  }

  /**
   * `record` for many activities at once (imports), in the caller's transaction. Their outbox rows
   * are bulk: dispatched after every other row due, so live activity is not held up behind them.
   */
  async recordMany(inputs: readonly ActivityInput[]): Promise<void> {
    if (!this.db.inTransaction) throw new Error('activities must be recorded inside the domain change\'s transaction');
    if (inputs.length > 0) await this.write(inputs, true);
  }

  /** The activities and one outbox row each, in one statement (one round trip however many). */
  private async write(inputs: readonly ActivityInput[], bulk: boolean): Promise<ActivityEntity[]> {
    const rows = inputs.map((input) => ({
      type: input.type,
      community_id: input.communityId ?? null,
      actor_id: input.actorId ?? null,
      subject_type: input.subject?.type ?? null,
      subject_id: input.subject?.id ?? null,
      data: input.data ?? {},
    }));
    const recorded: ActivityEntity[] = await this.db.manager.query(
      `WITH recorded AS (
         INSERT INTO activity (type, community_id, actor_id, subject_type, subject_id, data, ip)
         SELECT r.type, r.community_id, r.actor_id, r.subject_type, r.subject_id, r.data, $2
           FROM jsonb_to_recordset($1::jsonb) AS r(type text, community_id uuid, actor_id uuid, subject_type text, subject_id text, data jsonb)
         RETURNING *),
       queued AS (INSERT INTO outbox (activity_id, event_type, bulk) SELECT id, type, $3 FROM recorded)
       SELECT id, type, community_id AS "communityId", actor_id AS "actorId", subject_type AS "subjectType",
              subject_id AS "subjectId", data, occurred_at AS "occurredAt", ip
         FROM recorded ORDER BY id`,
      [JSON.stringify(rows), currentIp(), bulk],
    );
    this.db.afterCommit(() => this.dispatcher.wake());
    return recorded;
  }
}

