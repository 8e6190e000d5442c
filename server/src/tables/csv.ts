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
/** Distinct texts whose written form is remembered per table (names, codes, titles repeat on every row). */
const TEXTS_KEPT = 10_000;

/**
 * The table as CSV (RFC 4180: comma-separated, CRLF line ends, quotes doubled), UTF-8 with a byte
 * order mark so Excel opens accented names correctly, header row first. Rows are written as they
 * are generated, a chunk at a time, never as one string. Each line is built by one loop over the
 * columns (no arrays per row), and a text's escaped form is looked up, not tested again, when it
 * repeats: a 354 wards × 20 indicators × 15 periods table writes 2.9M fields.
 */
export function csvStream(rows: Iterable<TableRow>): Readable {
  const names = COLUMNS.map((c) => c.name);
  const written = new Map<string, string>();
  const field = (value: string | number | boolean | null): string => {
    if (typeof value !== 'string') return csvField(value);
    let text = written.get(value);
    if (text === undefined) {
      text = csvField(value);
      if (written.size < TEXTS_KEPT) written.set(value, text);
    }
    return text;
  };
  function* chunks(): Generator<string> {
    let buffer = '\uFEFF' + line(names);
    for (const row of rows) {
      let text = field(row[names[0]!]);
      for (let i = 1; i < names.length; i++) text += ',' + field(row[names[i]!]);
      buffer += text + '\r\n';
      if (buffer.length >= CHUNK) {
        yield buffer;
        buffer = '';
      }
    }
    if (buffer) yield buffer;
  }
  return Readable.from(chunks(), { objectMode: false, encoding: 'utf8' });
}
