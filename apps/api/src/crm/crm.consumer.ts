import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { OutboxConsumer, OutboxEvent } from '../activity/outbox-consumer';
import { OutboxDispatcher } from '../activity/outbox.dispatcher';
import { CommunitiesService } from '../communities/communities.service';
import { LinkingService } from './linking.service';

/** Links members to customer records when they join a community or confirm their email. */
@Injectable()
export class CrmConsumer implements OutboxConsumer, OnModuleInit {
  readonly name = 'crm';
  readonly types = ['member.joined', 'account.email_verified'];

  constructor(
    private readonly dispatcher: OutboxDispatcher,
    private readonly linking: LinkingService,
    private readonly communities: CommunitiesService,
  ) {}

  onModuleInit(): void {
    this.dispatcher.register(this);
  }

  async handle(event: OutboxEvent): Promise<void> {
    if (!event.actorId) return;
    const communityIds = event.communityId ? [event.communityId] : await this.communities.communityIdsOf(event.actorId);
    for (const communityId of communityIds) await this.linking.linkMember(communityId, event.actorId);
  }
}
