import { basename } from 'node:path';
import { THEMES } from '../../../geographies/src/levels.ts';
import { cell, checkColumns, numberCell, readCsv, streamCsv, type CsvRow, type CsvTable } from '../csv.ts';
import { parsePeriod, PERIOD_FORMS } from '../periods.ts';
import type { IndicatorMeta, Staging } from '../staging.ts';
import { recordSource, recordSourceAsync } from './context.ts';
import { dataZoneCell } from './dataZoneCell.ts';

const METADATA_REQUIRED = ['id', 'title', 'theme', 'topic', 'unit', 'measure_type', 'aggregation', 'multiplier', 'polarity', 'source', 'publisher', 'licence'] as const;
const METADATA_OPTIONAL = ['date_published', 'notes', 'keywords', 'disclosure_threshold', 'vintage'] as const;
const MEASURE_TYPES = ['count', 'proportion', 'rate', 'standardised_ratio', 'mean', 'median', 'rank', 'score', 'currency'];
const AGGREGATIONS: IndicatorMeta['aggregation'][] = ['sum', 'ratio', 'standardised_ratio', 'population_weighted_mean', 'none'];
const POLARITIES: IndicatorMeta['polarity'][] = ['higher_is_better', 'higher_is_worse', 'neither'];

function oneOf<T extends string>(staging: Staging, table: CsvTable, row: CsvRow, column: string, allowed: readonly T[]): T | null {
  const value = cell(table, row, column);
  if ((allowed as readonly string[]).includes(value)) return value as T;
  staging.issues.add({ file: table.name, row: row.row, column, message: `"${value}" is not one of ${allowed.join(', ')}` });
  return null;
}

function readMetadata(staging: Staging, file: string, synthetic: boolean): Set<string> {
  const ids = new Set<string>();
  recordSource(staging, 'indicator_metadata', file, () => {
    const table = readCsv(file);
    if (!checkColumns(table, { required: METADATA_REQUIRED, optional: METADATA_OPTIONAL }, staging.issues)) return { rowsRead: table.rows.length, rowsLoaded: 0 };
    for (const row of table.rows) {
      const id = cell(table, row, 'id');
      if (!/^[a-z][a-z0-9_]{1,63}$/.test(id)) {
        staging.issues.add({ file: table.name, row: row.row, column: 'id', message: `"${id}" is not a valid indicator id (lower case letters, digits and _, starting with a letter)` });
        continue;
      }
      if (staging.indicators.has(id)) {
        staging.issues.add({ file: table.name, row: row.row, column: 'id', message: `indicator ${id} is defined twice` });
        continue;
      }
      const theme = oneOf(staging, table, row, 'theme', THEMES.map((t) => t.key));
      const measureType = oneOf(staging, table, row, 'measure_type', MEASURE_TYPES);
      const aggregation = oneOf(staging, table, row, 'aggregation', AGGREGATIONS);
      const polarity = oneOf(staging, table, row, 'polarity', POLARITIES);
      const multiplier = numberCell(cell(table, row, 'multiplier'));
      if (multiplier.kind !== 'number' || multiplier.value <= 0) staging.issues.add({ file: table.name, row: row.row, column: 'multiplier', message: `"${cell(table, row, 'multiplier')}" is not a positive number (100 for a percentage, 1 otherwise)` });
      const thresholdText = cell(table, row, 'disclosure_threshold');
      const threshold = thresholdText === '' ? 5 : Number(thresholdText);
      if (!Number.isInteger(threshold) || threshold < 0) staging.issues.add({ file: table.name, row: row.row, column: 'disclosure_threshold', message: `"${thresholdText}" is not a whole number` });
      const vintage = cell(table, row, 'vintage') || 'dz2011';
      if (vintage !== 'dz2011' && vintage !== 'dz2022') staging.issues.add({ file: table.name, row: row.row, column: 'vintage', message: `"${vintage}" is not dz2011 or dz2022` });
      const missing = METADATA_REQUIRED.filter((column) => cell(table, row, column) === '');
      for (const column of missing) staging.issues.add({ file: table.name, row: row.row, column, message: 'is empty' });
      if (!theme || !measureType || !aggregation || !polarity || multiplier.kind !== 'number' || missing.length > 0) continue;
      ids.add(id);
      staging.indicators.set(id, {
        code: id, title: cell(table, row, 'title'), theme, topic: cell(table, row, 'topic'), unit: cell(table, row, 'unit'), measureType, aggregation,
        multiplier: multiplier.value, polarity, source: cell(table, row, 'source'), publisher: cell(table, row, 'publisher'), licence: cell(table, row, 'licence'),
        datePublished: cell(table, row, 'date_published') || null, notes: cell(table, row, 'notes') || null, keywords: cell(table, row, 'keywords') || null,
        disclosureThreshold: threshold, vintage: vintage as IndicatorMeta['vintage'], synthetic, revision: cell(table, row, 'date_published') || basename(file),
        sourceFile: table.name,
      });
    }
    return { rowsRead: table.rows.length, rowsLoaded: ids.size };
  });
  return ids;
}

/** Generic partner indicators: a metadata file and one or more long observation files. */
export async function readIndicators(staging: Staging, metadataFile: string, observationFiles: string[], synthetic = staging.synthetic): Promise<void> {
  const ids = readMetadata(staging, metadataFile, synthetic);
  for (const [i, file] of observationFiles.entries()) await readObservations(staging, file, ids, observationFiles.slice(0, i + 1));
}

const OBSERVATION_COLUMNS = { required: ['indicator_id', 'period', 'dz_code'], optional: ['numerator', 'denominator', 'value'] } as const;

/**
 * One long observations file, read a block at a time (it may hold tens of millions of rows), each
 * row checked and added to the observation store as it is read. A row that repeats an indicator,
 * period and data zone is refused; the row that first gave it is found by a second pass over the
 * files read so far, only when there are repeats.
 */
async function readObservations(staging: Staging, file: string, ids: Set<string>, readSoFar: string[]): Promise<void> {
  await recordSourceAsync(staging, 'indicator_observations', file, async () => {
    const periodValid = new Map<string, boolean>();
    const repeats: Repeat[] = [];
    let loaded = 0;
    let shaped = false;
    const { rows } = await streamCsv(file, (table) => (shaped = checkColumns(table, OBSERVATION_COLUMNS, staging.issues)), (table, row) => {
      const id = cell(table, row, 'indicator_id');
      const meta = staging.indicators.get(id);
      if (!meta || !ids.has(id)) {
        staging.issues.add({ file: table.name, row: row.row, column: 'indicator_id', message: `indicator "${id}" is not defined in the indicator metadata file` });
        return;
      }
      const periodLabel = cell(table, row, 'period');
      let valid = periodValid.get(periodLabel);
      if (valid === undefined) periodValid.set(periodLabel, (valid = parsePeriod(periodLabel) !== null));
      if (!valid) {
        staging.issues.add({ file: table.name, row: row.row, column: 'period', message: `"${periodLabel}" is not a period (use ${PERIOD_FORMS})` });
        return;
      }
      const dz = dataZoneCell(staging, table, row, 'dz_code', meta.vintage);
      if (!dz) return;
      const numerator = numberAt(staging, table, row, 'numerator');
      const denominator = numberAt(staging, table, row, 'denominator');
      const value = numberAt(staging, table, row, 'value');
      if (numerator.kind === 'invalid' || denominator.kind === 'invalid' || value.kind === 'invalid') return;
      const num = numerator.kind === 'number' ? numerator.value : null;
      const den = denominator.kind === 'number' ? denominator.value : null;
      const val = value.kind === 'number' ? value.value : null;
      const suppressed = numerator.kind === 'suppressed' || denominator.kind === 'suppressed' || value.kind === 'suppressed';
      if (!suppressed && !checkObservation(staging, table, row, meta, num, den, val)) return;
      const published = val ?? (num !== null && den ? (num / den) * meta.multiplier : meta.aggregation === 'sum' ? num : null);
      if (!staging.observations.add(id, periodLabel, dz, num, den, published, suppressed)) {
        repeats.push({ key: repeatKey(id, periodLabel, dz), file: table.name, row: row.row, message: `${id} for ${periodLabel} in ${dz} is also given` });
        return;
      }
      meta.observationsFile ??= table.name;
      loaded += 1;
    });
    if (repeats.length > 0) await reportRepeats(staging, readSoFar, ids, repeats);
    return { rowsRead: shaped ? rows : 0, rowsLoaded: loaded };
  });
}

interface Repeat {
  key: string;
  file: string;
  row: number;
  message: string;
}

// Helpers at module level, not closures made per row: in a CPU profile of 1.4M rows, making the
// closures (tsx names each one it creates) took 0.56 s, which at 42M rows would be 17 s.
function numberAt(staging: Staging, table: CsvTable, row: CsvRow, column: string) {
  const value = numberCell(cell(table, row, column));
  if (value.kind === 'invalid') staging.issues.add({ file: table.name, row: row.row, column, message: `"${cell(table, row, column)}" is not a number (or * for withheld)` });
  return value;
}

const repeatKey = (id: string, period: string, dz: string) => `${id}\u0000${period}\u0000${dz}`;

/** Names, for each repeated row, the row that first gave its indicator, period and data zone. */
async function reportRepeats(staging: Staging, files: string[], ids: Set<string>, repeats: Repeat[]): Promise<void> {
  const wanted = new Set(repeats.map((r) => r.key));
  const first = new Map<string, { file: string; row: number }>();
  for (const path of files) {
    await streamCsv(path, (table) => table.index.has('indicator_id'), (table, row) => {
      const id = cell(table, row, 'indicator_id');
      if (!ids.has(id)) return;
      const key = repeatKey(id, cell(table, row, 'period'), cell(table, row, 'dz_code'));
      if (wanted.has(key) && !first.has(key)) first.set(key, { file: table.name, row: row.row });
    });
  }
  for (const r of repeats) {
    const earlier = first.get(r.key);
    const where = !earlier ? 'earlier' : earlier.file === r.file ? `on row ${earlier.row}` : `in ${earlier.file}, row ${earlier.row}`;
    staging.issues.add({ file: r.file, row: r.row, column: 'dz_code', message: `${r.message} ${where}` });
  }
}

function failRow(staging: Staging, table: CsvTable, row: CsvRow, column: string, message: string): false {
  staging.issues.add({ file: table.name, row: row.row, column, message });
  return false;
}

/** What each aggregation needs: the checks that keep roll-ups honest. */
function checkObservation(staging: Staging, table: CsvTable, row: CsvRow, meta: IndicatorMeta, num: number | null, den: number | null, val: number | null): boolean {
  switch (meta.aggregation) {
    case 'sum':
      if (num === null) return failRow(staging, table, row, 'numerator', `${meta.code} sums counts: the numerator is required`);
      if (num < 0) return failRow(staging, table, row, 'numerator', `count ${num} is negative`);
      return true;
    case 'ratio':
    case 'standardised_ratio':
      if (num === null) return failRow(staging, table, row, 'numerator', `${meta.code} is a ${meta.aggregation.replace('_', ' ')}: the numerator is required`);
      if (den === null) return failRow(staging, table, row, 'denominator', `${meta.code} is a ${meta.aggregation.replace('_', ' ')}: the denominator is required`);
      if (num < 0) return failRow(staging, table, row, 'numerator', `count ${num} is negative`);
      if (den < 0) return failRow(staging, table, row, 'denominator', `denominator ${den} is negative`);
      if (meta.measureType === 'proportion' && num > den) return failRow(staging, table, row, 'numerator', `numerator ${num} is above the denominator ${den} for a proportion`);
      return true;
    case 'population_weighted_mean':
    case 'none':
      if (val === null) return failRow(staging, table, row, 'value', `${meta.code} is aggregated by ${meta.aggregation === 'none' ? 'nothing (native level only)' : 'population-weighted mean'}: the value is required`);
      return true;
  }
}
