import { listParam, type Database } from '../db.ts';
import type { DzMethod } from '../postcodePlacement.ts';
import { CUSTOM_AREA_VINTAGE, membershipTable } from '../rollup/reach.ts';

/** A 2011 data zone as a member of a custom area. */
export interface MemberZone {
  dzId: number;
  code: string;
  name: string;
  population: number | null;
  populationYear: number | null;
}

const MEMBER_COLUMNS = `d.dz_id AS "dzId", d.code, d.name, a.population, a.population_year AS "populationYear"`;
// A data zone's area row has area_id = dz_id (schema.sql).
// Custom areas are sets of 2011 data zones: they are compared with the areas those make up.
const MEMBERS = membershipTable(CUSTOM_AREA_VINTAGE);
const MEMBER_FROM = `data_zone d LEFT JOIN area a ON a.area_id = d.dz_id`;

/** The data zones with these codes, of either vintage (the caller tells 2011 from 2022). */
export function zonesByCode(db: Database, codes: readonly string[]): Promise<(MemberZone & { vintage: string })[]> {
  return db.query(`
    SELECT ${MEMBER_COLUMNS}, d.vintage FROM ${MEMBER_FROM}
    WHERE d.code IN (SELECT unnest($codes::VARCHAR[])) ORDER BY d.code`, { codes: listParam(codes) });
}

export interface PostcodeZone extends MemberZone {
  postcode: string;
  deleted: boolean;
  dzMethod: DzMethod;
  vintage: string;
}

/** The data zone of each known postcode (normalised, e.g. 'KY1 1XX'), terminated ones included. */
export function zonesOfPostcodes(db: Database, postcodes: readonly string[]): Promise<PostcodeZone[]> {
  return db.query(`
    SELECT p.postcode, p.deleted, p.dz_method AS "dzMethod", d.vintage, ${MEMBER_COLUMNS} FROM postcode p JOIN ${MEMBER_FROM} ON d.dz_id = p.dz_id
    WHERE p.postcode IN (SELECT unnest($postcodes::VARCHAR[])) ORDER BY p.postcode`, { postcodes: listParam(postcodes) });
}

export interface ZoneCentre extends MemberZone {
  lon: number;
  lat: number;
}

/**
 * 2011 data zones whose centre lies in a box, and how many zones have no centre at all (a build
 * without boundaries). The centre is the area row's label point, written by the ETL.
 */
export async function zoneCentresIn(db: Database, box: { west: number; south: number; east: number; north: number }): Promise<{ centres: ZoneCentre[]; withoutCentre: number }> {
  const centres = await db.query<ZoneCentre>(`
    SELECT ${MEMBER_COLUMNS}, a.centroid_lon AS lon, a.centroid_lat AS lat FROM ${MEMBER_FROM}
    WHERE d.vintage = $vintage AND a.centroid_lon BETWEEN $west AND $east AND a.centroid_lat BETWEEN $south AND $north
    ORDER BY d.code`, { ...box, vintage: CUSTOM_AREA_VINTAGE });
  const [row] = await db.query<{ n: number }>(`
    SELECT count(*)::INTEGER AS n FROM ${MEMBER_FROM} WHERE d.vintage = $vintage AND (a.centroid_lon IS NULL OR a.centroid_lat IS NULL)`, { vintage: CUSTOM_AREA_VINTAGE });
  return { centres, withoutCentre: row!.n };
}

export interface PublishedArea {
  areaId: number;
  level: string;
  levelLabel: string;
  code: string;
  name: string;
}

export interface NearestPublished extends PublishedArea {
  /** Data zones in one set and not the other: |A| + |S| − 2·|A ∩ S|. */
  difference: number;
}

/**
 * The published areas (every level with memberships) whose data zones differ from this set by
 * fewer than `below` zones, closest first: an identical area (difference 0) first of all. Only
 * areas sharing a zone with the set are looked at: one sharing none differs by |A| + |S|.
 */
export function publishedAreasNear(db: Database, dzIds: readonly number[], below: number): Promise<NearestPublished[]> {
  return db.query(`
    WITH chosen AS (SELECT DISTINCT unnest($zones::INTEGER[]) AS dz_id),
    shared AS (SELECT m.area_id, count(*)::INTEGER AS shared FROM ${MEMBERS} m JOIN chosen c ON c.dz_id = m.dz_id GROUP BY m.area_id),
    sized AS (SELECT m.area_id, count(*)::INTEGER AS zones FROM ${MEMBERS} m WHERE m.area_id IN (SELECT area_id FROM shared) GROUP BY m.area_id)
    SELECT a.area_id AS "areaId", a.level_key AS level, l.label AS "levelLabel", a.code, a.name,
      (z.zones + (SELECT count(*) FROM chosen) - 2 * s.shared)::INTEGER AS difference
    FROM shared s JOIN sized z USING (area_id) JOIN area a ON a.area_id = s.area_id JOIN level l ON l.level_key = a.level_key
    WHERE z.zones + (SELECT count(*) FROM chosen) - 2 * s.shared < $below
    ORDER BY difference, l.sort_order, a.code`, { zones: listParam(dzIds), below });
}

/** The council holding most of these data zones' people (ties to the lower code), with its share. */
export async function mainCouncil(db: Database, dzIds: readonly number[]): Promise<(PublishedArea & { share: number | null }) | null> {
  if (dzIds.length === 0) return null; // an empty list has no type to bind
  const [row] = await db.query<PublishedArea & { share: number | null }>(`
    WITH chosen AS (SELECT DISTINCT unnest($zones::INTEGER[]) AS dz_id),
    people AS (
      SELECT m.area_id, sum(z.population) AS people, count(*) AS zones
      FROM chosen c JOIN ${MEMBERS} m ON m.dz_id = c.dz_id AND m.level_key = 'council' LEFT JOIN area z ON z.area_id = c.dz_id
      GROUP BY m.area_id)
    SELECT a.area_id AS "areaId", a.level_key AS level, l.label AS "levelLabel", a.code, a.name, p.people / sum(p.people) OVER () AS share
    FROM people p JOIN area a ON a.area_id = p.area_id JOIN level l ON l.level_key = a.level_key
    ORDER BY p.people DESC NULLS LAST, p.zones DESC, a.code LIMIT 1`, { zones: listParam(dzIds) });
  return row ?? null;
}

/** The one area of the 'scotland' level, if the build has it. */
export async function scotlandArea(db: Database): Promise<PublishedArea | null> {
  const [row] = await db.query<PublishedArea>(`
    SELECT a.area_id AS "areaId", a.level_key AS level, l.label AS "levelLabel", a.code, a.name
    FROM area a JOIN level l USING (level_key) WHERE a.level_key = 'scotland' ORDER BY a.code LIMIT 1`);
  return row ?? null;
}
