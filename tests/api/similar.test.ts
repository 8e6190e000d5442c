import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appFor, buildMiniDatabase, fixtureRows } from './miniApp.ts';

const IZ_ZONES: Record<string, string[]> = {
  S02000001: ['S01000001', 'S01000002', 'S01000005'],
  S02000002: ['S01000003', 'S01000006', 'S01000007'],
  S02000003: ['S01000004', 'S01000008'],
};
const FEATURES = ['population', 'simd_most_deprived_20pc_pct', 'simd_income_deprived_pct', 'simd_employment_deprived_pct', 'pop_65plus_pct'];

/** Each feature of a set of data zones, straight from the fixture CSVs: sums first, then ratios. */
function featuresOf(zones: string[]): number[] {
  const people = fixtureRows('population_2020.csv').filter((r) => r.sex === 'All' && zones.includes(r.dz11_code!));
  const total = people.reduce((s, r) => s + Number(r.total_population), 0);
  const aged65 = people.reduce((s, r) => s + Array.from({ length: 26 }, (_, i) => Number(r[i === 25 ? '90+' : String(65 + i)])).reduce((a, b) => a + b, 0), 0);
  const rank = new Map(fixtureRows('simd_ranks.csv').map((r) => [r.dz11_code!, Number(r.IMD_rank)]));
  const simd = fixtureRows('simd_indicators.csv').filter((r) => zones.includes(r.dz11_code!));
  // SIMD 2020v2's people are those it was built on: the mid-2017 totals its indicator file carries.
  const simdPeople = simd.reduce((s, r) => s + Number(r.Total_population), 0);
  const inMostDeprived = simd.filter((r) => Math.ceil((rank.get(r.dz11_code!)! * 5) / 6976) === 1).reduce((s, r) => s + Number(r.Total_population), 0);
  const share = (count: string, base: string) => (simd.reduce((s, r) => s + Number(r[count]), 0) / simd.reduce((s, r) => s + Number(r[base]), 0)) * 100;
  return [Math.log10(total), (inMostDeprived / simdPeople) * 100, share('Income_count', 'Total_population'), share('Employment_count', 'Working_age_population'), (aged65 / total) * 100];
}

/** z-scores with the sample SD across the areas, and Euclidean distances from the subject. */
function distances(vectors: Map<string, number[]>, subject: string): Map<string, number> {
  const all = [...vectors.values()];
  const k = all[0]!.length;
  const mean = Array.from({ length: k }, (_, j) => all.reduce((s, v) => s + v[j]!, 0) / all.length);
  const sd = Array.from({ length: k }, (_, j) => Math.sqrt(all.reduce((s, v) => s + (v[j]! - mean[j]!) ** 2, 0) / (all.length - 1)));
  const z = (v: number[]) => v.map((x, j) => (x - mean[j]!) / sd[j]!);
  const from = z(vectors.get(subject)!);
  return new Map([...vectors].filter(([code]) => code !== subject).map(([code, v]) => [code, Math.hypot(...z(v).map((x, j) => x - from[j]!))]));
}

describe('GET /api/v1/areas/:level/:code/similar', () => {
  let app: FastifyInstance;
  const get = async (url: string) => {
    const response = await app.inject({ url });
    return { status: response.statusCode, body: response.json() };
  };

  beforeAll(async () => {
    app = await appFor((await buildMiniDatabase()).file);
  });
  afterAll(() => app?.close());

  it('ranks the other intermediate zones by standardised Euclidean distance on size, deprivation and age', async () => {
    const { status, body } = await get('/api/v1/areas/iz2011/S02000001/similar');
    expect(status).toBe(200);
    expect(body.features.map((f: { code: string }) => f.code)).toEqual(FEATURES);
    expect(body.skipped).toEqual([]);
    expect(body.compared).toBe(3);
    const vectors = new Map(Object.entries(IZ_ZONES).map(([code, zones]) => [code, featuresOf(zones)]));
    const expected = distances(vectors, 'S02000001');
    const order = [...expected].sort((a, b) => a[1] - b[1]).map(([code]) => code);
    expect(body.similar.map((s: { code: string }) => s.code)).toEqual(order);
    for (const similar of body.similar) {
      expect(similar.distance).toBeCloseTo(expected.get(similar.code)!, 10);
      // Values are given as published (population in people, not its log).
      expect(similar.values.map((v: { value: number }) => v.value)).toEqual(
        vectors.get(similar.code)!.map((x, j) => expect.closeTo(j === 0 ? 10 ** x : x, 8)),
      );
    }
    const subject = featuresOf(IZ_ZONES.S02000001!);
    body.features.forEach((f: { value: number; transform: string }, j: number) => expect(f.value).toBeCloseTo(j === 0 ? 10 ** subject[j]! : subject[j]!, 8));
    expect(body.features[0].transform).toBe('log10');
  });

  it('compares data zones with data zones, nearest first, and honours the limit', async () => {
    const { body } = await get('/api/v1/areas/dz2011/S01000001/similar?limit=3');
    const codes = fixtureRows('lookup_dz.csv').map((r) => r.DZ2011_Code!);
    const expected = distances(new Map(codes.map((code) => [code, featuresOf([code])])), 'S01000001');
    const nearest = [...expected].sort((a, b) => a[1] - b[1]).slice(0, 3);
    expect(body.compared).toBe(8);
    expect(body.similar.map((s: { code: string; distance: number }) => [s.code, s.distance])).toEqual(nearest.map(([code, d]) => [code, expect.closeTo(d, 10)]));
  });

  it('refuses a level with one area, bad limits and unknown names', async () => {
    const cases: [string, number, string][] = [
      ['/api/v1/areas/scotland/S92000003/similar', 422, 'Scotland is the only area at the Scotland level in this build'],
      ['/api/v1/areas/iz2011/S02000001/similar?limit=0', 400, 'query parameter "limit" must be >= 1'],
      ['/api/v1/areas/iz2011/S02000001/similar?limit=51', 400, 'query parameter "limit" must be <= 50'],
      ['/api/v1/areas/iz2011/S02000001/similar?limit=ten', 400, 'query parameter "limit" must be integer'],
      ['/api/v1/areas/iz2011/S02000009/similar', 404, 'No Intermediate zone with code "S02000009"'],
      ['/api/v1/areas/lsoa/S02000001/similar', 400, 'Unknown level "lsoa"'],
    ];
    for (const [url, status, message] of cases) {
      const response = await get(url);
      expect({ url, status: response.status }).toEqual({ url, status });
      expect(response.body.message).toContain(message);
    }
  });
});
