import { listParam, type Database } from '../db.ts';

/** A data zone's place in one SIMD edition, with the people its bands are weighted by. */
export interface ZoneDeprivation {
  dzId: number;
  /** 1 = most deprived of Scotland's data zones. */
  rank: number;
  decile: number;
  quintile: number;
  /** The zone's latest population estimate; 0 where the build has none. */
  population: number;
}

/** SIMD editions in this build, newest first (by the year in the label, then the label: 2020v2 before 2020). */
export async function simdEditions(db: Database): Promise<string[]> {
  const rows = await db.query<{ edition: string }>(`
    SELECT DISTINCT edition FROM simd
    ORDER BY try_cast(regexp_extract(edition, '(\\d{4})', 1) AS INTEGER) DESC NULLS LAST, edition DESC`);
  return rows.map((r) => r.edition);
}

/** The SIMD rank and bands of each of these data zones that the edition covers, most deprived first. */
export function zoneDeprivation(db: Database, dzIds: readonly number[], edition: string): Promise<ZoneDeprivation[]> {
  if (dzIds.length === 0) return Promise.resolve([]);
  return db.query<ZoneDeprivation>(`
    SELECT s.dz_id AS "dzId", s.rank, s.decile, s.quintile, coalesce(a.population, 0) AS population
    FROM simd s JOIN area a ON a.area_id = s.dz_id
    WHERE s.edition = $edition AND s.dz_id IN (SELECT unnest($zones::INTEGER[]))
    ORDER BY s.rank`, { edition, zones: listParam(dzIds) });
}
