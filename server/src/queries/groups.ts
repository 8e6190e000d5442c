import { listParam, type Database } from '../db.ts';
import type { AreaSums } from '../rollup/aggregate.ts';
import { membershipTable, type Vintage } from '../rollup/reach.ts';

/**
 * A group is any set of data zones: a published area, a custom area, a comparator. Groups are
 * passed as two parallel lists (group id, data zone id) and summed in one pass.
 */
export interface GroupZones {
  groupId: number;
  dzIds: readonly number[];
  /**
   * A published area's id: its data zones (of the set the sums are for) are then read from its
   * membership table inside the query instead of being bound as a list (much cheaper for large
   * areas like Scotland).
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

/**
 * Σ per group × indicator × period over the groups' data zones, for the given indicators (all of
 * their periods, or one period each when `periods` is given as indicatorId → periodId). Published
 * areas (`areaId`) are expanded into their data zones of the set `vintage` names.
 */
export async function sumsForGroups(db: Database, vintage: Vintage, groups: readonly GroupZones[], indicatorIds: readonly number[], periods?: ReadonlyMap<number, number>): Promise<GroupSums[]> {
  const groupIds: number[] = [];
  const dzIds: number[] = [];
  // Published areas as (group id, area id) pairs, expanded through their membership table in SQL.
  const areaGroups: number[] = [];
  const areaIds: number[] = [];
  for (const group of groups) {
    if (group.areaId !== undefined) {
      areaGroups.push(group.groupId);
      areaIds.push(group.areaId);
      continue;
    }
    for (const dz of group.dzIds) {
      groupIds.push(group.groupId);
      dzIds.push(dz);
    }
  }
  if ((dzIds.length === 0 && areaIds.length === 0) || indicatorIds.length === 0) return [];
  // Empty lists have no type to bind: a -1 never matches a group, area or data zone.
  if (dzIds.length === 0) {
    groupIds.push(-1);
    dzIds.push(-1);
  }
  if (areaIds.length === 0) {
    areaGroups.push(-1);
    areaIds.push(-1);
  }
  const pairs = periods ? [...periods] : [];
  return db.query<GroupSums>(`
    WITH published AS (SELECT unnest($areaGroups::INTEGER[]) AS group_id, unnest($areas::INTEGER[]) AS area_id),
    zones AS (
      SELECT unnest($groups::INTEGER[]) AS group_id, unnest($zones::INTEGER[]) AS dz_id
      UNION ALL SELECT p.group_id, m.dz_id FROM published p JOIN ${membershipTable(vintage)} m USING (area_id)
      UNION ALL SELECT p.group_id, d.dz_id FROM published p JOIN data_zone d ON d.dz_id = p.area_id AND d.vintage = $vintage
    ),
    members AS (SELECT group_id, count(*)::INTEGER AS members FROM zones GROUP BY group_id),
    wanted AS (SELECT unnest($indicators::INTEGER[]) AS indicator_id, unnest($periods::INTEGER[]) AS period_id)
    SELECT z.group_id AS "groupId", o.indicator_id AS "indicatorId", o.period_id AS "periodId",
      any_value(m.members) AS members,
      count(*)::INTEGER AS observed,
      count(*) FILTER (WHERE o.suppressed_at_source)::INTEGER AS withheld,
      count(*) FILTER (WHERE NOT o.suppressed_at_source AND coalesce(o.numerator, o.value) IS NULL)::INTEGER AS missing,
      sum(o.numerator) AS numerator,
      sum(o.denominator) AS denominator,
      sum(o.denominator) FILTER (WHERE o.numerator IS NOT NULL) AS "coveredDenominator",
      any_value(o.value) AS value
    FROM zones z
    JOIN observation o ON o.dz_id = z.dz_id
    JOIN members m ON m.group_id = z.group_id
    ${periods ? 'JOIN wanted w ON w.indicator_id = o.indicator_id AND w.period_id = o.period_id' : 'WHERE o.indicator_id IN (SELECT unnest($indicators::INTEGER[]))'}
    GROUP BY ALL`, {
    groups: listParam(groupIds), zones: listParam(dzIds), areaGroups: listParam(areaGroups), areas: listParam(areaIds), vintage,
    indicators: listParam(periods ? pairs.map(([i]) => i) : [...indicatorIds]),
    periods: listParam(periods ? pairs.map(([, p]) => p) : [0]), // an empty list has no type to bind
  });
}
