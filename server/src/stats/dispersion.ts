/**
 * How unequal the parts of an area are: the population-weighted coefficient of variation and the
 * ratio of the 90th to the 10th population-weighted percentile of the parts' values.
 */

export interface WeightedValue {
  value: number;
  weight: number;
}

/**
 * The q-quantile of values weighted by population. Each value stands at the midpoint of its
 * cumulative weight share ((C − w/2) ÷ W, the weighted analogue of Hazen's plotting position);
 * between two such points the quantile is interpolated linearly, beyond the outermost it is the
 * outermost value. With equal weights this is the textbook (i − ½)/n percentile.
 */
export function weightedQuantile(points: readonly WeightedValue[], q: number): number | null {
  const sorted = points.filter((p) => p.weight > 0).sort((a, b) => a.value - b.value);
  const total = sorted.reduce((sum, p) => sum + p.weight, 0);
  if (sorted.length === 0 || !(total > 0)) return null;
  let before = 0;
  const positions = sorted.map((p) => {
    const position = (before + p.weight / 2) / total;
    before += p.weight;
    return position;
  });
  if (q <= positions[0]!) return sorted[0]!.value;
  for (let i = 1; i < sorted.length; i++) {
    if (q <= positions[i]!) {
      const t = (q - positions[i - 1]!) / (positions[i]! - positions[i - 1]!);
      return sorted[i - 1]!.value + t * (sorted[i]!.value - sorted[i - 1]!.value);
    }
  }
  return sorted.at(-1)!.value;
}

export interface Dispersion {
  weightedMean: number;
  /** Population-weighted standard deviation (the population form: Σw(v − mean)² ÷ Σw). */
  weightedSd: number;
  /** sd ÷ mean; null when the mean is zero or negative. */
  coefficientOfVariation: number | null;
  p10: number;
  p90: number;
  /** p90 ÷ p10; null when p10 is zero or negative. */
  p90p10Ratio: number | null;
}

export function dispersion(points: readonly WeightedValue[]): Dispersion | null {
  const weighted = points.filter((p) => p.weight > 0);
  const total = weighted.reduce((sum, p) => sum + p.weight, 0);
  if (weighted.length < 2 || !(total > 0)) return null;
  const weightedMean = weighted.reduce((sum, p) => sum + p.weight * p.value, 0) / total;
  const weightedSd = Math.sqrt(weighted.reduce((sum, p) => sum + p.weight * (p.value - weightedMean) ** 2, 0) / total);
  const p10 = weightedQuantile(weighted, 0.1)!;
  const p90 = weightedQuantile(weighted, 0.9)!;
  return {
    weightedMean, weightedSd,
    coefficientOfVariation: weightedMean > 0 ? weightedSd / weightedMean : null,
    p10, p90,
    p90p10Ratio: p10 > 0 ? p90 / p10 : null,
  };
}
