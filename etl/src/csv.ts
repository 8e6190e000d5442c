import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
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
}

export interface CsvShape {
  required: readonly string[];
  optional?: readonly string[];
  /** Accept columns beyond required and optional (official files carry many we do not read). */
  allowExtra?: boolean;
}

export function readFileText(file: string): string {
  const bytes = readFileSync(file);
  return (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
}

/** Parses CSV text; `header: false` treats every line as data (the SPD files have no header). */
export function parseCsv(file: string, text: string, options: { header?: boolean } = {}): CsvTable {
  const name = basename(file);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, info: true, skip_empty_lines: true, relax_quotes: false }) as unknown as typeof records;
  } catch (error) {
    const cause = error as { lines?: number; message: string };
    throw new EtlCheckError([{ file: name, row: cause.lines, message: `cannot be read as CSV: ${cause.message}` }]);
  }
  const hasHeader = options.header !== false;
  const header = hasHeader ? (records[0]?.record ?? []).map((cell) => cell.trim()) : [];
  const rows = records.slice(hasHeader ? 1 : 0).map(({ record, info }) => ({ row: info.lines, cells: record }));
  const index = new Map(header.map((column, i) => [column, i]));
  return { file, name, header, rows, index };
}

export function readCsv(file: string, options: { header?: boolean } = {}): CsvTable {
  return parseCsv(file, readFileText(file), options);
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

/** A cell by column name; '' when the column is absent. */
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
