import { Inject, Injectable } from '@nestjs/common';
import { ActivityService } from '../activity/activity.service';
import { decodeCursor, pageOf } from '../common/cursor';
import { DomainError } from '../common/domain-error';
import type { CommunityContext } from '../communities/community-access';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DatabaseService } from '../database/database.service';
import type { CreateWebhookDto, DeliveryQueryDto, UpdateWebhookDto, WebhookDeliveryPageResponse, WebhookDeliveryResponse, WebhookResponse, WebhookSecretResponse, WebhookWithSecretResponse } from './dto/webhook.dto';
import type { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { newWebhookSecret } from './webhook-signature';
import { webhookUrlProblem } from './webhook-url';
import type { WebhookEntity } from './webhook.entity';
import { WebhooksRepository } from './webhooks.repository';

/** Endpoints per community: a handful is plenty for a brand's systems, and bounds the fan-out of each event. */
const MAX_WEBHOOKS = 20;

const isAfter = (v: unknown): v is { createdAt: string; id: string } =>
  typeof v === 'object' && v !== null && typeof (v as { createdAt: unknown }).createdAt === 'string' && !Number.isNaN(Date.parse((v as { createdAt: string }).createdAt)) &&
  typeof (v as { id: unknown }).id === 'string' && /^[0-9a-f-]{36}$/i.test((v as { id: string }).id);

/**
 * Webhook endpoints of a community (owner or manager; analysts may read), their signing secrets,
 * and the delivery log with replay. Deliveries themselves are queued by WebhooksConsumer and sent
 * by WebhookDeliveryService.
 */
@Injectable()
export class WebhooksService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: DatabaseService,
    private readonly webhooks: WebhooksRepository,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly sender: WebhookDeliveryService,
    private readonly activity: ActivityService,
  ) {}

  async list(ctx: CommunityContext): Promise<WebhookResponse[]> {
    return (await this.webhooks.list(ctx.community.id)).map(toWebhookResponse);
  }

  async create(ctx: CommunityContext, input: CreateWebhookDto): Promise<WebhookWithSecretResponse> {
    const communityId = ctx.community.id;
    this.checkUrl(input.url);
    const secret = newWebhookSecret();
    const webhook = await this.db.transaction(async () => {
      if ((await this.webhooks.countBy(communityId)) >= MAX_WEBHOOKS) throw new DomainError('conflict', 'TOO_MANY_WEBHOOKS', `A community can have at most ${MAX_WEBHOOKS} webhooks`);
      const created = await this.webhooks.insert(communityId, {
        url: input.url,
        events: [...new Set(input.events)],
        description: input.description?.trim() ?? '',
        active: input.active ?? true,
        secret,
        createdBy: ctx.user!.id,
      });
      await this.activity.record({ type: 'webhook.created', communityId, actorId: ctx.user!.id, subject: { type: 'webhook', id: created.id }, data: { events: created.events } });
      return created;
    });
    return { ...toWebhookResponse(webhook), secret };
  }

  async update(ctx: CommunityContext, webhookId: string, input: UpdateWebhookDto): Promise<WebhookResponse> {
    const webhook = await this.requireWebhook(ctx, webhookId);
    if (input.url !== undefined) this.checkUrl(input.url);
    const changes: Partial<WebhookEntity> = {
      ...(input.url !== undefined && input.url !== webhook.url ? { url: input.url } : {}),
      ...(input.events !== undefined ? { events: [...new Set(input.events)] } : {}),
      ...(input.description !== undefined ? { description: input.description.trim() } : {}),
      ...(input.active !== undefined && input.active !== webhook.active ? { active: input.active } : {}),
    };
    if (Object.keys(changes).length === 0) return toWebhookResponse(webhook);
    await this.db.transaction(async () => {
      await this.webhooks.update(ctx.community.id, { id: webhookId }, changes);
      await this.activity.record({ type: 'webhook.updated', communityId: ctx.community.id, actorId: ctx.user!.id, subject: { type: 'webhook', id: webhookId }, data: { changes: Object.keys(changes) } });
    });
    const updated = (await this.webhooks.findOneBy(ctx.community.id, { id: webhookId }))!;
    // Deliveries held while it was inactive go out now.
    if (changes.active) this.sender.wake();
    return toWebhookResponse(updated);
  }

  /** Deletes the endpoint with its delivery log; nothing more is sent to it. */
  async remove(ctx: CommunityContext, webhookId: string): Promise<void> {
    await this.requireWebhook(ctx, webhookId);
    await this.db.transaction(async () => {
      if ((await this.webhooks.remove(ctx.community.id, webhookId)) === 0) throw DomainError.notFound('webhook');
      await this.activity.record({ type: 'webhook.deleted', communityId: ctx.community.id, actorId: ctx.user!.id, subject: { type: 'webhook', id: webhookId } });
    });
  }

  /** A new signing secret, effective for every delivery sent from now on (retries included). */
  async rotateSecret(ctx: CommunityContext, webhookId: string): Promise<WebhookSecretResponse> {
    await this.requireWebhook(ctx, webhookId);
    const secret = newWebhookSecret();
    await this.db.transaction(async () => {
      await this.webhooks.update(ctx.community.id, { id: webhookId }, { secret });
      await this.activity.record({ type: 'webhook.secret_rotated', communityId: ctx.community.id, actorId: ctx.user!.id, subject: { type: 'webhook', id: webhookId } });
    });
    return { secret };
  }

  async deliveryLog(ctx: CommunityContext, webhookId: string, query: DeliveryQueryDto): Promise<WebhookDeliveryPageResponse> {
    await this.requireWebhook(ctx, webhookId);
    const limit = query.limit ?? 20;
    const after = query.cursor ? decodeCursor(query.cursor, isAfter) : undefined;
    const rows = await this.deliveries.page(ctx.community.id, webhookId, limit + 1, after, query.status);
    const page = pageOf(rows, limit, (last) => ({ createdAt: last.createdAt.toISOString(), id: last.id }));
    return { items: page.items.map(toDeliveryResponse), nextCursor: page.nextCursor };
  }

  /** Sends a delivery's payload again, as a new delivery (whatever became of the first). */
  async replay(ctx: CommunityContext, webhookId: string, deliveryId: string): Promise<WebhookDeliveryResponse> {
    const webhook = await this.requireWebhook(ctx, webhookId);
    const original = await this.deliveries.findOneBy(ctx.community.id, { id: deliveryId, webhookId });
    if (!original) throw DomainError.notFound('delivery');
    if (!webhook.active) throw new DomainError('conflict', 'WEBHOOK_INACTIVE', 'Activate the webhook before replaying its deliveries');
    const replay = await this.db.transaction(async () => {
      const queued = await this.deliveries.replay(ctx.community.id, original);
      await this.activity.record({
        type: 'webhook.replayed',
        communityId: ctx.community.id,
        actorId: ctx.user!.id,
        subject: { type: 'webhook', id: webhookId },
        data: { deliveryId: queued.id, replayOf: original.id, eventType: original.eventType },
      });
      this.db.afterCommit(() => this.sender.wake());
      return queued;
    });
    return toDeliveryResponse(replay);
  }

  private checkUrl(url: string): void {
    const problem = webhookUrlProblem(url, this.config.env === 'production');
    if (problem) throw new DomainError('bad-request', 'VALIDATION_FAILED', problem, 'url');
  }

  private async requireWebhook(ctx: CommunityContext, webhookId: string): Promise<WebhookEntity> {
    const webhook = await this.webhooks.findOneBy(ctx.community.id, { id: webhookId });
    if (!webhook) throw DomainError.notFound('webhook');
    return webhook;
  }
}

function toWebhookResponse(webhook: WebhookEntity): WebhookResponse {
  return {
    id: webhook.id,
    url: webhook.url,
    events: webhook.events,
    description: webhook.description,
    active: webhook.active,
    createdAt: webhook.createdAt.toISOString(),
    updatedAt: webhook.updatedAt.toISOString(),
  };
}

function toDeliveryResponse(delivery: WebhookDeliveryEntity): WebhookDeliveryResponse {
  return {
    id: delivery.id,
    eventType: delivery.eventType,
    activityId: delivery.activityId,
    status: delivery.status,
    attempts: delivery.attempts,
    nextAttemptAt: delivery.status === 'pending' || delivery.status === 'failed' ? delivery.nextAttemptAt.toISOString() : null,
    lastStatusCode: delivery.lastStatusCode,
    lastError: delivery.lastError,
    responseExcerpt: delivery.responseExcerpt,
    attemptLog: delivery.attemptLog,
    replayOf: delivery.replayOfId,
    payload: delivery.payload,
    createdAt: delivery.createdAt.toISOString(),
    updatedAt: delivery.updatedAt.toISOString(),
  };
}
