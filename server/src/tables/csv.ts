import { Readable } from 'node:stream';
import { COLUMNS, type TableRow } from './columns.ts';

/**
 * Spreadsheets run a cell that starts with one of these as a formula (OWASP, "CSV Injection"):
 * such text is written with a leading single quote, which Excel and LibreOffice read as "text".
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export const escapeFormula = (text: string): string => (FORMULA_START.test(text) ? `'${text}` : text);

/** One RFC 4180 field: numbers unrounded (shortest round-trip form), empty for null. */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = escapeFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const line = (cells: (string | number | boolean | null)[]) => cells.map(csvField).join(',') + '\r\n';

/** Bytes gathered before a chunk is pushed: big enough to keep per-chunk overhead negligible. */
const CHUNK = 64 * 1024;

/**
 * The table as CSV (RFC 4180: comma-separated, CRLF line ends, quotes doubled), UTF-8 with a byte
 * order mark so Excel opens accented names correctly, header row first. Rows are written as they
 * are generated, a chunk at a time, never as one string.
 */
export function csvStream(rows: Iterable<TableRow>): Readable {
  function* chunks(): Generator<string> {
    let buffer = '\uFEFF' + line(COLUMNS.map((c) => c.name));
    for (const row of rows) {
      buffer += line(COLUMNS.map((c) => row[c.name]));
      if (buffer.length >= CHUNK) {
        yield buffer;
        buffer = '';
      }
    }
    if (buffer) yield buffer;
  }
  return Readable.from(chunks(), { objectMode: false, encoding: 'utf8' });
}
