import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CommunitiesModule } from '../communities/communities.module';
import { BadgeAwardRepository } from './badge-award.repository';
import { BadgeRepository } from './badge.repository';
import { BadgesController } from './badges.controller';
import { BadgesService } from './badges.service';
import { MemberFactsRepository } from './member-facts.repository';
import { PointsRepository } from './points.repository';
import { PointsService } from './points.service';
import { ProfilesController } from './profiles.controller';
import { ProfilesService } from './profiles.service';
import { ShownTitleRepository } from './shown-title.repository';
import { RecognitionConsumer } from './recognition.consumer';
import { RuleAwardsService } from './rule-awards.service';

/** Recognition: badges (manual and rule-based), titles, points, ranks, profiles and the leaderboard. */
@Module({
  imports: [AuthModule, CommunitiesModule],
  controllers: [BadgesController, ProfilesController],
  providers: [
    BadgesService,
    RuleAwardsService,
    PointsService,
    ProfilesService,
    RecognitionConsumer,
    BadgeRepository,
    BadgeAwardRepository,
    MemberFactsRepository,
    PointsRepository,
    ShownTitleRepository,
  ],
})
export class RecognitionModule {}
