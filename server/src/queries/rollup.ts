import { listParam, type Database } from '../db.ts';
import type { AreaSums, IndicatorRule } from '../rollup/aggregate.ts';
import { membershipTable, type Reach } from '../rollup/reach.ts';

export interface IndicatorRef extends IndicatorRule {
  indicatorId: number;
  code: string;
  title: string;
  unit: string;
  polarity: 'higher_is_better' | 'higher_is_worse' | 'neither';
  /** The data-zone set it was published on. */
  vintage: string;
  /** The other set, where a crosswalk the build was given apportioned its figures to it. */
  convertedTo: string | null;
  themeKey: string;
  topic: string;
  source: string;
  licence: string;
}

export interface PeriodRef {
  periodId: number;
  label: string;
  kind: string;
  start: string;
  end: string;
}

const INDICATOR_COLUMNS = `indicator_id AS "indicatorId", code, title, unit, aggregation, measure_type AS "measureType", multiplier,
  disclosure_threshold AS "disclosureThreshold", polarity, vintage, converted_to AS "convertedTo", theme_key AS "themeKey", topic, source, licence`;

export async function findIndicator(db: Database, code: string): Promise<IndicatorRef | null> {
  const [row] = await db.query<IndicatorRef>(`SELECT ${INDICATOR_COLUMNS} FROM indicator WHERE code = $code`, { code });
  return row ?? null;
}

/** Indicators of a theme (or all), in theme, topic and title order. */
export function listIndicatorRefs(db: Database, theme: string | null): Promise<IndicatorRef[]> {
  return db.query<IndicatorRef>(`
    SELECT ${INDICATOR_COLUMNS} FROM indicator i LEFT JOIN theme t USING (theme_key)
    WHERE $theme IS NULL OR i.theme_key = $theme ORDER BY t.sort_order NULLS LAST, i.topic, i.title`, { theme });
}

/** Every indicator's periods on a vintage, oldest first. */
export async function periodsByIndicator(db: Database, vintage: string): Promise<Map<number, PeriodRef[]>> {
  const rows = await db.query<PeriodRef & { indicatorId: number }>(`
    SELECT ip.indicator_id AS "indicatorId", p.period_id AS "periodId", p.label, p.kind, p.start_date AS start, p.end_date AS "end"
    FROM indicator_period ip JOIN period p USING (period_id) WHERE ip.vintage = $vintage ORDER BY p.start_date, p.end_date`, { vintage });
  const byIndicator = new Map<number, PeriodRef[]>();
  for (const { indicatorId, ...period } of rows) {
    const list = byIndicator.get(indicatorId);
    if (list) list.push(period);
    else byIndicator.set(indicatorId, [period]);
  }
  return byIndicator;
}

/** The periods an indicator has on a vintage, oldest first. */
export function indicatorPeriods(db: Database, indicatorId: number, vintage: string): Promise<PeriodRef[]> {
  return db.query<PeriodRef>(`
    SELECT p.period_id AS "periodId", p.label, p.kind, p.start_date AS start, p.end_date AS "end"
    FROM indicator_period ip JOIN period p USING (period_id)
    WHERE ip.indicator_id = $indicator AND ip.vintage = $vintage ORDER BY p.start_date, p.end_date`, { indicator: indicatorId, vintage });
}

const SUMS = `
  count(*)::INTEGER AS members,
  count(o.dz_id)::INTEGER AS observed,
  count(*) FILTER (WHERE o.suppressed_at_source)::INTEGER AS withheld,
  count(*) FILTER (WHERE o.dz_id IS NOT NULL AND NOT o.suppressed_at_source AND coalesce(o.numerator, o.value) IS NULL)::INTEGER AS missing,
  sum(o.numerator) AS numerator,
  sum(o.denominator) AS denominator,
  sum(o.denominator) FILTER (WHERE o.numerator IS NOT NULL) AS "coveredDenominator",
  any_value(o.value) AS value`;

/**
 * An area of a level with no row in area_sums for an indicator and period (none of its zones has
 * an observation) still has its members: the sums of `a` (the area and its member count) left
 * joined to those of area_sums `s`.
 */
const PUBLISHED_SUMS = `
  a.members, coalesce(s.observed, 0) AS observed, coalesce(s.withheld, 0) AS withheld, coalesce(s.missing, 0) AS missing,
  s.numerator, s.denominator, s.covered_denominator AS "coveredDenominator", s.value`;

/** Each area of level $level with its number of member data zones of one set, as `a` (area_id, members). */
const membersOf = (reach: Reach, onlyListed: boolean) => `(
  SELECT area_id, count(*)::INTEGER AS members FROM ${membershipTable(reach.vintage)}
  WHERE level_key = $level ${onlyListed ? 'AND area_id IN (SELECT unnest($areas::INTEGER[]))' : ''} GROUP BY area_id) a`;

/**
 * Σ over the member data zones of every area of a level, for one indicator and period. Data zones
 * themselves (the base levels) are their own single members, summed from their contiguous run of
 * the fact table; other areas' sums over the data zones of the set `reach` names were made by the
 * ETL (area_sums) and are read from the level's block there.
 */
export async function sumsByArea(db: Database, indicatorId: number, periodId: number, levelKey: string, reach: Reach): Promise<Map<number, AreaSums>> {
  const rows = reach.base
    ? await db.queryJson<AreaSums & { areaId: number }>(`
        SELECT d.dz_id AS "areaId", ${SUMS}
        FROM data_zone d LEFT JOIN observation o ON o.dz_id = d.dz_id AND o.indicator_id = $indicator AND o.period_id = $period
        WHERE d.vintage = $level GROUP BY d.dz_id`, { indicator: indicatorId, period: periodId, level: levelKey })
    : await db.queryJson<AreaSums & { areaId: number }>(`
        SELECT a.area_id AS "areaId", ${PUBLISHED_SUMS}
        FROM ${membersOf(reach, false)}
        LEFT JOIN area_sums s ON s.level_key = $level AND s.vintage = $vintage AND s.area_id = a.area_id AND s.indicator_id = $indicator AND s.period_id = $period`,
      { indicator: indicatorId, period: periodId, level: levelKey, vintage: reach.vintage });
  // Each row is kept whole (its areaId beside the sums): no copy per row.
  return new Map(rows.map((row) => [row.areaId, row]));
}

/**
 * sumsByArea for many indicator × period pairs at once, keyed by `indicatorId:periodId`, for the
 * given areas of the level (null: all of them). One statement instead of one per pair: a table of
 * 5 indicators × 10 periods over the wards took 50 statements, each parsed, planned and queued for
 * one of the two connections (150–250 ms on the demo, and under load each waited behind other
 * requests' queries); as one it takes 30–50 ms. Callers split long lists so that one result stays
 * a modest number of rows.
 */
export async function sumsByAreaForPairs(
  db: Database, pairs: readonly { indicatorId: number; periodId: number }[], levelKey: string, reach: Reach, areaIds: readonly number[] | null,
): Promise<Map<string, Map<number, AreaSums>>> {
  const wanted = 'WITH wanted AS (SELECT unnest($indicators::INTEGER[]) AS indicator_id, unnest($periods::INTEGER[]) AS period_id)';
  const rows = await db.queryJson<AreaSums & { indicatorId: number; periodId: number; areaId: number }>(reach.base
    ? `${wanted}
      SELECT w.indicator_id AS "indicatorId", w.period_id AS "periodId", a.dz_id AS "areaId", ${SUMS}
      FROM wanted w JOIN data_zone a ON a.vintage = $level ${areaIds ? 'AND a.dz_id IN (SELECT unnest($areas::INTEGER[]))' : ''}
      LEFT JOIN observation o ON o.dz_id = a.dz_id AND o.indicator_id = w.indicator_id AND o.period_id = w.period_id
      GROUP BY ALL`
    : `${wanted}
      SELECT w.indicator_id AS "indicatorId", w.period_id AS "periodId", a.area_id AS "areaId", ${PUBLISHED_SUMS}
      FROM wanted w CROSS JOIN ${membersOf(reach, areaIds !== null)}
      LEFT JOIN area_sums s ON s.level_key = $level AND s.vintage = $vintage AND s.area_id = a.area_id AND s.indicator_id = w.indicator_id AND s.period_id = w.period_id`, {
    indicators: listParam(pairs.map((p) => p.indicatorId)),
    periods: listParam(pairs.map((p) => p.periodId)),
    level: levelKey,
    ...(reach.base ? {} : { vintage: reach.vintage }),
    ...(areaIds ? { areas: listParam(areaIds) } : {}),
  });
  const byPair = new Map<string, Map<number, AreaSums>>(pairs.map((p) => [`${p.indicatorId}:${p.periodId}`, new Map()]));
  for (const row of rows) byPair.get(`${row.indicatorId}:${row.periodId}`)!.set(row.areaId, row);
  return byPair;
}
