import { Module } from '@nestjs/common';
import { CommunitiesModule } from '../communities/communities.module';
import { BadgeAwardRepository } from './badge-award.repository';
import { BadgeRepository } from './badge.repository';
import { BadgesController } from './badges.controller';
import { BadgesService } from './badges.service';
import { MemberFactsRepository } from './member-facts.repository';
import { RecognitionConsumer } from './recognition.consumer';
import { RuleAwardsService } from './rule-awards.service';

/** Recognition: badges and their awards (rules, titles, points and ranks build on this). */
@Module({
  imports: [CommunitiesModule],
  controllers: [BadgesController],
  providers: [BadgesService, RuleAwardsService, RecognitionConsumer, BadgeRepository, BadgeAwardRepository, MemberFactsRepository],
})
export class RecognitionModule {}
