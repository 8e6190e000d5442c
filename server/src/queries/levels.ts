import { findLevel } from '../../../geographies/src/levels.ts';
import type { Database } from '../db.ts';
import { ALL_MEMBERSHIPS, VINTAGES, type Vintage } from '../rollup/reach.ts';
import type { Level } from '../schemas/levels.ts';

/**
 * A level as the server holds it: what /levels sends, and the sets of data zones its areas are
 * made of (a data-zone level: itself), which reach.ts reads to decide how an indicator reaches it.
 * Clients learn which levels an indicator reaches from /indicators/{indicator}.
 */
export interface BuildLevel extends Level {
  dataZoneVintages: Vintage[];
}

/**
 * The levels in this build, smallest first. Parents follow the registry's nearest-first order but
 * only where the build links areas to them (area_parent): a registry parent with no lookup loaded
 * is not a level anything can be rolled up to. User-defined levels are not in the registry, so
 * their parents are whatever the build linked, smallest first.
 */
export async function loadLevels(db: Database): Promise<BuildLevel[]> {
  const rows = await db.query<Omit<Level, 'parents' | 'notes'> & { sortOrder: number }>(`
    SELECT level_key AS key, label, plural, membership, user_defined AS "userDefined", area_count AS "areaCount", source, sort_order AS "sortOrder"
    FROM level ORDER BY sort_order, level_key`);
  const links = await db.query<{ level: string; parent: string }>(`
    SELECT DISTINCT a.level_key AS level, ap.parent_level AS parent FROM area_parent ap JOIN area a USING (area_id)`);
  const built = await db.query<{ level: string; vintage: Vintage }>(`SELECT DISTINCT level_key AS level, vintage FROM ${ALL_MEMBERSHIPS}`);
  const sortOrder = new Map(rows.map((row) => [row.key, row.sortOrder]));
  return rows.map(({ sortOrder: _, ...row }) => {
    const linked = new Set(links.filter((link) => link.level === row.key).map((link) => link.parent));
    const declared = findLevel(row.key)?.parents ?? [];
    const undeclared = [...linked].filter((parent) => !declared.includes(parent)).sort((a, b) => (sortOrder.get(a) ?? 0) - (sortOrder.get(b) ?? 0));
    const dataZoneVintages = row.membership === 'base'
      ? VINTAGES.filter((v) => v === row.key)
      : VINTAGES.filter((v) => built.some((b) => b.level === row.key && b.vintage === v));
    return { ...row, dataZoneVintages, parents: [...declared.filter((parent) => linked.has(parent)), ...undeclared], notes: findLevel(row.key)?.notes ?? null };
  });
}
