import type { ZoneDeprivation } from '../queries/deprivation.ts';

export type BandScheme = 'deciles' | 'quintiles';
export type BandRanking = 'scotland' | 'local';

export interface DeprivationBand {
  /** 1 = most deprived. */
  band: number;
  dzIds: number[];
  population: number;
}

export const bandCount = (scheme: BandScheme) => (scheme === 'deciles' ? 10 : 5);

/**
 * An area's data zones cut into deprivation bands, every band listed (empty ones too).
 *
 * Scotland-wide bands are the SG's own: equal numbers of Scotland's data zones by rank (stored in
 * `simd`), so an area's bands hold unequal numbers of its people. Local bands re-rank the area's
 * own data zones by SIMD rank and cut them into bands of (as near as whole zones allow) equal
 * population, as ScotPHO does for its council-level "local quintiles": each zone joins the band
 * holding the midpoint of its share of the cumulative population, so a zone is never split.
 */
export function deprivationBands(zones: readonly ZoneDeprivation[], scheme: BandScheme, ranking: BandRanking): DeprivationBand[] {
  const count = bandCount(scheme);
  const bands: DeprivationBand[] = Array.from({ length: count }, (_, i) => ({ band: i + 1, dzIds: [], population: 0 }));
  const put = (zone: ZoneDeprivation, band: number) => {
    bands[band - 1]!.dzIds.push(zone.dzId);
    bands[band - 1]!.population += zone.population;
  };
  if (ranking === 'scotland') {
    for (const zone of zones) put(zone, scheme === 'deciles' ? zone.decile : zone.quintile);
    return bands;
  }
  const byRank = [...zones].sort((a, b) => a.rank - b.rank);
  const total = byRank.reduce((sum, z) => sum + z.population, 0);
  let before = 0;
  for (const zone of byRank) {
    const midpoint = total > 0 ? (before + zone.population / 2) / total : 0;
    before += zone.population;
    put(zone, Math.min(count, Math.floor(midpoint * count) + 1));
  }
  return bands;
}
