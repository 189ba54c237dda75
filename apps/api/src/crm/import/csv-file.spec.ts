import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { readCsv, sniff } from './csv-file';

describe('CSV files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kizuna-csv-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, body: Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, body);
    return path;
  };

  it.each([0, 1, 2])('reads a large Japanese UTF-8 file as UTF-8 wherever the 64 KiB sample cuts a character (offset %i)', async (offset) => {
    const rows = Array.from({ length: 3000 }, (_, i) => `C${i},${'あ'.repeat(5)}さくら`).join('\n');
    const path = file(`big-${offset}.csv`, Buffer.from(`${'x'.repeat(offset)}id,name\n${rows}\n`, 'utf8'));
    expect((await sniff(path)).encoding).toBe('utf-8');
  });

  it('reads Shift_JIS as CP932, including characters Shift_JIS proper lacks', async () => {
    const path = file('sjis.csv', iconv.encode('顧客ID,姓\r\nK-1,髙橋①\r\n', 'cp932'));
    expect((await sniff(path)).encoding).toBe('cp932');
    const records = [];
    for await (const record of readCsv(path, 'cp932')) records.push(record);
    expect(records).toEqual([
      { cells: ['顧客ID', '姓'], line: 1 },
      { cells: ['K-1', '髙橋①'], line: 2 },
    ]);
  });

  it('gives each record the line it starts on, with quoted newlines', async () => {
    const path = file('lines.csv', Buffer.from('id,note\n1,"two\nlines"\n2,plain\n'));
    const lines = [];
    for await (const record of readCsv(path, 'utf-8')) lines.push(record.line);
    expect(lines).toEqual([1, 2, 4]);
  });

  it('refuses empty and binary files', async () => {
    await expect(sniff(file('empty.csv', Buffer.from('  \n')))).rejects.toMatchObject({ code: 'EMPTY_FILE' });
    await expect(sniff(file('png.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1])))).rejects.toMatchObject({ code: 'NOT_CSV' });
  });
});
