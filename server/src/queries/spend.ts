import { listParam, type Database } from '../db.ts';
import { membershipTable, SPEND_VINTAGE } from '../rollup/reach.ts';

/** Which partner spend to count: null means every partner, service or nothing to filter by. */
export interface SpendFilter {
  partner: string | null;
  service: string | null;
  financialYear: string | null;
}

/**
 * The data zones of the scope, as a CTE named `zones`: an area's members (a data zone is its own,
 * bound as $area), or, for the whole build (no area), every data zone that has people or spend, so
 * that zones of a second vintage with neither do not pad the counts.
 */
const zonesOf = (areaId: number | null) => areaId === null
  ? `zones AS (SELECT dz_id FROM population_total UNION SELECT dz_id FROM spend WHERE dz_id IS NOT NULL)`
  : `zones AS (SELECT dz_id FROM ${membershipTable(SPEND_VINTAGE)} WHERE area_id = $area UNION ALL SELECT dz_id FROM data_zone WHERE dz_id = $area)`;
const areaParam = (areaId: number | null): Record<string, number> => (areaId === null ? {} : { area: areaId });

const FILTER = `($partner IS NULL OR s.partner = $partner) AND ($service IS NULL OR s.service = $service) AND ($year IS NULL OR s.financial_year = $year)`;

const filterParams = (filter: SpendFilter) => ({ partner: filter.partner, service: filter.service, year: filter.financialYear });

export interface SpendCatalogueRow {
  partner: string;
  service: string;
  financialYear: string;
  rows: number;
}

/** Every partner × service × financial year the build holds spend for: what the filters may name. */
export function spendCatalogue(db: Database): Promise<SpendCatalogueRow[]> {
  return db.query<SpendCatalogueRow>(`
    SELECT partner, service, financial_year AS "financialYear", count(*)::INTEGER AS rows
    FROM spend GROUP BY ALL ORDER BY partner, service, financial_year`);
}

/**
 * The years the build has population estimates for, oldest first: every year with totals
 * (population_total), not only those with single years of age.
 */
export async function populationYears(db: Database): Promise<number[]> {
  const rows = await db.query<{ year: number }>(`SELECT DISTINCT year FROM population_total ORDER BY year`);
  return rows.map((r) => r.year);
}

/** SIMD editions in the build, newest first ('SIMD 2020v2' before 'SIMD 2020' before 'SIMD 2016'). */
export async function simdEditions(db: Database): Promise<string[]> {
  const rows = await db.query<{ edition: string }>(`
    SELECT DISTINCT edition FROM simd
    ORDER BY try_cast(regexp_extract(edition, '(\\d{4})', 1) AS INTEGER) DESC NULLS LAST, edition DESC`);
  return rows.map((r) => r.edition);
}

/** People in the scope's data zones, by year. */
export async function populationOfScope(db: Database, areaId: number | null, years: readonly number[]): Promise<Map<number, number>> {
  if (years.length === 0) return new Map();
  // The whole build's zones include every zone with people, so no join is needed there.
  const rows = await db.query<{ year: number; persons: number }>(areaId === null
    ? `SELECT year, sum(persons)::DOUBLE AS persons FROM population_total WHERE year IN (SELECT unnest($years::INTEGER[])) GROUP BY year`
    : `WITH ${zonesOf(areaId)}
      SELECT p.year, sum(p.persons)::DOUBLE AS persons FROM population_total p JOIN zones z USING (dz_id)
      WHERE p.year IN (SELECT unnest($years::INTEGER[])) GROUP BY p.year`, { ...areaParam(areaId), years: listParam(years) });
  return new Map(rows.map((r) => [r.year, r.persons]));
}

export interface SpendLine {
  partner: string;
  service: string;
  financialYear: string;
  activityUnit: string | null;
  /** False for spend no data zone could be given ('unallocated'). */
  placed: boolean;
  amount: number;
  rows: number;
  /** Over rows that report activity only. */
  rowsWithActivity: number;
  activity: number | null;
  amountWithActivity: number | null;
  /** What reached its data zone through a postcode's Code-Point centroid (approximate at zone edges). */
  amountByCentroid: number | null;
}

/**
 * Spend placed in the scope's data zones, and (always, for the caller to decide on) every
 * unallocated row, summed by partner, service, financial year and activity unit.
 */
export function spendLines(db: Database, areaId: number | null): Promise<SpendLine[]> {
  return db.query<SpendLine>(`
    ${areaId === null ? '' : `WITH ${zonesOf(areaId)}`}
    SELECT s.partner, s.service, s.financial_year AS "financialYear", s.activity_unit AS "activityUnit", s.dz_id IS NOT NULL AS placed,
      sum(s.amount_gbp) AS amount,
      count(*)::INTEGER AS rows,
      count(s.activity_count)::INTEGER AS "rowsWithActivity",
      sum(s.activity_count) AS activity,
      sum(s.amount_gbp) FILTER (WHERE s.activity_count IS NOT NULL) AS "amountWithActivity",
      sum(s.amount_gbp) FILTER (WHERE s.placed_by = 'postcode_centroid') AS "amountByCentroid"
    FROM spend s
    ${areaId === null ? '' : 'WHERE s.dz_id IS NULL OR s.dz_id IN (SELECT dz_id FROM zones)'}
    GROUP BY ALL ORDER BY s.partner, s.service, s.financial_year, s.activity_unit NULLS LAST`, areaParam(areaId));
}

/** Partners every one of whose placed rows lies in the scope's data zones. */
export async function partnersWhollyWithin(db: Database, areaId: number): Promise<Set<string>> {
  const rows = await db.query<{ partner: string }>(`
    WITH ${zonesOf(areaId)}
    SELECT s.partner FROM spend s LEFT JOIN (SELECT DISTINCT dz_id FROM zones) z USING (dz_id)
    WHERE s.dz_id IS NOT NULL GROUP BY s.partner HAVING bool_and(z.dz_id IS NOT NULL)`, areaParam(areaId));
  return new Set(rows.map((r) => r.partner));
}

export interface ZoneSpend {
  dzId: number;
  /** SIMD rank, decile and quintile in the edition asked for; null for zones the edition does not rank. */
  rank: number | null;
  decile: number | null;
  quintile: number | null;
  amount: number;
  /** People in the population year asked for; 0 when the build has no estimate for the zone. */
  population: number;
}

/**
 * Every data zone of the scope with its spend (filtered), its people in one year and its SIMD
 * position. For the whole build, the zones with people in that year or with the spend asked for.
 */
export function zoneSpend(db: Database, areaId: number | null, filter: SpendFilter, populationYear: number, edition: string): Promise<ZoneSpend[]> {
  return db.query<ZoneSpend>(`
    WITH zone_spend AS (SELECT s.dz_id, sum(s.amount_gbp) AS amount FROM spend s WHERE s.dz_id IS NOT NULL AND ${FILTER} GROUP BY s.dz_id),
    zone_people AS (SELECT dz_id, persons::DOUBLE AS population FROM population_total WHERE year = $populationYear),
    ${areaId === null ? 'zones AS (SELECT dz_id FROM zone_people UNION SELECT dz_id FROM zone_spend)' : zonesOf(areaId)}
    SELECT z.dz_id AS "dzId", r.rank, r.decile, r.quintile, coalesce(zs.amount, 0) AS amount, coalesce(zp.population, 0) AS population
    FROM zones z
    LEFT JOIN simd r ON r.dz_id = z.dz_id AND r.edition = $edition
    LEFT JOIN zone_spend zs ON zs.dz_id = z.dz_id
    LEFT JOIN zone_people zp ON zp.dz_id = z.dz_id
    ORDER BY r.rank NULLS LAST, z.dz_id`, { ...areaParam(areaId), ...filterParams(filter), populationYear, edition });
}

export interface AreaSpend {
  areaId: number;
  amount: number;
  population: number;
}

/** Spend (filtered) and people in one year for every area of a level, in one pass each. */
export function spendByArea(db: Database, level: { key: string; base: boolean }, filter: SpendFilter, populationYear: number): Promise<AreaSpend[]> {
  const members = level.base
    ? `SELECT dz_id AS area_id, dz_id FROM data_zone WHERE vintage = $level`
    : `SELECT area_id, dz_id FROM ${membershipTable(SPEND_VINTAGE)} WHERE level_key = $level`;
  return db.query<AreaSpend>(`
    WITH members AS (${members}),
    zone_spend AS (SELECT s.dz_id, sum(s.amount_gbp) AS amount FROM spend s WHERE s.dz_id IS NOT NULL AND ${FILTER} GROUP BY s.dz_id),
    zone_people AS (SELECT dz_id, persons::DOUBLE AS population FROM population_total WHERE year = $populationYear)
    SELECT m.area_id AS "areaId", coalesce(sum(zs.amount), 0) AS amount, coalesce(sum(zp.population), 0) AS population
    FROM members m LEFT JOIN zone_spend zs USING (dz_id) LEFT JOIN zone_people zp USING (dz_id)
    GROUP BY m.area_id`, { level: level.key, ...filterParams(filter), populationYear });
}

/**
 * Of the spend placed in the scope (filtered), how much reached its data zone through a postcode's
 * Code-Point centroid, which is approximate near zone edges.
 */
export async function spendPlacedByCentroid(db: Database, areaId: number | null, filter: SpendFilter): Promise<{ amount: number; placed: number }> {
  const [row] = await db.query<{ amount: number | null; placed: number | null }>(`
    ${areaId === null ? '' : `WITH ${zonesOf(areaId)}`}
    SELECT sum(s.amount_gbp) FILTER (WHERE s.placed_by = 'postcode_centroid') AS amount, sum(s.amount_gbp) AS placed
    FROM spend s WHERE s.dz_id IS NOT NULL AND ${FILTER}
    ${areaId === null ? '' : 'AND s.dz_id IN (SELECT dz_id FROM zones)'}`, { ...areaParam(areaId), ...filterParams(filter) });
  return { amount: row?.amount ?? 0, placed: row?.placed ?? 0 };
}
