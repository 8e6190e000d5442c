import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDatabase } from '../../etl/src/build.ts';
import { fixtureCopy, scratchFile } from '../../etl/src/testing.ts';
import { wilson } from '../../server/src/stats/confidence.ts';
import { appFor } from './miniApp.ts';

/**
 * The mini fixture with test_pct (higher is worse) made clearly worse and worsening in Eastmuir
 * North (S01000001: 30 → 400 of 626 in 2020/21) and worse but steady in Westhaugh (S01000004:
 * 300 of 667 in both years); S01000006's withheld 2020/21 figure is given (55), so Scotland has one.
 */
const EDITS = {
  'observations.csv': (text: string) => text
    .replace('test_pct,2020/21,S01000006,*,627,', 'test_pct,2020/21,S01000006,55,627,')
    .replace('test_pct,2020/21,S01000001,30,626,', 'test_pct,2020/21,S01000001,400,626,')
    .replace('test_pct,2019/20,S01000004,45,667,', 'test_pct,2019/20,S01000004,300,667,')
    .replace('test_pct,2020/21,S01000004,45,667,', 'test_pct,2020/21,S01000004,300,667,'),
};

/** test_pct numerators and denominators per data zone and period, after the edits. */
const PCT: Record<string, Record<string, [number, number]>> = {
  '2019/20': { S01000001: [30, 626], S01000002: [35, 630], S01000003: [40, 596], S01000004: [300, 667], S01000005: [50, 641], S01000006: [55, 627], S01000007: [60, 537], S01000008: [65, 672] },
  '2020/21': { S01000001: [400, 626], S01000002: [35, 630], S01000003: [40, 596], S01000004: [300, 667], S01000005: [50, 641], S01000006: [55, 627], S01000007: [60, 537], S01000008: [65, 672] },
};
const sum = (period: string, zones: string[]) => zones.reduce<[number, number]>(([x, n], dz) => [x + PCT[period]![dz]![0], n + PCT[period]![dz]![1]], [0, 0]);
const NORTH = ['S01000001', 'S01000002', 'S01000005'];
const WESTHAUGH = ['S01000004', 'S01000008'];
const EASTMUIR = ['S01000001', 'S01000002', 'S01000003', 'S01000005', 'S01000006', 'S01000007'];
const ALL = [...EASTMUIR, ...WESTHAUGH];

describe('GET /api/v1/areas/:level/:code/triage and /change', () => {
  let app: FastifyInstance;
  const get = async (url: string) => {
    const response = await app.inject({ url });
    return { status: response.statusCode, body: response.json() };
  };

  beforeAll(async () => {
    const { dir, manifest } = fixtureCopy(EDITS);
    const out = scratchFile('triage.duckdb');
    await buildDatabase({ manifest, baseDir: dir, out });
    app = await appFor(out);
  });
  afterAll(() => app?.close());

  it('lists an indicator that is significantly worse than Scotland and significantly worse than last period', async () => {
    const { status, body } = await get('/api/v1/areas/iz2011/S02000001/triage');
    expect(status).toBe(200);
    expect(body.comparator).toEqual({ level: 'scotland', code: 'S92000003', name: 'Scotland' });
    expect(body.indicators.map((i: { code: string }) => i.code)).toEqual(['test_pct']);
    const item = body.indicators[0];
    const [x, n] = sum('2020/21', NORTH);
    const [sx, sn] = sum('2020/21', ALL);
    expect(item.latest).toMatchObject({ period: '2020/21', numerator: x, denominator: n });
    expect(item.latest.value).toBeCloseTo((x / n) * 100, 10);
    expect(item.previous.value).toBeCloseTo((sum('2019/20', NORTH)[0] / n) * 100, 10);
    expect(item.comparator.value).toBeCloseTo((sx / sn) * 100, 10);
    // Scotland's 20.1% lies below Eastmuir North's Wilson interval: worse (higher is worse).
    expect(wilson(x, n)!.lower * 100).toBeGreaterThan((sx / sn) * 100);
    expect(item.significance).toBe('worse');
    expect(item.worseByPercent).toBeCloseTo(((x / n) / (sx / sn) - 1) * 100, 10);
    expect(item.change).toMatchObject({ method: 'two_proportion_z', significance: 'worse', intervalsOverlap: false });
    expect(body.counts).toEqual({ tested: 1, worseThanComparator: 1, gettingWorse: 1, worseAndGettingWorse: 1 });
    expect(body.summary).toContain('1 is significantly worse in Eastmuir North than in Scotland and getting significantly worse');
  });

  it('compares with the council when asked', async () => {
    const { body } = await get('/api/v1/areas/iz2011/S02000001/triage?comparator=council');
    expect(body.comparator).toEqual({ level: 'council', code: 'S12000001', name: 'Eastmuir' });
    const [cx, cn] = sum('2020/21', EASTMUIR);
    expect(body.indicators[0].comparator.value).toBeCloseTo((cx / cn) * 100, 10);
  });

  it('leaves out an indicator that is worse than Scotland but not getting worse', async () => {
    const { body } = await get('/api/v1/areas/iz2011/S02000003/triage');
    expect(body.indicators).toEqual([]);
    expect(body.counts).toEqual({ tested: 1, worseThanComparator: 1, gettingWorse: 0, worseAndGettingWorse: 0 });
    expect(body.summary).toContain('none is both significantly worse');
  });

  it('refuses comparisons that make no sense, with what to ask instead', async () => {
    const cases: [string, number, string][] = [
      ['/api/v1/areas/council/S12000001/triage?comparator=council', 400, 'Eastmuir is itself a council area: compare it with comparator=scotland instead.'],
      ['/api/v1/areas/scotland/S92000003/triage', 400, 'Scotland is itself a scotland'],
      ['/api/v1/areas/hscp/S37000001/triage?comparator=council', 422, 'does not lie in one council in this build; use comparator=scotland'],
      ['/api/v1/areas/iz2011/S02000001/triage?comparator=region', 400, 'query parameter "comparator" must match pattern "^(scotland|council)$"'],
      ['/api/v1/areas/iz2011/S02999999/triage', 404, 'No Intermediate zone with code "S02999999"'],
      ['/api/v1/areas/zones/S02000001/triage', 400, 'Unknown level "zones"'],
    ];
    for (const [url, status, message] of cases) {
      const response = await get(url);
      expect({ url, status: response.status }).toEqual({ url, status });
      expect(response.body.message).toContain(message);
    }
  });

  it('tests the change in a proportion with the pooled two-proportion z-test', async () => {
    const { status, body } = await get('/api/v1/areas/iz2011/S02000001/change?indicator=test_pct');
    expect(status).toBe(200);
    const [x1, n1] = sum('2019/20', NORTH);
    const [x2, n2] = sum('2020/21', NORTH);
    const pooled = (x1 + x2) / (n1 + n2);
    const z = (x2 / n2 - x1 / n1) / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
    expect(body.from).toMatchObject({ period: '2019/20', numerator: x1, denominator: n1 });
    expect(body.to).toMatchObject({ period: '2020/21', numerator: x2, denominator: n2 });
    expect(body.change.difference).toBeCloseTo(((x2 / n2) - (x1 / n1)) * 100, 10);
    expect(body.change.relativeChangePercent).toBeCloseTo((x2 / x1 - 1) * 100, 10);
    expect(body.change.zScore).toBeCloseTo(z, 10);
    expect(body.change).toMatchObject({ method: 'two_proportion_z', significance: 'worse', intervalsOverlap: false });
    expect(body.change.pValue).toBeLessThan(1e-6);
    expect(body.summary).toMatch(/^Residents with the thing \(%\) in Eastmuir North went from 6\.06 in 2019\/20 to 25\.6 in 2020\/21: a significant worsening/);
  });

  it('tests counts by the log ratio of two Poisson counts, and says what it does not allow for', async () => {
    const { body } = await get('/api/v1/areas/council/S12000002/change?indicator=test_events&from=2019&to=2020');
    // Westhaugh: S01000004 and S01000008, 7 + 2 events in 2019 and 8 + 3 in 2020.
    const z = Math.log(11 / 9) / Math.sqrt(1 / 9 + 1 / 11);
    expect(body.from.value).toBe(9);
    expect(body.to.value).toBe(11);
    expect(body.change).toMatchObject({ method: 'poisson_log_ratio_z', significance: 'similar', difference: 2 });
    expect(body.change.zScore).toBeCloseTo(z, 10);
    expect(body.change.note).toContain('population at risk');
  });

  it('gives a 4xx that says what to fix for periods, indicators and areas it cannot compare', async () => {
    const cases: [string, number, string][] = [
      ['/api/v1/areas/iz2011/S02000001/change?indicator=test_sr', 422, 'test_sr has no period before 2017-2019'],
      ['/api/v1/areas/iz2011/S02000001/change?indicator=test_pct&from=2020/21&to=2019/20', 400, '"from" (2020/21) must be earlier than "to" (2019/20).'],
      ['/api/v1/areas/iz2011/S02000001/change?indicator=test_pct&from=2020/21', 400, '"from" (2020/21) must be earlier than "to" (2020/21).'],
      ['/api/v1/areas/iz2011/S02000001/change?indicator=test_pct&from=1999', 400, 'test_pct has no period "1999" (query parameter "from"). Periods: 2019/20, 2020/21.'],
      ['/api/v1/areas/iz2011/S02000001/change?indicator=test_pct&to=2031', 400, '(query parameter "to")'],
      ['/api/v1/areas/iz2011/S02000001/change?indicator=no_such', 404, 'No indicator "no_such"'],
      ['/api/v1/areas/iz2011/S02000001/change', 400, 'query parameter "indicator"'],
      ['/api/v1/areas/iz2011/S02999999/change?indicator=test_pct', 404, 'No Intermediate zone with code'],
    ];
    for (const [url, status, message] of cases) {
      const response = await get(url);
      expect({ url, status: response.status }).toEqual({ url, status });
      expect(response.body.message).toContain(message);
    }
  });
});
