import type { BuildDatabase } from './duckdb.ts';

/** Each set of data zones and the table listing which areas its zones make up (spliced into SQL from this closed list only). */
const MEMBERSHIPS: Record<string, string> = { dz2011: 'membership', dz2022: 'membership_dz2022' };

/**
 * Fills area_sums from the finished observation and membership tables, one INSERT … SELECT per
 * level and set of data zones in their order, each sorted by period, area and indicator, so the
 * table is written in its sorted order (schema.sql). One statement for every level at once would
 * hold every level's groups in one hash table; a level at a time holds one level's (at 400
 * indicators × 15 periods the 2011 intermediate zones' 7.7 M groups are the most; with DuckDB
 * limited to 1 GB of memory the whole step peaked at 1.2 GB RSS, and at 1.9 GB unlimited; within
 * the whole 42M build at the build's 768 MB it took 39 s and the build peaked at 1.72 GB). The sums are those the
 * server made on request before (server/src/queries/groups.ts): `members` counts an area's zones
 * of the set whether or not they have a row; rows exist only where at least one zone has one.
 */
export async function writeAreaSums(db: BuildDatabase, log: (line: string) => void): Promise<void> {
  const t0 = performance.now();
  let total = 0;
  const levels = await db.rows<{ level: string; vintage: string; areas: number }>(`
    SELECT level_key AS level, vintage, count(DISTINCT area_id)::INTEGER AS areas
    FROM (${Object.entries(MEMBERSHIPS).map(([vintage, table]) => `SELECT '${vintage}' AS vintage, level_key, area_id FROM ${table}`).join(' UNION ALL ')})
    GROUP BY ALL ORDER BY level_key, vintage`);
  for (const { level, vintage, areas } of levels) {
    const t = performance.now();
    const rows = await sumLevel(db, vintage, MEMBERSHIPS[vintage]!, level);
    total += rows;
    log(`        area sums              ${level.padEnd(18)} ${vintage}: ${rows.toLocaleString('en-GB')} rows for ${areas.toLocaleString('en-GB')} area${areas === 1 ? '' : 's'} in ${((performance.now() - t) / 1000).toFixed(2)} s`);
  }
  log(`        area sums              ${total.toLocaleString('en-GB')} rows in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
}

/** Sums every area of one level over its zones of one set; returns the rows written. */
async function sumLevel(db: BuildDatabase, vintage: string, table: string, level: string): Promise<number> {
  const [inserted] = await db.rows<{ Count: bigint }>(`
    INSERT INTO area_sums
    WITH zones AS (SELECT area_id, dz_id FROM ${table} WHERE level_key = $1),
    members AS (SELECT area_id, count(*)::INTEGER AS members FROM zones GROUP BY area_id)
    SELECT $1, $2, z.area_id, o.indicator_id, o.period_id,
      any_value(m.members),
      count(*)::INTEGER,
      count(*) FILTER (WHERE o.suppressed_at_source)::INTEGER,
      count(*) FILTER (WHERE NOT o.suppressed_at_source AND coalesce(o.numerator, o.value) IS NULL)::INTEGER,
      sum(o.numerator),
      sum(o.denominator),
      sum(o.denominator) FILTER (WHERE o.numerator IS NOT NULL),
      any_value(o.value)
    FROM zones z JOIN observation o USING (dz_id) JOIN members m USING (area_id)
    GROUP BY z.area_id, o.indicator_id, o.period_id
    ORDER BY o.period_id, z.area_id, o.indicator_id`, [level, vintage]);
  return Number(inserted?.Count ?? 0);
}
