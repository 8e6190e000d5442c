import { describe, expect, it } from 'vitest';
import { slopeIndex } from './slopeIndex.ts';

describe('slopeIndex', () => {
  it("matches ScotPHO's regression (lm of rate·√p on √p and ridit·√p), fitted independently with numpy and scipy", () => {
    // Infant deaths per 1,000 by quintile, most deprived first (Harper's rank-based inequality example).
    const deaths = [91, 56, 63, 38, 26];
    const births = [1086, 840, 845, 718, 671];
    const fit = slopeIndex(births.map((population, i) => ({ population, value: (deaths[i]! / population) * 1000 })))!;
    // numpy.linalg.lstsq on ScotPHO's transformed variables; t quantile from scipy.stats.t.ppf(0.975, 3).
    expect(fit.sii).toBeCloseTo(50.642483863408096, 9);
    expect(fit.lower).toBeCloseTo(8.198968487706871, 8);
    expect(fit.upper).toBeCloseTo(93.08599923910933, 8);
    expect(fit.fittedMostDeprived - fit.fittedLeastDeprived).toBeCloseTo(fit.sii, 12);
    expect(fit.ridits[0]).toBeCloseTo(1086 / 4160 / 2, 12);
  });

  it('recovers an exact line with an interval of no width, whatever the scale of the weights', () => {
    const bands = [100, 300, 200, 400].map((population) => ({ population, value: 0 }));
    const ridits = slopeIndex(bands.map((b, i) => ({ ...b, value: i })))!.ridits;
    const line = bands.map((b, i) => ({ population: b.population, value: 20 - 8 * ridits[i]! }));
    const fit = slopeIndex(line)!;
    expect(fit.sii).toBeCloseTo(8, 12);
    expect(fit.upper! - fit.lower!).toBeCloseTo(0, 10);
    expect(fit.fittedMostDeprived).toBeCloseTo(20, 12);
    expect(slopeIndex(line.map((b) => ({ ...b, population: b.population * 1000 })))!.sii).toBeCloseTo(8, 12);
  });

  it('needs three bands with people', () => {
    expect(slopeIndex([{ population: 1, value: 1 }, { population: 1, value: 2 }])).toBeNull();
    expect(slopeIndex([{ population: 0, value: 1 }, { population: 0, value: 2 }, { population: 0, value: 3 }])).toBeNull();
  });
});
