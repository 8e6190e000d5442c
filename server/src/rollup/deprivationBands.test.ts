import { describe, expect, it } from 'vitest';
import type { Database } from '../db.ts';
import type { ZoneDeprivation } from '../queries/deprivation.ts';
import type { IndicatorRef, PeriodRef } from '../queries/rollup.ts';
import { deprivationBands } from './deprivationBands.ts';
import { inequalityByBand, TooFewZonesError } from './inequality.ts';

const zone = (dzId: number, rank: number, population: number): ZoneDeprivation => ({
  dzId, rank, population, decile: Math.ceil((rank * 10) / 6976), quintile: Math.ceil((rank * 5) / 6976),
});

describe('deprivationBands', () => {
  it("keeps the SG's Scotland-wide bands, empty ones included", () => {
    const bands = deprivationBands([zone(1, 100, 500), zone(2, 6900, 700), zone(3, 200, 600)], 'quintiles', 'scotland');
    expect(bands.map((b) => [b.band, b.dzIds, b.population])).toEqual([[1, [1, 3], 1100], [2, [], 0], [3, [], 0], [4, [], 0], [5, [2], 700]]);
  });

  it("cuts the area's own zones, most deprived first, at the midpoints of their cumulative population", () => {
    // Ten zones of 100 people ranked anywhere in Scotland: two to each local quintile.
    const zones = Array.from({ length: 10 }, (_, i) => zone(i + 1, 6000 - i * 10, 100));
    const bands = deprivationBands(zones, 'quintiles', 'local');
    expect(bands.map((b) => b.dzIds)).toEqual([[10, 9], [8, 7], [6, 5], [4, 3], [2, 1]]);
    // A zone holding half the people fills the middle band and leaves its neighbours to the ends.
    const lopsided = deprivationBands([zone(1, 10, 100), zone(2, 20, 800), zone(3, 30, 100)], 'quintiles', 'local');
    expect(lopsided.map((b) => b.dzIds)).toEqual([[1], [], [2], [], [3]]);
  });
});

describe('inequalityByBand refuses', () => {
  const db = {} as Database; // never reached: the checks come first
  const options = { indicator: {} as IndicatorRef, period: {} as PeriodRef, areaName: 'Somewhere', areaZones: [] };

  it('fewer than ten ranked data zones', async () => {
    const zones = Array.from({ length: 9 }, (_, i) => zone(i + 1, 100 + i * 700, 100));
    await expect(inequalityByBand(db, { ...options, zones, scheme: 'quintiles', ranking: 'scotland' })).rejects.toThrow(
      new TooFewZonesError('Somewhere has 9 data zones with a SIMD rank; inequality by deprivation band needs at least 10. Try a larger area.'));
  });

  it('people in fewer than three bands, and suggests local bands', async () => {
    const zones = Array.from({ length: 12 }, (_, i) => zone(i + 1, i < 6 ? 10 + i : 6900 + i, 100));
    await expect(inequalityByBand(db, { ...options, zones, scheme: 'quintiles', ranking: 'scotland' })).rejects.toThrow(/fall in only 2 Scotland-wide SIMD quintiles.*Try ranking=local/);
  });
});
