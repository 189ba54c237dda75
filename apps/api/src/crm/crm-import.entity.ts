import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

export const IMPORT_KINDS = ['contacts', 'orders'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export const IMPORT_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** A problem with one row of an import file. */
export interface RowError {
  /** 1-based line of the file (the header is line 1). */
  line: number;
  field: string | null;
  message: string;
}

/** A CSV import, run in the background from the uploaded file; its counts are its progress. */
@Entity('crm_imports')
@Index('crm_imports_open_idx', ['createdAt'], { where: "status IN ('queued', 'running')" })
@Index('crm_imports_community_id_created_at_idx', ['communityId', 'createdAt'])
export class CrmImportEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey('communities', { onDelete: 'CASCADE' })
  @Column('uuid')
  communityId!: string;

  @Column('text')
  kind!: ImportKind;

  @Column('text', { default: 'queued' })
  status!: ImportStatus;

  @Column('text')
  fileName!: string;

  /** Where the upload waits on disk until the import is done. */
  @Column('text')
  filePath!: string;

  /** Detected: `utf-8` or `cp932`. */
  @Column('text', { nullable: true })
  encoding!: string | null;

  /** Source column → field, when the manager gave one. */
  @Column('jsonb', { nullable: true })
  mapping!: Record<string, string> | null;

  @Column('int', { default: 0 })
  rowsTotal!: number;

  @Column('int', { default: 0 })
  rowsDone!: number;

  @Column('int', { default: 0 })
  inserted!: number;

  @Column('int', { default: 0 })
  updated!: number;

  @Column('int', { default: 0 })
  skipped!: number;

  @Column('int', { default: 0 })
  errorCount!: number;

  /** The first 1,000 row errors. */
  @Column('jsonb', { default: [] })
  errors!: RowError[];

  /** Columns kept as custom attributes (contacts) or left out (orders). */
  @Column('jsonb', { default: [] })
  unmappedColumns!: string[];

  /** Why the whole file was refused (not CSV, no header, unknown columns). */
  @Column('text', { nullable: true })
  failure!: string | null;

  @ForeignKey('users', { onDelete: 'SET NULL' })
  @Column('uuid', { nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { nullable: true })
  startedAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  finishedAt!: Date | null;

  /** Touched after every batch: a job whose worker died stops being touched and is taken over. */
  @Column('timestamptz', { nullable: true })
  heartbeatAt!: Date | null;
}
