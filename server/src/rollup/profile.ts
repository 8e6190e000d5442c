import type { Database } from '../db.ts';
import { sumsForGroups, type GroupSums, type GroupZones } from '../queries/groups.ts';
import { periodMap } from './catalogue.ts';
import { sumsOfPublishedAreas, sumsOfSiblings } from './sumsCache.ts';
import type { IndicatorRef, PeriodRef } from '../queries/rollup.ts';
import { compare, isComparable, rollUpValue, type AreaValue, type AreaSums, type Significance } from './aggregate.ts';

/** A named set of data zones: the subject of a profile, a comparator, or a sibling. */
export interface ProfileGroup extends GroupZones {
  level: string;
  code: string;
  name: string;
  /** Data zones in the group, when `dzIds` is not listed (published areas summed by `areaId`). */
  members?: number;
}

const sizeOf = (group: ProfileGroup) => group.members ?? group.dzIds.length;

export interface ProfileItem {
  indicator: IndicatorRef;
  latest: ({ period: string } & AreaValue) | null;
  trend: ({ period: string } & AreaValue)[];
  comparators: ({ level: string; code: string; name: string; period: string; significance: Significance } & AreaValue)[];
  rank: { rank: number; of: number } | null;
}

const NO_SUMS = (members: number): AreaSums => ({ members, observed: 0, withheld: 0, missing: 0, numerator: null, denominator: null, coveredDenominator: null, value: null });

/**
 * An area's profile: for each indicator, its value in every period (the trend), its latest value
 * against each comparator (is it significantly better, worse or similar, given the indicator's
 * polarity?) and its rank among its siblings in the latest period. All sums come from two passes
 * over the fact table: one for the subject's and comparators' trends, one for the siblings.
 */
export async function buildProfile(db: Database, options: {
  subject: ProfileGroup;
  /** Whether the subject is a single data zone of the indicator's own vintage (medians show there). */
  subjectIsDataZone: boolean;
  comparators: ProfileGroup[];
  siblings: ProfileGroup[];
  /** Names the sibling set (e.g. 'ward2017 in S12000047') so its sums can be remembered; custom sets have none. */
  siblingKey?: string;
  indicators: IndicatorRef[];
}): Promise<ProfileItem[]> {
  const { subject, comparators, siblings, indicators } = options;
  const periods = await periodMap(db, 'dz2011');
  const withPeriods = indicators.filter((i) => periods.has(i.indicatorId));
  const ids = withPeriods.map((i) => i.indicatorId);
  const allIds = [...periods.keys()];
  // Published areas (subject, comparators, siblings) come from the remembered sums; custom ones are summed now.
  const groups = [subject, ...comparators];
  const published = groups.filter((g) => g.areaId !== undefined);
  const custom = groups.filter((g) => g.areaId === undefined);
  const [publishedSums, customSums] = await Promise.all([
    sumsOfPublishedAreas(db, published.map((g) => g.areaId!)),
    sumsForGroups(db, custom, ids),
  ]);
  const byArea = new Map(published.map((g) => [g.areaId!, g.groupId]));
  const sums = index([...publishedSums.map((r) => ({ ...r, groupId: byArea.get(r.groupId) ?? r.groupId })), ...customSums]);
  const latestAll = new Map(allIds.map((id) => [id, periods.get(id)!.at(-1)!.periodId]));
  const siblingIds = siblings.map((s) => s.areaId).filter((id): id is number => id !== undefined);
  const siblingSums = siblings.length <= 1
    ? new Map<string, GroupSums>()
    : options.siblingKey && siblingIds.length === siblings.length
      ? index(await sumsOfSiblings(db, options.siblingKey, siblingIds, latestAll))
      : index(await sumsForGroups(db, siblings, ids, new Map(ids.map((id) => [id, latestAll.get(id)!]))));

  const valueOf = (group: ProfileGroup, indicator: IndicatorRef, period: PeriodRef, isDataZone: boolean) =>
    rollUpValue(indicator, sums.get(key(group.groupId, indicator.indicatorId, period.periodId)) ?? NO_SUMS(sizeOf(group)), { nativeLevel: isDataZone });

  return withPeriods.map((indicator) => {
    const indicatorPeriods = periods.get(indicator.indicatorId)!;
    const trend = indicatorPeriods.map((period) => ({ period: period.label, ...valueOf(subject, indicator, period, options.subjectIsDataZone) }));
    const last = indicatorPeriods.at(-1)!;
    const current = trend.at(-1)!;
    const comparable = isComparable(indicator);
    const comparatorValues = comparators.map((group) => {
      const value = valueOf(group, indicator, last, false);
      const significance = comparable && !value.suppressed ? compare(current, value.value, indicator.polarity) : 'not_tested';
      return { level: group.level, code: group.code, name: group.name, period: last.label, significance, ...value };
    });
    let rank: ProfileItem['rank'] = null;
    if (!current.suppressed && current.value !== null && siblings.length > 1) {
      const values = siblings
        .map((s) => rollUpValue(indicator, siblingSums.get(key(s.groupId, indicator.indicatorId, last.periodId)) ?? NO_SUMS(sizeOf(s)), { nativeLevel: options.subjectIsDataZone }))
        .filter((v) => !v.suppressed && v.value !== null)
        .map((v) => v.value!);
      rank = { rank: values.filter((v) => v > current.value!).length + 1, of: values.length };
    }
    return { indicator, latest: current.suppressed && current.value === null && trend.every((t) => t.value === null) ? null : { ...current }, trend, comparators: comparatorValues, rank };
  });
}

const key = (group: number, indicator: number, period: number) => `${group}:${indicator}:${period}`;

function index(rows: GroupSums[]): Map<string, GroupSums> {
  return new Map(rows.map((r) => [key(r.groupId, r.indicatorId, r.periodId), r]));
}
