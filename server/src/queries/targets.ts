import type { Database } from '../db.ts';

export interface TargetRow {
  indicatorId: number;
  areaId: number;
  level: string;
  levelLabel: string;
  membership: string;
  code: string;
  name: string;
  baselinePeriod: string;
  baselineValue: number;
  targetPeriod: string;
  targetValue: number;
  sourceFile: string;
}

/** Targets, optionally only those of one level or one area, in level, area, indicator and date order. */
export function listTargets(db: Database, filter: { level: string | null; areaId: number | null }): Promise<TargetRow[]> {
  return db.query<TargetRow>(`
    SELECT t.indicator_id AS "indicatorId", t.area_id AS "areaId", a.level_key AS level, l.label AS "levelLabel", l.membership, a.code, a.name,
      t.baseline_period AS "baselinePeriod", t.baseline_value AS "baselineValue", t.target_period AS "targetPeriod", t.target_value AS "targetValue",
      t.source_file AS "sourceFile"
    FROM target t JOIN area a ON a.area_id = t.area_id JOIN level l ON l.level_key = a.level_key JOIN indicator i ON i.indicator_id = t.indicator_id
    WHERE ($level IS NULL OR a.level_key = $level) AND ($area IS NULL OR t.area_id = $area)
    ORDER BY l.sort_order, a.code, i.code, t.target_period`, { level: filter.level, area: filter.areaId });
}
