import { rm } from 'node:fs/promises';
import { Injectable } from '@nestjs/common';
import { ActivityService } from '../activity/activity.service';
import { DomainError } from '../common/domain-error';
import type { CommunityContext } from '../communities/community-access';
import { DatabaseService } from '../database/database.service';
import type { CrmImportEntity, ImportKind } from './crm-import.entity';
import { CrmImportsRepository } from './crm-imports.repository';
import { FileProblem, readCsv, sniff } from './import/csv-file';
import { resolveColumns, unknownTargets } from './import/fields';
import { ImportRunnerService } from './import/import-runner.service';

export interface UploadedCsv {
  path: string;
  originalname: string;
}

/** Starting CSV imports: the file is checked before a job is queued, so a wrong file is a 400 at once. */
@Injectable()
export class CrmImportsService {
  constructor(
    private readonly db: DatabaseService,
    private readonly imports: CrmImportsRepository,
    private readonly runner: ImportRunnerService,
    private readonly activity: ActivityService,
  ) {}

  async start(ctx: CommunityContext, kind: ImportKind, file: UploadedCsv | undefined, mappingJson: string | undefined): Promise<CrmImportEntity> {
    if (!file) throw new DomainError('bad-request', 'FILE_REQUIRED', 'Attach the CSV file as the multipart field "file"', 'file');
    try {
      const mapping = mappingJson === undefined ? undefined : parseMapping(kind, mappingJson);
      await this.checkHeader(kind, file.path, mapping ?? (await this.imports.savedMapping(ctx.community.id, kind)));
      const job = await this.db.transaction(async () => {
        const created = await this.imports.insert(ctx.community.id, { kind, fileName: file.originalname.slice(0, 200), filePath: file.path, mapping: mapping ?? null, createdBy: ctx.user!.id });
        await this.activity.record({ type: 'crm.import_started', communityId: ctx.community.id, actorId: ctx.user!.id, subject: { type: 'import', id: created.id }, data: { kind, fileName: created.fileName } });
        return created;
      });
      this.runner.wake();
      return job;
    } catch (error) {
      await rm(file.path, { force: true });
      throw error;
    }
  }

  async get(ctx: CommunityContext, importId: string): Promise<CrmImportEntity> {
    const job = await this.imports.findOneBy(ctx.community.id, { id: importId });
    if (!job) throw DomainError.notFound('import');
    return job;
  }

  recent(ctx: CommunityContext): Promise<CrmImportEntity[]> {
    return this.imports.find(ctx.community.id, { order: { createdAt: 'DESC' }, take: 20 });
  }

  async saveMapping(ctx: CommunityContext, kind: ImportKind, mapping: Record<string, string>): Promise<Record<string, string>> {
    const checked = parseMapping(kind, JSON.stringify(mapping));
    await this.imports.saveMapping(ctx.community.id, kind, checked);
    return checked;
  }

  mapping(ctx: CommunityContext, kind: ImportKind): Promise<Record<string, string>> {
    return this.imports.savedMapping(ctx.community.id, kind);
  }

  /** Refuses empty, binary and header-less files, and files lacking a required column. */
  private async checkHeader(kind: ImportKind, path: string, mapping: Record<string, string>): Promise<void> {
    try {
      const { encoding } = await sniff(path);
      for await (const record of readCsv(path, encoding)) {
        const resolved = resolveColumns(kind, record.cells.map((c) => c.trim()), mapping);
        if (resolved.duplicates.length > 0) throw new DomainError('bad-request', 'DUPLICATE_COLUMNS', `Columns appear twice: ${resolved.duplicates.join(', ')}`, 'file');
        if (resolved.missing.length > 0) throw new DomainError('bad-request', 'MISSING_COLUMNS', `The file lacks columns for: ${resolved.missing.join(', ')}`, 'file');
        return;
      }
      throw new FileProblem('EMPTY_FILE', 'The file is empty');
    } catch (error) {
      if (error instanceof FileProblem) throw new DomainError('bad-request', error.code, error.message, 'file');
      if (error instanceof DomainError) throw error;
      throw new DomainError('bad-request', 'NOT_CSV', `This file cannot be read as CSV: ${error instanceof Error ? error.message : String(error)}`, 'file');
    }
  }
}

function parseMapping(kind: ImportKind, json: string): Record<string, string> {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new DomainError('bad-request', 'VALIDATION_FAILED', 'mapping must be a JSON object of header → field', 'mapping');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.values(value).some((v) => typeof v !== 'string')) {
    throw new DomainError('bad-request', 'VALIDATION_FAILED', 'mapping must be a JSON object of header → field', 'mapping');
  }
  const mapping = value as Record<string, string>;
  const unknown = unknownTargets(kind, mapping);
  if (unknown.length > 0) throw new DomainError('bad-request', 'VALIDATION_FAILED', `mapping names unknown fields: ${unknown.join(', ')}`, 'mapping');
  return mapping;
}
