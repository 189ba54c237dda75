import { Module } from '@nestjs/common';
import { CommunitiesModule } from '../communities/communities.module';
import { CrmReferencesModule } from '../crm/crm-references.module';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { WebhooksConsumer } from './webhooks.consumer';
import { WebhooksController } from './webhooks.controller';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';

/** Webhooks: signed events to the brand's systems (its CRM), queued from the outbox, sent with retries. */
@Module({
  imports: [CommunitiesModule, CrmReferencesModule],
  controllers: [WebhooksController],
  providers: [WebhooksService, WebhookDeliveryService, WebhooksConsumer, WebhooksRepository, WebhookDeliveriesRepository],
  exports: [WebhookDeliveryService],
})
export class WebhooksModule {}
