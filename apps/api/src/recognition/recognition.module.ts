import { Module } from '@nestjs/common';
import { CommunitiesModule } from '../communities/communities.module';
import { CustomerFactsModule } from '../crm/customer-facts.module';
import { BadgeAwardRepository } from './badge-award.repository';
import { BadgeBackfillService } from './badge-backfill.service';
import { BadgeRepository } from './badge.repository';
import { BadgesController } from './badges.controller';
import { BadgesService } from './badges.service';
import { MemberDataService } from './member-data.service';
import { MemberFactsRepository } from './member-facts.repository';
import { MemberStandingsService } from './member-standings.service';
import { PerksController } from './perks.controller';
import { PerksRepository } from './perks.repository';
import { PerksService } from './perks.service';
import { PointsRepository } from './points.repository';
import { PointsService } from './points.service';
import { ProfilesController } from './profiles.controller';
import { ProfilesService } from './profiles.service';
import { RecognitionConsumer } from './recognition.consumer';
import { RecognitionSettingsController } from './recognition-settings.controller';
import { RecognitionSettingsRepository } from './recognition-settings.repository';
import { RecognitionSettingsService } from './recognition-settings.service';
import { RuleAwardsService } from './rule-awards.service';
import { ShownTitleRepository } from './shown-title.repository';
import { TitlesService } from './titles.service';

/**
 * Recognition: badges (manual and rule-based, back-filled), titles, points and ranks, perks,
 * profiles and the leaderboard. Boards use its titles (names on posts) and perks (members-only boards).
 */
@Module({
  imports: [CommunitiesModule, CustomerFactsModule],
  controllers: [BadgesController, ProfilesController, RecognitionSettingsController, PerksController],
  providers: [
    BadgesService,
    BadgeBackfillService,
    RuleAwardsService,
    PointsService,
    ProfilesService,
    TitlesService,
    MemberStandingsService,
    MemberDataService,
    PerksService,
    RecognitionSettingsService,
    RecognitionConsumer,
    BadgeRepository,
    BadgeAwardRepository,
    MemberFactsRepository,
    PointsRepository,
    PerksRepository,
    RecognitionSettingsRepository,
    ShownTitleRepository,
  ],
  exports: [TitlesService, PerksService, BadgeBackfillService, ProfilesService, MemberStandingsService, MemberDataService],
})
export class RecognitionModule {}
