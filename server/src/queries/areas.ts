import { findLevel } from '../../../geographies/src/levels.ts';
import type { Database } from '../db.ts';
import { ALL_MEMBERSHIPS } from '../rollup/reach.ts';
import type { AreaProfile, AreaSearchReply, AreaSummary } from '../schemas/areas.ts';

/**
 * Finds areas whose name or code contains the text, ignoring case and accents. Ranked: exact
 * name or code, then names or codes starting with it, then a later word starting with it, then
 * anything containing it; within a rank, larger geographies first (someone typing "Kirk" more
 * likely wants Kirkcaldy the locality than its fourteen data zones).
 */
/** The search box asks as a person types: the database's quick lane (db.ts), never queued behind roll-ups. */
const QUICK = { lane: 'quick' } as const;

export async function searchAreas(db: Database, search: { q: string; level: string | null; limit: number }): Promise<AreaSearchReply> {
  const rows = await db.query<AreaSummary>(`
    WITH candidate AS (
      SELECT a.level_key, a.code, a.name, a.population, lower(strip_accents(a.name)) AS name_key, lower(a.code) AS code_key, lower(strip_accents($q)) AS q
      FROM area a WHERE ($level IS NULL OR a.level_key = $level)
    )
    SELECT c.level_key AS level, l.label AS "levelLabel", c.code, c.name, c.population
    FROM candidate c JOIN level l USING (level_key)
    WHERE contains(c.name_key, c.q) OR contains(c.code_key, c.q)
    ORDER BY
      CASE WHEN c.name_key = c.q OR c.code_key = c.q THEN 0
           WHEN starts_with(c.name_key, c.q) OR starts_with(c.code_key, c.q) THEN 1
           WHEN contains(c.name_key, ' ' || c.q) THEN 2
           ELSE 3 END,
      l.sort_order DESC, c.name, c.code
    LIMIT $limit`, { q: search.q, level: search.level, limit: search.limit + 1 }, QUICK);
  return { areas: rows.slice(0, search.limit), truncated: rows.length > search.limit };
}

interface AreaRow {
  areaId: number;
  level: string;
  levelLabel: string;
  membership: string;
  code: string;
  name: string;
  population: number | null;
  populationYear: number | null;
  areaKm2: number | null;
  centroidLon: number | null;
  centroidLat: number | null;
  west: number | null;
  south: number | null;
  east: number | null;
  north: number | null;
}

/** One area's profile: who it is, where it sits in the hierarchy, what it is made of. Null when there is no such area. */
export async function getAreaProfile(db: Database, level: string, code: string): Promise<AreaProfile | null> {
  const [area] = await db.query<AreaRow>(`
    SELECT a.area_id AS "areaId", a.level_key AS level, l.label AS "levelLabel", l.membership, a.code, a.name, a.population,
      a.population_year AS "populationYear", a.area_km2 AS "areaKm2", a.centroid_lon AS "centroidLon", a.centroid_lat AS "centroidLat",
      a.bbox_west AS west, a.bbox_south AS south, a.bbox_east AS east, a.bbox_north AS north
    FROM area a JOIN level l USING (level_key)
    WHERE a.level_key = $level AND a.code = $code`, { level, code });
  if (!area) return null;

  const [parents, children, [members]] = await Promise.all([
    db.query<AreaProfile['parents'][number] & { sortOrder: number }>(`
      SELECT ap.parent_level AS level, l.label AS "levelLabel", p.code, p.name, ap.share, l.sort_order AS "sortOrder"
      FROM area_parent ap JOIN area p ON p.area_id = ap.parent_id JOIN level l ON l.level_key = ap.parent_level
      WHERE ap.area_id = $id`, { id: area.areaId }),
    db.query<AreaProfile['children'][number]>(`
      SELECT c.level_key AS level, l.label AS "levelLabel", count(*) AS count
      FROM area_parent ap JOIN area c ON c.area_id = ap.area_id JOIN level l ON l.level_key = c.level_key
      WHERE ap.parent_id = $id
      GROUP BY c.level_key, l.label, l.sort_order ORDER BY l.sort_order DESC`, { id: area.areaId }),
    // Of the first set its level is made of (2011 where both make it up, 2022 for IZ 2022).
    db.query<{ dataZones: number }>(`
      SELECT count(*) AS "dataZones" FROM ${ALL_MEMBERSHIPS} m WHERE area_id = $id GROUP BY vintage ORDER BY vintage LIMIT 1`, { id: area.areaId }),
  ]);

  // Nearest parent first, as the registry declares them; levels it does not declare go after, smallest first.
  const declared = findLevel(area.level)?.parents ?? [];
  const rank = (parent: { level: string; sortOrder: number }) => {
    const i = declared.indexOf(parent.level);
    return i === -1 ? declared.length + parent.sortOrder : i;
  };
  parents.sort((a, b) => rank(a) - rank(b));

  const has = (...values: (number | null)[]) => values.every((v) => v !== null);
  return {
    level: area.level,
    levelLabel: area.levelLabel,
    code: area.code,
    name: area.name,
    population: area.population,
    populationYear: area.populationYear,
    areaKm2: area.areaKm2,
    centroid: has(area.centroidLon, area.centroidLat) ? [area.centroidLon!, area.centroidLat!] : null,
    bbox: has(area.west, area.south, area.east, area.north) ? [area.west!, area.south!, area.east!, area.north!] : null,
    // A data zone is its own single member: membership only lists the levels built from data zones.
    dataZones: area.membership === 'base' ? 1 : (members?.dataZones ?? 0),
    parents: parents.map(({ sortOrder: _, ...parent }) => parent),
    children,
  };
}
