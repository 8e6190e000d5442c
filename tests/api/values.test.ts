import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINI_FIXTURE } from '../../etl/src/testing.ts';
import { appFor, buildMiniDatabase } from './miniApp.ts';
import { proportionInterval } from '../../server/src/stats/confidence.ts';

/** The fixture's own numbers, read from its CSV: what the API must reproduce by summing. */
const observations = readFileSync(join(MINI_FIXTURE, 'observations.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
const obs = (indicator: string, period: string, dz: string) => observations.find((r) => r[0] === indicator && r[1] === period && r[2] === dz)!;

describe('GET /api/v1/indicators/:indicator/values', () => {
  let app: FastifyInstance;
  const get = async (url: string) => {
    const response = await app.inject({ url });
    return { status: response.statusCode, body: response.json() };
  };

  beforeAll(async () => {
    app = await appFor((await buildMiniDatabase()).file);
  });
  afterAll(() => app?.close());

  it("re-derives a ward's rate from the summed numerators and denominators of its data zones, with a Wilson interval", async () => {
    const { status, body } = await get('/api/v1/indicators/test_pct/values?level=ward2017&period=2019/20');
    expect(status).toBe(200);
    // Ward S13000001 (Muirend) is data zones 1, 5 and 6.
    const rows = ['S01000001', 'S01000005', 'S01000006'].map((dz) => obs('test_pct', '2019/20', dz));
    const num = rows.reduce((n, r) => n + Number(r[3]), 0);
    const den = rows.reduce((n, r) => n + Number(r[4]), 0);
    const ward = body.areas.find((a: { code: string }) => a.code === 'S13000001');
    const interval = proportionInterval(num, den, 100)!;
    expect(ward).toMatchObject({ name: 'Muirend', numerator: num, denominator: den, suppressed: false });
    expect(Object.keys(ward).sort()).toEqual(['code', 'denominator', 'lowerConfidenceInterval', 'name', 'note', 'numerator', 'rank', 'significance', 'suppressed', 'suppressionReason', 'upperConfidenceInterval', 'value']);
    expect(ward.value).toBeCloseTo((100 * num) / den, 10);
    expect(ward.lowerConfidenceInterval).toBeCloseTo(interval.lower, 10);
    expect(ward.upperConfidenceInterval).toBeCloseTo(interval.upper, 10);
    const mean = rows.reduce((n, r) => n + (100 * Number(r[3])) / Number(r[4]), 0) / rows.length;
    expect(ward.value).not.toBeCloseTo(mean, 6); // never the average of the rates
  });

  it('suppresses every total containing a withheld data zone, never counting it as zero', async () => {
    const { body } = await get('/api/v1/indicators/test_pct/values?level=council&period=2020/21');
    const eastmuir = body.areas.find((a: { code: string }) => a.code === 'S12000001');
    expect(eastmuir).toMatchObject({ value: null, numerator: null, suppressed: true, suppressionReason: 'withheld_at_source' });
    expect(body.comparator).toMatchObject({ code: 'S92000003', suppressed: true, suppressionReason: 'withheld_at_source' });
    const westhaugh = body.areas.find((a: { code: string }) => a.code === 'S12000002');
    expect(westhaugh.suppressed).toBe(false);
  });

  it('suppresses counts from 1 to 4 after aggregation, and shows them once summed past the threshold', async () => {
    const { body: zones } = await get('/api/v1/indicators/test_events/values?level=dz2011&period=2019');
    const byCode = Object.fromEntries(zones.areas.map((a: { code: string }) => [a.code, a]));
    expect(byCode.S01000001).toMatchObject({ suppressed: true, suppressionReason: 'small_count', value: null }); // 2 events
    expect(byCode.S01000003).toMatchObject({ suppressed: false, value: 0 }); // none is not disclosive
    expect(byCode.S01000004).toMatchObject({ suppressed: false, value: 7 });
    const { body: izs } = await get('/api/v1/indicators/test_events/values?level=iz2011&period=2019');
    // IZ S02000001 = zones 1, 2, 5: 2 + 3 + 1 = 6 events, shown though each zone alone is suppressed.
    expect(izs.areas.find((a: { code: string }) => a.code === 'S02000001')).toMatchObject({ value: 6, suppressed: false });
  });

  it('serves medians only at their native level', async () => {
    const { body } = await get('/api/v1/indicators/test_median_price/values?level=council');
    expect(body.areas.every((a: { suppressionReason: string }) => a.suppressionReason === 'not_aggregable')).toBe(true);
    const { body: zones } = await get('/api/v1/indicators/test_median_price/values?level=dz2011');
    expect(zones.areas.find((a: { code: string }) => a.code === 'S01000008').value).toBe(157000);
  });

  it('weights means by population, and ranks areas by value', async () => {
    const { body } = await get('/api/v1/indicators/test_score/values?level=council');
    const values = body.areas.map((a: { value: number }) => a.value);
    expect(values.every((v: number) => v > 6 && v < 8)).toBe(true);
    expect(body.areas.map((a: { rank: number }) => a.rank).sort()).toEqual([1, 2]);
  });

  it('defaults to the latest period and lists every period', async () => {
    const { body } = await get('/api/v1/indicators/test_pct/values?level=council');
    expect(body.period.label).toBe('2020/21');
    expect(body.periods).toEqual(['2019/20', '2020/21']);
  });

  it.each([
    ['/api/v1/indicators/nope/values?level=council', 404, 'No indicator "nope"'],
    ['/api/v1/indicators/test_pct/values?level=wards', 400, 'Unknown level "wards". Levels in this build: dz2011'],
    ['/api/v1/indicators/test_pct/values?level=council&period=1999', 400, 'test_pct has no period "1999". Periods: 2019/20, 2020/21.'],
    ['/api/v1/indicators/test_pct/values', 400, 'level'],
    ['/api/v1/indicators/DROP%20TABLE/values?level=council', 400, 'indicator'],
  ])('%s → %i', async (url, status, message) => {
    const response = await get(url);
    expect(response.status).toBe(status);
    expect(response.body.message).toContain(message);
  });
});
