import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { BoardsModule } from '../boards/boards.module';
import { CommunitiesModule } from '../communities/communities.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { NotificationRepository } from './notification.repository';
import { NotificationsConsumer } from './notifications.consumer';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

@Module({
  imports: [AuthModule, CommunitiesModule, BoardsModule, RealtimeModule],
  controllers: [NotificationsController],
  providers: [NotificationsService, NotificationRepository, NotificationsConsumer],
  exports: [NotificationsService],
})
export class NotificationsModule {}
