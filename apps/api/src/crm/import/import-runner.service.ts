import { rm } from 'node:fs/promises';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { BackgroundLoop } from '../../common/background-loop';
import { ActivityService } from '../../activity/activity.service';
import { CommunitiesService } from '../../communities/communities.service';
import { DatabaseService } from '../../database/database.service';
import { RealtimeService } from '../../realtime/realtime.service';
import type { CrmImportEntity, RowError } from '../crm-import.entity';
import { CrmImportsRepository } from '../crm-imports.repository';
import { countLines, readCsv, sniff } from './csv-file';
import { resolveColumns } from './fields';
import { type BatchOutcome, ImportWriterService, type OrderInput } from './import-writer.service';
import { type ContactRow, type FieldProblem, parseContactRow, parseOrderRow } from './rows';

const BATCH = 1000;
const MAX_ERRORS_KEPT = 1000;
const POLL_MS = 1000;

interface Pending<T> {
  rows: T[];
  lines: number[];
}

/**
 * Writes batches one after another while the caller reads the next one, so parsing and the
 * database work at the same time; at most one batch is being written and one filled.
 */
class BatchPipe {
  private writing: Promise<void> = Promise.resolve();

  /** Waits for the batch being written, then starts `write` without waiting for it. */
  async push(write: () => Promise<void>): Promise<void> {
    await this.writing;
    this.writing = write();
    // Awaited by the next push or by finish(); this only keeps it from counting as unhandled meanwhile.
    this.writing.catch(() => undefined);
  }

  finish(): Promise<void> {
    return this.writing;
  }
}

/**
 * Runs CSV imports in the background: streams the file (never whole in memory), parses rows,
 * writes 1,000 at a time (each batch its own transaction, written while the next is read), and
 * reports progress after each batch — in the job row and live to the person who started it. A bad
 * row is reported with its line and field and never stops the good ones.
 */
@Injectable()
export class ImportRunnerService implements OnApplicationShutdown {
  private readonly logger = new Logger(ImportRunnerService.name);
  private readonly background = new BackgroundLoop('import runner', POLL_MS, () => this.drain(), this.logger);

  constructor(
    private readonly db: DatabaseService,
    private readonly imports: CrmImportsRepository,
    private readonly writer: ImportWriterService,
    private readonly communities: CommunitiesService,
    private readonly activity: ActivityService,
    private readonly realtime: RealtimeService,
  ) {}

  start(): void {
    this.background.start();
  }

  /** Runs queued imports until none is left (tests and the CLI). */
  async drain(): Promise<void> {
    for (let job = await this.imports.claim(); job; job = await this.imports.claim()) await this.run(job);
  }

  wake(): void {
    this.background.wake();
  }

  onApplicationShutdown(): Promise<void> | undefined {
    return this.background.stop();
  }

  async run(job: CrmImportEntity): Promise<void> {
    const pipe = new BatchPipe();
    try {
      const { community } = await this.communities.accessById(job.communityId);
      const { encoding } = await sniff(job.filePath);
      job.encoding = encoding;
      job.rowsTotal = Math.max(0, (await countLines(job.filePath)) - 1);
      await this.save(job);
      const mapping = job.mapping ?? (await this.imports.savedMapping(job.communityId, job.kind));
      let fields: Map<number, string> | null = null;
      let header: string[] = [];
      let idColumn = 0;
      const seen = new Set<string>();
      const contacts: Pending<ContactRow> = { rows: [], lines: [] };
      const orders: Pending<OrderInput> = { rows: [], lines: [] };
      let current: { order: OrderInput; line: number } | null = null;
      const fail = (line: number, problems: FieldProblem[]) => {
        job.skipped += 1;
        this.addErrors(job, problems.map((p) => ({ line, field: p.field, message: p.message })));
      };
      const flushOrder = async () => {
        if (!current) return;
        orders.rows.push(current.order);
        orders.lines.push(current.line);
        current = null;
        if (orders.rows.length >= BATCH) await pipe.push(() => this.flush(job, orders, (rows) => this.writer.writeOrders(job.communityId, rows, `import:${job.fileName}`)));
      };
      for await (const record of readCsv(job.filePath, encoding)) {
        if (!fields) {
          header = record.cells.map((c) => c.trim());
          const resolved = resolveColumns(job.kind, header, mapping);
          if (resolved.missing.length > 0) throw new Error(`The file lacks columns for: ${resolved.missing.join(', ')}`);
          fields = resolved.fields;
          idColumn = [...fields].find(([, f]) => f === 'externalId')![0];
          job.unmappedColumns = resolved.unmapped;
          continue;
        }
        job.rowsDone += 1;
        if (job.kind === 'contacts') {
          const parsed = parseContactRow(record.cells, fields, header);
          if (!parsed.ok) fail(record.line, parsed.problems);
          else if (seen.has(parsed.value.externalId)) fail(record.line, [{ field: 'externalId', message: `externalId ${parsed.value.externalId} appears earlier in this file` }]);
          else {
            seen.add(parsed.value.externalId);
            contacts.rows.push(parsed.value);
            contacts.lines.push(record.line);
            if (contacts.rows.length >= BATCH) await pipe.push(() => this.flush(job, contacts, (rows) => this.writer.writeContacts(job.communityId, rows, `import:${job.fileName}`)));
          }
          continue;
        }
        const previous = current as { order: OrderInput; line: number } | null;
        const externalId = (record.cells[idColumn] ?? '').normalize('NFKC').trim();
        const continuation = previous !== null && externalId === previous.order.externalId;
        const parsed = parseOrderRow(record.cells, fields, header, { currency: 'JPY', timeZone: community.timeZone }, continuation);
        if (!parsed.ok) {
          fail(record.line, parsed.problems);
          continue;
        }
        if (continuation) {
          if (parsed.value.item) previous!.order.items.push(parsed.value.item);
          continue;
        }
        await flushOrder();
        if (seen.has(parsed.value.externalId)) {
          fail(record.line, [{ field: 'externalId', message: `order ${parsed.value.externalId} appears earlier in this file` }]);
          continue;
        }
        seen.add(parsed.value.externalId);
        const { item, ...order } = parsed.value;
        current = { order: { ...order, items: item ? [item] : [] }, line: record.line };
      }
      if (!fields) throw new Error('The file has no header row');
      await flushOrder();
      await pipe.push(() => this.flush(job, contacts, (rows) => this.writer.writeContacts(job.communityId, rows, `import:${job.fileName}`)));
      await pipe.push(() => this.flush(job, orders, (rows) => this.writer.writeOrders(job.communityId, rows, `import:${job.fileName}`)));
      await pipe.finish();
      job.status = 'done';
      job.rowsTotal = job.rowsDone;
    } catch (error) {
      await pipe.finish().catch(() => undefined);
      job.status = 'failed';
      job.failure = error instanceof Error ? error.message.slice(0, 500) : String(error);
      this.logger.warn({ importId: job.id, err: error }, 'import failed');
    }
    job.finishedAt = new Date();
    await this.db.transaction(async () => {
      await this.save(job);
      await this.activity.record({
        type: 'crm.import_finished',
        communityId: job.communityId,
        actorId: job.createdBy,
        subject: { type: 'import', id: job.id },
        data: { kind: job.kind, status: job.status, rows: job.rowsDone, inserted: job.inserted, updated: job.updated, skipped: job.skipped, errors: job.errorCount },
      });
    });
    this.announce(job);
    await rm(job.filePath, { force: true });
  }

  /** Writes the pending rows (taken at once: the caller goes on filling a new batch) in one transaction. */
  private async flush<T>(job: CrmImportEntity, pending: Pending<T>, write: (rows: T[]) => Promise<BatchOutcome>): Promise<void> {
    if (pending.rows.length === 0) return;
    const { rows, lines } = pending;
    pending.rows = [];
    pending.lines = [];
    await this.db.transaction(async () => {
      const outcome = await write(rows);
      job.inserted += outcome.inserted;
      job.updated += outcome.updated;
      job.skipped += outcome.skipped + outcome.errors.length;
      this.addErrors(job, outcome.errors.map((e) => ({ line: lines[e.index], field: e.field, message: e.message })));
      job.heartbeatAt = new Date();
      await this.save(job);
    });
    this.announce(job);
  }

  private addErrors(job: CrmImportEntity, errors: RowError[]): void {
    job.errorCount += errors.length;
    job.errors.push(...errors.slice(0, Math.max(0, MAX_ERRORS_KEPT - job.errors.length)));
    // A batch's write errors arrive after the next batch's parse errors (it is read while this one is written).
    job.errors.sort((a, b) => a.line - b.line);
  }

  private async save(job: CrmImportEntity): Promise<void> {
    const { id, communityId, ...changes } = job;
    await this.imports.update(communityId, { id }, changes);
  }

  private announce(job: CrmImportEntity): void {
    if (!job.createdBy) return;
    const { id, kind, status, rowsTotal, rowsDone, inserted, updated, skipped, errorCount } = job;
    this.realtime.toUser(job.createdBy, 'import.progress', { id, kind, status, rowsTotal, rowsDone, inserted, updated, skipped, errorCount });
  }

}
