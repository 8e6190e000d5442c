/**
 * Pearson and Spearman correlation for the spend-against-need scatter when it shows only the parts
 * of one area: the API's figures cover every area of the level, so a subset needs its own. The
 * words follow the API's (|ρ| ≥ 0.7 strongly, ≥ 0.4 moderately, ≥ 0.2 weakly).
 */
export function pearson(xs: number[], ys: number[]): number | null {
  const n = xs.length;
  if (n < 3 || ys.length !== n) return null;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? null : sxy / Math.sqrt(sxx * syy);
}

/** Ranks from 1, ties sharing their average rank. */
export function ranks(values: number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const result = new Array<number>(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    for (let k = i; k <= j; k++) result[order[k]![1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return result;
}

export const spearman = (xs: number[], ys: number[]): number | null => pearson(ranks(xs), ranks(ys));

/** Plain words for a correlation of spend per head with a need measure of the given polarity. */
export function describeCorrelation(rho: number | null, polarity: string): string {
  if (rho === null) return 'There are too few areas with both figures to say how spend and need go together.';
  const strength = Math.abs(rho) >= 0.7 ? 'strongly' : Math.abs(rho) >= 0.4 ? 'moderately' : Math.abs(rho) >= 0.2 ? 'weakly' : null;
  if (strength === null) return 'Spend per head shows little relation to this measure.';
  const higher = rho > 0 ? 'higher' : 'lower';
  if (polarity === 'neither') return `Spend per head is ${strength} ${higher} where this measure is higher.`;
  const follows = (rho > 0) === (polarity === 'higher_is_worse');
  return `Spend per head is ${strength} ${higher} where this measure is higher, so spend ${follows ? 'tends to follow' : 'tends to run against'} need.`;
}
