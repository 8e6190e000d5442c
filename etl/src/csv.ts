import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
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
 * Parses RFC 4180 CSV text: comma-separated, fields optionally in double quotes (a doubled quote
 * inside is a quote), CRLF or LF line ends, a UTF-8 byte-order mark ignored, blank lines skipped.
 * Hand-written because the general-purpose parsers were 20–40× slower on our largest inputs, and
 * because every record must keep the line it started on for error messages.
 * `header: false` treats every line as data (the SPD files have no header).
 */
export function parseCsv(file: string, text: string, options: { header?: boolean } = {}): CsvTable {
  const name = basename(file);
  const records: CsvRow[] = [];
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < n) {
    const startLine = line;
    const cells: string[] = [];
    // one record
    for (;;) {
      let value: string;
      if (text.charCodeAt(i) === 34 /* " */) {
        let j = i + 1;
        let out = '';
        for (;;) {
          const q = text.indexOf('"', j);
          if (q === -1) throw new EtlCheckError([{ file: name, row: startLine, message: 'cannot be read as CSV: a quoted field is never closed' }]);
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
          throw new EtlCheckError([{ file: name, row: line, message: `cannot be read as CSV: unexpected text after a closing quote in field ${cells.length + 1}` }]);
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
    if (!(cells.length === 1 && cells[0] === '')) records.push({ row: startLine, cells });
  }
  const hasHeader = options.header !== false;
  const header = hasHeader ? (records[0]?.cells ?? []).map((cell) => cell.trim()) : [];
  const rows = records.slice(hasHeader ? 1 : 0);
  if (hasHeader) {
    const bad = rows.find((r) => r.cells.length !== header.length);
    if (bad) throw new EtlCheckError([{ file: name, row: bad.row, message: `cannot be read as CSV: the row has ${bad.cells.length} fields but the header has ${header.length}` }]);
  }
  const index = new Map(header.map((column, i) => [column, i]));
  return { file, name, header, rows, index };
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
  if (text === '' || text.toUpperCase() === 'NA') return { kind: 'empty' };
  if (SUPPRESSED_MARKERS.has(text.toLowerCase())) return { kind: 'suppressed' };
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return { kind: 'invalid' };
  return { kind: 'number', value: Number(text) };
}
