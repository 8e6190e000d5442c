import { describe, expect, it } from 'vitest';
import { averageRanks, pearson, spearman } from './correlation.ts';

describe('correlation', () => {
  it("gives Pearson's r for a small series worked by hand", () => {
    // x̄ = 2.5, ȳ = 5: dx = −1.5, −0.5, 0.5, 1.5 and dy = −3, 0, −1, 4, so r = Σdxdy / √(Σdx²·Σdy²) = 10 / √(5·26).
    const xs = [1, 2, 3, 4];
    const ys = [2, 5, 4, 9];
    const sxy = (-1.5 * -3) + (-0.5 * 0) + (0.5 * -1) + (1.5 * 4);
    const sxx = 5;
    const syy = 9 + 0 + 1 + 16;
    expect(sxy).toBe(10);
    expect(pearson(xs, ys)).toBeCloseTo(sxy / Math.sqrt(sxx * syy), 12);
  });

  it('ranks ties by their average, and Spearman is 1 for any increasing relation', () => {
    expect(averageRanks([10, 20, 20, 5])).toEqual([2, 3.5, 3.5, 1]);
    expect(spearman([1, 2, 3, 4, 5], [1, 8, 27, 64, 1000])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
  });

  it('is null with fewer than three pairs or no spread', () => {
    expect(pearson([1, 2], [3, 4])).toBeNull();
    expect(pearson([1, 1, 1], [3, 4, 5])).toBeNull();
  });
});
