import { Module } from '@nestjs/common';
import { CommunitiesModule } from '../communities/communities.module';
import { AuditController } from './audit.controller';
import { AuditRepository } from './audit.repository';

/** The audit log of staff actions (a view of the append-only activity spine, with request IPs). */
@Module({
  imports: [CommunitiesModule],
  controllers: [AuditController],
  providers: [AuditRepository],
})
export class AuditModule {}
