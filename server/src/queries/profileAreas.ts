import type { Database } from '../db.ts';

export interface AreaRef {
  areaId: number;
  level: string;
  levelLabel: string;
  membership: string;
  code: string;
  name: string;
  population: number | null;
}

export async function findArea(db: Database, level: string, code: string): Promise<AreaRef | null> {
  const [row] = await db.query<AreaRef>(`
    SELECT a.area_id AS "areaId", a.level_key AS level, l.label AS "levelLabel", l.membership, a.code, a.name, a.population
    FROM area a JOIN level l USING (level_key) WHERE a.level_key = $level AND a.code = $code`, { level, code });
  return row ?? null;
}

/** An area's parent on a level (the one holding most of its people, for best-fit levels). */
export async function parentOn(db: Database, areaId: number, parentLevel: string): Promise<AreaRef | null> {
  const [row] = await db.query<AreaRef>(`
    SELECT p.area_id AS "areaId", p.level_key AS level, l.label AS "levelLabel", l.membership, p.code, p.name, p.population
    FROM area_parent ap JOIN area p ON p.area_id = ap.parent_id JOIN level l ON l.level_key = p.level_key
    WHERE ap.area_id = $id AND ap.parent_level = $parent`, { id: areaId, parent: parentLevel });
  return row ?? null;
}

/** Areas of a level, optionally only those whose parent on `withinLevel` is `withinId`. */
export function areasWithin(db: Database, level: string, within: { level: string; areaId: number } | null): Promise<AreaRef[]> {
  return db.query<AreaRef>(`
    SELECT a.area_id AS "areaId", a.level_key AS level, l.label AS "levelLabel", l.membership, a.code, a.name, a.population
    FROM area a JOIN level l USING (level_key)
    WHERE a.level_key = $level
      AND ($within IS NULL OR EXISTS (SELECT 1 FROM area_parent ap WHERE ap.area_id = a.area_id AND ap.parent_level = $withinLevel AND ap.parent_id = $within))
    ORDER BY a.code`, { level, within: within?.areaId ?? null, withinLevel: within?.level ?? '' });
}
