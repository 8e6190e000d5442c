import { describe, expect, it } from 'vitest';
import { concentrationIndex } from './concentration.ts';

describe('concentrationIndex', () => {
  it('is 0 when every group gets the same per head', () => {
    expect(concentrationIndex([{ rank: 1, population: 100, total: 500 }, { rank: 2, population: 300, total: 1500 }])!.value).toBeCloseTo(0, 12);
  });

  it('is −0.5 when two equal groups split it all to the more deprived (worked by hand)', () => {
    // R = 0.25 and 0.75, μ = 1, y = 2 and 0: cov = ½(1)(−¼) + ½(−1)(¼) = −¼, C = 2(−¼)/1 = −½.
    expect(concentrationIndex([{ rank: 2, population: 50, total: 0 }, { rank: 1, population: 50, total: 100 }])!.value).toBeCloseTo(-0.5, 12);
  });

  it('equals the grouped-data form 2/S·Σ sᵢRᵢ − 1 (O\'Donnell et al. 2008, eq. 8.3)', () => {
    const groups = [{ rank: 3, population: 120, total: 900 }, { rank: 1, population: 80, total: 1000 }, { rank: 7, population: 200, total: 400 }];
    const sorted = [...groups].sort((a, b) => a.rank - b.rank);
    const people = 400;
    const spend = 2300;
    let before = 0;
    let sum = 0;
    for (const g of sorted) {
      sum += g.total * (before + g.population / 2) / people;
      before += g.population;
    }
    expect(concentrationIndex(groups)!.value).toBeCloseTo((2 / spend) * sum - 1, 12);
  });

  it('gives tied ranks one pooled fractional rank, and leaves out groups with no people', () => {
    const tied = concentrationIndex([{ rank: 1, population: 10, total: 40 }, { rank: 1, population: 30, total: 20 }, { rank: 2, population: 60, total: 30 }, { rank: 3, population: 0, total: 99 }])!;
    const pooled = concentrationIndex([{ rank: 1, population: 40, total: 60 }, { rank: 2, population: 60, total: 30 }])!;
    expect(tied.value).toBeCloseTo(pooled.value, 12);
    expect(tied.groups).toBe(3);
    expect(concentrationIndex([{ rank: 1, population: 10, total: 5 }])).toBeNull();
    expect(concentrationIndex([{ rank: 1, population: 10, total: 0 }, { rank: 2, population: 10, total: 0 }])).toBeNull();
  });
});
