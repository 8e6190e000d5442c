import { cell, checkColumns, numberCell, readCsv, type CsvTable } from '../csv.ts';
import type { Staging } from '../staging.ts';
import { recordSource } from './context.ts';
import { checkCompleteCoverage, dataZoneCell } from './dataZoneCell.ts';

const AGE_COLUMNS = [...Array.from({ length: 90 }, (_, age) => String(age)), '90+'];

/**
 * NRS small area population estimates by single year of age and sex, one year per file:
 * dz11_code, total_population, sex (All/Female/Male), 0 … 89, 90+.
 */
export function readPopulationSingleYear(staging: Staging, file: string, year: number): void {
  recordSource(staging, 'population_single_year', file, () => {
    const table = readCsv(file);
    if (!checkColumns(table, { required: ['dz11_code', 'total_population', 'sex', ...AGE_COLUMNS], allowExtra: true }, staging.issues)) {
      return { rowsRead: table.rows.length, rowsLoaded: 0 };
    }
    if (staging.population.has(year)) staging.issues.add({ file: table.name, message: `population for ${year} is loaded twice` });
    const byDz = new Map<string, { female: number[]; male: number[] }>();
    const totals = new Map<string, { all?: number; row?: number }>();
    let loaded = 0;
    for (const row of table.rows) {
      const dz = dataZoneCell(staging, table, row, 'dz11_code');
      if (!dz) continue;
      const sex = cell(table, row, 'sex').toLowerCase();
      if (sex !== 'all' && sex !== 'female' && sex !== 'male') {
        staging.issues.add({ file: table.name, row: row.row, column: 'sex', message: `"${cell(table, row, 'sex')}" is not one of All, Female, Male` });
        continue;
      }
      const ages: number[] = [];
      let bad = false;
      for (const column of AGE_COLUMNS) {
        const parsed = numberCell(cell(table, row, column));
        if (parsed.kind !== 'number' || !Number.isInteger(parsed.value) || parsed.value < 0) {
          staging.issues.add({ file: table.name, row: row.row, column, message: `"${cell(table, row, column)}" is not a count of people (a whole number, 0 or more)` });
          bad = true;
          break;
        }
        ages.push(parsed.value);
      }
      if (bad) continue;
      const total = numberCell(cell(table, row, 'total_population'));
      const sum = ages.reduce((a, b) => a + b, 0);
      if (total.kind !== 'number' || total.value !== sum) {
        staging.issues.add({ file: table.name, row: row.row, column: 'total_population', message: `total ${cell(table, row, 'total_population')} does not equal the sum of the single years of age (${sum})` });
        continue;
      }
      const entry = byDz.get(dz) ?? { female: [], male: [] };
      byDz.set(dz, entry);
      const seen = totals.get(dz) ?? {};
      totals.set(dz, seen);
      if (sex === 'all') {
        if (seen.all !== undefined) {
          staging.issues.add({ file: table.name, row: row.row, column: 'sex', message: `data zone ${dz} has a second "All" row` });
          continue;
        }
        seen.all = sum;
        seen.row = row.row;
      } else {
        if (entry[sex].length > 0) {
          staging.issues.add({ file: table.name, row: row.row, column: 'sex', message: `data zone ${dz} has a second "${cell(table, row, 'sex')}" row` });
          continue;
        }
        entry[sex] = ages;
      }
      loaded += 1;
    }
    for (const [dz, entry] of byDz) {
      const seen = totals.get(dz);
      if (entry.female.length === 0 || entry.male.length === 0) {
        staging.issues.add({ file: table.name, message: `data zone ${dz} lacks a Female or Male row` });
        byDz.delete(dz);
        continue;
      }
      const sum = entry.female.reduce((a, b) => a + b, 0) + entry.male.reduce((a, b) => a + b, 0);
      if (seen?.all !== undefined && seen.all !== sum) {
        staging.issues.add({ file: table.name, row: seen.row, column: 'total_population', message: `data zone ${dz}: All (${seen.all}) does not equal Female + Male (${sum})` });
      }
    }
    staging.population.set(year, { file: table.name, byDz });
    checkCompleteCoverage(staging, table.name, new Set(byDz.keys()), `population ${year}`);
    return { rowsRead: table.rows.length, rowsLoaded: loaded };
  });
}

/** Reads a column of whole-number people counts by data zone: data zone → count. */
function readTotalsColumn(staging: Staging, table: CsvTable, codeColumn: string, totalColumn: string, isCode: (code: string) => boolean): Map<string, { total: number; row: number }> {
  const totals = new Map<string, { total: number; row: number }>();
  for (const row of table.rows) {
    const code = cell(table, row, codeColumn);
    if (!isCode(code)) {
      staging.issues.add({ file: table.name, row: row.row, column: codeColumn, message: `"${code}" is not an area of this build` });
      continue;
    }
    if (totals.has(code)) {
      staging.issues.add({ file: table.name, row: row.row, column: codeColumn, message: `${code} appears more than once` });
      continue;
    }
    const parsed = numberCell(cell(table, row, totalColumn));
    if (parsed.kind !== 'number' || !Number.isInteger(parsed.value) || parsed.value < 0) {
      staging.issues.add({ file: table.name, row: row.row, column: totalColumn, message: `"${cell(table, row, totalColumn)}" is not a count of people (a whole number, 0 or more)` });
      continue;
    }
    totals.set(code, { total: parsed.value, row: row.row });
  }
  return totals;
}

/** Adds a year of total populations from a source other than the single-year estimates. */
export function addPopulationTotals(staging: Staging, year: number, file: string, source: string, byDz: Map<string, number>): void {
  if (staging.population.has(year) || staging.populationTotals.has(year)) {
    staging.warnings.push({ kind: 'population', file, message: `the ${year} population is already loaded from another file; this one's totals are not used` });
    return;
  }
  staging.populationTotals.set(year, { file, source, byDz });
}

/** NRS small area population estimates, total persons: dz11_code, total_population (a name column may follow). */
export function readPopulationTotal(staging: Staging, file: string, year: number): void {
  recordSource(staging, 'population_total', file, () => {
    const table = readCsv(file);
    if (!checkColumns(table, { required: ['dz11_code', 'total_population'], allowExtra: true }, staging.issues)) return { rowsRead: table.rows.length, rowsLoaded: 0 };
    const zones = staging.dataZones.get('dz2011');
    const totals = readTotalsColumn(staging, table, 'dz11_code', 'total_population', (code) => zones?.has(code) ?? false);
    checkCompleteCoverage(staging, table.name, new Set(totals.keys()), `population ${year}`);
    addPopulationTotals(staging, year, table.name, `NRS small area population estimates, mid-${year} (totals)`, new Map([...totals].map(([dz, t]) => [dz, t.total])));
    return { rowsRead: table.rows.length, rowsLoaded: totals.size };
  });
}

/**
 * Published population totals of a level's areas (NRS's IZ totals): read now, compared with the
 * sums of the areas' data zones for the same year once every source is read (checkPopulationTotals).
 */
export function readPopulationCheck(staging: Staging, file: string, level: string, year: number): void {
  recordSource(staging, 'population_check', file, () => {
    const table = readCsv(file);
    const codeColumn = table.header[0] ?? '';
    if (!checkColumns(table, { required: [codeColumn, 'total_population'], allowExtra: true }, staging.issues)) return { rowsRead: table.rows.length, rowsLoaded: 0 };
    const areas = staging.levels.get(level)?.areas;
    if (!areas) {
      staging.issues.add({ file: table.name, message: `gives totals for ${level}, which no lookup in this build defines` });
      return { rowsRead: table.rows.length, rowsLoaded: 0 };
    }
    const totals = readTotalsColumn(staging, table, codeColumn, 'total_population', (code) => areas.has(code));
    staging.populationChecks.push({ level, year, file: table.name, totals });
    return { rowsRead: table.rows.length, rowsLoaded: totals.size };
  });
}

/** Σ data zones = the published total, for every area a population check file gives. */
export function checkPopulationTotals(staging: Staging, totalsOf: (year: number) => Map<string, number> | null): void {
  for (const check of staging.populationChecks) {
    const byDz = totalsOf(check.year);
    const level = staging.levels.get(check.level)!;
    if (!byDz) {
      staging.issues.add({ file: check.file, message: `gives ${check.year} totals but no ${check.year} data-zone population is loaded to check them against` });
      continue;
    }
    const sums = new Map<string, number>();
    for (const [dz, { areaCode }] of level.members) sums.set(areaCode, (sums.get(areaCode) ?? 0) + (byDz.get(dz) ?? 0));
    for (const [code, { total, row }] of check.totals) {
      if (sums.get(code) !== total) staging.issues.add({ file: check.file, row, column: 'total_population', message: `${level.label} ${code} is published as ${total} people, but its data zones add up to ${sums.get(code) ?? 0} in ${check.year}` });
    }
    const missing = [...level.areas.keys()].filter((code) => !check.totals.has(code));
    if (missing.length > 0) staging.issues.add({ file: check.file, message: `has no total for ${missing.length} ${level.plural.toLowerCase()} (e.g. ${missing.slice(0, 5).join(', ')})` });
  }
}
