import { findLevel, LEVELS, USER_LEVEL_KEY, USER_AREA_CODE } from '../../../geographies/src/levels.ts';
import { cell, checkColumns, readCsv, type CsvTable } from '../csv.ts';
import type { Staging, StagedLevel } from '../staging.ts';
import { recordSource } from './context.ts';

/** The levels the SG 2011 Data Zone Lookup carries, and the columns that hold them. */
const SG_LOOKUP_LEVELS = [
  { level: 'iz2011', code: 'IZ2011_Code', name: 'IZ2011_Name', method: 'nested' },
  { level: 'ward2017', code: 'MMWard_Code', name: 'MMWard_Name', method: 'published_best_fit' },
  { level: 'council', code: 'LA_Code', name: 'LA_Name', method: 'nested' },
  { level: 'health_board', code: 'HB_Code', name: 'HB_Name', method: 'nested' },
  { level: 'hscp', code: 'HIA_Code', name: 'HIA_Name', method: 'nested' },
  { level: 'scotland', code: 'Country_Code', name: 'Country_Name', method: 'nested' },
] as const;

export function levelFor(staging: Staging, key: string, source: string, label?: string): StagedLevel {
  let level = staging.levels.get(key);
  if (!level) {
    const known = findLevel(key);
    level = {
      key,
      label: known?.label ?? label ?? key,
      plural: known?.plural ?? label ?? key,
      membership: known?.membership === 'nested' ? 'nested' : 'best_fit',
      userDefined: !known,
      source,
      areas: new Map(),
      members: new Map(),
    };
    staging.levels.set(key, level);
  }
  return level;
}

/** Adds one data zone's membership, reporting bad codes, conflicting names and duplicates. */
function addMember(staging: Staging, table: CsvTable, rowNumber: number, level: StagedLevel, dz: string, code: string, name: string, column: string, method: string): boolean {
  const known = findLevel(level.key);
  const pattern = known?.codePattern ?? USER_AREA_CODE;
  if (!pattern.test(code)) {
    staging.issues.add({ file: table.name, row: rowNumber, column, message: `"${code}" is not a valid ${level.label} code (expected ${pattern.source})` });
    return false;
  }
  if (name === '') {
    staging.issues.add({ file: table.name, row: rowNumber, column, message: `area ${code} has no name` });
    return false;
  }
  const existing = level.areas.get(code);
  if (existing && existing.name !== name) {
    staging.issues.add({ file: table.name, row: rowNumber, column, message: `area ${code} is named "${name}" here but "${existing.name}" on an earlier row` });
    return false;
  }
  if (level.members.has(dz)) {
    staging.issues.add({ file: table.name, row: rowNumber, column, message: `data zone ${dz} is given a second ${level.label} (each data zone belongs to one)` });
    return false;
  }
  level.areas.set(code, { code, name });
  level.members.set(dz, { areaCode: code, method });
  return true;
}

/** SG / statistics.gov.scot "2011 Data Zone Lookup": the base set of data zones and six levels. */
export function readSgDataZoneLookup(staging: Staging, file: string): void {
  recordSource(staging, 'sg_dz_lookup', file, () => {
    const table = readCsv(file);
    const shape = { required: ['DZ2011_Code', 'DZ2011_Name', ...SG_LOOKUP_LEVELS.flatMap((l) => [l.code, l.name])], allowExtra: true };
    if (!checkColumns(table, shape, staging.issues)) return { rowsRead: table.rows.length, rowsLoaded: 0 };
    const dataZones = staging.dataZones.get('dz2011') ?? new Map<string, string>();
    staging.dataZones.set('dz2011', dataZones);
    const dzPattern = findLevel('dz2011')!.codePattern;
    let loaded = 0;
    for (const row of table.rows) {
      const dz = cell(table, row, 'DZ2011_Code');
      if (!dzPattern.test(dz)) {
        staging.issues.add({ file: table.name, row: row.row, column: 'DZ2011_Code', message: `"${dz}" is not a 2011 data zone code (expected S01 followed by six digits)` });
        continue;
      }
      if (dataZones.has(dz)) {
        staging.issues.add({ file: table.name, row: row.row, column: 'DZ2011_Code', message: `data zone ${dz} appears more than once` });
        continue;
      }
      dataZones.set(dz, cell(table, row, 'DZ2011_Name') || dz);
      let ok = true;
      for (const spec of SG_LOOKUP_LEVELS) {
        const level = levelFor(staging, spec.level, table.name);
        ok = addMember(staging, table, row.row, level, dz, cell(table, row, spec.code), cell(table, row, spec.name), spec.code, spec.method) && ok;
      }
      if (ok) loaded += 1;
    }
    return { rowsRead: table.rows.length, rowsLoaded: loaded };
  });
}

export interface MembershipColumns {
  dz: string;
  code: string;
  name: string;
}

export const TEMPLATE_MEMBERSHIP: MembershipColumns = { dz: 'dz_code', code: 'area_code', name: 'area_name' };

/**
 * dz_code,area_code,area_name for one level: a registry level (locality, community council, CHP)
 * or a new user-defined one (a service's patches, a regeneration area).
 */
export function readAreaMembership(
  staging: Staging,
  file: string,
  options: { level: string; label?: string; method?: string; columns?: MembershipColumns; allowExtra?: boolean },
): void {
  const columns = options.columns ?? TEMPLATE_MEMBERSHIP;
  recordSource(staging, 'area_membership', file, () => {
    const table = readCsv(file);
    const known = findLevel(options.level);
    if (!known && !USER_LEVEL_KEY.test(options.level)) {
      staging.issues.add({ file: table.name, message: `"${options.level}" is neither a known level (${LEVELS.map((l) => l.key).join(', ')}) nor a valid new level key (lower case letters, digits and _)` });
      return { rowsRead: table.rows.length, rowsLoaded: 0 };
    }
    const shape = { required: [columns.dz, columns.code, columns.name], optional: ['method', 'share'], allowExtra: options.allowExtra ?? false };
    if (!checkColumns(table, shape, staging.issues)) return { rowsRead: table.rows.length, rowsLoaded: 0 };
    const level = levelFor(staging, options.level, table.name, options.label);
    const method = options.method ?? (known ? (known.membership === 'nested' ? 'nested' : 'published_best_fit') : 'user_defined');
    let loaded = 0;
    for (const row of table.rows) {
      const dz = cell(table, row, columns.dz);
      if (!staging.dataZones.get('dz2011')?.has(dz)) {
        staging.issues.add({ file: table.name, row: row.row, column: columns.dz, message: `"${dz}" is not a data zone in the data zone lookup` });
        continue;
      }
      if (addMember(staging, table, row.row, level, dz, cell(table, row, columns.code), cell(table, row, columns.name), columns.code, method)) loaded += 1;
    }
    return { rowsRead: table.rows.length, rowsLoaded: loaded };
  });
}
