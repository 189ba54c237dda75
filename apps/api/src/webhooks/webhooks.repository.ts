import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../database/database.service';
import { assertCommunityId, CommunityScopedRepository } from '../database/scoped-repository';
import { WebhookEntity } from './webhook.entity';

@Injectable()
export class WebhooksRepository extends CommunityScopedRepository<WebhookEntity> {
  constructor(db: DatabaseService) {
    super(db, WebhookEntity);
  }

  list(communityId: string): Promise<WebhookEntity[]> {
    return this.find(communityId, { order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** The active endpoints subscribed to an event type that were registered when it happened (timestamps compared to the millisecond, as events carry them). */
  subscribedTo(communityId: string, eventType: string, occurredAt: Date): Promise<WebhookEntity[]> {
    return this.query(communityId, 'w')
      .andWhere('w.active')
      .andWhere(':eventType = ANY(w.events)', { eventType })
      .andWhere(`date_trunc('milliseconds', w.createdAt) <= :occurredAt`, { occurredAt })
      .orderBy('w.createdAt')
      .getMany();
  }

  async remove(communityId: string, id: string): Promise<number> {
    assertCommunityId(communityId);
    const result = await this.repository.delete({ communityId, id });
    return result.affected ?? 0;
  }
}
