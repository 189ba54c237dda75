import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';

export type FileEncoding = 'utf-8' | 'cp932';

export class FileProblem extends Error {
  constructor(
    readonly code: 'EMPTY_FILE' | 'NOT_CSV',
    message: string,
  ) {
    super(message);
  }
}

const SAMPLE_BYTES = 64 * 1024;

/**
 * Looks at the start of a file: refuses empty and binary files, and tells UTF-8 (with or without
 * BOM) from Shift_JIS/CP932 — what Japanese Excel saves — by whether the bytes decode as UTF-8.
 */
export async function sniff(path: string): Promise<{ encoding: FileEncoding; size: number }> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const sample = Buffer.alloc(Math.min(size, SAMPLE_BYTES));
    await handle.read(sample, 0, sample.length, 0);
    const body = sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf ? sample.subarray(3) : sample;
    if (body.toString('latin1').trim() === '') throw new FileProblem('EMPTY_FILE', 'The file is empty');
    if (body.includes(0)) throw new FileProblem('NOT_CSV', 'This is not a CSV file (it contains binary data)');
    // A sample cut mid-character ends in an incomplete UTF-8 sequence: decoding as a stream holds
    // those last bytes back instead of calling them invalid.
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(body, { stream: size > sample.length });
      return { encoding: 'utf-8', size };
    } catch {
      return { encoding: 'cp932', size };
    }
  } finally {
    await handle.close();
  }
}

/** Counts lines (for the progress bar's total) without decoding the file. */
export async function countLines(path: string): Promise<number> {
  let lines = 0;
  let last = 10;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines += 1;
    last = chunk[chunk.length - 1];
  }
  return last === 10 ? lines : lines + 1;
}

export interface CsvRecord {
  cells: string[];
  /** Line of the file where the record starts (1-based; the header is line 1). */
  line: number;
}

/**
 * The records of a CSV file as a stream: decoded from its encoding, parsed by csv-parse (quotes,
 * embedded newlines, BOM), never held in memory whole. The first record is the header.
 */
export function readCsv(path: string, encoding: FileEncoding): AsyncIterable<CsvRecord> {
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true, max_record_size: 1_000_000 });
  // csv-parse decodes UTF-8 itself; only CP932 needs a decoder in front.
  const file = createReadStream(path);
  const decoded = encoding === 'cp932' ? file.pipe(iconv.decodeStream('cp932')) : undefined;
  file.on('error', (error) => parser.destroy(error));
  decoded?.on('error', (error: Error) => parser.destroy(error));
  (decoded ?? file).pipe(parser);
  return (async function* () {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number; raw?: string } }>) {
      yield { cells: record, line: info.lines - countNewlines(record) };
    }
  })();
}

/** Newlines inside quoted cells: the record started that many lines before the parser's line count. */
function countNewlines(cells: readonly string[]): number {
  let n = 0;
  for (const cell of cells) for (let i = cell.indexOf('\n'); i !== -1; i = cell.indexOf('\n', i + 1)) n += 1;
  return n;
}
