import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { OutboxConsumer, OutboxEvent } from '../activity/outbox-consumer';
import { OutboxDispatcher } from '../activity/outbox.dispatcher';
import { PointsService } from './points.service';
import { RuleAwardsService } from './rule-awards.service';

/** Recognition's own events, and staff configuration: nothing to count or evaluate. */
const IGNORED = new Set(['badge.created', 'badge.updated', 'badge.awarded', 'badge.revoked', 'rank.changed', 'perk.created', 'perk.codes_added', 'perk.redeemed']);

/**
 * Recognition as activity arrives: points go to the ledger, then the member who acted (and the one
 * who received a reaction) is checked against the community's rule badges. (A new or changed rule
 * is back-filled by a job the badge's save queues.)
 */
@Injectable()
export class RecognitionConsumer implements OutboxConsumer, OnModuleInit {
  readonly name = 'recognition';
  readonly types = '*' as const;

  constructor(
    private readonly dispatcher: OutboxDispatcher,
    private readonly ruleAwards: RuleAwardsService,
    private readonly points: PointsService,
  ) {}

  onModuleInit(): void {
    this.dispatcher.register(this);
  }

  async handle(event: OutboxEvent): Promise<void> {
    if (!event.communityId || IGNORED.has(event.type)) return;
    await this.points.record(event);
    const affected = [event.actorId, typeof event.data.receiverId === 'string' ? event.data.receiverId : null].filter((id): id is string => id !== null);
    await this.ruleAwards.evaluate(event.communityId, [...new Set(affected)]);
  }
}
