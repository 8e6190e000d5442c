import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { cell, CsvRecordReader, numberCell, parseCsv, readCsv, streamCsv } from './csv.ts';

describe('parseCsv', () => {
  it('reads quoted fields, doubled quotes, embedded commas and line breaks, CRLF and a BOM', () => {
    const table = parseCsv('t.csv', '\ufeffa,b,c\r\n"x, y","say ""hi""","two\nlines"\r\n\r\n1,,3\n');
    expect(table.header).toEqual(['a', 'b', 'c']);
    expect(table.rows).toEqual([
      { row: 2, cells: ['x, y', 'say "hi"', 'two\nlines'] },
      { row: 5, cells: ['1', '', '3'] },
    ]);
  });

  it('reads files without a header or a final line end', () => {
    expect(parseCsv('t.csv', '1,2\n3,4', { header: false }).rows.map((r) => r.cells)).toEqual([['1', '2'], ['3', '4']]);
  });

  it('names the row of a ragged or broken record', () => {
    expect(() => parseCsv('t.csv', 'a,b\n1,2\n3\n')).toThrow('t.csv, row 3: cannot be read as CSV: the row has 1 fields but the header has 2');
    expect(() => parseCsv('t.csv', 'a,b\n1,"2\n')).toThrow('t.csv, row 2: cannot be read as CSV: a quoted field is never closed');
    expect(() => parseCsv('t.csv', 'a,b\n1,"2"x\n')).toThrow('row 2: cannot be read as CSV: unexpected text after a closing quote');
  });
});

describe('readCsv', () => {
  it('reads UTF-8 strictly and Windows-1252 otherwise, gunzips .gz, and cells come trimmed of no-break spaces', () => {
    const dir = mkdtempSync(join(tmpdir(), 'arealens-csv-'));
    // "Annandale East and Eskdale" + NBSP, "Steòrnabhagh" and a right single quote, as SG publishes them (CP1252 bytes).
    const cp1252 = Buffer.from([...Buffer.from('code,name\nS13002886,Annandale East and Eskdale'), 0xa0, ...Buffer.from('\nS13003142,Ste'), 0xf2, ...Buffer.from('rnabhagh a Tuath\nS13002950,Land o'), 0x92, ...Buffer.from(' Burns\n')]);
    writeFileSync(join(dir, 'lookup.csv'), cp1252);
    writeFileSync(join(dir, 'lookup.csv.gz'), gzipSync(cp1252));
    writeFileSync(join(dir, 'utf8.csv'), 'code,name\nS13003142,Steòrnabhagh a Tuath\n');
    for (const file of ['lookup.csv', 'lookup.csv.gz']) {
      const table = readCsv(join(dir, file));
      expect(table.encoding).toBe('windows-1252');
      expect(table.rows.map((row) => cell(table, row, 'name'))).toEqual(['Annandale East and Eskdale', 'Steòrnabhagh a Tuath', 'Land o’ Burns']);
    }
    const utf8 = readCsv(join(dir, 'utf8.csv'));
    expect(utf8.encoding).toBe('utf-8');
    expect(cell(utf8, utf8.rows[0]!, 'name')).toBe('Steòrnabhagh a Tuath');
  });
});

describe('a damaged gzipped file', () => {
  it('is refused with its name, not a bare zlib error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'arealens-gz-'));
    const whole = gzipSync(Buffer.from(`code,name\n${'S01006506,Culter - 01\n'.repeat(2000)}`));
    writeFileSync(join(dir, 'lookup.csv.gz'), whole.subarray(0, whole.length - 40));
    expect(() => readCsv(join(dir, 'lookup.csv.gz'))).toThrow(/lookup\.csv\.gz: cannot be unpacked as gzip \(.*\): the file is damaged or cut short/);
  });
});

describe('streamCsv', () => {
  const dir = mkdtempSync(join(tmpdir(), 'arealens-stream-'));
  const text = '\ufeffa,b,c\r\n"x, y","say ""hi""","two\nlines"\r\n\r\n1,,3\nStè,"ò""",’\n4,5,6';

  it('gives the same rows as parseCsv however the text is cut into pieces', () => {
    const whole = parseCsv('t.csv', text);
    for (let size = 1; size <= 12; size++) {
      const rows: { row: number; cells: string[] }[] = [];
      const reader = new CsvRecordReader('t.csv');
      for (let at = 0; at < text.length; at += size) reader.feed(text.slice(at, at + size), false, (r) => rows.push(r));
      reader.feed('', true, (r) => rows.push(r));
      expect(rows.slice(1), `pieces of ${size}`).toEqual(whole.rows);
    }
  });

  it('reads UTF-8 cut inside a character, Windows-1252 and gzip a few bytes at a time, and names a ragged row', async () => {
    writeFileSync(join(dir, 'utf8.csv.gz'), gzipSync(Buffer.from(text)));
    const cp1252 = Buffer.from([...Buffer.from('code,name\nS1,Ste'), 0xf2, ...Buffer.from('rnabhagh\nS2,Land o'), 0x92, ...Buffer.from(' Burns\n')]);
    writeFileSync(join(dir, 'cp1252.csv'), cp1252);
    const read = async (file: string, block: number) => {
      const rows: string[][] = [];
      const result = await streamCsv(join(dir, file), () => true, (_t, r) => rows.push(r.cells), block);
      return { rows, encoding: result.encoding };
    };
    for (const block of [1, 2, 3, 7, 1 << 20]) {
      const utf8 = await read('utf8.csv.gz', block);
      expect(utf8.rows).toEqual(parseCsv('t.csv', text).rows.map((r) => r.cells));
      expect(utf8.encoding).toBe('utf-8');
      const cp = await read('cp1252.csv', block);
      expect(cp.rows).toEqual([['S1', 'Steòrnabhagh'], ['S2', 'Land o’ Burns']]);
      expect(cp.encoding).toBe('windows-1252');
    }
    writeFileSync(join(dir, 'ragged.csv'), 'a,b\n1,2\n3\n');
    await expect(read('ragged.csv', 4)).rejects.toThrow('ragged.csv, row 3: cannot be read as CSV: the row has 1 fields but the header has 2');
  });

  it('refuses a damaged .gz with its name', async () => {
    const whole = gzipSync(Buffer.from(`code,name\n${'S01006506,Culter - 01\n'.repeat(2000)}`));
    writeFileSync(join(dir, 'cut.csv.gz'), whole.subarray(0, whole.length - 40));
    await expect(streamCsv(join(dir, 'cut.csv.gz'), () => true, () => {})).rejects.toThrow(/cut\.csv\.gz: cannot be unpacked as gzip \(.*\): the file is damaged or cut short/);
  });
});

describe('numberCell', () => {
  it('takes plain decimals only: digits, one point, an exponent, a sign', () => {
    const pattern = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
    const cases = ['0', '12', '-3', '+4.5', '6.', '.7', '.', '-', '+', '1e5', '1E-5', '2.5e+3', '1e', '1e+', 'e5', '1.2.3', ' 1', '1 ', '1,000', '£5', '0x10', 'Infinity', 'NaN', '--1', '1-', '.e1', '5.e2'];
    for (const text of cases) {
      const result = numberCell(text);
      expect(result.kind === 'number', text).toBe(pattern.test(text));
      if (result.kind === 'number') expect(result.value).toBe(Number(text));
    }
    expect(numberCell('')).toEqual({ kind: 'empty' });
    expect(numberCell('na')).toEqual({ kind: 'empty' });
    expect(numberCell('[c]')).toEqual({ kind: 'suppressed' });
    expect(numberCell('*')).toEqual({ kind: 'suppressed' });
  });
});
