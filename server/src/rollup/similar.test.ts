import { describe, expect, it } from 'vitest';
import { similarAreas } from './similar.ts';

describe('similarAreas', () => {
  it('drops features the subject lacks or that do not vary, and standardises on the areas with every feature', () => {
    const result = similarAreas(1, [1, 2, 3, 4], [
      { code: 'a', values: new Map([[1, 0], [2, 1], [3, 2], [4, 9]]) },
      { code: 'b', values: new Map([[2, 5], [3, 5], [4, 5]]) },
      { code: 'c', values: new Map([[1, 3], [2, 3], [3, 3], [4, 3]]) },
      { code: 'd', values: new Map([[1, 10], [2, 20], [3, 30]]) },
    ], 10);
    expect(result.dropped.map((d) => d.code)).toEqual(['b', 'c']);
    expect(result.scales.map((s) => s.code)).toEqual(['a', 'd']);
    // Area 4 has no d, so the z-scores use areas 1–3 only: a = 0, 1, 2 (mean 1, sd 1); d = 10, 20, 30 (mean 20, sd 10).
    expect(result.compared).toBe(3);
    expect(result.scales).toEqual([{ code: 'a', mean: 1, sd: 1 }, { code: 'd', mean: 20, sd: 10 }]);
    expect(result.neighbours.map((n) => [n.areaId, n.distance])).toEqual([[2, Math.SQRT2], [3, 2 * Math.SQRT2]]);
  });
});
