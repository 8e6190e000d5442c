import type { Database } from '../db.ts';
import { sumsForGroups, type GroupSums, type GroupZones } from '../queries/groups.ts';
import { periodMap } from './catalogue.ts';
import { setOfEach, type Vintage } from './reach.ts';
import { sumsOfPublishedAreas, sumsOfSiblings } from './sumsCache.ts';
import type { IndicatorRef, PeriodRef } from '../queries/rollup.ts';
import { compare, isComparable, rollUpValue, type AreaValue, type AreaSums, type Significance } from './aggregate.ts';

/** A named set of data zones: the subject of a profile, a comparator, or a sibling. */
export interface ProfileGroup extends GroupZones {
  level: string;
  code: string;
  name: string;
  /** The sets of data zones the group is made of: its level's, for a published area. */
  vintages: readonly Vintage[];
  /** Data zones of each set in the group, when `dzIds` is not listed (published areas summed by `areaId`). */
  members?: ReadonlyMap<Vintage, number>;
}

const sizeOf = (group: ProfileGroup, vintage: Vintage) => group.members?.get(vintage) ?? group.dzIds.length;

export interface ProfileItem {
  indicator: IndicatorRef;
  /** The set of data zones its figures were rolled up from. */
  vintage: Vintage;
  latest: ({ period: string } & AreaValue) | null;
  trend: ({ period: string } & AreaValue)[];
  comparators: ({ level: string; code: string; name: string; period: string; significance: Significance } & AreaValue)[];
  rank: { rank: number; of: number } | null;
}

const NO_SUMS = (members: number): AreaSums => ({ members, observed: 0, withheld: 0, missing: 0, numerator: null, denominator: null, coveredDenominator: null, value: null });

/**
 * An area's profile: for each indicator, its value in every period (the trend), its latest value
 * against each comparator (is it significantly better, worse or similar, given the indicator's
 * polarity?) and its rank among its siblings in the latest period. Each indicator is rolled up
 * from the set of data zones it reaches the subject through (reach.ts), and only comparators made
 * of that set are shown with it; indicators whose data zones do not make up the subject are left
 * out. Published areas' sums are those the ETL made (area_sums), read through the remembered
 * sums; a custom subject is gathered from its zones (queries/zoneFacts.ts, or the fact table until
 * those are loaded).
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
  const periodsOn = new Map(await Promise.all(subject.vintages.map(async (v) => [v, await periodMap(db, v)] as const)));
  const vintageOf = setOfEach(indicators, subject.vintages, periodsOn);
  const shown = indicators.filter((i) => vintageOf.has(i.indicatorId));

  const sums = new SumsByGroup();
  const siblingSums = new SumsByGroup();
  await Promise.all([...new Set(vintageOf.values())].map(async (vintage) => {
    const periods = periodsOn.get(vintage)!;
    const ids = shown.filter((i) => vintageOf.get(i.indicatorId) === vintage).map((i) => i.indicatorId);
    // A remembered set's rows cover every indicator on it; keep those shown from this set.
    const keep = (rows: GroupSums[], into: SumsByGroup, groupOf = (r: GroupSums) => r.groupId) => {
      for (const r of rows) if (vintageOf.get(r.indicatorId) === vintage) into.set(groupOf(r), r);
    };
    // Published areas (subject, comparators, siblings) come from the remembered sums; custom ones are summed now.
    const groups = [subject, ...comparators.filter((c) => c.vintages.includes(vintage))];
    const published = groups.filter((g) => g.areaId !== undefined);
    const custom = groups.filter((g) => g.areaId === undefined);
    const latestAll = new Map([...periods].map(([id, list]) => [id, list.at(-1)!.periodId]));
    const siblingIds = siblings.map((s) => s.areaId).filter((id): id is number => id !== undefined);
    const [publishedSums, customSums, siblingRows] = await Promise.all([
      sumsOfPublishedAreas(db, published.map((g) => g.areaId!), vintage),
      sumsForGroups(db, vintage, custom, ids),
      siblings.length <= 1
        ? []
        : options.siblingKey && siblingIds.length === siblings.length
          ? sumsOfSiblings(db, vintage, options.siblingKey, siblingIds, latestAll)
          : sumsForGroups(db, vintage, siblings, ids, new Map(ids.map((id) => [id, latestAll.get(id)!]))),
    ]);
    const byArea = new Map(published.map((g) => [g.areaId!, g.groupId]));
    keep(publishedSums, sums, (r) => byArea.get(r.groupId) ?? r.groupId);
    keep(customSums, sums);
    keep(siblingRows, siblingSums);
  }));

  return shown.map((indicator) => {
    const vintage = vintageOf.get(indicator.indicatorId)!;
    const valueOf = (group: ProfileGroup, period: PeriodRef, isDataZone: boolean, from = sums) =>
      rollUpValue(indicator, from.get(group.groupId, indicator.indicatorId, period.periodId) ?? NO_SUMS(sizeOf(group, vintage)), { nativeLevel: isDataZone });
    const indicatorPeriods = periodsOn.get(vintage)!.get(indicator.indicatorId)!;
    const trend = indicatorPeriods.map((period) => atPeriod(period.label, valueOf(subject, period, options.subjectIsDataZone)));
    const last = indicatorPeriods.at(-1)!;
    const current = trend.at(-1)!;
    const comparable = isComparable(indicator);
    const comparatorValues = comparators.filter((group) => group.vintages.includes(vintage)).map((group) => {
      const value = valueOf(group, last, false);
      const significance = comparable && !value.suppressed ? compare(current, value.value, indicator.polarity) : 'not_tested';
      return { level: group.level, code: group.code, name: group.name, significance, ...atPeriod(last.label, value) };
    });
    let rank: ProfileItem['rank'] = null;
    if (!current.suppressed && current.value !== null && siblings.length > 1) {
      const values = siblings
        .map((s) => valueOf(s, last, options.subjectIsDataZone, siblingSums))
        .filter((v) => !v.suppressed && v.value !== null)
        .map((v) => v.value!);
      rank = { rank: values.filter((v) => v > current.value!).length + 1, of: values.length };
    }
    return { indicator, vintage, latest: current.suppressed && current.value === null && trend.every((t) => t.value === null) ? null : atPeriod(current.period, current), trend, comparators: comparatorValues, rank };
  });
}

/**
 * Sums by group, then by indicator × period as one small integer (indicator × 65,536 + period,
 * which V8 keeps unboxed below 16,384 indicators): a profile looks up tens of thousands, and
 * string keys, or one number for all three ids, cost an allocation each.
 */
class SumsByGroup {
  private readonly groups = new Map<number, Map<number, GroupSums>>();

  set(groupId: number, sums: GroupSums): void {
    let ofGroup = this.groups.get(groupId);
    if (!ofGroup) this.groups.set(groupId, (ofGroup = new Map()));
    ofGroup.set(sums.indicatorId * 65_536 + sums.periodId, sums);
  }

  get(groupId: number, indicatorId: number, periodId: number): GroupSums | undefined {
    return this.groups.get(groupId)?.get(indicatorId * 65_536 + periodId);
  }
}

/** A figure with its period, as one literal (a profile makes one per indicator × period: no spreads). */
function atPeriod(period: string, v: AreaValue): { period: string } & AreaValue {
  return {
    period, value: v.value, numerator: v.numerator, denominator: v.denominator, lowerConfidenceInterval: v.lowerConfidenceInterval,
    upperConfidenceInterval: v.upperConfidenceInterval, suppressed: v.suppressed, suppressionReason: v.suppressionReason, note: v.note,
  };
}
