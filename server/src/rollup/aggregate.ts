import { proportionInterval, rateInterval } from '../stats/confidence.ts';

/** What the roll-up needs to know of an indicator: its metadata decides the arithmetic. */
export interface IndicatorRule {
  aggregation: 'sum' | 'ratio' | 'standardised_ratio' | 'population_weighted_mean' | 'none';
  measureType: string;
  multiplier: number;
  disclosureThreshold: number;
}

/** Sums over the data zones of one area, straight from SQL. */
export interface AreaSums {
  /** Data zones in the area. */
  members: number;
  /** Data zones with a row for this indicator and period. */
  observed: number;
  /** Rows the publisher withheld. */
  withheld: number;
  /** Rows present but with no usable numerator (or value), not withheld: e.g. zones with nobody in them. */
  missing: number;
  numerator: number | null;
  denominator: number | null;
  /** Σ denominator over rows that have a numerator: the weight behind a population-weighted mean. */
  coveredDenominator: number | null;
  /** For 'none': the single value when the area is one data zone. */
  value: number | null;
}

export type SuppressionReason =
  | 'small_count' // the count is below the disclosure threshold
  | 'withheld_at_source' // a member data zone's figure was withheld by the publisher
  | 'incomplete' // some member data zones have no figure
  | 'not_aggregable' // medians and ranks exist only at their native level
  | 'no_denominator'; // the base is zero

export interface AreaValue {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  lowerConfidenceInterval: number | null;
  upperConfidenceInterval: number | null;
  suppressed: boolean;
  suppressionReason: SuppressionReason | null;
  /** Plain words for the reason, fit to show a user. */
  note: string | null;
}

/**
 * Every figure is made here, with its fields in one order: a map or a table makes one per area,
 * and object literals of one shape are cheaper than spreads (which the hot routes made per row).
 */
function figure(value: number | null, numerator: number | null, denominator: number | null, lower: number | null, upper: number | null, reason: SuppressionReason | null, note: string | null): AreaValue {
  return { value, numerator, denominator, lowerConfidenceInterval: lower, upperConfidenceInterval: upper, suppressed: reason !== null, suppressionReason: reason, note };
}

function suppressed(reason: SuppressionReason, note: string): AreaValue {
  return figure(null, null, null, null, null, reason, note);
}

/** Below this share of the weight, a population-weighted mean over the zones that have data is not shown. */
export const MIN_MEAN_COVERAGE = 0.8;

/**
 * Turns one area's sums into the published figure, its 95% interval and its disclosure status.
 * Rules (README, "Statistics"): counts sum; ratios are Σnumerator ÷ Σdenominator × multiplier;
 * standardised ratios Σobserved ÷ Σexpected × multiplier; population-weighted means Σ(v·w) ÷ Σw;
 * 'none' exists only for single data zones. Disclosure control runs here, after aggregation, on
 * unrounded figures: a count from 1 to threshold − 1, and any rate built on it, is suppressed; a
 * withheld or missing data-zone figure suppresses every total that would contain it, because
 * treating it as zero would publish a wrong total.
 */
export function rollUpValue(rule: IndicatorRule, sums: AreaSums, options: { nativeLevel: boolean }): AreaValue {
  if (rule.aggregation === 'none') {
    if (!options.nativeLevel || sums.members !== 1) return suppressed('not_aggregable', 'This measure (a median or rank) cannot be combined across data zones; see it for single data zones only.');
    if (sums.withheld > 0) return suppressed('withheld_at_source', 'The publisher withheld this figure.');
    return sums.value === null ? suppressed('incomplete', 'No figure for this data zone.') : figure(sums.value, null, null, null, null, null, null);
  }
  if (rule.aggregation === 'population_weighted_mean') {
    const weight = sums.denominator ?? 0;
    const covered = sums.coveredDenominator ?? 0;
    if (sums.observed < sums.members || weight <= 0 || covered / weight < MIN_MEAN_COVERAGE) {
      return sums.withheld > 0
        ? suppressed('withheld_at_source', `The publisher withheld the figure for ${sums.withheld} of ${sums.members} data zones, too many to give a fair average.`)
        : suppressed('incomplete', `Figures are missing for too many of the ${sums.members} data zones to give a fair average.`);
    }
    const value = sums.numerator! / covered;
    const partial = covered < weight;
    return figure(value, null, covered, null, null, null,
      partial ? `Average of the data zones with a figure (${((100 * covered) / weight).toFixed(0)}% of the population); ${sums.withheld + sums.missing} withheld or missing.` : null);
  }
  if (sums.withheld > 0) return suppressed('withheld_at_source', `The publisher withheld the figure for ${sums.withheld} of the ${sums.members} data zones, so the total cannot be given.`);
  if (sums.observed < sums.members || sums.missing > 0 || sums.numerator === null) {
    return suppressed('incomplete', `Figures are missing for ${sums.members - sums.observed + sums.missing} of the ${sums.members} data zones, so the total cannot be given.`);
  }
  const count = sums.numerator;
  if (count > 0 && count < rule.disclosureThreshold) {
    return suppressed('small_count', `Fewer than ${rule.disclosureThreshold} events: withheld to protect confidentiality.`);
  }
  if (rule.aggregation === 'sum') {
    const interval = rateInterval(count, 1, 1);
    return figure(count, count, null, interval?.lower ?? null, interval?.upper ?? null, null, null);
  }
  const denominator = sums.denominator;
  if (denominator === null || denominator <= 0) return suppressed('no_denominator', 'The base population is zero, so no rate can be given.');
  const value = (count / denominator) * rule.multiplier;
  const interval = rule.aggregation === 'ratio' && rule.measureType === 'proportion' && count <= denominator
    ? proportionInterval(count, denominator, rule.multiplier)
    : rateInterval(count, denominator, rule.multiplier);
  return figure(value, count, denominator, interval?.lower ?? null, interval?.upper ?? null, null, null);
}

/** Only rates and ratios can be compared across areas of different sizes (counts and means of inputs without sampling error cannot). */
export const isComparable = (rule: Pick<IndicatorRule, 'aggregation'>) => rule.aggregation === 'ratio' || rule.aggregation === 'standardised_ratio';

export type Significance = 'better' | 'worse' | 'similar' | 'higher' | 'lower' | 'not_tested';

/**
 * Compares an area with a comparator's value as PHS and OHID spine charts do: different when the
 * comparator lies outside the area's 95% interval. Polarity turns higher/lower into better/worse.
 */
export function compare(area: AreaValue, comparator: number | null, polarity: 'higher_is_better' | 'higher_is_worse' | 'neither'): Significance {
  if (area.value === null || comparator === null || area.lowerConfidenceInterval === null || area.upperConfidenceInterval === null) return 'not_tested';
  const direction = area.lowerConfidenceInterval > comparator ? 'higher' : area.upperConfidenceInterval < comparator ? 'lower' : 'similar';
  if (direction === 'similar' || polarity === 'neither') return direction;
  return (direction === 'higher') === (polarity === 'higher_is_better') ? 'better' : 'worse';
}
