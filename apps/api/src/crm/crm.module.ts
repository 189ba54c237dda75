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

/** Uploads wait in the data directory until their import has run (512 MB at most: ~5M order rows). */
const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;

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
        const destination = join(config.dataDir, 'imports');
        mkdirSync(destination, { recursive: true });
        return { storage: diskStorage({ destination, filename: (_req, _file, done) => done(null, `${randomUUID()}.csv`) }), limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } };
      },
    }),
  ],
  controllers: [CrmImportsController, ContactsController, SegmentsController],
  providers: [
    CrmImportsService,
    ImportRunnerService,
    ImportWriterService,
    ContactsService,
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
  exports: [ImportRunnerService, CustomerInsightsService, SegmentMembershipService],
})
export class CrmModule {}
