import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDatabase } from '../../etl/src/build.ts';
import { writeDemoSources } from '../../etl/src/demo/index.ts';
import { Random } from '../../etl/src/demo/random.ts';
import { scratchFile } from '../../etl/src/testing.ts';
import { listParam, openDatabase, type Database } from '../../server/src/db.ts';
import type { GroupSums } from '../../server/src/queries/groups.ts';
import { gatherSums, zoneFacts, type ZoneFacts } from '../../server/src/queries/zoneFacts.ts';

/**
 * The in-memory zone-major facts against the fact table itself: for random groups of the demo's
 * data zones (it has withheld and missing figures, and indicators of every aggregation), every sum
 * the gather gives equals what SQL gives from `observation`.
 */

const close = (a: number | null, b: number | null) => (a === null || b === null ? a === b : Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)));

async function inSql(db: Database, groups: { groupId: number; dzIds: number[] }[], indicatorIds: number[]): Promise<GroupSums[]> {
  return db.query<GroupSums>(`
    WITH zones AS (SELECT unnest($groups::INTEGER[]) AS group_id, unnest($zones::INTEGER[]) AS dz_id),
    members AS (SELECT group_id, count(*)::INTEGER AS members FROM zones GROUP BY group_id)
    SELECT z.group_id AS "groupId", o.indicator_id AS "indicatorId", o.period_id AS "periodId", any_value(m.members) AS members,
      count(*)::INTEGER AS observed, count(*) FILTER (WHERE o.suppressed_at_source)::INTEGER AS withheld,
      count(*) FILTER (WHERE NOT o.suppressed_at_source AND coalesce(o.numerator, o.value) IS NULL)::INTEGER AS missing,
      sum(o.numerator) AS numerator, sum(o.denominator) AS denominator, sum(o.denominator) FILTER (WHERE o.numerator IS NOT NULL) AS "coveredDenominator"
    FROM zones z JOIN observation o USING (dz_id) JOIN members m USING (group_id)
    WHERE o.indicator_id IN (SELECT unnest($indicators::INTEGER[])) GROUP BY ALL`, {
    groups: listParam(groups.flatMap((g) => g.dzIds.map(() => g.groupId))), zones: listParam(groups.flatMap((g) => g.dzIds)), indicators: listParam(indicatorIds),
  });
}

describe('zone facts for custom areas', () => {
  let db: Database;
  let facts: ZoneFacts;
  let zones: number[];
  let indicatorIds: number[];

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'arealens-demo-'));
    const { out } = await buildDatabase({ manifest: await writeDemoSources(dir), baseDir: dir, out: scratchFile('demo.duckdb') });
    db = await openDatabase(out);
    facts = (await zoneFacts(db, 'dz2011'))!;
    zones = (await db.query<{ id: number }>(`SELECT dz_id AS id FROM data_zone WHERE vintage = 'dz2011' ORDER BY dz_id`)).map((r) => r.id);
    indicatorIds = (await db.query<{ id: number }>(`SELECT indicator_id AS id FROM indicator ORDER BY 1`)).map((r) => r.id);
  }, 120_000);
  afterAll(() => db?.close());

  it('holds a cell for every observation of the set, and says what it costs', async () => {
    const [row] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM observation JOIN data_zone USING (dz_id) WHERE vintage = 'dz2011'`);
    expect(facts.flags.reduce((count, flag) => count + (flag === 0 ? 0 : 1), 0)).toBe(row!.n);
    expect(facts.bytes).toBe(zones.length * facts.slots * 17);
  });

  it('sums random groups of zones exactly as SQL does over the fact table', async () => {
    const random = new Random('zone facts');
    const groups = Array.from({ length: 12 }, (_, g) => {
      const size = 2 + Math.floor(random.next() * 60);
      const picked = new Set<number>();
      while (picked.size < size) picked.add(zones[Math.floor(random.next() * zones.length)]!);
      return { groupId: g + 1, dzIds: [...picked] };
    });
    const key = (s: GroupSums) => `${s.groupId}:${s.indicatorId}:${s.periodId}`;
    const expected = new Map((await inSql(db, groups, indicatorIds)).map((s) => [key(s), s]));
    const gathered = gatherSums(facts, groups, indicatorIds);
    expect(gathered.length).toBe(expected.size);
    expect(gathered.some((s) => s.withheld > 0)).toBe(true);
    for (const s of gathered) {
      const e = expected.get(key(s))!;
      expect(e, key(s)).toBeDefined();
      expect([s.members, s.observed, s.withheld, s.missing], key(s)).toEqual([e.members, e.observed, e.withheld, e.missing]);
      for (const field of ['numerator', 'denominator', 'coveredDenominator'] as const) expect(close(s[field], e[field]), `${key(s)} ${field}: ${s[field]} vs ${e[field]}`).toBe(true);
    }
    // One period per indicator, as the custom-area map asks.
    const [first] = groups;
    const periods = new Map(indicatorIds.map((id) => [id, facts.slotPeriod[facts.slotsOf.get(id)?.at(-1) ?? 0]!]));
    const one = gatherSums(facts, [first!], indicatorIds, periods);
    expect(one.every((s) => periods.get(s.indicatorId) === s.periodId)).toBe(true);
    expect(one.length).toBe([...expected.values()].filter((e) => e.groupId === first!.groupId && periods.get(e.indicatorId) === e.periodId).length);
  });
});
