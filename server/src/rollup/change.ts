import type { IndicatorRef } from '../queries/rollup.ts';
import { Z95 } from '../stats/confidence.ts';
import type { AreaValue, Significance } from './aggregate.ts';

export type ChangeMethod = 'two_proportion_z' | 'poisson_log_ratio_z' | 'none';

export interface ChangeTest {
  /** later − earlier, in the indicator's unit. */
  difference: number | null;
  /** (later ÷ earlier − 1) × 100. */
  relativeChangePercent: number | null;
  /** Whether the two 95% intervals overlap: the conservative reading (non-overlap implies p < 0.006 or so). */
  intervalsOverlap: boolean | null;
  method: ChangeMethod;
  zScore: number | null;
  pValue: number | null;
  /** At the 5% level, polarity-aware: 'worse' means the later figure is significantly worse. */
  significance: Significance;
  note: string | null;
}

/**
 * Is an area's later figure significantly different from its earlier one? A z-test on the
 * difference, at the 5% level:
 *  - proportions: the pooled two-proportion z-test on the summed numerators and denominators;
 *  - rates, standardised ratios and counts: the log ratio of two Poisson counts over fixed
 *    denominators (expected counts for standardised ratios), SE = √(1/O₁ + 1/O₂)
 *    (Breslow & Day 1987, Statistical Methods in Cancer Research II; the Poisson model behind the Byar intervals).
 * Both treat the two periods as independent samples. The same area's figures in two periods are
 * positively correlated (many of the same people), which makes the true variance of the
 * difference smaller than assumed: the test is therefore conservative, though far less so than
 * asking the two 95% intervals not to overlap (Schenker & Gentleman 2001), which is also reported.
 * Averages of area figures (population-weighted means) and medians carry no sampling error in
 * the data, so they are not tested.
 */
export function testChange(indicator: Pick<IndicatorRef, 'aggregation' | 'measureType' | 'polarity'>, earlier: AreaValue, later: AreaValue): ChangeTest {
  const both = earlier.value !== null && later.value !== null && !earlier.suppressed && !later.suppressed;
  const difference = both ? later.value! - earlier.value! : null;
  const relativeChangePercent = both && earlier.value !== 0 ? (later.value! / earlier.value! - 1) * 100 : null;
  const intervalsOverlap = both && earlier.lowerConfidenceInterval !== null && earlier.upperConfidenceInterval !== null
    && later.lowerConfidenceInterval !== null && later.upperConfidenceInterval !== null
    ? earlier.lowerConfidenceInterval <= later.upperConfidenceInterval && later.lowerConfidenceInterval <= earlier.upperConfidenceInterval
    : null;
  const untested = (note: string): ChangeTest => ({ difference, relativeChangePercent, intervalsOverlap, method: 'none', zScore: null, pValue: null, significance: 'not_tested', note });
  if (!both) return untested('One of the two figures is withheld or missing, so the change cannot be tested.');
  if (indicator.aggregation === 'population_weighted_mean' || indicator.aggregation === 'none') {
    return untested('This figure is an average (or median) of published area values with no sampling error attached, so no significance test is made.');
  }
  const x1 = earlier.numerator;
  const x2 = later.numerator;
  let method: ChangeMethod;
  let z: number | null = null;
  if (indicator.aggregation === 'ratio' && indicator.measureType === 'proportion') {
    method = 'two_proportion_z';
    const n1 = earlier.denominator;
    const n2 = later.denominator;
    if (x1 === null || x2 === null || !n1 || !n2 || x1 > n1 || x2 > n2) return untested('The counts behind one of the figures are not available.');
    const pooled = (x1 + x2) / (n1 + n2);
    const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
    if (se > 0) z = (x2 / n2 - x1 / n1) / se;
  } else {
    method = 'poisson_log_ratio_z';
    if (x1 === null || x2 === null || x1 <= 0 || x2 <= 0) return untested('A log-ratio test needs at least one event in each period.');
    const per = (x: number, n: number | null) => (indicator.aggregation === 'sum' ? x : n && n > 0 ? x / n : null);
    const r1 = per(x1, earlier.denominator);
    const r2 = per(x2, later.denominator);
    if (r1 === null || r2 === null) return untested('The denominator behind one of the figures is not available.');
    z = Math.log(r2 / r1) / Math.sqrt(1 / x1 + 1 / x2);
  }
  if (z === null) return { ...untested('Both figures are 0% or 100%, so there is no variation to test against.'), method };
  const pValue = 2 * (1 - normalCdf(Math.abs(z)));
  const direction = Math.abs(z) <= Z95 ? 'similar' : z > 0 ? 'higher' : 'lower';
  const significance: Significance = direction === 'similar' || indicator.polarity === 'neither'
    ? direction
    : (direction === 'higher') === (indicator.polarity === 'higher_is_better') ? 'better' : 'worse';
  const note = indicator.aggregation === 'sum' ? 'Counts are compared as they are: a change in the population at risk is not allowed for.' : null;
  return { difference, relativeChangePercent, intervalsOverlap, method, zScore: z, pValue, significance, note };
}

/** Standard normal CDF (Abramowitz & Stegun 26.2.17; absolute error below 7.5e-8). */
export function normalCdf(x: number): number {
  if (x < 0) return 1 - normalCdf(-x);
  const t = 1 / (1 + 0.2316419 * x);
  const poly = t * (0.319381530 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  return 1 - (Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI)) * poly;
}
