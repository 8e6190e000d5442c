import { cell, checkColumns, numberCell, readCsv, type CsvRow, type CsvTable } from '../csv.ts';
import type { IndicatorMeta, Staging } from '../staging.ts';
import { recordSource } from './context.ts';
import { checkCompleteCoverage, dataZoneCell } from './dataZoneCell.ts';

/**
 * Official tables are wide: one row per data zone, one column per measure. Each spec says which
 * columns make an indicator's numerator, denominator or value.
 */
export interface WideIndicatorSpec {
  code: string;
  title: string;
  theme: string;
  topic: string;
  unit: string;
  measureType: string;
  aggregation: IndicatorMeta['aggregation'];
  multiplier: number;
  polarity: IndicatorMeta['polarity'];
  notes?: string;
  keywords?: string;
  /** Columns summed to give the numerator. */
  numerator?: string[];
  /** Columns summed to give the denominator. */
  denominator?: string[];
  /** The published value column (a rate or score as published). */
  value?: string;
  /**
   * Where the publisher gives a count and a rate but not the base, the base is count ÷ rate;
   * where the count is 0 the base cannot be recovered and `weight` is used instead.
   */
  denominatorFromRate?: string;
  /** Population weight column for population-weighted means (and the fallback above). */
  weight?: string;
}

export interface WideTableSource {
  kind: string;
  file: string;
  dzColumn: string;
  /** The period of each indicator's data: one for the whole table, or one per indicator. */
  period: string | ((spec: WideIndicatorSpec) => string);
  /**
   * Editions of one series (SIMD 2016, 2020v2) load the same indicators at different periods:
   * an indicator already loaded from another edition of `series` gains periods, and the edition
   * is logged as a revision, instead of being refused as loaded twice.
   */
  series?: string;
  /** Published column names of this edition → the names the specs use (e.g. Noquals → no_qualifications). */
  renames?: Record<string, string>;
  /** Codes of specs this edition does not have (e.g. broadband before 2020): skipped, and said so. */
  absent?: readonly string[];
  /** Edition notes appended to an indicator's notes (e.g. its reference period). */
  notes?: (spec: WideIndicatorSpec) => string | null;
  /** Called for each data zone read, with its cells by (canonical) column name. */
  onRow?: (dz: string, value: (column: string) => number | null) => void;
  revision: string;
  source: string;
  publisher: string;
  licence: string;
  datePublished?: string;
  synthetic: boolean;
  specs: WideIndicatorSpec[];
  /**
   * Official tables are loaded as published even where a part exceeds its total (census figures
   * are perturbed for disclosure control); such rows are listed as warnings, not refused.
   */
  partAboveTotal?: 'refuse' | 'warn';
}

type Parsed = { value: number | null; suppressed: boolean };

function sumColumns(staging: Staging, table: CsvTable, row: CsvRow, columns: string[]): Parsed {
  let total = 0;
  for (const column of columns) {
    const parsed = numberCell(cell(table, row, column));
    if (parsed.kind === 'suppressed') return { value: null, suppressed: true };
    if (parsed.kind === 'empty') return { value: null, suppressed: false };
    if (parsed.kind === 'invalid') {
      staging.issues.add({ file: table.name, row: row.row, column, message: `"${cell(table, row, column)}" is not a number` });
      return { value: null, suppressed: false };
    }
    total += parsed.value;
  }
  return { value: total, suppressed: false };
}

/** Reads a wide table into observations for each spec, checking counts and proportions. */
export function readWideTable(staging: Staging, spec: WideTableSource): void {
  recordSource(staging, spec.kind, spec.file, () => {
    const table = readCsv(spec.file);
    for (const [published, name] of Object.entries(spec.renames ?? {})) {
      const at = table.index.get(published);
      if (at === undefined || table.index.has(name)) continue;
      table.index.set(name, at);
    }
    const periodOf = (s: WideIndicatorSpec) => (typeof spec.period === 'string' ? spec.period : spec.period(s));
    // An edition whose data for an indicator are the period another edition already gave (both
    // SIMD 2016 and 2020v2 take overcrowding from the 2011 Census) adds nothing: the first read is kept.
    const present = spec.specs.filter((s) => !spec.absent?.includes(s.code));
    const repeats = present.filter((s) => spec.series && staging.indicators.get(s.code)?.seriesPeriods?.has(periodOf(s)));
    if (repeats.length > 0) {
      staging.warnings.push({ kind: spec.kind, file: table.name, message: `${repeats.map((s) => `${s.code} (${periodOf(s)})`).join(', ')}: the same period as an edition read before, whose figures are kept` });
    }
    const specs = present.filter((s) => !repeats.includes(s));
    const needed = new Set<string>([spec.dzColumn]);
    for (const s of specs) {
      for (const column of [...(s.numerator ?? []), ...(s.denominator ?? []), s.value, s.denominatorFromRate, s.weight]) {
        if (column) needed.add(column);
      }
    }
    if (!checkColumns(table, { required: [...needed], allowExtra: true }, staging.issues)) return { rowsRead: table.rows.length, rowsLoaded: 0 };
    for (const s of specs) {
      const existing = staging.indicators.get(s.code);
      const editionNote = spec.notes?.(s) ?? null;
      if (existing && spec.series && existing.series === spec.series && existing.revision !== spec.revision) {
        staging.revisions.push({ code: s.code, revision: spec.revision, file: table.name });
        existing.seriesPeriods?.add(periodOf(s));
        if (editionNote) existing.notes = [existing.notes, editionNote].filter(Boolean).join(' ');
        continue;
      }
      if (existing) {
        staging.issues.add({ file: table.name, message: `indicator ${s.code} is loaded by two sources` });
        continue;
      }
      staging.indicators.set(s.code, {
        code: s.code, title: s.title, theme: s.theme, topic: s.topic, unit: s.unit, measureType: s.measureType,
        aggregation: s.aggregation, multiplier: s.multiplier, polarity: s.polarity,
        source: spec.source, publisher: spec.publisher, licence: spec.licence, datePublished: spec.datePublished ?? null,
        notes: [s.notes, editionNote].filter(Boolean).join(' ') || null, keywords: s.keywords ?? null, disclosureThreshold: 5, vintage: 'dz2011',
        synthetic: spec.synthetic, revision: spec.revision, sourceFile: table.name, series: spec.series, seriesPeriods: new Set([periodOf(s)]),
      });
    }
    const seen = new Set<string>();
    const aboveTotal: string[] = [];
    let loaded = 0;
    for (const row of table.rows) {
      const dz = dataZoneCell(staging, table, row, spec.dzColumn);
      if (!dz) continue;
      if (seen.has(dz)) {
        staging.issues.add({ file: table.name, row: row.row, column: spec.dzColumn, message: `data zone ${dz} appears more than once` });
        continue;
      }
      seen.add(dz);
      loaded += 1;
      spec.onRow?.(dz, (column) => {
        const parsed = numberCell(cell(table, row, column));
        return parsed.kind === 'number' ? parsed.value : null;
      });
      for (const s of specs) {
        const problem = addObservation(staging, table, row, dz, periodOf(s), s, spec.partAboveTotal ?? 'refuse');
        if (problem) aboveTotal.push(problem);
      }
    }
    if (aboveTotal.length > 0) {
      staging.warnings.push({ kind: spec.kind, file: table.name, message: `${aboveTotal.length} value(s) where a part exceeds its total, loaded as published: ${aboveTotal.slice(0, 5).join('; ')}` });
    }
    checkCompleteCoverage(staging, table.name, seen, table.name);
    return { rowsRead: table.rows.length, rowsLoaded: loaded };
  });
}

/** Adds one observation; returns a description when a part above its total was let through. */
function addObservation(staging: Staging, table: CsvTable, row: CsvRow, dz: string, period: string, s: WideIndicatorSpec, partAboveTotal: 'refuse' | 'warn'): string | null {
  const value = s.value ? sumColumns(staging, table, row, [s.value]) : { value: null, suppressed: false };
  const weight = s.weight ? sumColumns(staging, table, row, [s.weight]) : { value: null, suppressed: false };
  if (s.aggregation === 'population_weighted_mean' || s.aggregation === 'none') {
    const w = weight.value;
    const v = value.value;
    const numerator = v !== null && w !== null ? v * w : null;
    staging.observations.push(s.code, period, dz, numerator, w, v, value.suppressed);
    return null;
  }
  const numerator = s.numerator ? sumColumns(staging, table, row, s.numerator) : { value: null, suppressed: false };
  let denominator = s.denominator ? sumColumns(staging, table, row, s.denominator) : { value: null, suppressed: false };
  if (s.denominatorFromRate) {
    const rate = sumColumns(staging, table, row, [s.denominatorFromRate]);
    denominator = numerator.value !== null && numerator.value > 0 && rate.value !== null && rate.value > 0
      ? { value: numerator.value / rate.value, suppressed: false }
      : weight;
  }
  const column = s.numerator?.[0] ?? s.code;
  if (numerator.value !== null && numerator.value < 0) {
    staging.issues.add({ file: table.name, row: row.row, column, message: `count ${numerator.value} is negative` });
    return null;
  }
  let problem: string | null = null;
  if (s.aggregation === 'ratio' && s.measureType === 'proportion' && numerator.value !== null && denominator.value !== null && numerator.value > denominator.value * (1 + 1e-9)) {
    const message = `numerator ${numerator.value} is above its denominator ${denominator.value} for a proportion`;
    if (partAboveTotal === 'refuse') {
      staging.issues.add({ file: table.name, row: row.row, column, message });
      return null;
    }
    problem = `row ${row.row} (${dz}) ${column}: ${message}`;
  }
  const published = value.value ?? (numerator.value !== null && denominator.value ? (numerator.value / denominator.value) * s.multiplier : s.aggregation === 'sum' ? numerator.value : null);
  staging.observations.push(s.code, period, dz, numerator.value, denominator.value, published, numerator.suppressed || denominator.suppressed || value.suppressed);
  return problem;
}
