/**
 * The server's roll-up queries, written for PostgreSQL: the same joins and the same sums as
 * server/src/queries/rollup.ts (sumsByArea), groups.ts (sumsForGroups) and spend.ts (zoneSpend),
 * in PostgreSQL's dialect. Where the dialects differ:
 * - PostgreSQL 15 has no any_value(): min() stands in. The server reads `value` only for a
 *   one-zone area (where any value is the value), so the checksums compare it only there.
 * - no GROUP BY ALL: the keys are listed; bound lists are arrays (`= ANY($n)` for IN (unnest …)).
 */
import type pg from 'pg';
import type { GroupSums, GroupZones } from '../../../server/src/queries/groups.ts';
import type { SpendFilter, ZoneSpend } from '../../../server/src/queries/spend.ts';
import type { AreaSums } from '../../../server/src/rollup/aggregate.ts';

const SUMS = `
  count(*)::integer AS members,
  count(o.dz_id)::integer AS observed,
  count(*) FILTER (WHERE o.suppressed_at_source)::integer AS withheld,
  count(*) FILTER (WHERE o.dz_id IS NOT NULL AND NOT o.suppressed_at_source AND coalesce(o.numerator, o.value) IS NULL)::integer AS missing,
  sum(o.numerator) AS numerator,
  sum(o.denominator) AS denominator,
  sum(o.denominator) FILTER (WHERE o.numerator IS NOT NULL) AS "coveredDenominator",
  min(o.value) AS value`;

/** sumsByArea for a level other than the base: Σ over each area's member data zones. */
export async function sumsByAreaPg(client: pg.Client, indicatorId: number, periodId: number, levelKey: string): Promise<(AreaSums & { areaId: number })[]> {
  const result = await client.query<AreaSums & { areaId: number }>(`
    SELECT m.area_id AS "areaId", ${SUMS}
    FROM membership m LEFT JOIN observation o ON o.dz_id = m.dz_id AND o.indicator_id = $1 AND o.period_id = $2
    WHERE m.level_key = $3 GROUP BY m.area_id`, [indicatorId, periodId, levelKey]);
  return result.rows;
}

/** sumsForGroups over all periods of the given indicators, with the same -1 stand-ins for empty lists. */
export async function sumsForGroupsPg(client: pg.Client, groups: readonly GroupZones[], indicatorIds: readonly number[]): Promise<GroupSums[]> {
  const groupIds: number[] = [];
  const dzIds: number[] = [];
  const areaGroups: number[] = [];
  const areaIds: number[] = [];
  for (const group of groups) {
    if (group.areaId !== undefined) {
      areaGroups.push(group.groupId);
      areaIds.push(group.areaId);
    } else {
      for (const dz of group.dzIds) {
        groupIds.push(group.groupId);
        dzIds.push(dz);
      }
    }
  }
  if (dzIds.length === 0) {
    groupIds.push(-1);
    dzIds.push(-1);
  }
  if (areaIds.length === 0) {
    areaGroups.push(-1);
    areaIds.push(-1);
  }
  const result = await client.query<GroupSums>(`
    WITH published AS (SELECT unnest($1::integer[]) AS group_id, unnest($2::integer[]) AS area_id),
    zones AS (
      SELECT unnest($3::integer[]) AS group_id, unnest($4::integer[]) AS dz_id
      UNION ALL SELECT p.group_id, m.dz_id FROM published p JOIN membership m USING (area_id)
      UNION ALL SELECT p.group_id, d.dz_id FROM published p JOIN data_zone d ON d.dz_id = p.area_id
    ),
    members AS (SELECT group_id, count(*)::integer AS members FROM zones GROUP BY group_id)
    SELECT z.group_id AS "groupId", o.indicator_id AS "indicatorId", o.period_id AS "periodId",
      min(m.members) AS members,
      count(*)::integer AS observed,
      count(*) FILTER (WHERE o.suppressed_at_source)::integer AS withheld,
      count(*) FILTER (WHERE NOT o.suppressed_at_source AND coalesce(o.numerator, o.value) IS NULL)::integer AS missing,
      sum(o.numerator) AS numerator,
      sum(o.denominator) AS denominator,
      sum(o.denominator) FILTER (WHERE o.numerator IS NOT NULL) AS "coveredDenominator",
      min(o.value) AS value
    FROM zones z
    JOIN observation o ON o.dz_id = z.dz_id
    JOIN members m ON m.group_id = z.group_id
    WHERE o.indicator_id = ANY($5::integer[])
    GROUP BY z.group_id, o.indicator_id, o.period_id`, [areaGroups, areaIds, groupIds, dzIds, [...indicatorIds]]);
  return result.rows;
}

/** zoneSpend for the whole build: every zone with people in the year or with the spend asked for. */
export async function zoneSpendPg(client: pg.Client, filter: SpendFilter, populationYear: number, edition: string): Promise<ZoneSpend[]> {
  const result = await client.query<ZoneSpend>(`
    WITH zone_spend AS (
      SELECT s.dz_id, sum(s.amount_gbp) AS amount FROM spend s
      WHERE s.dz_id IS NOT NULL AND ($1::text IS NULL OR s.partner = $1) AND ($2::text IS NULL OR s.service = $2) AND ($3::text IS NULL OR s.financial_year = $3)
      GROUP BY s.dz_id),
    zone_people AS (SELECT dz_id, sum(persons)::double precision AS population FROM population WHERE year = $4 GROUP BY dz_id),
    zones AS (SELECT dz_id FROM zone_people UNION SELECT dz_id FROM zone_spend)
    SELECT z.dz_id AS "dzId", r.rank, r.decile, r.quintile, coalesce(zs.amount, 0) AS amount, coalesce(zp.population, 0) AS population
    FROM zones z
    LEFT JOIN simd r ON r.dz_id = z.dz_id AND r.edition = $5
    LEFT JOIN zone_spend zs ON zs.dz_id = z.dz_id
    LEFT JOIN zone_people zp ON zp.dz_id = z.dz_id
    ORDER BY r.rank NULLS LAST, z.dz_id`, [filter.partner, filter.service, filter.financialYear, populationYear, edition]);
  return result.rows;
}
