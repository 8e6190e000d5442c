import type { Database } from '../db.ts';
import { sumsByArea, type IndicatorRef, type PeriodRef } from '../queries/rollup.ts';
import { rollUpValue, type AreaSums, type AreaValue as RolledUp } from './aggregate.ts';
import type { Reach } from './reach.ts';

export interface AreaName {
  areaId: number;
  code: string;
  name: string;
}

export interface LevelValues {
  /** Each area's code and name with its figure and rank (no areaId: the rows are the reply's own). */
  areas: (Omit<AreaName, 'areaId'> & RolledUp & { rank: number | null })[];
}

/**
 * Ranks by value, highest first; ties share the better rank; areas with no value get none. One
 * sort and one map from value to its first rank: looking each value up in the sorted list took
 * O(n²): 51 ms against 8 ms over 6,976 data zones (p50, on a busy two-core machine). The rows
 * (fresh objects from the caller) gain `rank`.
 */
export function rankByValue<T extends { value: number | null }>(rows: T[]): (T & { rank: number | null })[] {
  const sorted = rows.map((r) => r.value).filter((v): v is number => v !== null).sort((a, b) => b - a);
  const firstRank = new Map<number, number>();
  sorted.forEach((value, i) => {
    if (!firstRank.has(value)) firstRank.set(value, i + 1);
  });
  const ranked = rows as (T & { rank: number | null })[];
  for (const row of ranked) row.rank = row.value === null ? null : firstRank.get(row.value)!;
  return ranked;
}

/** Every area of a level for one indicator and period (reaching it as `reach` says): the rolled-up value, interval, status and rank. */
export async function valuesForLevel(db: Database, indicator: IndicatorRef, period: PeriodRef, levelKey: string, reach: Reach, areas: AreaName[]): Promise<LevelValues> {
  const sums = await sumsByArea(db, indicator.indicatorId, period.periodId, levelKey, reach);
  const nativeLevel = reach.base && levelKey === indicator.vintage;
  // Each row is one literal of one shape (no spreads): 6,976 of them for the data-zone map.
  const rows = areas.map((area) => {
    const v = rollUpValue(indicator, sums.get(area.areaId) ?? NO_SUMS, { nativeLevel });
    return {
      code: area.code, name: area.name, value: v.value, numerator: v.numerator, denominator: v.denominator,
      lowerConfidenceInterval: v.lowerConfidenceInterval, upperConfidenceInterval: v.upperConfidenceInterval,
      suppressed: v.suppressed, suppressionReason: v.suppressionReason, note: v.note,
    };
  });
  return { areas: rankByValue(rows) };
}

const NO_SUMS: AreaSums = { members: 0, observed: 0, withheld: 0, missing: 0, numerator: null, denominator: null, coveredDenominator: null, value: null };
