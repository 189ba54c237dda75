import { randomUUID } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { OutboxConsumer, OutboxEvent } from '../activity/outbox-consumer';
import { OutboxDispatcher } from '../activity/outbox.dispatcher';
import { CommunitiesService } from '../communities/communities.service';
import { type ContactReference, CrmReferencesService } from '../crm/crm-references.service';
import { DatabaseService } from '../database/database.service';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { WEBHOOK_EVENTS } from './webhook-events';
import { WebhooksRepository } from './webhooks.repository';

/** A member as a webhook names them: their id here, and the brand's customer record linked to them. */
interface MemberRef {
  id: string;
  contact: ContactReference | null;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/**
 * Queues a delivery of each subscribed event to each active endpoint of its community registered
 * before the event happened (an endpoint gets what happens from its registration on), in the
 * dispatcher's transaction — database writes only; the HTTP requests are WebhookDeliveryService's
 * business, after commit. Idempotent: one delivery per endpoint and activity (unique index), so a
 * redelivered event queues nothing twice.
 *
 * The payload (`data`) carries ids and what happened, never personal fields: member ids, the
 * brand's own customer and order ids, badge and rank keys and names, amounts the brand imported.
 */
@Injectable()
export class WebhooksConsumer implements OutboxConsumer, OnModuleInit {
  readonly name = 'webhooks';
  readonly types = WEBHOOK_EVENTS;

  constructor(
    private readonly dispatcher: OutboxDispatcher,
    private readonly db: DatabaseService,
    private readonly webhooks: WebhooksRepository,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly sender: WebhookDeliveryService,
    private readonly communities: CommunitiesService,
    private readonly crm: CrmReferencesService,
  ) {}

  onModuleInit(): void {
    this.dispatcher.register(this);
  }

  async handle(event: OutboxEvent): Promise<void> {
    const communityId = event.communityId;
    if (!communityId) return;
    const endpoints = await this.webhooks.subscribedTo(communityId, event.type, new Date(event.occurredAt));
    if (endpoints.length === 0) return;
    const data = await this.dataOf(communityId, event);
    if (!data) return;
    const slug = (await this.communities.slugs([communityId])).get(communityId) ?? null;
    const deliveries = endpoints.map((webhook) => {
      const id = randomUUID();
      return {
        id,
        webhookId: webhook.id,
        activityId: event.activityId,
        eventType: event.type,
        payload: { id, type: event.type, occurredAt: new Date(event.occurredAt).toISOString(), community: { id: communityId, slug }, data },
      };
    });
    if ((await this.deliveries.enqueue(communityId, deliveries)) > 0) this.db.afterCommit(() => this.sender.wake());
  }

  /** What the event tells the brand; null for an event too incomplete to report. */
  private async dataOf(communityId: string, event: OutboxEvent): Promise<Record<string, unknown> | null> {
    const d = event.data;
    const member = async (userId: string | null): Promise<MemberRef | null> => (userId ? { id: userId, contact: await this.crm.contactOfMember(communityId, userId) } : null);
    switch (event.type) {
      case 'contact.linked': {
        const userId = text(d.userId);
        if (!event.subjectId || !userId) return null;
        const contact = (await this.crm.contact(communityId, event.subjectId)) ?? { id: event.subjectId, externalId: null };
        return { contact, member: { id: userId }, method: text(d.method) };
      }
      case 'badge.awarded': {
        const badge = (d.badge ?? {}) as { key?: unknown; name?: unknown; tier?: unknown };
        return { badge: { id: event.subjectId, key: text(badge.key), name: badge.name ?? null, tier: text(badge.tier) }, member: await member(text(d.userId)), manual: d.manual === true };
      }
      case 'rank.changed':
        return { rank: { from: text(d.from), to: text(d.to), name: d.name ?? null }, points: typeof d.points === 'number' ? d.points : null, member: await member(text(d.userId)) };
      case 'order.placed': {
        const contactId = text(d.contactId);
        return {
          order: {
            id: event.subjectId,
            externalId: event.subjectId ? await this.crm.orderExternalId(communityId, event.subjectId) : null,
            // Minor units of the currency (yen, cents), as everywhere in the API.
            amount: typeof d.amount === 'number' ? d.amount : null,
            currency: text(d.currency),
            purchasedAt: text(d.purchasedAt),
            skus: Array.isArray(d.skus) ? d.skus : [],
          },
          contact: contactId ? await this.crm.contact(communityId, contactId) : null,
          member: event.actorId ? { id: event.actorId } : null,
        };
      }
      case 'member.joined':
        return { member: await member(event.actorId), role: text(d.role) };
      case 'perk.redeemed':
        return { perk: { id: event.subjectId, kind: text(d.kind) }, member: await member(event.actorId) };
      case 'segment.entered':
        return {
          segment: { id: event.subjectId },
          contact: text(d.contactId) ? await this.crm.contact(communityId, text(d.contactId)!) : null,
          member: await member(text(d.userId) ?? event.actorId),
        };
      default:
        return null;
    }
  }
}
