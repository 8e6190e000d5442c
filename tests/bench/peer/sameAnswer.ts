/**
 * Whether two engines gave the same answer: rows in key order, every column, integers exactly and
 * other numbers to 12 significant figures (two engines may add the same doubles in a different
 * order, which moves the last bits), hashed so that a run can print one short checksum per side.
 */
import { createHash } from 'node:crypto';

export type Row = Record<string, unknown>;

const cell = (value: unknown): string => {
  if (value === null || value === undefined) return '∅';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toPrecision(12);
  return String(value);
};

function canonical(rows: readonly Row[], keys: readonly string[]): string[] {
  return rows
    .map((row) => ({ key: keys.map((k) => cell(row[k])).join('/'), line: Object.keys(row).sort().map((c) => `${c}=${cell(row[c])}`).join(' ') }))
    .sort((a, b) => a.key.localeCompare(b.key, 'en', { numeric: true }))
    .map((r) => r.line);
}

export const checksum = (rows: readonly Row[], keys: readonly string[]): string =>
  createHash('sha256').update(canonical(rows, keys).join('\n')).digest('hex').slice(0, 16);

/** Null when the answers agree; otherwise the first row where they part, for the error message. */
export function firstDifference(a: readonly Row[], b: readonly Row[], keys: readonly string[]): string | null {
  const left = canonical(a, keys);
  const right = canonical(b, keys);
  if (left.length !== right.length) return `${left.length} rows against ${right.length}`;
  const at = left.findIndex((line, i) => line !== right[i]);
  return at < 0 ? null : `row ${at}:\n  DuckDB     ${left[at]}\n  PostgreSQL ${right[at]}`;
}
