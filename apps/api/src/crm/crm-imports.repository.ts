import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../database/database.service';
import { CommunityScopedRepository } from '../database/scoped-repository';
import { CrmImportEntity, type ImportKind } from './crm-import.entity';
import { ImportMappingEntity } from './import-mapping.entity';

const STALE_AFTER_SECONDS = 120;

@Injectable()
export class CrmImportsRepository extends CommunityScopedRepository<CrmImportEntity> {
  constructor(db: DatabaseService) {
    super(db, CrmImportEntity);
  }

  /**
   * Takes the oldest queued import (or one whose worker stopped beating) and starts it from the
   * top: the writes are idempotent, so a file read twice changes nothing twice.
   */
  async claim(): Promise<CrmImportEntity | null> {
    const [rows]: [Array<{ id: string }>, number] = await this.db.manager.query(
      `UPDATE crm_imports SET status = 'running', started_at = coalesce(started_at, now()), heartbeat_at = now(),
              rows_done = 0, inserted = 0, updated = 0, skipped = 0, error_count = 0, errors = '[]'
        WHERE id = (SELECT id FROM crm_imports
                     WHERE status = 'queued' OR (status = 'running' AND heartbeat_at < now() - make_interval(secs => $1))
                     ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING id`,
      [STALE_AFTER_SECONDS],
    );
    return rows[0] ? this.repository.findOneBy({ id: rows[0].id }) : null;
  }

  async savedMapping(communityId: string, kind: ImportKind): Promise<Record<string, string>> {
    return (await this.db.manager.findOneBy(ImportMappingEntity, { communityId, kind }))?.mapping ?? {};
  }

  async saveMapping(communityId: string, kind: ImportKind, mapping: Record<string, string>): Promise<void> {
    await this.db.manager.upsert(ImportMappingEntity, { communityId, kind, mapping }, ['communityId', 'kind']);
  }
}
