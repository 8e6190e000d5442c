import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDatabase } from '../../etl/src/build.ts';
import { writeDemoSources } from '../../etl/src/demo/index.ts';
import { manifestForFolder } from '../../etl/src/detect.ts';
import { SCOTLAND_DATA, scratchFile } from '../../etl/src/testing.ts';
import { listParam, type Database } from '../../server/src/db.ts';
import { sumsForGroups, type GroupSums } from '../../server/src/queries/groups.ts';
import { findIndicator, indicatorPeriods, sumsByArea, sumsByAreaForPairs } from '../../server/src/queries/rollup.ts';
import { rollUpValue, type AreaSums } from '../../server/src/rollup/aggregate.ts';
import { VINTAGES, membershipTable, vintageFor, type Vintage } from '../../server/src/rollup/reach.ts';
import { buildDz2022Database } from './dz2022Fixture.ts';
import { appFor, buildMiniDatabase } from './miniApp.ts';

/**
 * area_sums (written by etl/src/areaSums.ts) against sums made here from the observations
 * themselves, and the server's answers from it against the same sums made from the fact table, on
 * the demo build (every level, withheld and missing figures) and on the 2022 data zones fixture
 * (the second set of data zones).
 */

interface Observation { areaId: number; indicatorId: number; periodId: number; numerator: number | null; denominator: number | null; value: number | null; withheld: boolean }
type Stored = AreaSums & { areaId: number; indicatorId: number; periodId: number };

const close = (a: number | null, b: number | null) => (a === null || b === null ? a === b : Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)));

/** Sums made in JavaScript from an area's member observations, as server/src/queries/groups.ts defines them. */
function sumObservations(rows: readonly Observation[], members: number): Omit<AreaSums, 'value'> {
  const add = (values: (number | null)[]) => (values.some((v) => v !== null) ? values.reduce<number>((s, v) => s + (v ?? 0), 0) : null);
  return {
    members,
    observed: rows.length,
    withheld: rows.filter((r) => r.withheld).length,
    missing: rows.filter((r) => !r.withheld && (r.numerator ?? r.value) === null).length,
    numerator: add(rows.map((r) => r.numerator)),
    denominator: add(rows.map((r) => r.denominator)),
    coveredDenominator: add(rows.filter((r) => r.numerator !== null).map((r) => r.denominator)),
  };
}

/**
 * How two sums of the same zones differ: every count equal, the sums equal to rounding (they are
 * added in another order). `value` is any one member's, so it is compared only where there is one
 * row. Mismatches are collected and compared with none at the end, one expect per test.
 */
function differences(actual: AreaSums | undefined, expected: AreaSums, where: string): string[] {
  if (!actual) return [`${where}: no sums`];
  const fields = ['members', 'observed', 'withheld', 'missing', 'numerator', 'denominator', 'coveredDenominator', ...(expected.observed === 1 ? ['value' as const] : [])] as const;
  return fields.filter((f) => !close(actual[f], expected[f])).map((f) => `${where} ${f}: ${actual[f]} vs ${expected[f]}`);
}

/** A few areas of each level and set: the first, the last and some between. */
async function sampleAreas(db: Database, vintage: Vintage): Promise<{ level: string; areaId: number; members: number }[]> {
  return db.query(`
    SELECT level_key AS level, area_id AS "areaId", members FROM (
      SELECT level_key, area_id, count(*)::INTEGER AS members, row_number() OVER (PARTITION BY level_key ORDER BY area_id) AS n, count(*) OVER (PARTITION BY level_key) AS areas
      FROM ${membershipTable(vintage)} GROUP BY level_key, area_id)
    WHERE n IN (1, 2, areas) OR n % 25 = 0 ORDER BY level_key, area_id`);
}

/** Checks every area_sums row of the sampled areas against sums of their observations; returns what the sample covered. */
async function checkSample(db: Database, vintage: Vintage) {
  const areas = await sampleAreas(db, vintage);
  const ids = areas.map((a) => a.areaId);
  if (ids.length === 0) return { levels: new Set<string>(), stored: [] };
  const observations = await db.query<Observation>(`
    SELECT m.area_id AS "areaId", o.indicator_id AS "indicatorId", o.period_id AS "periodId", o.numerator, o.denominator, o.value, o.suppressed_at_source AS withheld
    FROM ${membershipTable(vintage)} m JOIN observation o USING (dz_id) WHERE m.area_id IN (SELECT unnest($ids::INTEGER[]))`, { ids: listParam(ids) });
  const stored = await db.query<Stored>(`
    SELECT area_id AS "areaId", indicator_id AS "indicatorId", period_id AS "periodId", members, observed, withheld, missing, numerator, denominator,
      covered_denominator AS "coveredDenominator", value
    FROM area_sums WHERE vintage = $vintage AND area_id IN (SELECT unnest($ids::INTEGER[]))`, { vintage, ids: listParam(ids) });
  const byKey = new Map<string, Observation[]>();
  for (const o of observations) {
    const k = `${o.areaId}:${o.indicatorId}:${o.periodId}`;
    byKey.set(k, [...(byKey.get(k) ?? []), o]);
  }
  const members = new Map(areas.map((a) => [a.areaId, a.members]));
  // One row for each area × indicator × period with an observation, and no other.
  expect(stored.map((s) => `${s.areaId}:${s.indicatorId}:${s.periodId}`).sort()).toEqual([...byKey.keys()].sort());
  const wrong = stored.flatMap((s) => {
    const rows = byKey.get(`${s.areaId}:${s.indicatorId}:${s.periodId}`)!;
    const where = `area ${s.areaId}, indicator ${s.indicatorId}, period ${s.periodId}`;
    return [
      ...differences(s, { ...sumObservations(rows, members.get(s.areaId)!), value: rows[0]!.value }, where),
      ...(rows.some((r) => r.value === s.value) ? [] : [`${where}: value ${s.value} is no member's`]),
    ];
  });
  expect(wrong).toEqual([]);
  return { levels: new Set(areas.map((a) => a.level)), stored };
}

describe.each([
  { name: 'the demo', covers: ['withheld'], build: async () => {
    const dir = join(scratchFile('x'), '..', 'demo-sources');
    return (await buildDatabase({ manifest: await writeDemoSources(dir), baseDir: dir, out: scratchFile('demo.duckdb') })).out;
  } },
  { name: 'real Scotland (data/scotland)', covers: ['withheld', 'missing'], build: async () =>
    (await buildDatabase({ manifest: manifestForFolder(SCOTLAND_DATA), baseDir: SCOTLAND_DATA, out: scratchFile('scotland.duckdb') })).out },
  { name: 'the mini fixture', covers: ['withheld', 'absent'], build: async () => (await buildMiniDatabase()).file },
  { name: 'the 2022 data zones fixture', covers: [], build: async () => (await buildDz2022Database()).file },
])('area_sums on $name', ({ build, covers }) => {
  let app: FastifyInstance;
  let db: Database;
  beforeAll(async () => {
    app = await appFor(await build());
    db = app.db;
  });
  afterAll(() => app?.close());

  it.each(VINTAGES)('holds, for a sample of areas of every level built from %s, what summing their observations gives', async (vintage) => {
    const { levels, stored } = await checkSample(db, vintage);
    const built = (await db.query<{ level: string }>(`SELECT DISTINCT level_key AS level FROM ${membershipTable(vintage)}`)).map((r) => r.level);
    expect([...levels].sort()).toEqual(built.sort());
    const [{ pairs }] = await db.query<{ pairs: number }>(`SELECT count(*)::INTEGER AS pairs FROM observation o JOIN data_zone d USING (dz_id) WHERE d.vintage = $vintage`, { vintage }) as [{ pairs: number }];
    expect(stored.length > 0).toBe(pairs > 0 && built.length > 0);
  });

  it(`holds ${covers.join(' and ') || 'no'} figures, so the checks here meet them`, async () => {
    const [held] = await db.query<Record<string, number>>(`
      SELECT count(*) FILTER (WHERE withheld > 0)::INTEGER AS withheld, count(*) FILTER (WHERE missing > 0)::INTEGER AS missing,
        count(*) FILTER (WHERE observed < members)::INTEGER AS absent FROM area_sums`);
    for (const kind of covers) expect(held![kind], kind).toBeGreaterThan(0);
  });

  it('has one row per level, set, area, indicator and period, none for data zones, written in its sorted order', async () => {
    const [counts] = await db.query<{ rows: number; keys: number; zones: number; unsorted: number }>(`
      SELECT count(*)::INTEGER AS rows, count(DISTINCT (level_key, vintage, area_id, indicator_id, period_id))::INTEGER AS keys,
        count(*) FILTER (WHERE area_id IN (SELECT dz_id FROM data_zone))::INTEGER AS zones,
        (SELECT count(*)::INTEGER FROM (
          SELECT (level_key, vintage, period_id, area_id, indicator_id) < lag((level_key, vintage, period_id, area_id, indicator_id)) OVER (ORDER BY rowid) AS back FROM area_sums
        ) WHERE back) AS unsorted
      FROM area_sums`);
    expect(counts!.keys).toBe(counts!.rows);
    expect(counts!.zones).toBe(0);
    expect(counts!.unsorted).toBe(0);
  });

  it('gives every published area the sums its listed data zones give from the fact table', async () => {
    for (const vintage of VINTAGES) {
      const areas = await db.query<{ areaId: number; zones: number[] }>(`SELECT area_id AS "areaId", list(dz_id) AS zones FROM ${membershipTable(vintage)} GROUP BY area_id`);
      // Every indicator, those on the other set too: an area's sums over one set must not bring the other's.
      const indicators = (await db.query<{ id: number }>(`SELECT indicator_id AS id FROM indicator`)).map((r) => r.id);
      const key = (s: GroupSums) => `${s.groupId}:${s.indicatorId}:${s.periodId}`;
      const published = await sumsForGroups(db, vintage, areas.map((a) => ({ groupId: a.areaId, areaId: a.areaId, dzIds: [] })), indicators);
      const listed = new Map((await sumsForGroups(db, vintage, areas.map((a) => ({ groupId: a.areaId, dzIds: a.zones })), indicators)).map((s) => [key(s), s]));
      expect(published.length).toBe(listed.size);
      expect(published.flatMap((s) => differences(s, listed.get(key(s))!, key(s)))).toEqual([]);
    }
  });

  it('answers a map and a table of each level with what the fact table gives', async () => {
    for (const level of app.levels.filter((l) => l.membership !== 'base')) {
      for (const indicator of (await db.query<{ code: string }>(`SELECT code FROM indicator WHERE aggregation <> 'none' ORDER BY indicator_id`)).map((r) => r.code).filter((_, i) => i % 9 === 0)) {
        const ref = (await findIndicator(db, indicator))!;
        const vintage = VINTAGES.find((v) => v === ref.vintage || v === ref.convertedTo);
        if (!vintage || !level.dataZoneVintages.includes(vintage)) continue;
        const period = (await indicatorPeriods(db, ref.indicatorId, vintage)).at(-1)!;
        const areas = await db.query<{ areaId: number; zones: number[] }>(`SELECT area_id AS "areaId", list(dz_id) AS zones FROM ${membershipTable(vintage)} WHERE level_key = $level GROUP BY area_id`, { level: level.key });
        const fromFacts = new Map((await sumsForGroups(db, vintage, areas.map((a) => ({ groupId: a.areaId, dzIds: a.zones })), [ref.indicatorId], new Map([[ref.indicatorId, period.periodId]]))).map((s) => [s.groupId, s]));
        const expected = (areaId: number): AreaSums => fromFacts.get(areaId)
          ?? { members: areas.find((a) => a.areaId === areaId)!.zones.length, observed: 0, withheld: 0, missing: 0, numerator: null, denominator: null, coveredDenominator: null, value: null };
        const map = await sumsByArea(db, ref.indicatorId, period.periodId, level.key, { vintage, base: false });
        const table = (await sumsByAreaForPairs(db, [{ indicatorId: ref.indicatorId, periodId: period.periodId }], level.key, { vintage, base: false }, null)).get(`${ref.indicatorId}:${period.periodId}`)!;
        expect([...map.keys()].sort()).toEqual(areas.map((a) => a.areaId).sort());
        expect([...table.keys()].sort()).toEqual(areas.map((a) => a.areaId).sort());
        expect(areas.flatMap((a) => [
          ...differences(map.get(a.areaId), expected(a.areaId), `${indicator} on ${level.key} ${a.areaId} (map)`),
          ...differences(table.get(a.areaId), expected(a.areaId), `${indicator} on ${level.key} ${a.areaId} (table)`),
        ])).toEqual([]);
        // The API's figures are rollUpValue of those sums, disclosure control included.
        const answer = (await app.inject({ url: `/api/v1/indicators/${indicator}/values?level=${level.key}&period=${encodeURIComponent(period.label)}` })).json() as { areas: { code: string; value: number | null; suppressed: boolean; suppressionReason: string | null }[] };
        const codes = new Map((await db.query<{ code: string; areaId: number }>(`SELECT code, area_id AS "areaId" FROM area WHERE level_key = $level`, { level: level.key })).map((r) => [r.code, r.areaId]));
        for (const area of answer.areas) {
          const want = rollUpValue(ref, expected(codes.get(area.code)!), { nativeLevel: false });
          expect({ suppressed: area.suppressed, reason: area.suppressionReason }, `${indicator} ${area.code}`).toEqual({ suppressed: want.suppressed, reason: want.suppressionReason });
          expect(close(area.value, want.value), `${indicator} ${area.code}: ${area.value} vs ${want.value}`).toBe(true);
        }
      }
    }
  });

  it("gives a profile's trend and comparators the figures the fact table gives", async () => {
    const [area] = await db.query<{ level: string; code: string; areaId: number }>(`
      SELECT a.level_key AS level, a.code, a.area_id AS "areaId" FROM area a JOIN membership m USING (area_id) WHERE a.level_key IN ('ward2017', 'council') GROUP BY ALL ORDER BY count(*) DESC LIMIT 1`);
    if (!area) return;
    const profile = (await app.inject({ url: `/api/v1/areas/${area.level}/${area.code}/profile` })).json() as {
      indicators: { code: string; trend: { period: string; value: number | null }[]; comparators: { code: string; level: string; period: string; value: number | null }[] }[];
    };
    expect(profile.indicators.length).toBeGreaterThan(0);
    const sets = app.levels.find((l) => l.key === area.level)!.dataZoneVintages;
    const wrong: string[] = [];
    for (const item of profile.indicators.filter((_, i) => i % 5 === 0)) {
      const ref = (await findIndicator(db, item.code))!;
      const vintage = vintageFor(ref, sets)!;
      const periods = await indicatorPeriods(db, ref.indicatorId, vintage);
      const shown = [
        ...item.trend.map((t) => ({ code: area.code, level: area.level, ...t })),
        ...item.comparators.map((c) => ({ code: c.code, level: c.level, period: c.period, value: c.value })),
      ];
      for (const point of shown) {
        const [{ zones }] = await db.query<{ zones: number[] }>(`
          SELECT list(m.dz_id) AS zones FROM area a JOIN ${membershipTable(vintage)} m USING (area_id) WHERE a.level_key = $level AND a.code = $code`, { level: point.level, code: point.code }) as [{ zones: number[] }];
        const periodId = periods.find((p) => p.label === point.period)!.periodId;
        const [sums] = await sumsForGroups(db, vintage, [{ groupId: 0, dzIds: zones }], [ref.indicatorId], new Map([[ref.indicatorId, periodId]]));
        const want = rollUpValue(ref, sums ?? { members: zones.length, observed: 0, withheld: 0, missing: 0, numerator: null, denominator: null, coveredDenominator: null, value: null }, { nativeLevel: false });
        if (!close(point.value, want.value)) wrong.push(`${item.code} ${point.code} ${point.period}: ${point.value} vs ${want.value}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
