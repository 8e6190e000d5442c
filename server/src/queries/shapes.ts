import type { Database } from '../db.ts';

/** [west, south, east, north], WGS84. */
export type Bounds = [number, number, number, number];

/** A level that has shapes in this build, and the box around them. */
export interface MappedLevel {
  key: string;
  label: string;
  areas: number;
  bounds: Bounds;
}

/** Levels with at least one shape, smallest first: the levels the map can draw. Levels without boundaries (e.g. dz2022 before its file is loaded) are absent. */
export async function listMappedLevels(db: Database): Promise<MappedLevel[]> {
  const rows = await db.query<{ key: string; label: string; areas: number; west: number | null; south: number | null; east: number | null; north: number | null }>(`
    SELECT s.level_key AS key, any_value(l.label) AS label, count(*) AS areas,
      min(a.bbox_west) AS west, min(a.bbox_south) AS south, max(a.bbox_east) AS east, max(a.bbox_north) AS north
    FROM area_shape s JOIN area a USING (area_id) JOIN level l ON l.level_key = s.level_key
    GROUP BY s.level_key ORDER BY any_value(l.sort_order), s.level_key`);
  return rows.map(({ west, south, east, north, ...level }) => ({
    ...level,
    // The ETL writes a bbox with every shape; the whole world is the safe answer if one is missing.
    bounds: west === null || south === null || east === null || north === null ? [-180, -85.0511, 180, 85.0511] : [west, south, east, north],
  }));
}

export interface AreaShape {
  areaId: number;
  code: string;
  name: string;
  /** A GeoJSON Polygon or MultiPolygon, WGS84, as text. */
  geojson: string;
}

/** Every shape of one level, in area_id order (so a tile's features come out in a stable order). */
export function listAreaShapes(db: Database, level: string): Promise<AreaShape[]> {
  return db.query<AreaShape>(`
    SELECT s.area_id AS "areaId", a.code, a.name, s.geojson
    FROM area_shape s JOIN area a USING (area_id)
    WHERE s.level_key = $level ORDER BY s.area_id`, { level });
}

/** The level's first-paint TopoJSON as the ETL stored it, or null when the build has none for it. */
export async function getLevelTopology(db: Database, level: string): Promise<string | null> {
  const [row] = await db.query<{ topojson: string }>(`SELECT topojson FROM level_topology WHERE level_key = $level`, { level });
  return row?.topojson ?? null;
}
