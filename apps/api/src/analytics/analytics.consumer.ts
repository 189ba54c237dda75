import { Injectable, type OnModuleInit } from '@nestjs/common';
import { dayIn } from '@kizuna/engagement';
import type { OutboxConsumer, OutboxEvent } from '../activity/outbox-consumer';
import { OutboxDispatcher } from '../activity/outbox.dispatcher';
import { CommunitiesService } from '../communities/communities.service';
import { DatabaseService } from '../database/database.service';
import { AnalyticsCache } from './analytics-cache';
import { AnalyticsRepository } from './analytics.repository';
import { MemberTiersService } from './member-tiers.service';

/**
 * Keeps the analytics rollups current as activity arrives: the acting member's day (and, for a
 * reaction, the receiver's) is recomputed from the spine, and threads remember when they were
 * first answered. Recomputing rather than adding makes a re-delivery harmless.
 */
@Injectable()
export class AnalyticsConsumer implements OutboxConsumer, OnModuleInit {
  readonly name = 'analytics';
  readonly types = '*' as const;

  constructor(
    private readonly dispatcher: OutboxDispatcher,
    private readonly rollups: AnalyticsRepository,
    private readonly communities: CommunitiesService,
    private readonly tiers: MemberTiersService,
    private readonly db: DatabaseService,
    private readonly cache: AnalyticsCache,
  ) {}

  onModuleInit(): void {
    this.dispatcher.register(this);
  }

  async handle(event: OutboxEvent): Promise<void> {
    if (!event.communityId) {
      // Cached at-risk lists hold contact links, which an erasure removes.
      if (event.type === 'account.erased') this.db.afterCommit(() => this.cache.invalidate());
      return;
    }
    // Cached figures go once this transaction has committed, so a recomputation reads the new rollups.
    const communityId = event.communityId;
    this.db.afterCommit(() => this.cache.changed(communityId));
    const { community } = await this.communities.accessById(event.communityId);
    const occurredAt = new Date(event.occurredAt);
    const day = dayIn(community.timeZone, occurredAt);
    const receiver = typeof event.data.receiverId === 'string' && event.data.receiverId !== event.actorId ? event.data.receiverId : null;
    for (const userId of [event.actorId, receiver]) {
      if (!userId) continue;
      await this.rollups.refreshMemberDay(event.communityId, userId, day, community.timeZone);
      if (event.type !== 'tier.changed') await this.tiers.update(event.communityId, userId, dayIn(community.timeZone, new Date()));
    }
    if (event.type === 'thread.created' && event.subjectId) {
      await this.rollups.threadStarted(event.communityId, { threadId: event.subjectId, boardId: String(event.data.boardId), authorId: event.actorId, at: occurredAt });
    }
    if (event.type === 'post.created' && typeof event.data.threadId === 'string' && event.actorId !== event.data.threadAuthorId) {
      await this.rollups.replied(event.communityId, event.data.threadId, occurredAt);
    }
  }
}
