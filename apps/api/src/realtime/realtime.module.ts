import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { BoardsModule } from '../boards/boards.module';
import { CommunitiesModule } from '../communities/communities.module';
import { RealtimeConsumer } from './realtime.consumer';
import { RealtimeGateway } from './realtime.gateway';
import { RealtimeService } from './realtime.service';
import { RoomAccessService } from './room-access.service';

/** The socket gateway and the outbox consumer that feeds it. */
@Module({
  imports: [AuthModule, CommunitiesModule, BoardsModule],
  providers: [RealtimeGateway, RealtimeService, RealtimeConsumer, RoomAccessService],
  exports: [RealtimeService],
})
export class RealtimeModule {}
