import { Injectable } from '@nestjs/common';
import type { ActivityType } from '@kizuna/contracts';
import { currentIp } from '../common/request-context';
import { DatabaseService } from '../database/database.service';
import { ActivityEntity } from './activity.entity';
import { OutboxDispatcher } from './outbox.dispatcher';
import { OutboxEntity } from './outbox.entity';

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
    const manager = this.db.manager;
    const activity = await manager.getRepository(ActivityEntity).save(
      manager.getRepository(ActivityEntity).create({
        type: input.type,
        communityId: input.communityId ?? null,
        actorId: input.actorId ?? null,
        subjectType: input.subject?.type ?? null,
        subjectId: input.subject?.id ?? null,
        data: input.data ?? {},
        ip: currentIp(),
      }),
    );
    await manager.getRepository(OutboxEntity).insert({ activityId: activity.id, eventType: activity.type });
    this.db.afterCommit(() => this.dispatcher.wake());
    return activity;
  }
}
