import type { Database } from '../db.ts';
import type { BuildRecord } from '../queries/build.ts';
import { sumsByAreaForPairs, type PeriodRef } from '../queries/rollup.ts';
import { parentsOf, tableAreas, type TableArea, type TableIndicator } from '../queries/tables.ts';
import { rollUpValue, type AreaSums, type AreaValue } from '../rollup/aggregate.ts';
import { reachOf, type Reach } from '../rollup/reach.ts';
import { sumsOfPublishedAreasFor } from '../rollup/sumsCache.ts';
import type { BuildLevel } from '../queries/levels.ts';
import type { TableRow } from './columns.ts';
import type { TablePlan } from './plan.ts';

/** What /indicators/:indicator/values assumes for an area with no member rows at all. */
const NO_SUMS: AreaSums = { members: 0, observed: 0, withheld: 0, missing: 0, numerator: null, denominator: null, coveredDenominator: null, value: null };

/** Queries in flight at once: the database pool has two connections, and DuckDB parallelises within each. */
const CONCURRENCY = 2;

/**
 * Area rows one roll-up statement returns at most (pairs × areas of the level): every ward × 140
 * indicator-periods, or every data zone × 7. Enough that a typical table is one or two statements,
 * few enough that one result is a few megabytes of objects, not the whole table at once.
 */
const ROWS_PER_STATEMENT = 50_000;

interface Cell {
  values: Map<number, AreaValue>;
  /** Null when there is no Scotland area, or the indicator's data zones do not make it up. */
  scotland: AreaValue | null;
  councils: Map<number, AreaValue | null>;
}

export interface ComputedTable {
  plan: TablePlan;
  scotland: TableArea | null;
  /** The rows, generated lazily so a large table can be streamed. */
  rows(): Generator<TableRow>;
}

/**
 * Fills a planned table. Each indicator × period is rolled up with the same two steps as
 * /indicators/:indicator/values (the sums of sumsByArea, here fetched for many indicator × period
 * pairs in one statement, then rollUpValue), so every figure equals the one the map shows. Comparators, both rolled up the same way on their own level:
 * Scotland for every area (the comparator /values gives), and, for levels below council, the
 * area's council (for best-fit levels, the council holding most of its people).
 */
export async function computeTable(db: Database, build: BuildRecord, levels: readonly BuildLevel[], plan: TablePlan): Promise<ComputedTable> {
  const { level, areas } = plan;
  const scotlandLevel = level.key !== 'scotland' ? levels.find((l) => l.key === 'scotland') : undefined;
  const councilLevel = level.key !== 'council' && level.parents.includes('council') ? levels.find((l) => l.key === 'council') : undefined;
  const scotland = scotlandLevel ? (await tableAreas(db, 'scotland', null))[0] ?? null : null;
  const councilOf = councilLevel ? await parentsOf(db, areas.map((a) => a.areaId), 'council') : new Map<number, TableArea>();
  const councilIds = new Set([...councilOf.values()].map((c) => c.areaId));
  // Comparators are published areas: their sums come from those remembered per server where held,
  // else are queried for this table's indicators only. Each comparator is summed over the set the
  // indicator reaches its level through.
  const comparatorReach = (comparatorLevel: BuildLevel | undefined, indicator: TableIndicator) => (comparatorLevel ? reachOf(comparatorLevel, indicator) : null);
  const comparatorSets = new Set(plan.indicators.flatMap(({ indicator }) => [comparatorReach(scotlandLevel, indicator), comparatorReach(councilLevel, indicator)])
    .filter((r): r is Reach => r !== null).map((r) => r.vintage));
  const comparatorIds = [...(scotland ? [scotland.areaId] : []), ...councilIds];
  const indicatorIds = [...new Set(plan.indicators.map(({ indicator }) => indicator.indicatorId))];
  const comparatorSums = new Map((await Promise.all([...comparatorSets].map(async (vintage) =>
    (await sumsOfPublishedAreasFor(db, comparatorIds, vintage, indicatorIds)).map((s) => [`${vintage}:${s.groupId}:${s.indicatorId}:${s.periodId}`, s] as const)))).flat());
  const comparatorValue = (comparatorLevel: BuildLevel | undefined, areaId: number, indicator: TableIndicator, period: PeriodRef) => {
    const reach = comparatorReach(comparatorLevel, indicator);
    return reach && rollUpValue(indicator, comparatorSums.get(`${reach.vintage}:${areaId}:${indicator.indicatorId}:${period.periodId}`) ?? NO_SUMS, { nativeLevel: false });
  };

  const cellFrom = (indicator: TableIndicator, period: PeriodRef, sums: Map<number, AreaSums>): Cell => {
    const nativeLevel = level.membership === 'base' && level.key === indicator.vintage;
    const values = new Map(areas.map((a) => [a.areaId, rollUpValue(indicator, sums.get(a.areaId) ?? NO_SUMS, { nativeLevel })]));
    const scotlandValue = scotland ? comparatorValue(scotlandLevel, scotland.areaId, indicator, period) : null;
    const councils = new Map([...councilIds].map((id) => [id, comparatorValue(councilLevel, id, indicator, period)]));
    return { values, scotland: scotlandValue, councils };
  };

  // Every indicator × period, rolled up a batch at a time (one statement per batch, not per pair),
  // each batch over one set of data zones.
  const jobs = plan.indicators.flatMap(({ indicator, reach, periods }) => periods.map((period) => ({ indicator, reach, period })));
  const perStatement = Math.max(1, Math.floor(ROWS_PER_STATEMENT / Math.max(1, areas.length)));
  const areaIds = plan.areasNamed ? areas.map((a) => a.areaId) : null;
  const batches = [...new Set(jobs.map((j) => j.reach.vintage))].flatMap((vintage) => {
    const ofSet = jobs.filter((j) => j.reach.vintage === vintage);
    return Array.from({ length: Math.ceil(ofSet.length / perStatement) }, (_, i) => ofSet.slice(i * perStatement, (i + 1) * perStatement));
  });
  const cells = new Map<string, Cell>();
  await eachLimited(batches, CONCURRENCY, async (batch) => {
    const sums = await sumsByAreaForPairs(db, batch.map(({ indicator, period }) => ({ indicatorId: indicator.indicatorId, periodId: period.periodId })), level.key, batch[0]!.reach, areaIds);
    for (const { indicator, period } of batch) {
      const k = key(indicator.indicatorId, period.periodId);
      cells.set(k, cellFrom(indicator, period, sums.get(k)!));
    }
  });

  const shown = (v: AreaValue | null | undefined) => (v && !v.suppressed ? v.value : null);
  function* rows(): Generator<TableRow> {
    for (const area of areas) {
      const council = councilOf.get(area.areaId) ?? null;
      for (const { indicator, periods } of plan.indicators) {
        for (const period of periods) {
          const cell = cells.get(key(indicator.indicatorId, period.periodId))!;
          const v = cell.values.get(area.areaId)!;
          yield {
            geography_level: level.key,
            geography_level_label: level.label,
            area_code: area.code,
            area_name: area.name,
            indicator_code: indicator.code,
            indicator_title: indicator.title,
            unit: indicator.unit,
            period: period.label,
            value: v.value,
            numerator: v.numerator,
            denominator: v.denominator,
            lower_confidence_interval: v.lowerConfidenceInterval,
            upper_confidence_interval: v.upperConfidenceInterval,
            suppressed: v.suppressed,
            suppression_reason: v.suppressionReason,
            note: v.note,
            comparator_code: scotland?.code ?? null,
            comparator_name: scotland?.name ?? null,
            comparator_value: shown(cell.scotland),
            council_code: council?.code ?? null,
            council_name: council?.name ?? null,
            council_value: council ? shown(cell.councils.get(council.areaId)) : null,
            aggregation: indicator.aggregation,
            source: indicator.source,
            licence: indicator.licence,
            build_id: build.id,
            synthetic: build.synthetic || indicator.synthetic,
          };
        }
      }
    }
  }
  return { plan, scotland, rows };
}

const key = (indicatorId: number, periodId: number) => `${indicatorId}:${periodId}`;

/** Runs `work` over the items with at most `limit` in flight. */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
