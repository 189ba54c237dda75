import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { diskStorage } from 'multer';
import { AuthModule } from '../auth/auth.module';
import { CommunitiesModule } from '../communities/communities.module';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { RealtimeModule } from '../realtime/realtime.module';
import { RecognitionModule } from '../recognition/recognition.module';
import { ContactPrivacyService } from './contact-privacy.service';
import { ContactsController } from './contacts.controller';
import { ContactsRepository } from './contacts.repository';
import { ContactsService } from './contacts.service';
import { CrmConsumer } from './crm.consumer';
import { CustomerInsightsService } from './customer-insights.service';
import { CustomerValueService } from './customer-value.service';
import { SegmentsController } from './segments.controller';
import { SegmentsRepository } from './segments.repository';
import { SegmentMembershipService } from './segment-membership.service';
import { SegmentsService } from './segments.service';
import { CrmImportsController } from './crm-imports.controller';
import { CrmImportsRepository } from './crm-imports.repository';
import { CrmImportsService } from './crm-imports.service';
import { ImportRunnerService } from './import/import-runner.service';
import { ImportWriterService } from './import/import-writer.service';
import { LinkConflictsRepository } from './link-conflicts.repository';
import { LinkingService } from './linking.service';
import { OrdersRepository } from './orders.repository';

/** The CRM: customer records and orders, CSV imports, identity linking, the 360° view, RFM, customer value and segments. */
@Module({
  imports: [
    AuthModule,
    CommunitiesModule,
    RecognitionModule,
    RealtimeModule,
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        // Uploads wait in the data directory until their import has run (UPLOAD_MAX_MB, 512 MB by default: ~5M order rows).
        const destination = join(config.dataDir, 'imports');
        mkdirSync(destination, { recursive: true });
        return { storage: diskStorage({ destination, filename: (_req, _file, done) => done(null, `${randomUUID()}.csv`) }), limits: { fileSize: config.uploadMaxBytes, files: 1 } };
      },
    }),
  ],
  controllers: [CrmImportsController, ContactsController, SegmentsController],
  providers: [
    CrmImportsService,
    ImportRunnerService,
    ImportWriterService,
    ContactsService,
    ContactPrivacyService,
    CustomerValueService,
    CustomerInsightsService,
    SegmentsService,
    SegmentMembershipService,
    SegmentsRepository,
    LinkingService,
    CrmConsumer,
    ContactsRepository,
    OrdersRepository,
    CrmImportsRepository,
    LinkConflictsRepository,
  ],
  exports: [ImportRunnerService, CustomerInsightsService, SegmentMembershipService, ContactPrivacyService],
})
export class CrmModule {}
