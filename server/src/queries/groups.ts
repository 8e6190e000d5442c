import { listParam, type Database } from '../db.ts';
import type { AreaSums } from '../rollup/aggregate.ts';
import { membershipTable, type Vintage } from '../rollup/reach.ts';
import { gatherSums, zoneFactsIfReady } from './zoneFacts.ts';

/**
 * A group is any set of data zones: a published area, a custom area, a comparator. Listed groups
 * are passed as two parallel lists (group id, data zone id) and summed in one pass.
 */
export interface GroupZones {
  groupId: number;
  dzIds: readonly number[];
  /**
   * A published area's id: its sums (over its data zones of the set the sums are for) are then
   * read from those the ETL made (area_sums) instead of summed over a bound list of zones.
   */
  areaId?: number;
}

export interface GroupSums extends AreaSums {
  groupId: number;
  indicatorId: number;
  periodId: number;
}

/** How many data zones of one set each published area holds (a data zone of that set holds itself). */
export async function memberCounts(db: Database, areaIds: readonly number[], vintage: Vintage): Promise<Map<number, number>> {
  if (areaIds.length === 0) return new Map();
  const rows = await db.query<{ areaId: number; n: number }>(`
    SELECT area_id AS "areaId", count(*)::INTEGER AS n FROM ${membershipTable(vintage)} WHERE area_id IN (SELECT unnest($ids::INTEGER[])) GROUP BY area_id
    UNION ALL
    SELECT dz_id, 1 FROM data_zone WHERE vintage = $vintage AND dz_id IN (SELECT unnest($ids::INTEGER[]))`, { ids: listParam(areaIds), vintage });
  return new Map(rows.map((r) => [r.areaId, r.n]));
}

/** The data zones of one set in published areas (a data zone of that set is its own single member). */
export async function zonesOfAreas(db: Database, areaIds: readonly number[], vintage: Vintage): Promise<Map<number, number[]>> {
  if (areaIds.length === 0) return new Map();
  const rows = await db.query<{ areaId: number; zones: number[] }>(`
    SELECT area_id AS "areaId", list(dz_id ORDER BY dz_id) AS zones FROM ${membershipTable(vintage)} WHERE area_id IN (SELECT unnest($ids::INTEGER[])) GROUP BY area_id
    UNION ALL
    SELECT dz_id, [dz_id] FROM data_zone WHERE vintage = $vintage AND dz_id IN (SELECT unnest($ids::INTEGER[]))`, { ids: listParam(areaIds), vintage });
  return new Map(rows.map((r) => [r.areaId, r.zones]));
}

/** The filter on (indicator, period) of a table aliased `t`: every period of the indicators, or the listed pairs. */
const wantedFilter = (paired: boolean) => (paired
  ? 'JOIN wanted w ON w.indicator_id = t.indicator_id AND w.period_id = t.period_id'
  : 'WHERE t.indicator_id IN (SELECT indicator_id FROM wanted)');

/**
 * Σ per group × indicator × period over the groups' data zones, for the given indicators (all of
 * their periods, or one period each when `periods` is given as indicatorId → periodId). Published
 * areas (`areaId`) other than data zones read the sums the ETL made over their data zones of the
 * set `vintage` names (area_sums); data zones and groups listed by `dzIds` are summed from the
 * fact table. Either way a group has a row only where one of its zones has an observation. (When
 * no group needs the fact table, its arm's join has an empty side and DuckDB stops after one
 * vector of observations.)
 */
export async function sumsForGroups(db: Database, vintage: Vintage, groups: readonly GroupZones[], indicatorIds: readonly number[], periods?: ReadonlyMap<number, number>): Promise<GroupSums[]> {
  // Groups listed by their zones are gathered from the zone-major facts once they are loaded
  // (zoneFacts.ts); a single zone still reads the fact table, which alone holds its value.
  const facts = zoneFactsIfReady(db, vintage);
  const gathered = new Set(facts ? groups.filter((g) => g.areaId === undefined && g.dzIds.length > 1) : []);
  if (gathered.size > 0) {
    const rest = groups.filter((g) => !gathered.has(g));
    return [...gatherSums(facts!, [...gathered], indicatorIds, periods), ...(rest.length > 0 ? await sumsForGroups(db, vintage, rest, indicatorIds, periods) : [])];
  }
  const published = groups.filter((g) => g.areaId !== undefined);
  const listed = groups.filter((g) => g.areaId === undefined);
  const groupIds = listed.flatMap((g) => g.dzIds.map(() => g.groupId));
  const dzIds = listed.flatMap((g) => g.dzIds);
  if ((dzIds.length === 0 && published.length === 0) || indicatorIds.length === 0) return [];
  // Empty lists have no type to bind: a -1 never matches a group, area or data zone.
  const orNone = (ids: number[]) => (ids.length > 0 ? ids : [-1]);
  const pairs = periods ? [...periods] : [];
  return db.queryJson<GroupSums>(`
    WITH published AS (SELECT unnest($areaGroups::INTEGER[]) AS group_id, unnest($areas::INTEGER[]) AS area_id),
    zones AS (
      SELECT unnest($groups::INTEGER[]) AS group_id, unnest($zones::INTEGER[]) AS dz_id
      UNION ALL SELECT p.group_id, d.dz_id FROM published p JOIN data_zone d ON d.dz_id = p.area_id AND d.vintage = $vintage
    ),
    members AS (SELECT group_id, count(*)::INTEGER AS members FROM zones GROUP BY group_id),
    wanted AS (SELECT unnest($indicators::INTEGER[]) AS indicator_id, unnest($periods::INTEGER[]) AS period_id)
    SELECT p.group_id AS "groupId", t.indicator_id AS "indicatorId", t.period_id AS "periodId",
      t.members, t.observed, t.withheld, t.missing, t.numerator, t.denominator, t.covered_denominator AS "coveredDenominator", t.value
    FROM published p JOIN area_sums t ON t.area_id = p.area_id AND t.vintage = $vintage
    ${wantedFilter(periods !== undefined)}
    UNION ALL
    SELECT z.group_id, t.indicator_id, t.period_id,
      any_value(m.members),
      count(*)::INTEGER,
      count(*) FILTER (WHERE t.suppressed_at_source)::INTEGER,
      count(*) FILTER (WHERE NOT t.suppressed_at_source AND coalesce(t.numerator, t.value) IS NULL)::INTEGER,
      sum(t.numerator),
      sum(t.denominator),
      sum(t.denominator) FILTER (WHERE t.numerator IS NOT NULL),
      any_value(t.value)
    FROM zones z
    JOIN observation t ON t.dz_id = z.dz_id
    JOIN members m ON m.group_id = z.group_id
    ${wantedFilter(periods !== undefined)}
    GROUP BY ALL`, {
    groups: listParam(orNone(groupIds)), zones: listParam(orNone(dzIds)),
    areaGroups: listParam(orNone(published.map((g) => g.groupId))), areas: listParam(orNone(published.map((g) => g.areaId!))), vintage,
    indicators: listParam(periods ? pairs.map(([i]) => i) : [...indicatorIds]),
    periods: listParam(periods ? pairs.map(([, p]) => p) : [0]), // an empty list has no type to bind
  });
}
