/**
 * Differencing protection for custom areas. The attack: ask for area A, then for A plus one data
 * zone, and subtract. Published geographies are checked in SQL; custom areas this server answered
 * lately are held in a RecentAreas memory.
 *
 * What is at risk is a count that is withheld when small: a figure of a data zone (or two) that
 * disclosure control hides on its own can be recovered as the difference of two larger totals.
 * So counts, ratios and standardised ratios with a disclosure threshold are withheld. Not at risk:
 *  - population-weighted means: their inputs are data-zone values that are published in full
 *    (no small-count rule applies to them) and a withheld zone is left out of both means, so the
 *    difference can only give back what the single zones already show;
 *  - counts with no threshold (disclosure_threshold 0, e.g. population estimates): every data
 *    zone's figure is already published;
 *  - medians and ranks: never shown for more than one data zone.
 * Single data zones (the base level) are not among the published areas compared with: a
 * 3-zone custom area would always differ from its own zones by 2. That residual risk (A minus
 * one of its data zones) is the one every published 3-zone intermediate zone already carries,
 * and the small-count rule still applies to each data zone on its own.
 */
import type { Database } from '../db.ts';
import { publishedAreasNear } from '../queries/customAreas.ts';
import type { AreaValue, IndicatorRule, Significance } from '../rollup/aggregate.ts';
import type { CustomRolledUpValue, Disclosure } from '../schemas/customAreas.ts';
import type { RecentAreas } from './recentAreas.ts';
import type { CustomAreaSettings } from './settings.ts';

/** Whether subtracting two areas' figures of this indicator could reveal a withheld small count. */
export function atRiskOfDifferencing(rule: IndicatorRule): boolean {
  return (rule.aggregation === 'sum' || rule.aggregation === 'ratio' || rule.aggregation === 'standardised_ratio') && rule.disclosureThreshold > 0;
}

const zones = (n: number) => (n === 1 ? '1 data zone' : `${n} data zones`);

/**
 * Compares the area with every published area and with the custom areas answered lately, and
 * remembers it when its figures will be shown. The memory is read and written with no await in
 * between, so two requests arriving together cannot both slip past each other.
 */
export async function checkDifferencing(db: Database, recent: RecentAreas, dzIds: readonly number[], settings: CustomAreaSettings): Promise<Disclosure> {
  const below = Math.max(settings.minDifference, 1);
  const near = await publishedAreasNear(db, dzIds, below);
  const ref = (a: (typeof near)[number]) => ({ level: a.level, levelLabel: a.levelLabel, code: a.code, name: a.name });
  const same = near.find((a) => a.difference === 0);
  // An area identical to a published one reveals nothing new: its differences from every other
  // area are differences of published figures already, and a custom area close to it was
  // refused counts when it was asked for, by this same check.
  const published = same ? undefined : near.find((a) => a.difference > 0);
  const recentSet = same || published ? null : recent.nearest(dzIds, below);
  if (!same && !published && !recentSet) recent.remember(dzIds);

  const base = { minDataZones: settings.minDataZones, minDifference: settings.minDifference, sameAs: same ? ref(same) : null };
  if (published) {
    return {
      ...base,
      differencing: { difference: published.difference, against: 'published', area: ref(published) },
      note: `Counts and rates are not shown: this area differs by only ${zones(published.difference)} from ${published.name} (${published.levelLabel}), so subtracting one from the other could reveal figures that are withheld for being small. Change the area so that it differs from every published area by at least ${zones(settings.minDifference)}.`,
    };
  }
  if (recentSet) {
    return {
      ...base,
      differencing: { difference: recentSet.difference, against: 'recent', area: null },
      note: `Counts and rates are not shown: this area differs by only ${zones(recentSet.difference)} from another custom area asked for in the last hour, so subtracting one from the other could reveal figures that are withheld for being small. Change the area so that it differs by at least ${zones(settings.minDifference)}.`,
    };
  }
  return { ...base, differencing: null, note: null };
}

const EMPTY = { value: null, numerator: null, denominator: null, lowerConfidenceInterval: null, upperConfidenceInterval: null };

/** The figure as shown: withheld for differencing if it was about to be shown and is at risk. */
export function protect<T extends AreaValue>(value: T, rule: IndicatorRule, disclosure: Disclosure): Omit<T, 'suppressionReason'> & CustomRolledUpValue {
  if (!disclosure.differencing || value.suppressed || !atRiskOfDifferencing(rule)) return value;
  return { ...value, ...EMPTY, suppressed: true, suppressionReason: 'differencing', note: disclosure.note };
}

/** A comparison with a withheld figure would give the figure away. */
export function protectSignificance(significance: Significance, subject: CustomRolledUpValue): Significance {
  return subject.suppressionReason === 'differencing' ? 'not_tested' : significance;
}
