import { Module } from '@nestjs/common';
import { CommunitiesModule } from '../communities/communities.module';
import { AnalyticsConsumer } from './analytics.consumer';
import { AnalyticsController } from './analytics.controller';
import { AnalyticsRepository } from './analytics.repository';
import { AnalyticsService } from './analytics.service';

/** Community analytics: daily rollups kept by the outbox, and the dashboard's figures read from them. */
@Module({
  imports: [CommunitiesModule],
  controllers: [AnalyticsController],
  providers: [AnalyticsService, AnalyticsRepository, AnalyticsConsumer],
  exports: [AnalyticsService],
})
export class AnalyticsModule {}
