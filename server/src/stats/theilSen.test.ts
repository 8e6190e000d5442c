import { describe, expect, it } from 'vitest';
import { theilSen } from './theilSen.ts';

describe('theilSen', () => {
  it('takes the median pairwise slope, so one wild point does not tip the line', () => {
    // Pairwise slopes of (0,9) (1,11) (2,8) (3,32) (4,6), sorted: −26, −3, −5/3, −1, −0.75, −0.5, 2, 23/3, 10.5, 24.
    // Median of ten = (−0.75 + −0.5)/2 = −0.625; intercept = median(y + 0.625x) = 8 + 1.25 = 9.25.
    const fit = theilSen([{ x: 0, y: 9 }, { x: 1, y: 11 }, { x: 2, y: 8 }, { x: 3, y: 32 }, { x: 4, y: 6 }])!;
    expect(fit.slope).toBeCloseTo(-0.625, 12);
    expect(fit.intercept).toBeCloseTo(9.25, 12);
    expect(fit.points).toBe(5);
  });

  it('recovers an exact line and needs two distinct x', () => {
    expect(theilSen([{ x: 1, y: 3 }, { x: 2, y: 5 }, { x: 5, y: 11 }])).toMatchObject({ slope: 2, intercept: 1 });
    expect(theilSen([{ x: 1, y: 3 }])).toBeNull();
    expect(theilSen([{ x: 1, y: 3 }, { x: 1, y: 4 }])).toBeNull();
  });
});
