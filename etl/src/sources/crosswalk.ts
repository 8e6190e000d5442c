import type { DataZoneVintage } from '../../../geographies/src/levels.ts';
import { cell, checkColumns, numberCell, readCsv } from '../csv.ts';
import type { Staging } from '../staging.ts';
import { recordSource } from './context.ts';
import { DZ2001_COUNT } from './simd.ts';

/**
 * A data-zone vintage crosswalk, population-weighted: from_dz_code,to_dz_code,weight where weight
 * is the share of the from-zone's population living in the to-zone (weights of a from-zone sum to
 * 1). Zones of the other vintage need not be in the lookup; they are registered from this file.
 */
export function readCrosswalk(staging: Staging, file: string, from: DataZoneVintage, to: DataZoneVintage): void {
  recordSource(staging, 'dz_crosswalk', file, () => {
    const table = readCsv(file);
    if (!checkColumns(table, { required: ['from_dz_code', 'to_dz_code', 'weight'] }, staging.issues)) return { rowsRead: table.rows.length, rowsLoaded: 0 };
    const sums = new Map<string, { total: number; row: number }>();
    const pairs = new Set<string>();
    let loaded = 0;
    for (const row of table.rows) {
      const fail = (column: string, message: string) => staging.issues.add({ file: table.name, row: row.row, column, message });
      const fromDz = cell(table, row, 'from_dz_code');
      const toDz = cell(table, row, 'to_dz_code');
      if (!/^S01\d{6}$/.test(fromDz)) { fail('from_dz_code', `"${fromDz}" is not a data zone code`); continue; }
      if (!/^S01\d{6}$/.test(toDz)) { fail('to_dz_code', `"${toDz}" is not a data zone code`); continue; }
      const weight = numberCell(cell(table, row, 'weight'));
      if (weight.kind !== 'number' || weight.value <= 0 || weight.value > 1) { fail('weight', `"${cell(table, row, 'weight')}" is not a share above 0 and at most 1`); continue; }
      if (pairs.has(`${fromDz}>${toDz}`)) { fail('to_dz_code', `${fromDz} → ${toDz} is given twice`); continue; }
      pairs.add(`${fromDz}>${toDz}`);
      const sum = sums.get(fromDz) ?? { total: 0, row: row.row };
      sum.total += weight.value;
      sums.set(fromDz, sum);
      const unknown2011 = ([[from, fromDz, 'from_dz_code'], [to, toDz, 'to_dz_code']] as const).find(([vintage, code]) => vintage === 'dz2011' && !staging.dataZones.get('dz2011')?.has(code));
      if (unknown2011) { fail(unknown2011[2], `data zone ${unknown2011[1]} is not in the 2011 data zone lookup`); continue; }
      staging.crosswalk.push({ from, to, fromDz, toDz, weight: weight.value });
      for (const [vintage, code] of [[from, fromDz], [to, toDz]] as const) {
        if (vintage !== 'dz2022') continue;
        const zones = staging.dataZones.get('dz2022') ?? new Map<string, string>();
        staging.dataZones.set('dz2022', zones);
        if (!zones.has(code)) zones.set(code, code);
      }
      loaded += 1;
    }
    for (const [dz, sum] of sums) {
      if (Math.abs(sum.total - 1) > 0.001) staging.issues.add({ file: table.name, row: sum.row, column: 'weight', message: `the weights of ${dz} add up to ${sum.total.toFixed(4)}, not 1` });
    }
    return { rowsRead: table.rows.length, rowsLoaded: loaded };
  });
}

/**
 * 2001 → 2011 data zone pairs (dz01_code, dz11_code): every pair of zones that share a postcode
 * in the NRS Scottish Postcode Directory. Many-to-many and without weights, so it can carry a
 * zone's class (such as "in the 20% most deprived") but not its counts; see deriveSimdIndicators.
 */
export function readDz2001Lookup(staging: Staging, file: string): void {
  recordSource(staging, 'dz2001_lookup', file, () => {
    const table = readCsv(file);
    if (!checkColumns(table, { required: ['dz01_code', 'dz11_code'], allowExtra: true }, staging.issues)) return { rowsRead: table.rows.length, rowsLoaded: 0 };
    const links = new Map<string, string[]>();
    const pairs = new Set<string>();
    let loaded = 0;
    for (const row of table.rows) {
      const from = cell(table, row, 'dz01_code');
      const to = cell(table, row, 'dz11_code');
      if (!/^S01\d{6}$/.test(from) || Number(from.slice(3)) > DZ2001_COUNT) {
        staging.issues.add({ file: table.name, row: row.row, column: 'dz01_code', message: `"${from}" is not a 2001 data zone code (S01000001 to S01006505)` });
        continue;
      }
      if (!staging.dataZones.get('dz2011')?.has(to)) {
        staging.issues.add({ file: table.name, row: row.row, column: 'dz11_code', message: `"${to}" is not a data zone in the 2011 data zone lookup` });
        continue;
      }
      if (pairs.has(`${from}>${to}`)) continue;
      pairs.add(`${from}>${to}`);
      const list = links.get(from);
      if (list) list.push(to);
      else links.set(from, [to]);
      loaded += 1;
    }
    staging.dz2001To2011 = { file: table.name, links };
    return { rowsRead: table.rows.length, rowsLoaded: loaded };
  });
}
