import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { OutboxConsumer, OutboxEvent } from '../activity/outbox-consumer';
import { OutboxDispatcher } from '../activity/outbox.dispatcher';
import { BadgeBackfillService } from './badge-backfill.service';
import { BadgeRepository } from './badge.repository';
import { PointsService } from './points.service';
import { RuleAwardsService } from './rule-awards.service';

/**
 * Recognition as activity arrives: points go to the ledger, then the member who acted (and the one
 * who received a reaction) is checked against the community's rule badges; a new or changed rule
 * starts a back-fill to every member who already qualifies.
 */
@Injectable()
export class RecognitionConsumer implements OutboxConsumer, OnModuleInit {
  readonly name = 'recognition';
  readonly types = '*' as const;

  constructor(
    private readonly dispatcher: OutboxDispatcher,
    private readonly ruleAwards: RuleAwardsService,
    private readonly points: PointsService,
    private readonly badges: BadgeRepository,
    private readonly backfills: BadgeBackfillService,
  ) {}

  onModuleInit(): void {
    this.dispatcher.register(this);
  }

  async handle(event: OutboxEvent): Promise<void> {
    if (!event.communityId || ['badge.awarded', 'badge.revoked', 'rank.changed', 'perk.redeemed'].includes(event.type)) return;
    if (event.type === 'badge.created' || event.type === 'badge.updated') {
      const badge = event.subjectId ? await this.badges.findOneBy(event.communityId, { id: event.subjectId }) : null;
      const ruleChanged = event.type === 'badge.created' || (Array.isArray(event.data.changes) && event.data.changes.includes('rule'));
      if (badge?.rule && !badge.archivedAt && ruleChanged) await this.backfills.enqueue(event.communityId, badge.id);
      return;
    }
    await this.points.record(event);
    const affected = [event.actorId, typeof event.data.receiverId === 'string' ? event.data.receiverId : null].filter((id): id is string => id !== null);
    await this.ruleAwards.evaluate(event.communityId, [...new Set(affected)]);
  }
}
