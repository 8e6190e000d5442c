import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appFor, buildMiniDatabase } from './miniApp.ts';

interface Item { code: string; latest: { period: string; value: number | null; suppressed: boolean } | null; trend: { period: string; value: number | null }[]; comparators: { level: string; code: string; value: number | null; significance: string }[]; rank: { rank: number; of: number; among: string } | null }

describe('GET /api/v1/areas/:level/:code/profile', () => {
  let app: FastifyInstance;
  const get = async (url: string) => {
    const response = await app.inject({ url });
    return { status: response.statusCode, body: response.json() };
  };
  const item = (body: { indicators: Item[] }, code: string) => body.indicators.find((i) => i.code === code)!;

  beforeAll(async () => {
    app = await appFor((await buildMiniDatabase()).file);
  });
  afterAll(() => app?.close());

  it("gives a ward's indicators with their trend, its council and Scotland, and its rank among the council's wards", async () => {
    const { status, body } = await get('/api/v1/areas/ward2017/S13000001/profile');
    expect(status).toBe(200);
    expect(body.area).toMatchObject({ code: 'S13000001', name: 'Muirend', dataZones: 3 });
    const pct = item(body, 'test_pct');
    expect(pct.trend.map((t) => t.period)).toEqual(['2019/20', '2020/21']);
    expect(pct.comparators.map((c) => [c.level, c.code])).toEqual([['council', 'S12000001'], ['scotland', 'S92000003']]);
    // The same figure as the values route gives for the ward.
    const values = (await get('/api/v1/indicators/test_pct/values?level=ward2017&period=2019/20')).body;
    expect(pct.trend[0]!.value).toBe(values.areas.find((a: { code: string }) => a.code === 'S13000001').value);
    // 2020/21 contains a withheld data zone: suppressed, so unranked.
    expect(pct.latest).toMatchObject({ period: '2020/21', suppressed: true });
    expect(pct.rank).toBeNull();
    // Wards in Eastmuir: S13000001 and S13000002 (S13000003 is in Westhaugh).
    expect(item(body, 'simd_income_deprived_pct').rank).toMatchObject({ of: 2, among: 'multi-member wards (2017) in Eastmuir' });
  });

  it('compares with the comparator only where the figures allow, and says so in plain words', async () => {
    const { body } = await get('/api/v1/areas/ward2017/S13000001/profile');
    const pct = item(body, 'test_pct');
    expect(pct.comparators.find((c) => c.level === 'council')!.significance).toBe('not_tested'); // Eastmuir's 2020/21 total is withheld
    expect(item(body, 'test_events').comparators.every((c) => c.significance === 'not_tested')).toBe(true); // counts are not compared
    expect(body.summary.some((s: string) => s.startsWith('Compared with Scotland, Muirend is significantly'))).toBe(true);
  });

  it('filters by theme, and refuses unknown themes, levels and areas', async () => {
    const { body } = await get('/api/v1/areas/council/S12000002/profile?theme=healthier');
    expect(body.indicators.every((i: { theme: string }) => i.theme === 'healthier')).toBe(true);
    expect(body.indicators.length).toBeGreaterThan(2);
    expect((await get('/api/v1/areas/council/S12000002/profile?theme=wealth')).body.message).toContain('Unknown theme "wealth". Themes: population');
    expect((await get('/api/v1/areas/wards/S13000001/profile')).status).toBe(400);
    expect((await get('/api/v1/areas/ward2017/S13999999/profile')).status).toBe(404);
  });
});
