import { createReadStream, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { createGunzip, gunzipSync } from 'node:zlib';
import { EtlCheckError, type IssueCollector } from './errors.ts';

export interface CsvRow {
  /** Row number as a spreadsheet shows it (header = 1). */
  row: number;
  cells: string[];
}

export interface CsvTable {
  file: string;
  /** The file name used in messages. */
  name: string;
  header: string[];
  rows: CsvRow[];
  /** Index of each column by name. */
  index: Map<string, number>;
  /** How the bytes were decoded (readCsv only). */
  encoding?: 'utf-8' | 'windows-1252';
}

export interface CsvShape {
  required: readonly string[];
  optional?: readonly string[];
  /** Accept columns beyond required and optional (official files carry many we do not read). */
  allowExtra?: boolean;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Windows-1252's 0x80–0x9F (’ “ ” – — € …), where it differs from Latin-1. Node 20's
 * TextDecoder('windows-1252') decodes those bytes as Latin-1 control characters (U+0092 for ’),
 * so the table is applied here. 0x81, 0x8D, 0x8F, 0x90 and 0x9D are unassigned and kept as is.
 */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

export function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return latin1.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!);
}

/**
 * A file's text, gunzipped when its name ends .gz. UTF-8 is tried first and strictly; bytes that
 * are not valid UTF-8 are read as Windows-1252, the encoding statistics.gov.scot and the SG
 * lookups are published in (a stray 0xA0 or 0x92 is never valid UTF-8, so the two cannot be
 * confused). `encoding` says which was used, for the build summary.
 */
export function readFileText(file: string): string {
  return readFileWithEncoding(file).text;
}

export function readFileWithEncoding(file: string): { text: string; encoding: 'utf-8' | 'windows-1252' } {
  const raw = readFileSync(file);
  let bytes: Buffer;
  try {
    bytes = file.endsWith('.gz') ? gunzipSync(raw) : raw;
  } catch (error) {
    throw new EtlCheckError([{ file: basename(file), message: `cannot be unpacked as gzip (${(error as Error).message}): the file is damaged or cut short` }]);
  }
  try {
    return { text: utf8.decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
  }
}

/**
 * An RFC 4180 record parser that takes its text in pieces: comma-separated, fields optionally in
 * double quotes (a doubled quote inside is a quote), CRLF or LF line ends, a UTF-8 byte-order mark
 * ignored, blank lines skipped. A record cut by the end of a piece waits for the next one, so a
 * file can be read a block at a time and never held whole. Hand-written because the
 * general-purpose parsers were 20–40× slower on our largest inputs, and because every record must
 * keep the line it started on for error messages.
 */
export class CsvRecordReader {
  private rest = '';
  private line = 1;
  private started = false;

  constructor(private readonly name: string) {}

  /** Every record complete in the text so far; `last` says no more text follows. */
  feed(piece: string, last: boolean, onRecord: (record: CsvRow) => void): void {
    let text = this.rest + piece;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const n = text.length;
    let i = 0;
    let line = this.line;
    records: while (i < n) {
      const recordStart = i;
      const startLine = line;
      const cells: string[] = [];
      for (;;) {
        let value: string;
        if (text.charCodeAt(i) === 34 /* " */) {
          let j = i + 1;
          let out = '';
          for (;;) {
            const q = text.indexOf('"', j);
            // A quote not yet closed, or closed at the very end of the piece (it may be doubled).
            if (!last && (q === -1 || q === n - 1)) {
              i = recordStart;
              line = startLine;
              break records;
            }
            if (q === -1) throw new EtlCheckError([{ file: this.name, row: startLine, message: 'cannot be read as CSV: a quoted field is never closed' }]);
            out += text.slice(j, q);
            for (let k = j; k < q; k++) if (text.charCodeAt(k) === 10) line++;
            if (text.charCodeAt(q + 1) === 34) {
              out += '"';
              j = q + 2;
            } else {
              i = q + 1;
              break;
            }
          }
          value = out;
          const c = text.charCodeAt(i);
          if (i < n && c !== 44 && c !== 10 && c !== 13) {
            throw new EtlCheckError([{ file: this.name, row: line, message: `cannot be read as CSV: unexpected text after a closing quote in field ${cells.length + 1}` }]);
          }
        } else {
          let j = i;
          while (j < n) {
            const c = text.charCodeAt(j);
            if (c === 44 || c === 10 || c === 13) break;
            j++;
          }
          value = text.slice(i, j);
          i = j;
        }
        cells.push(value);
        // The record's end is not yet in view (a CR may yet be followed by its LF).
        if (!last && (i >= n || (text.charCodeAt(i) === 13 && i + 1 >= n))) {
          i = recordStart;
          line = startLine;
          break records;
        }
        const c = text.charCodeAt(i);
        if (c === 44) {
          i++;
          continue;
        }
        if (c === 13) i++;
        if (text.charCodeAt(i) === 10) i++;
        line++;
        break;
      }
      if (!(cells.length === 1 && cells[0] === '')) onRecord({ row: startLine, cells });
    }
    this.rest = text.slice(i);
    this.line = line;
  }
}

/** Parses CSV text held whole (see CsvRecordReader). `header: false` treats every line as data (the SPD files have no header). */
export function parseCsv(file: string, text: string, options: { header?: boolean } = {}): CsvTable {
  const name = basename(file);
  const records: CsvRow[] = [];
  new CsvRecordReader(name).feed(text, true, (record) => records.push(record));
  const hasHeader = options.header !== false;
  const header = hasHeader ? (records[0]?.cells ?? []).map((cell) => cell.trim()) : [];
  const rows = records.slice(hasHeader ? 1 : 0);
  if (hasHeader) {
    const bad = rows.find((r) => r.cells.length !== header.length);
    if (bad) throw raggedRow(name, bad, header.length);
  }
  const index = new Map(header.map((column, i) => [column, i]));
  return { file, name, header, rows, index };
}

const raggedRow = (name: string, row: CsvRow, fields: number) =>
  new EtlCheckError([{ file: name, row: row.row, message: `cannot be read as CSV: the row has ${row.cells.length} fields but the header has ${fields}` }]);

/**
 * Bytes read from a file per block when it is streamed: under V8's 128 KiB limit for ordinary
 * heap objects, so each block's text (and the text it is joined with) is young garbage rather
 * than a large object that only a full collection frees. (What kept the heap down over a 1.9 GB
 * file was the young generation's size: etl/src/nodeFlags.ts.)
 */
const BLOCK_BYTES = 1 << 16;

/**
 * A file's text a block at a time, gunzipped when its name ends .gz, decoded as readFileWithEncoding
 * decodes: strict UTF-8, or Windows-1252 from the first block that is not valid UTF-8 (blocks
 * before it were, so nothing already read changes meaning). A multi-byte character cut by a
 * block's end is carried to the next block.
 */
export async function* fileTextBlocks(file: string, blockBytes = BLOCK_BYTES): AsyncGenerator<{ text: string; encoding: 'utf-8' | 'windows-1252' }> {
  const source = createReadStream(file, { highWaterMark: blockBytes });
  const bytes: AsyncIterable<Buffer> = file.endsWith('.gz') ? source.pipe(createGunzip({ chunkSize: Math.max(blockBytes, 64) })) : source;
  let encoding: 'utf-8' | 'windows-1252' = 'utf-8';
  let carried: Buffer = Buffer.alloc(0);
  try {
    for await (const block of bytes) {
      const all = carried.length > 0 ? Buffer.concat([carried, block]) : block;
      if (encoding === 'windows-1252') {
        yield { text: decodeWindows1252(all), encoding };
        carried = Buffer.alloc(0);
        continue;
      }
      const cut = completeUtf8Length(all);
      try {
        yield { text: utf8.decode(all.subarray(0, cut)), encoding };
        carried = Buffer.from(all.subarray(cut));
      } catch {
        encoding = 'windows-1252';
        carried = Buffer.alloc(0);
        yield { text: decodeWindows1252(all), encoding };
      }
    }
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('Z_')) {
      throw new EtlCheckError([{ file: basename(file), message: `cannot be unpacked as gzip (${(error as Error).message}): the file is damaged or cut short` }]);
    }
    throw error;
  } finally {
    source.destroy();
  }
  if (carried.length > 0) {
    try {
      yield { text: utf8.decode(carried), encoding };
    } catch {
      yield { text: decodeWindows1252(carried), encoding: 'windows-1252' };
    }
  }
}

/** The length of the bytes up to the last whole UTF-8 character (a lead byte whose sequence runs past the end is left out). */
function completeUtf8Length(bytes: Buffer): number {
  const n = bytes.length;
  for (let back = 1; back <= Math.min(3, n); back++) {
    const b = bytes[n - back]!;
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: look further back for its lead
    const needs = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return needs > back ? n - back : n;
  }
  return n;
}

/**
 * Reads a CSV file with a header a block at a time: `onHeader` gets the table's shape (its `rows`
 * stay empty) and returns false to stop; `onRow` then gets each row, with the table for `cell`.
 * Memory is bounded by the largest block, however long the file.
 */
export async function streamCsv(file: string, onHeader: (table: CsvTable) => boolean, onRow: (table: CsvTable, row: CsvRow) => void, blockBytes = BLOCK_BYTES): Promise<{ rows: number; encoding: 'utf-8' | 'windows-1252' }> {
  const name = basename(file);
  const reader = new CsvRecordReader(name);
  let table: CsvTable | null = null;
  let stopped = false;
  let rows = 0;
  let encoding: 'utf-8' | 'windows-1252' = 'utf-8';
  const onRecord = (record: CsvRow) => {
    if (stopped) return;
    if (!table) {
      const header = record.cells.map((c) => c.trim());
      table = { file, name, header, rows: [], index: new Map(header.map((column, i) => [column, i])) };
      if (!onHeader(table)) stopped = true;
      return;
    }
    if (record.cells.length !== table.header.length) throw raggedRow(name, record, table.header.length);
    rows += 1;
    onRow(table, record);
  };
  for await (const block of fileTextBlocks(file, blockBytes)) {
    encoding = block.encoding;
    reader.feed(block.text, false, onRecord);
    if (stopped) break;
  }
  if (!stopped) reader.feed('', true, onRecord);
  if (!table) onHeader({ file, name, header: [], rows: [], index: new Map() });
  return { rows, encoding };
}

export function readCsv(file: string, options: { header?: boolean } = {}): CsvTable {
  const { text, encoding } = readFileWithEncoding(file);
  return { ...parseCsv(file, text, options), encoding };
}

/**
 * Checks the header against the expected shape. Missing and (unless allowed) unexpected columns
 * are reported; returns false when the file cannot be read further.
 */
export function checkColumns(table: CsvTable, shape: CsvShape, issues: IssueCollector): boolean {
  if (table.header.length === 0) {
    issues.add({ file: table.name, message: 'is empty: expected a header row' });
    return false;
  }
  const missing = shape.required.filter((column) => !table.index.has(column));
  for (const column of missing) {
    issues.add({ file: table.name, row: 1, column, message: `required column is missing (the header has: ${table.header.join(', ')})` });
  }
  if (!shape.allowExtra) {
    const known = new Set([...shape.required, ...(shape.optional ?? [])]);
    for (const column of table.header) {
      if (!known.has(column)) {
        issues.add({ file: table.name, row: 1, column, message: `unexpected column (expected: ${[...known].join(', ')})` });
      }
    }
  }
  const dupes = table.header.filter((column, i) => table.header.indexOf(column) !== i);
  for (const column of new Set(dupes)) issues.add({ file: table.name, row: 1, column, message: 'column appears more than once' });
  return missing.length === 0 && dupes.length === 0;
}

/**
 * A cell by column name; '' when the column is absent. Trimmed of white space, including the
 * no-break spaces (U+00A0) that the SG lookups leave after some names.
 */
export function cell(table: CsvTable, row: CsvRow, column: string): string {
  const i = table.index.get(column);
  return i === undefined ? '' : (row.cells[i] ?? '').trim();
}

/** Cells the publishers use for "withheld" (disclosure control). */
export const SUPPRESSED_MARKERS = new Set(['*', 'c', '[c]', 'x', '[x]']);

export type NumberCell = { kind: 'number'; value: number } | { kind: 'empty' } | { kind: 'suppressed' } | { kind: 'invalid' };

/** Reads a numeric cell: plain decimals only (no thousands separators, no currency signs). */
export function numberCell(text: string): NumberCell {
  if (text === '' || text.toUpperCase() === 'NA') return EMPTY;
  if (SUPPRESSED_MARKERS.has(text.toLowerCase())) return SUPPRESSED;
  if (!PLAIN_DECIMAL.test(text)) return INVALID;
  return { kind: 'number', value: Number(text) };
}

const PLAIN_DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const EMPTY: NumberCell = { kind: 'empty' };
const SUPPRESSED: NumberCell = { kind: 'suppressed' };
const INVALID: NumberCell = { kind: 'invalid' };
