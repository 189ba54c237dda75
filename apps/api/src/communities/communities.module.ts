import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CommunitiesController, MyCommunitiesController } from './communities.controller';
import { CommunitiesService } from './communities.service';
import { CommunityGuard } from './community-access';
import { CommunityRepository } from './community.repository';
import { MembershipRepository } from './membership.repository';

@Module({
  imports: [AuthModule],
  controllers: [CommunitiesController, MyCommunitiesController],
  providers: [CommunitiesService, CommunityRepository, MembershipRepository, CommunityGuard],
  // Other modules guard their `/communities/:slug/...` routes with CommunityRoute (guard + service).
  exports: [CommunitiesService, CommunityGuard, AuthModule],
})
export class CommunitiesModule {}
