/**
 * The slope and relative indices of inequality (SII, RII) from grouped data, as Public Health
 * Scotland computes them for ScotPHO's deprivation profiles (scotpho-indicator-production,
 * calculate_inequality_measures.R; ScotPHO "Measuring inequalities" technical notes) after
 * Low & Low, "Measuring the gap: quantifying and comparing local health inequalities",
 * J Public Health 2004;26(4):388–395.
 *
 * Each band sits at its ridit: the midpoint of its cumulative share of the population, ordered from
 * the most deprived (0) to the least deprived (1). The band values are regressed on the ridits by
 * least squares weighted by band population. The SII is the fitted value at the most deprived end
 * minus the fitted value at the least deprived end (minus the slope): positive when values are
 * higher in more deprived areas. This is ScotPHO's sign (it multiplies the slope by −1).
 */

/** Two-sided 95% quantiles of Student's t for 1–8 degrees of freedom (ten bands leave eight). */
const T975 = [12.706204736, 4.30265273, 3.182446305, 2.776445105, 2.570581836, 2.446911851, 2.364624252, 2.306004135];

export interface BandPoint {
  /** People in the band: the regression weight and the width of the band on the ridit scale. */
  population: number;
  value: number;
}

export interface SlopeIndex {
  sii: number;
  /** 95% interval of the SII from the regression's residual error on n − 2 degrees of freedom (as R's confint on ScotPHO's lm). */
  lower: number | null;
  upper: number | null;
  fittedMostDeprived: number;
  fittedLeastDeprived: number;
  /** Each band's ridit, in the order given. */
  ridits: number[];
}

/** `bands` ordered from most to least deprived; null with fewer than three bands or no people. */
export function slopeIndex(bands: readonly BandPoint[]): SlopeIndex | null {
  const total = bands.reduce((sum, b) => sum + b.population, 0);
  if (bands.length < 3 || !(total > 0)) return null;
  let before = 0;
  const ridits = bands.map((b) => {
    const ridit = (before + b.population / 2) / total;
    before += b.population;
    return ridit;
  });
  const weights = bands.map((b) => b.population / total);
  const meanX = weights.reduce((sum, w, i) => sum + w * ridits[i]!, 0);
  const meanY = weights.reduce((sum, w, i) => sum + w * bands[i]!.value, 0);
  let sxx = 0;
  let sxy = 0;
  weights.forEach((w, i) => {
    sxx += w * (ridits[i]! - meanX) ** 2;
    sxy += w * (ridits[i]! - meanX) * (bands[i]!.value - meanY);
  });
  if (!(sxx > 0)) return null;
  const slope = sxy / sxx;
  const intercept = meanY - slope * meanX;
  const residualSquares = weights.reduce((sum, w, i) => sum + w * (bands[i]!.value - intercept - slope * ridits[i]!) ** 2, 0);
  const df = bands.length - 2;
  const t = T975[df - 1];
  const halfWidth = t === undefined ? null : t * Math.sqrt(residualSquares / df / sxx);
  const sii = -slope;
  return {
    sii,
    lower: halfWidth === null ? null : sii - halfWidth,
    upper: halfWidth === null ? null : sii + halfWidth,
    fittedMostDeprived: intercept,
    fittedLeastDeprived: intercept + slope,
    ridits,
  };
}
