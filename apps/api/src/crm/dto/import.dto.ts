import { type ApiBodyOptions, ApiProperty } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString } from 'class-validator';
import { type CrmImportEntity, IMPORT_KINDS, IMPORT_STATUSES, type ImportKind, type ImportStatus } from '../crm-import.entity';

export class RowErrorResponse {
  @ApiProperty({ description: 'Line of the file (the header is line 1)' }) line!: number;
  @ApiProperty({ nullable: true, type: String }) field!: string | null;
  @ApiProperty() message!: string;
}

export class ImportResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: IMPORT_KINDS }) kind!: ImportKind;
  @ApiProperty({ enum: IMPORT_STATUSES }) status!: ImportStatus;
  @ApiProperty() fileName!: string;
  @ApiProperty({ nullable: true, type: String, description: 'utf-8 or cp932 (Shift_JIS)' }) encoding!: string | null;
  @ApiProperty({ description: 'Rows in the file (estimated from its lines until done)' }) rowsTotal!: number;
  @ApiProperty() rowsDone!: number;
  @ApiProperty() inserted!: number;
  @ApiProperty() updated!: number;
  @ApiProperty({ description: 'Rows unchanged or refused' }) skipped!: number;
  @ApiProperty() errorCount!: number;
  @ApiProperty({ type: [RowErrorResponse], description: 'The first 1,000 row errors' }) errors!: RowErrorResponse[];
  @ApiProperty({ type: [String], description: 'Columns kept as custom attributes (contacts) or left out (orders)' }) unmappedColumns!: string[];
  @ApiProperty({ nullable: true, type: String, description: 'Why the file could not be imported' }) failure!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) finishedAt!: string | null;
}

/** The multipart fields besides the file (which multer takes; see IMPORT_UPLOAD_BODY for the document). */
export class ImportUploadDto {
  @ApiProperty({ required: false, description: 'JSON object: source header → field (or "ignore"); the saved mapping when omitted' })
  @IsOptional()
  @IsString()
  mapping?: string;
}

export class ImportMappingDto {
  @ApiProperty({ type: Object, example: { 会員ID: 'externalId', 備考: 'ignore' }, description: 'Source header → field or "ignore"' })
  @IsObject({ message: 'mapping must be an object of header → field' })
  mapping!: Record<string, string>;
}

export function toImportResponse(job: CrmImportEntity): ImportResponse {
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    fileName: job.fileName,
    encoding: job.encoding,
    rowsTotal: job.rowsTotal,
    rowsDone: job.rowsDone,
    inserted: job.inserted,
    updated: job.updated,
    skipped: job.skipped,
    errorCount: job.errorCount,
    errors: job.errors,
    unmappedColumns: job.unmappedColumns,
    failure: job.failure,
    createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}

/** The multipart body as the API document shows it. */
export const IMPORT_UPLOAD_BODY: ApiBodyOptions = {
  schema: {
    type: 'object',
    required: ['file'],
    properties: {
      file: { type: 'string', format: 'binary', description: 'A CSV file (UTF-8 with or without BOM, or Shift_JIS/CP932)' },
      mapping: { type: 'string', description: 'JSON object: source header → field (or "ignore"); the saved mapping when omitted' },
    },
  },
};
