import { Global, Module } from '@nestjs/common';
import { ActivityService } from './activity.service';
import { OutboxDispatcher } from './outbox.dispatcher';
import { OutboxRepository } from './outbox.repository';

/** The activity spine: every module records its activity through ActivityService. */
@Global()
@Module({
  providers: [ActivityService, OutboxDispatcher, OutboxRepository],
  exports: [ActivityService, OutboxDispatcher, OutboxRepository],
})
export class ActivityModule {}
