import { describe, expect, it } from 'vitest';
import { describeCorrelation, pearson, ranks, spearman } from './correlation.ts';

describe('correlation', () => {
  it('gives 1 and −1 for straight lines and null when one side does not vary', () => {
    expect(pearson([1, 2, 3, 4], [2, 4, 6, 8])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3, 4], [8, 6, 4, 2])).toBeCloseTo(-1, 12);
    expect(pearson([1, 2, 3], [5, 5, 5])).toBeNull();
    expect(pearson([1, 2], [1, 2])).toBeNull();
  });

  it('matches a hand-worked Pearson r', () => {
    // x̄ = 3, ȳ = 4; Σdxdy = 7, Σdx² = 10, Σdy² = 10 → r = 7 / √100.
    expect(pearson([1, 2, 3, 4, 5], [2, 5, 3, 4, 6])).toBeCloseTo(0.7, 12);
  });

  it('ranks ties by their average and Spearman reads only order', () => {
    expect(ranks([10, 20, 20, 5])).toEqual([2, 3.5, 3.5, 1]);
    expect(spearman([1, 2, 3, 4], [1, 8, 27, 64])).toBeCloseTo(1, 12);
  });

  it('says whether spend follows need, by the need measure’s polarity', () => {
    expect(describeCorrelation(0.8, 'higher_is_worse')).toBe('Spend per head is strongly higher where this measure is higher, so spend tends to follow need.');
    expect(describeCorrelation(-0.5, 'higher_is_worse')).toMatch(/moderately lower .* run against need/);
    expect(describeCorrelation(0.1, 'higher_is_better')).toBe('Spend per head shows little relation to this measure.');
    expect(describeCorrelation(null, 'neither')).toMatch(/too few areas/);
  });
});
