import { listParam, type Database } from '../db.ts';
import type { IndicatorRef } from './rollup.ts';

/** An indicator as a table download describes it: the roll-up rule plus what its Metadata sheet says. */
export interface TableIndicator extends IndicatorRef {
  publisher: string;
  datePublished: string | null;
  notes: string | null;
  synthetic: boolean;
}

/** The indicators with these codes (unknown codes are simply absent). */
export function indicatorsByCode(db: Database, codes: readonly string[]): Promise<TableIndicator[]> {
  return db.query<TableIndicator>(`
    SELECT indicator_id AS "indicatorId", code, title, unit, aggregation, measure_type AS "measureType", multiplier,
      disclosure_threshold AS "disclosureThreshold", polarity, vintage, converted_to AS "convertedTo", theme_key AS "themeKey", topic, source, licence,
      publisher, date_published AS "datePublished", notes, synthetic
    FROM indicator WHERE code IN (SELECT unnest($codes::VARCHAR[]))`, { codes: listParam(codes) });
}

/** Every indicator code, for the message that lists valid ones. */
export async function indicatorCodes(db: Database): Promise<string[]> {
  return (await db.query<{ code: string }>(`SELECT code FROM indicator ORDER BY code`)).map((r) => r.code);
}

export interface TableArea {
  areaId: number;
  code: string;
  name: string;
}

/** Areas of a level, in code order: all of them, or those with the given codes. */
export function tableAreas(db: Database, levelKey: string, codes: readonly string[] | null): Promise<TableArea[]> {
  return db.query<TableArea>(`
    SELECT area_id AS "areaId", code, name FROM area
    WHERE level_key = $level AND ($all OR code IN (SELECT unnest($codes::VARCHAR[])))
    ORDER BY code`, { level: levelKey, all: codes === null, codes: listParam(codes ?? ['']) });
}

/** Each area's parent on a parent level (for best-fit levels, the one holding most of its people). */
export async function parentsOf(db: Database, areaIds: readonly number[], parentLevel: string): Promise<Map<number, TableArea>> {
  if (areaIds.length === 0) return new Map();
  const rows = await db.query<TableArea & { childId: number }>(`
    SELECT ap.area_id AS "childId", p.area_id AS "areaId", p.code, p.name
    FROM area_parent ap JOIN area p ON p.area_id = ap.parent_id
    WHERE ap.parent_level = $parent AND ap.area_id IN (SELECT unnest($ids::INTEGER[]))`, { parent: parentLevel, ids: listParam(areaIds) });
  return new Map(rows.map(({ childId, ...parent }) => [childId, parent]));
}
