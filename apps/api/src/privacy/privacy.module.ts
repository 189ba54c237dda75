import { Module } from '@nestjs/common';
import { BoardsModule } from '../boards/boards.module';
import { CommunitiesModule } from '../communities/communities.module';
import { CrmModule } from '../crm/crm.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { RecognitionModule } from '../recognition/recognition.module';
import { ContactPrivacyController } from './contact-privacy.controller';
import { PrivacyController } from './privacy.controller';
import { PrivacyService } from './privacy.service';

/** Privacy rights (GDPR, 個人情報保護法): a person's data export and erasure; erasure requests and consent history of customer records. */
@Module({
  imports: [CommunitiesModule, BoardsModule, RecognitionModule, NotificationsModule, CrmModule],
  controllers: [PrivacyController, ContactPrivacyController],
  providers: [PrivacyService],
})
export class PrivacyModule {}
