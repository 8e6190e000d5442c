import type { Database } from '../db.ts';
import type { AreaName } from '../rollup/values.ts';

/** The areas of a level, in code order. */
export function areasOfLevel(db: Database, levelKey: string): Promise<AreaName[]> {
  return db.query<AreaName>(`SELECT area_id AS "areaId", code, name FROM area WHERE level_key = $level ORDER BY code`, { level: levelKey });
}
