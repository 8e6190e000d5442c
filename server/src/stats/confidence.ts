/**
 * 95% confidence intervals as Public Health Scotland and OHID publish them:
 * Wilson score for proportions, Byar's approximation to the Poisson for counts, rates and
 * standardised ratios. (OHID, "Technical Guide: Confidence Intervals", 2018; Newcombe 1998.)
 */
export const Z95 = 1.959963984540054;

export interface Interval {
  lower: number;
  upper: number;
}

/** Wilson score interval for x successes out of n, as a proportion (0–1). */
export function wilson(x: number, n: number, z = Z95): Interval | null {
  if (!(n > 0) || x < 0 || x > n) return null;
  const p = x / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}

/** Byar's interval for an observed count O (Poisson). */
export function byar(observed: number, z = Z95): Interval | null {
  if (!(observed >= 0)) return null;
  const lower = observed === 0 ? 0 : observed * (1 - 1 / (9 * observed) - z / (3 * Math.sqrt(observed))) ** 3;
  const o1 = observed + 1;
  const upper = o1 * (1 - 1 / (9 * o1) + z / (3 * Math.sqrt(o1))) ** 3;
  return { lower: Math.max(0, lower), upper };
}

/** Interval for a rate per `multiplier` from a count and its population (Byar on the count). */
export function rateInterval(count: number, denominator: number, multiplier: number): Interval | null {
  const bounds = byar(count);
  if (!bounds || !(denominator > 0)) return null;
  return { lower: (bounds.lower / denominator) * multiplier, upper: (bounds.upper / denominator) * multiplier };
}

/** Interval for a proportion × multiplier (e.g. a percentage), by Wilson. */
export function proportionInterval(count: number, denominator: number, multiplier: number): Interval | null {
  const bounds = wilson(count, denominator);
  return bounds && { lower: bounds.lower * multiplier, upper: bounds.upper * multiplier };
}
