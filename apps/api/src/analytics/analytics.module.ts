import { Module } from '@nestjs/common';
import { BoardsModule } from '../boards/boards.module';
import { CommunitiesModule } from '../communities/communities.module';
import { CrmModule } from '../crm/crm.module';
import { RecognitionModule } from '../recognition/recognition.module';
import { AnalyticsCache } from './analytics-cache';
import { AnalyticsConsumer } from './analytics.consumer';
import { AnalyticsController } from './analytics.controller';
import { CustomerValueController } from './customer-value.controller';
import { AnalyticsRepository } from './analytics.repository';
import { AnalyticsSettingsRepository } from './analytics-settings.repository';
import { AnalyticsSettingsService } from './analytics-settings.service';
import { AnalyticsService } from './analytics.service';
import { EngagementService } from './engagement.service';
import { MemberTiersService } from './member-tiers.service';

/** Community analytics: daily rollups kept by the outbox, and the dashboard's figures read from them. */
@Module({
  imports: [CommunitiesModule, CrmModule, BoardsModule, RecognitionModule],
  controllers: [AnalyticsController, CustomerValueController],
  providers: [AnalyticsCache, AnalyticsService, EngagementService, MemberTiersService, AnalyticsSettingsService, AnalyticsRepository, AnalyticsSettingsRepository, AnalyticsConsumer],
  exports: [AnalyticsService],
})
export class AnalyticsModule {}
