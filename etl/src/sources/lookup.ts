import { findLevel, LEVELS, USER_LEVEL_KEY, USER_AREA_CODE } from '../../../geographies/src/levels.ts';
import { cell, checkColumns, readCsv, type CsvTable } from '../csv.ts';
import type { Staging, StagedLevel } from '../staging.ts';
import { recordSource } from './context.ts';
import { checkCompleteCoverage } from './dataZoneCell.ts';

interface LookupLevel {
  level: string;
  code: string;
  name: string;
  method: 'nested' | 'published_best_fit';
  /** Read when the file has these columns; the lookup is complete without them. */
  optional?: boolean;
}

/**
 * The levels an edition of the SG "Data Zone 2011 lookup" carries, and the columns that hold
 * them. The columns keep their names from edition to edition while their meaning moves on:
 * `MMWard_*` are the 2017 wards until the 2022 review, then the 2022 wards; `UKPC_*` are the
 * 2005 Westminster constituencies until the 2024 ones; `UR*` the Urban Rural Classification of
 * the time (2016, then 2020). An edition is named by its release date (2024-12-16); a lookup
 * with no date is the earlier, 2019-code edition.
 */
/** From this release date an SG lookup's MMWard columns are the 2022 wards (and UR the 2020 classification). */
export const WARDS_2022_FROM = '2022-05';
/** From this release date UKPC is the 2024 constituencies and SFRLSO the 14 re-organised fire areas. */
const CONSTITUENCIES_2024_FROM = '2024-07';
/** The edition the repository's data/scotland carries. */
const CURRENT_EDITION = '2024-12-16';
/** The 22 ward codes the 2022 reviews made (S13003135–S13003156): a lookup that has them is of a 2022-ward edition. */
const NEW_2022_WARDS = { first: 'S13003135', last: 'S13003156' };

export function sgLookupLevels(edition: string | undefined): LookupLevel[] {
  const date = edition ?? '2019';
  const levels: LookupLevel[] = [
    { level: 'iz2011', code: 'IZ2011_Code', name: 'IZ2011_Name', method: 'nested' },
    { level: date >= WARDS_2022_FROM ? 'ward2022' : 'ward2017', code: 'MMWard_Code', name: 'MMWard_Name', method: 'published_best_fit' },
    { level: 'council', code: 'LA_Code', name: 'LA_Name', method: 'nested' },
    { level: 'health_board', code: 'HB_Code', name: 'HB_Name', method: 'nested' },
    { level: 'hscp', code: 'HIA_Code', name: 'HIA_Name', method: 'nested' },
    { level: 'police_division', code: 'SPD_Code', name: 'SPD_Name', method: 'nested', optional: true },
    { level: 'spc2011', code: 'SPC_Code', name: 'SPC_Name', method: 'published_best_fit', optional: true },
    { level: 'scotland', code: 'Country_Code', name: 'Country_Name', method: 'nested' },
  ];
  if (date >= CONSTITUENCIES_2024_FROM) levels.push({ level: 'ukpc2024', code: 'UKPC_Code', name: 'UKPC_Name', method: 'published_best_fit' });
  // Fire and Rescue's local senior officer areas were re-organised (17 → 14) before the 2024 edition.
  if (date >= CONSTITUENCIES_2024_FROM) levels.push({ level: 'fire_lso2024', code: 'SFRLSO_Code', name: 'SFRLSO_Name', method: 'nested', optional: true });
  if (date >= WARDS_2022_FROM) levels.push({ level: 'urban_rural6_2020', code: 'UR6_Code', name: 'UR6_Name', method: 'nested' });
  return levels;
}

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
      members2022: new Map(),
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

/**
 * SG / statistics.gov.scot "Data Zone 2011 lookup": the base set of data zones and the levels its
 * edition carries. Several editions may be read (newest first, see build.ts): a level or a
 * data-zone name that an earlier-read edition already gave is checked, not read again, so the
 * 2024 edition gives the 2022 wards and corrected names and the 2019 one adds the 2017 wards.
 */
export function readSgDataZoneLookup(staging: Staging, file: string, edition?: string): void {
  recordSource(staging, 'sg_dz_lookup', file, () => {
    const table = readCsv(file);
    const lookupLevels = sgLookupLevels(edition).filter((l) => !l.optional || (table.index.has(l.code) && table.index.has(l.name)));
    const shape = { required: ['DZ2011_Code', 'DZ2011_Name', ...lookupLevels.flatMap((l) => [l.code, l.name])], allowExtra: true };
    if (!checkColumns(table, shape, staging.issues)) return { rowsRead: table.rows.length, rowsLoaded: 0 };
    const dataZones = staging.dataZones.get('dz2011') ?? new Map<string, string>();
    const firstEdition = dataZones.size === 0;
    staging.dataZones.set('dz2011', dataZones);
    const dzPattern = findLevel('dz2011')!.codePattern;
    const earlierLevels = new Set(lookupLevels.map((l) => l.level).filter((l) => staging.levels.has(l)));
    const seen = new Set<string>();
    let renamed = 0;
    let loaded = 0;
    for (const row of table.rows) {
      const dz = cell(table, row, 'DZ2011_Code');
      if (!dzPattern.test(dz)) {
        staging.issues.add({ file: table.name, row: row.row, column: 'DZ2011_Code', message: `"${dz}" is not a 2011 data zone code (expected S01 followed by six digits)` });
        continue;
      }
      if (seen.has(dz)) {
        staging.issues.add({ file: table.name, row: row.row, column: 'DZ2011_Code', message: `data zone ${dz} appears more than once` });
        continue;
      }
      seen.add(dz);
      const name = cell(table, row, 'DZ2011_Name') || dz;
      if (firstEdition) dataZones.set(dz, name);
      else if (!dataZones.has(dz)) {
        staging.issues.add({ file: table.name, row: row.row, column: 'DZ2011_Code', message: `data zone ${dz} is not in the other edition of the lookup read in this build` });
        continue;
      } else if (dataZones.get(dz) !== name) renamed += 1;
      let ok = true;
      for (const spec of lookupLevels) {
        const level = levelFor(staging, spec.level, table.name);
        if (earlierLevels.has(spec.level)) {
          const code = cell(table, row, spec.code);
          const earlier = level.members.get(dz)?.areaCode;
          if (earlier !== code) {
            staging.issues.add({ file: table.name, row: row.row, column: spec.code, message: `data zone ${dz} is in ${level.label} ${code} here but ${earlier ?? 'none'} in ${level.source}: the two lookup editions disagree` });
            ok = false;
          }
          continue;
        }
        ok = addMember(staging, table, row.row, level, dz, cell(table, row, spec.code), cell(table, row, spec.name), spec.code, spec.method) && ok;
      }
      if (ok) loaded += 1;
    }
    // The columns keep their names from edition to edition, so the contents must agree with the
    // edition the file is said to be: 2022 ward codes in a lookup read as the 2017 wards stop the build.
    const newWard = table.rows.map((row) => cell(table, row, 'MMWard_Code')).find((code) => code >= NEW_2022_WARDS.first && code <= NEW_2022_WARDS.last);
    if (newWard && (edition ?? '2019') < WARDS_2022_FROM) {
      staging.issues.add({ file: table.name, column: 'MMWard_Code', message: `holds 2022 ward codes (e.g. ${newWard}), so it is an edition of ${WARDS_2022_FROM} or later; name its release date (e.g. DataZone2011lookup_2024-12-16.csv, or "edition" in the manifest) so its columns are read as what they are` });
    }
    if (!firstEdition) checkCompleteCoverage(staging, table.name, seen, 'this edition of the lookup');
    if (renamed > 0) staging.warnings.push({ kind: 'sg_dz_lookup', file: table.name, message: `${renamed} data zone names differ from the other edition read in this build; the newer edition's names are used` });
    if (table.encoding === 'windows-1252') staging.warnings.push({ kind: 'sg_dz_lookup', file: table.name, message: 'read as Windows-1252 (it is not UTF-8), as statistics.gov.scot publishes it; names trimmed of trailing no-break spaces' });
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

/**
 * The Data Zone 2022 lookup has the columns of the 2024 edition of the 2011 one, with IZ 2022 in
 * place of IZ 2011 (and no TTWA): the same levels, reached from 2022 zones.
 */
const DZ2022_LOOKUP_LEVELS: LookupLevel[] = [
  { level: 'iz2022', code: 'IZ22_Code', name: 'IZ22_Name', method: 'nested' },
  ...sgLookupLevels(CURRENT_EDITION).filter((l) => l.level !== 'iz2011'),
];

/**
 * SG "Data Zone 2022 lookup": the 7,392 data zones of 2022 and the areas they make up. Areas that
 * the 2011 lookup also gives (wards, councils, boards, HSCPs) are the same areas, reached from
 * either set of data zones; IZ 2022 is reached from 2022 zones only. The file gives no link
 * between 2011 and 2022 data zones, and AreaLens makes none.
 */
export function readSgDataZone2022Lookup(staging: Staging, file: string): void {
  recordSource(staging, 'sg_dz2022_lookup', file, () => {
    const table = readCsv(file);
    const lookupLevels = DZ2022_LOOKUP_LEVELS.filter((l) => !l.optional || (table.index.has(l.code) && table.index.has(l.name)));
    const shape = { required: ['DZ22_Code', 'DZ22_Name', ...lookupLevels.flatMap((l) => [l.code, l.name])], allowExtra: true };
    if (!checkColumns(table, shape, staging.issues)) return { rowsRead: table.rows.length, rowsLoaded: 0 };
    const zones = staging.dataZones.get('dz2022') ?? new Map<string, string>();
    staging.dataZones.set('dz2022', zones);
    const dz2011 = staging.dataZones.get('dz2011');
    const renamed = new Map<string, string>();
    const seen = new Set<string>();
    let loaded = 0;
    for (const row of table.rows) {
      const dz = cell(table, row, 'DZ22_Code');
      if (!/^S01\d{6}$/.test(dz)) {
        staging.issues.add({ file: table.name, row: row.row, column: 'DZ22_Code', message: `"${dz}" is not a data zone code (expected S01 followed by six digits)` });
        continue;
      }
      if (dz2011?.has(dz)) {
        staging.issues.add({ file: table.name, row: row.row, column: 'DZ22_Code', message: `${dz} is a 2011 data zone code: 2022 data zones have codes of their own (from S01013482)` });
        continue;
      }
      if (seen.has(dz)) {
        staging.issues.add({ file: table.name, row: row.row, column: 'DZ22_Code', message: `data zone ${dz} appears more than once` });
        continue;
      }
      seen.add(dz);
      zones.set(dz, cell(table, row, 'DZ22_Name') || dz);
      let ok = true;
      for (const spec of lookupLevels) {
        const level = levelFor(staging, spec.level, table.name);
        const code = cell(table, row, spec.code);
        const name = cell(table, row, spec.name);
        const pattern = findLevel(spec.level)!.codePattern;
        if (!pattern.test(code)) {
          staging.issues.add({ file: table.name, row: row.row, column: spec.code, message: `"${code}" is not a valid ${level.label} code (expected ${pattern.source})` });
          ok = false;
          continue;
        }
        const existing = level.areas.get(code);
        if (!existing) level.areas.set(code, { code, name });
        else if (existing.name !== name) renamed.set(`${spec.level}:${code}`, `${existing.name} / ${name}`);
        level.members2022.set(dz, { areaCode: code, method: spec.method });
      }
      if (ok) loaded += 1;
    }
    if (renamed.size > 0) {
      staging.warnings.push({ kind: 'sg_dz2022_lookup', file: table.name, message: `${renamed.size} areas are named differently from the 2011 lookup; the 2011 lookup's names are used: ${[...renamed.values()].slice(0, 3).join('; ')}` });
    }
    return { rowsRead: table.rows.length, rowsLoaded: loaded };
  });
}

/**
 * A membership file for a level another source already gives (the derived 2022-ward lookup, once
 * the official one is read): nothing is loaded; how far the two agree is reported.
 */
export function compareAreaMembership(staging: Staging, file: string, levelKey: string, columns: MembershipColumns): void {
  recordSource(staging, 'area_check', file, () => {
    const table = readCsv(file);
    if (!checkColumns(table, { required: [columns.dz, columns.code], allowExtra: true }, staging.issues)) return { rowsRead: table.rows.length, rowsLoaded: 0 };
    const level = staging.levels.get(levelKey);
    if (!level) {
      staging.issues.add({ file: table.name, message: `is compared with ${levelKey}, which no other source in this build gives` });
      return { rowsRead: table.rows.length, rowsLoaded: 0 };
    }
    let agree = 0;
    const differ: string[] = [];
    for (const row of table.rows) {
      const dz = cell(table, row, columns.dz);
      if (level.members.get(dz)?.areaCode === cell(table, row, columns.code)) agree += 1;
      else differ.push(dz);
    }
    staging.warnings.push({ kind: 'area_check', file: table.name, message: `not read: ${level.label} comes from ${level.source}, with which this file agrees for ${agree} of ${table.rows.length} data zones${differ.length > 0 ? ` (differs for ${differ.slice(0, 6).join(', ')}${differ.length > 6 ? ', …' : ''})` : ''}` });
    return { rowsRead: table.rows.length, rowsLoaded: 0 };
  });
}
