import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDatabase } from '../../etl/src/build.ts';
import { fixtureCopy, scratchFile } from '../../etl/src/testing.ts';
import { appFor, fixturePopulation, fixtureRows } from './miniApp.ts';

/**
 * Three more years of test_events, so Westhaugh Ward (S01000004 + S01000008) has a five-point series
 * with one wild year: 9, 11, 8, 32, 6. Other zones get 5 a year, enough to stay unsuppressed.
 */
const EXTRA_EVENTS: Record<string, Record<string, number>> = {
  2021: { S01000004: 6, S01000008: 2 },
  2022: { S01000004: 30, S01000008: 2 },
  2023: { S01000004: 4, S01000008: 2 },
};
const extraObservations = Object.entries(EXTRA_EVENTS).flatMap(([year, zones]) =>
  [1, 2, 3, 4, 5, 6, 7, 8].map((n) => `S0100000${n}`).map((dz) => `test_events,${year},${dz},${zones[dz] ?? 5},,`));

/** One target per status (the fixture's own two, plus four). */
const EXTRA_TARGETS = [
  'test_events,ward2017,S13000003,2019,9,2030,3', // the trend reaches 3 by 2030: on track
  'test_events,ward2017,S13000003,2019,9,2024,2', // far short by 2024: off track
  'test_events,ward2017,S13000003,2019,9,2027,6', // the latest, 6, is at the target: achieved (at or below)
  'test_score,council,S12000002,2019,6.0,2025,7.0', // higher is better, latest ≈ 7.25: achieved
];

const lookup = fixtureRows('lookup_dz.csv');
const WESTHAUGH_WARD = lookup.filter((r) => r.MMWard_Code === 'S13000003').map((r) => r.DZ2011_Code!);

describe('GET /api/v1/targets', () => {
  let app: FastifyInstance;
  let observations: Record<string, string>[];
  const get = async (url: string) => {
    const response = await app.inject({ url });
    return { status: response.statusCode, body: response.json() };
  };
  type Target = { indicator: { code: string }; area: { code: string }; target: { period: string }; status: string; latest: { value: number } | null; projection: { slopePerYear: number; value: number; points: number } | null; actual: { period: string; value: number | null }[] };
  const find = (body: { targets: Target[] }, code: string, area: string, period: string) =>
    body.targets.find((t) => t.indicator.code === code && t.area.code === area && t.target.period === period)!;

  beforeAll(async () => {
    const { dir, manifest } = fixtureCopy({
      'observations.csv': (text) => `${text.trim()}\n${extraObservations.join('\n')}\n`,
      'targets.csv': (text) => `${text.trim()}\n${EXTRA_TARGETS.join('\n')}\n`,
    });
    observations = fixtureRows('observations.csv').concat(extraObservations.map((line) => {
      const [indicator_id, period, dz_code, numerator] = line.split(',');
      return { indicator_id: indicator_id!, period: period!, dz_code: dz_code!, numerator: numerator!, denominator: '', value: '' };
    }));
    const out = scratchFile('targets.duckdb');
    await buildDatabase({ manifest, baseDir: dir, out });
    app = await appFor(out);
  });
  afterAll(() => app?.close());

  /** The ward's yearly event counts, summed from the fixture's rows. */
  const wardSeries = () => ['2019', '2020', '2021', '2022', '2023'].map((year) => ({
    year, value: observations.filter((r) => r.indicator_id === 'test_events' && r.period === year && WESTHAUGH_WARD.includes(r.dz_code!)).reduce((n, r) => n + Number(r.numerator), 0),
  }));

  it("gives the indicator's rolled-up values for the target's area, and a Theil–Sen projection unmoved by a wild year", async () => {
    const { status, body } = await get('/api/v1/targets?level=ward2017&area=S13000003');
    expect(status).toBe(200);
    const target = find(body, 'test_events', 'S13000003', '2025');
    const series = wardSeries();
    expect(series.map((s) => s.value)).toEqual([9, 11, 8, 32, 6]);
    expect(target.actual.map((a) => [a.period, a.value])).toEqual(series.map((s) => [s.year, s.value]));

    // Theil–Sen by brute force: the median of the ten pairwise slopes, x = the period's start as a decimal year.
    const x = (year: string) => 1970 + Date.parse(`${year}-01-01T00:00:00Z`) / (365.25 * 86_400_000);
    const slopes: number[] = [];
    for (let i = 0; i < series.length; i++) for (let j = i + 1; j < series.length; j++) slopes.push((series[j]!.value - series[i]!.value) / (x(series[j]!.year) - x(series[i]!.year)));
    slopes.sort((a, b) => a - b);
    const slope = (slopes[4]! + slopes[5]!) / 2;
    const intercepts = series.map((s) => s.value - slope * x(s.year)).sort((a, b) => a - b);
    const projected = intercepts[2]! + slope * x('2025');
    expect(slope).toBeCloseTo(-0.625, 2); // by hand with whole years: median of −0.75 and −0.5
    expect(target.projection!.slopePerYear).toBeCloseTo(slope, 10);
    expect(target.projection!.points).toBe(5);
    expect(target.projection!.value).toBeCloseTo(projected, 8);
    expect(projected).toBeCloseTo(5.5, 1); // an ordinary least-squares line would rise, pulled up by 2022's 32
    // Misses 5 by about 0.5, an eighth of the planned fall from 9: under 25%, so at risk.
    expect(target).toMatchObject({ status: 'at_risk', latest: { value: 6 } });
  });

  it('judges each target polarity-aware: on track, off track, achieved at or below, achieved at or above', async () => {
    const { body } = await get('/api/v1/targets');
    expect(body.targets).toHaveLength(6);
    expect(body.atRiskShare).toBe(0.25);
    expect(find(body, 'test_events', 'S13000003', '2030').status).toBe('on_track');
    expect(find(body, 'test_events', 'S13000003', '2024').status).toBe('off_track');
    expect(find(body, 'test_events', 'S13000003', '2027').status).toBe('achieved');
    const score = find(body, 'test_score', 'S12000002', '2025');
    // Westhaugh's 2021 score: the population-weighted mean of its two data zones.
    const rows = observations.filter((r) => r.indicator_id === 'test_score' && ['S01000004', 'S01000008'].includes(r.dz_code!));
    const weighted = rows.reduce((n, r) => n + Number(r.value) * fixturePopulation([r.dz_code!]), 0) / fixturePopulation(['S01000004', 'S01000008']);
    expect(score.latest!.value).toBeCloseTo(weighted, 10);
    expect(score.status).toBe('achieved');
  });

  it('says no data when the only unsuppressed figure misses and no trend can be drawn', async () => {
    const { body } = await get('/api/v1/targets?level=council&area=S12000001');
    expect(body.targets).toHaveLength(1);
    const pct = body.targets[0];
    // 2019/20 is Σ30..60 ÷ Σpopulations of Eastmuir's six zones; 2020/21 has a withheld zone.
    const rows = observations.filter((r) => r.indicator_id === 'test_pct' && r.period === '2019/20' && lookup.find((l) => l.DZ2011_Code === r.dz_code)!.LA_Code === 'S12000001');
    expect(pct.latest.value).toBeCloseTo((100 * rows.reduce((n, r) => n + Number(r.numerator), 0)) / rows.reduce((n, r) => n + Number(r.denominator), 0), 10);
    expect(pct.actual[1]).toMatchObject({ period: '2020/21', suppressed: true, value: null });
    expect(pct).toMatchObject({ status: 'no_data', projection: null, baseline: { period: '2019/20', value: 5.5 }, target: { period: '2025/26', value: 4, start: '2025-04-01' } });
    expect(pct.statusNote).toContain('a trend needs at least two');
  });

  it('filters by level', async () => {
    const { body } = await get('/api/v1/targets?level=ward2017');
    expect(body.targets.map((t: Target) => t.target.period)).toEqual(['2024', '2025', '2027', '2030']);
    expect((await get('/api/v1/targets?level=iz2011')).body.targets).toEqual([]);
  });

  it.each([
    ['/api/v1/targets?level=wards', 400, 'Unknown level "wards". Levels in this build: dz2011'],
    ['/api/v1/targets?level=council&area=S12999999', 404, 'No Council area with code "S12999999"'],
    ['/api/v1/targets?area=S12000001', 400, 'Give the level of area "S12000001"'],
    [`/api/v1/targets?level=council&area=${'S'.repeat(41)}`, 400, 'query parameter "area" must NOT have more than 40 characters'],
  ])('%s → %i', async (url, status, message) => {
    const response = await get(url);
    expect(response.status).toBe(status);
    expect(response.body.message).toContain(message);
  });
});
