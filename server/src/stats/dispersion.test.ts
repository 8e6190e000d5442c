import { describe, expect, it } from 'vitest';
import { dispersion, weightedQuantile } from './dispersion.ts';

describe('weightedQuantile and dispersion', () => {
  it('reduces to the (i − ½)/n percentile with equal weights', () => {
    const points = [5, 1, 4, 2, 3].map((value) => ({ value, weight: 7 }));
    // Positions 0.1, 0.3, 0.5, 0.7, 0.9 for the sorted values 1…5.
    expect(weightedQuantile(points, 0.5)).toBe(3);
    expect(weightedQuantile(points, 0.2)).toBeCloseTo(1.5, 12);
    expect(weightedQuantile(points, 0.05)).toBe(1);
    expect(weightedQuantile(points, 0.95)).toBe(5);
  });

  it('moves towards the heavier value, and a population of one counts once', () => {
    expect(weightedQuantile([{ value: 10, weight: 3 }, { value: 20, weight: 1 }], 0.5)).toBeCloseTo(10 + (0.5 - 0.375) / (0.875 - 0.375) * 10, 12);
    expect(weightedQuantile([{ value: 10, weight: 0 }], 0.5)).toBeNull();
  });

  it('gives the weighted CV and 90:10 ratio, and no ratio through zero', () => {
    const spread = dispersion([{ value: 2, weight: 1 }, { value: 4, weight: 1 }])!;
    expect(spread.weightedMean).toBe(3);
    expect(spread.weightedSd).toBe(1);
    expect(spread.coefficientOfVariation).toBeCloseTo(1 / 3, 12);
    expect(spread.p90p10Ratio).toBe(2);
    expect(dispersion([{ value: 0, weight: 1 }, { value: 4, weight: 1 }])!.p90p10Ratio).toBeNull();
    expect(dispersion([{ value: 4, weight: 1 }])).toBeNull();
  });
});
