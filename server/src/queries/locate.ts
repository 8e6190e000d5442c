import type { Database } from '../db.ts';
import type { DzMethod } from '../postcodePlacement.ts';
import { ALL_MEMBERSHIPS } from '../rollup/reach.ts';

/** Postcode and code lookups a person waits on: the database's quick lane (db.ts). */
const QUICK = { lane: 'quick' } as const;

export interface PostcodeRow {
  postcode: string;
  deleted: boolean;
  dzMethod: DzMethod;
  latitude: number | null;
  longitude: number | null;
  dzId: number;
}

export async function findPostcode(db: Database, postcode: string): Promise<PostcodeRow | null> {
  const [row] = await db.query<PostcodeRow>(`SELECT postcode, deleted, dz_method AS "dzMethod", latitude, longitude, dz_id AS "dzId" FROM postcode WHERE postcode = $postcode`, { postcode }, QUICK);
  return row ?? null;
}

export async function countPostcodes(db: Database): Promise<number> {
  const [row] = await db.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM postcode`);
  return row?.n ?? 0;
}

export async function findDataZoneByCode(db: Database, code: string): Promise<number | null> {
  const [row] = await db.query<{ dzId: number }>(`SELECT dz_id AS "dzId" FROM data_zone WHERE code = $code AND vintage = 'dz2011'`, { code }, QUICK);
  return row?.dzId ?? null;
}

/** A data zone and every area it belongs to, smallest level first. */
export async function dataZoneAndAreas(db: Database, dzId: number): Promise<{ dataZone: { code: string; name: string }; areas: { level: string; levelLabel: string; code: string; name: string }[] }> {
  const [dataZone] = await db.query<{ code: string; name: string }>(`SELECT code, name FROM data_zone WHERE dz_id = $id`, { id: dzId }, QUICK);
  const areas = await db.query<{ level: string; levelLabel: string; code: string; name: string }>(`
    SELECT a.level_key AS level, l.label AS "levelLabel", a.code, a.name
    FROM ${ALL_MEMBERSHIPS} m JOIN area a USING (area_id) JOIN level l ON l.level_key = a.level_key
    WHERE m.dz_id = $id ORDER BY l.sort_order, a.level_key`, { id: dzId }, QUICK);
  return { dataZone: dataZone!, areas };
}
