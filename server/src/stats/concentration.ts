/** One group in a concentration index: its people and its total of the outcome (e.g. £ spent). */
export interface RankedGroup {
  /** Position in the ranking: smaller = more deprived (SIMD rank 1 is the most deprived data zone). */
  rank: number;
  population: number;
  total: number;
}

export interface ConcentrationIndex {
  value: number;
  /** Groups that entered the index: those with people in them. */
  groups: number;
}

/**
 * The concentration index of an outcome over a ranking of groups, by the "convenient covariance"
 * formula C = 2·cov_w(y, R) / μ (O'Donnell, van Doorslaer, Wagstaff & Lindelow 2008, Analyzing
 * Health Equity Using Household Survey Data, ch. 8, eqs 8.3–8.7), where for each group y is the
 * outcome per head, w its population, R its population-weighted fractional rank (the share of people
 * ranked before it plus half its own share), μ the population-weighted mean of y, and cov_w the
 * population-weighted covariance. Groups are ranked most deprived first, so a NEGATIVE index means
 * the outcome is concentrated among the more deprived; 0 is an equal share per head.
 *
 * Ties in rank share one fractional rank (their pooled midpoint), as the reference recommends.
 * Groups with no people are left out: they have no per-head figure and no weight. Returns null when
 * fewer than two groups remain, or the mean is zero.
 */
export function concentrationIndex(groups: readonly RankedGroup[]): ConcentrationIndex | null {
  const peopled = groups.filter((g) => g.population > 0).sort((a, b) => a.rank - b.rank);
  if (peopled.length < 2) return null;
  const people = peopled.reduce((n, g) => n + g.population, 0);
  const mean = peopled.reduce((n, g) => n + g.total, 0) / people;
  if (!(mean !== 0 && Number.isFinite(mean))) return null;

  const fractionalRank = new Array<number>(peopled.length);
  let before = 0;
  for (let i = 0; i < peopled.length;) {
    let j = i;
    let tied = 0;
    while (j < peopled.length && peopled[j]!.rank === peopled[i]!.rank) tied += peopled[j++]!.population;
    for (let k = i; k < j; k++) fractionalRank[k] = (before + tied / 2) / people;
    before += tied;
    i = j;
  }
  // The weighted mean of R is exactly 1/2 by construction; computed rather than assumed.
  const meanRank = peopled.reduce((n, g, i) => n + g.population * fractionalRank[i]!, 0) / people;
  const covariance = peopled.reduce((n, g, i) => n + g.population * (g.total / g.population - mean) * (fractionalRank[i]! - meanRank), 0) / people;
  return { value: (2 * covariance) / mean, groups: peopled.length };
}
