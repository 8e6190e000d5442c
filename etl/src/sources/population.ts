import { cell, checkColumns, numberCell, readCsv } from '../csv.ts';
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
