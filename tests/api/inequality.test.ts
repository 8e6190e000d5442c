import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDatabase } from '../../etl/src/build.ts';
import { scratchFile } from '../../etl/src/testing.ts';
import { appFor } from './miniApp.ts';
import { twelveZoneFixture } from './twelveZones.ts';

/** Rows of a CSV in the fixture copy (these files quote no commas). */
function rows(text: string): Record<string, string>[] {
  const [head, ...lines] = text.trim().split(/\r?\n/);
  const header = head!.split(',').map((c) => c.replaceAll('"', ''));
  return lines.map((line) => Object.fromEntries(line.split(',').map((c, i) => [header[i]!, c.replaceAll('"', '')])));
}

interface Zone { dz: string; rank: number; population: number; council: string }

/** Weighted least squares of y on x by the normal equations (Cramer's rule): the SII and its 95% interval. */
function leastSquares(points: { x: number; y: number; w: number }[]) {
  const s0 = points.reduce((s, p) => s + p.w, 0);
  const s1 = points.reduce((s, p) => s + p.w * p.x, 0);
  const s2 = points.reduce((s, p) => s + p.w * p.x * p.x, 0);
  const t0 = points.reduce((s, p) => s + p.w * p.y, 0);
  const t1 = points.reduce((s, p) => s + p.w * p.x * p.y, 0);
  const det = s0 * s2 - s1 * s1;
  const slope = (s0 * t1 - s1 * t0) / det;
  const intercept = (t0 - slope * s1) / s0;
  const rss = points.reduce((s, p) => s + p.w * (p.y - intercept - slope * p.x) ** 2, 0);
  const df = points.length - 2;
  const t = { 3: 3.182446305, 8: 2.306004135 }[df]!;
  const se = Math.sqrt(((rss / df) * s0) / det);
  return { slope, intercept, sii: -slope, lower: -slope - t * se, upper: -slope + t * se };
}

/** Ridits of bands (most deprived first): midpoints of cumulative population share. */
function ridits(populations: number[]): number[] {
  const total = populations.reduce((a, b) => a + b, 0);
  let before = 0;
  return populations.map((p) => {
    const r = (before + p / 2) / total;
    before += p;
    return r;
  });
}

describe('GET /api/v1/areas/:level/:code/inequality and /dispersion', () => {
  let app: FastifyInstance;
  let zones: Zone[];
  let observations: Record<string, string>[];
  const get = async (url: string) => {
    const response = await app.inject({ url });
    return { status: response.statusCode, body: response.json() };
  };
  const obs = (indicator: string, period: string, dz: string) => observations.find((o) => o.indicator_id === indicator && o.period === period && o.dz_code === dz)!;
  /** Σ numerator ÷ Σ denominator × multiplier over some data zones: the roll-up, by hand. */
  const ratio = (indicator: string, period: string, dzs: string[], multiplier: number) => {
    const found = dzs.map((dz) => obs(indicator, period, dz));
    return (found.reduce((s, o) => s + Number(o.numerator), 0) / found.reduce((s, o) => s + Number(o.denominator), 0)) * multiplier;
  };

  beforeAll(async () => {
    const fixture = twelveZoneFixture();
    const out = scratchFile('inequality.duckdb');
    await buildDatabase({ manifest: fixture.manifest, baseDir: fixture.dir, out });
    app = await appFor(out);
    const population = new Map(rows(fixture.read('population_2020.csv')).filter((r) => r.sex === 'All').map((r) => [r.dz11_code!, Number(r.total_population)]));
    const council = new Map(rows(fixture.read('lookup_dz.csv')).map((r) => [r.DZ2011_Code!, r.LA_Code!]));
    zones = rows(fixture.read('simd_ranks.csv')).map((r) => ({ dz: r.dz11_code!, rank: Number(r.IMD_rank), population: population.get(r.dz11_code!)!, council: council.get(r.dz11_code!)! }));
    observations = rows(fixture.read('observations.csv'));
  });
  afterAll(() => app?.close());

  it('rolls a percentage up by Scotland-wide SIMD decile and fits the SII and RII as ScotPHO does', async () => {
    const { status, body } = await get('/api/v1/areas/scotland/S92000003/inequality?indicator=test_pct&period=2019/20&bands=deciles');
    expect(status).toBe(200);
    expect(body.deprivation).toEqual({ edition: 'SIMD 2020v2', bands: 'deciles', ranking: 'scotland', dataZonesRanked: 12, dataZonesWithoutRank: 0 });
    // The SG's equal-count deciles of all 6,976 data zones.
    const decile = (rank: number) => Math.ceil((rank * 10) / 6976);
    const bands = Array.from({ length: 10 }, (_, i) => zones.filter((z) => decile(z.rank) === i + 1));
    expect(bands.map((b) => b.length)).toEqual([2, 1, 1, 1, 1, 1, 1, 1, 1, 2]);
    const values = bands.map((b) => ratio('test_pct', '2019/20', b.map((z) => z.dz), 100));
    const populations = bands.map((b) => b.reduce((s, z) => s + z.population, 0));
    expect(body.bands.map((b: { band: number }) => b.band)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    body.bands.forEach((band: { value: number; population: number; dataZones: number; ridit: number; label: string }, i: number) => {
      expect(band.value).toBeCloseTo(values[i]!, 10);
      expect(band.population).toBe(populations[i]);
      expect(band.dataZones).toBe(bands[i]!.length);
      expect(band.ridit).toBeCloseTo(ridits(populations)[i]!, 12);
    });
    expect(body.bands[0].label).toBe('Decile 1 (most deprived)');
    // Band 1 holds zones 1 and 9: (30 + 30) ÷ (626 + 626), never the mean of the two zones' rates.
    expect(body.bands[0].value).toBeCloseTo((60 / 1252) * 100, 10);

    const fit = leastSquares(values.map((y, i) => ({ x: ridits(populations)[i]!, y, w: populations[i]! })));
    const overall = ratio('test_pct', '2019/20', zones.map((z) => z.dz), 100);
    expect(body.overall.value).toBeCloseTo(overall, 10);
    const m = body.inequality;
    expect(m.sii).toBeCloseTo(fit.sii, 10);
    expect(m.siiLower).toBeCloseTo(fit.lower, 8);
    expect(m.siiUpper).toBeCloseTo(fit.upper, 8);
    expect(m.fittedMostDeprived).toBeCloseTo(fit.intercept, 10);
    expect(m.fittedLeastDeprived).toBeCloseTo(fit.intercept + fit.slope, 10);
    expect(m.rii).toBeCloseTo(fit.sii / overall, 10);
    expect(m.mostDeprivedVsAveragePercent).toBeCloseTo((fit.sii / overall) * 50, 10);
    expect(m.absoluteGap).toBeCloseTo(values[0]! - values[9]!, 10);
    expect(m.relativeGap).toBeCloseTo(values[0]! / values[9]!, 10);
    // Lower in the more deprived deciles, and higher is worse: a gradient in their favour.
    expect(m.sii).toBeLessThan(0);
    expect(m.gradient).toBe('better_in_more_deprived');
    expect(body.summary.join(' ')).toContain('slope index of inequality');
    expect(body.methods.join(' ')).toContain('Low & Low');
  });

  it('uses standardised ratios from summed observed and expected counts, by quintile', async () => {
    const { body } = await get('/api/v1/areas/scotland/S92000003/inequality?indicator=test_sr');
    const quintile = (rank: number) => Math.ceil((rank * 5) / 6976);
    const bands = Array.from({ length: 5 }, (_, i) => zones.filter((z) => quintile(z.rank) === i + 1));
    const values = bands.map((b) => ratio('test_sr', '2017-2019', b.map((z) => z.dz), 100));
    const populations = bands.map((b) => b.reduce((s, z) => s + z.population, 0));
    expect(body.bands.map((b: { value: number }) => b.value)).toEqual(values.map((v) => expect.closeTo(v, 10)));
    const fit = leastSquares(values.map((y, i) => ({ x: ridits(populations)[i]!, y, w: populations[i]! })));
    expect(body.inequality.sii).toBeCloseTo(fit.sii, 10);
    expect(body.inequality.siiLower).toBeCloseTo(fit.lower, 8);
    expect(body.inequality.rii).toBeCloseTo(fit.sii / ratio('test_sr', '2017-2019', zones.map((z) => z.dz), 100), 10);
  });

  it("re-ranks the area's own data zones into local bands of equal population for a weighted mean", async () => {
    const { status, body } = await get('/api/v1/areas/scotland/S92000003/inequality?indicator=test_score&ranking=local&bands=quintiles');
    expect(status).toBe(200);
    // Each zone joins the band holding the midpoint of its cumulative population share.
    const byRank = [...zones].sort((a, b) => a.rank - b.rank);
    const total = byRank.reduce((s, z) => s + z.population, 0);
    const bands: Zone[][] = [[], [], [], [], []];
    let before = 0;
    for (const zone of byRank) {
      bands[Math.min(4, Math.floor(((before + zone.population / 2) / total) * 5))]!.push(zone);
      before += zone.population;
    }
    expect(body.bands.map((b: { dataZones: number }) => b.dataZones)).toEqual(bands.map((b) => b.length));
    // A population-weighted mean: Σ(score × people) ÷ Σ people.
    const mean = (b: Zone[]) => b.reduce((s, z) => s + Number(obs('test_score', '2021', z.dz).value) * z.population, 0) / b.reduce((s, z) => s + z.population, 0);
    const values = bands.map(mean);
    const populations = bands.map((b) => b.reduce((s, z) => s + z.population, 0));
    body.bands.forEach((band: { value: number }, i: number) => expect(band.value).toBeCloseTo(values[i]!, 10));
    const fit = leastSquares(values.map((y, i) => ({ x: ridits(populations)[i]!, y, w: populations[i]! })));
    expect(body.inequality.sii).toBeCloseTo(fit.sii, 10);
    expect(body.inequality.rii).toBeCloseTo(fit.sii / mean(zones), 10);
    // Scores: higher is better, and they are lower in the more deprived bands.
    expect(body.inequality.gradient).toBe('worse_in_more_deprived');
    expect(body.bands[4].label).toBe('Local quintile 5 (least deprived)');
  });

  it('gives no SII when a band figure is withheld, rather than fitting through the rest', async () => {
    const { status, body } = await get('/api/v1/areas/scotland/S92000003/inequality?indicator=test_pct&period=2020/21&bands=deciles');
    expect(status).toBe(200);
    // S01000006 (rank 5000, decile 8) is withheld in 2020/21.
    expect(body.bands[7]).toMatchObject({ band: 8, value: null, suppressed: true, suppressionReason: 'withheld_at_source' });
    expect(body.inequality).toMatchObject({ sii: null, rii: null, gradient: 'not_tested' });
    expect(body.note).toContain('band 8 has no figure');
    expect(body.overall.suppressed).toBe(true);
    expect(body.inequality.absoluteGap).toBeCloseTo(ratio('test_pct', '2020/21', ['S01000001', 'S01000009'], 100) - ratio('test_pct', '2020/21', ['S01000012', 'S01000008'], 100), 10);
  });

  it('refuses areas with too few data zones, counts, medians and unknown names with a 4xx that says what to fix', async () => {
    const tooFew = await get('/api/v1/areas/council/S12000001/inequality?indicator=test_pct');
    expect(tooFew.status).toBe(422);
    expect(tooFew.body.message).toBe('Eastmuir has 8 data zones with a SIMD rank; inequality by deprivation band needs at least 10. Try a larger area.');
    expect((await get('/api/v1/areas/dz2011/S01000001/inequality?indicator=test_pct')).status).toBe(422);
    const count = await get('/api/v1/areas/scotland/S92000003/inequality?indicator=test_events');
    expect(count.status).toBe(400);
    expect(count.body.message).toContain('test_events is a count');
    const median = await get('/api/v1/areas/scotland/S92000003/inequality?indicator=test_median_price');
    expect(median.status).toBe(400);
    expect(median.body.message).toContain('cannot be combined across data zones');
    const cases: [string, number, string][] = [
      ['/api/v1/areas/scotland/S92000003/inequality?indicator=no_such_thing', 404, 'No indicator "no_such_thing"'],
      ['/api/v1/areas/wards/S92000003/inequality?indicator=test_pct', 400, 'Unknown level "wards"'],
      ['/api/v1/areas/council/S12999999/inequality?indicator=test_pct', 404, 'No Council area with code "S12999999"'],
      ['/api/v1/areas/scotland/S92000003/inequality?indicator=test_pct&bands=tertiles', 400, 'query parameter "bands" must match pattern "^(deciles|quintiles)$"'],
      ['/api/v1/areas/scotland/S92000003/inequality?indicator=test_pct&ranking=council', 400, 'query parameter "ranking"'],
      ['/api/v1/areas/scotland/S92000003/inequality?indicator=test_pct&edition=SIMD%202012', 400, 'Unknown SIMD edition "SIMD 2012". Editions in this build: SIMD 2020v2.'],
      ['/api/v1/areas/scotland/S92000003/inequality?indicator=test_pct&period=2030', 400, 'test_pct has no period "2030"'],
      ['/api/v1/areas/scotland/S92000003/inequality', 400, 'query parameter "indicator"'],
      ['/api/v1/areas/scotland/S92000003/inequality?indicator=Robert%27)%3B', 400, 'query parameter "indicator" must match pattern'],
    ];
    for (const [url, status, message] of cases) {
      const response = await get(url);
      expect({ url, status: response.status }).toEqual({ url, status });
      expect(response.body.message).toContain(message);
    }
  });

  it("measures how unequal an area's data zones are: weighted CV and 90:10 ratio from the zones' own roll-ups", async () => {
    const { status, body } = await get('/api/v1/areas/council/S12000001/dispersion?indicator=test_pct&period=2019/20&childLevel=dz2011');
    expect(status).toBe(200);
    const eastmuir = zones.filter((z) => z.council === 'S12000001');
    const points = eastmuir.map((z) => ({ value: ratio('test_pct', '2019/20', [z.dz], 100), weight: z.population }));
    const total = points.reduce((s, p) => s + p.weight, 0);
    const mean = points.reduce((s, p) => s + p.value * p.weight, 0) / total;
    const sd = Math.sqrt(points.reduce((s, p) => s + p.weight * (p.value - mean) ** 2, 0) / total);
    // Weighted percentile: values at the midpoints of their cumulative population share, interpolated.
    const sorted = [...points].sort((a, b) => a.value - b.value);
    let before = 0;
    const at = sorted.map((p) => ((before += p.weight) - p.weight / 2) / total);
    const percentile = (q: number) => {
      if (q <= at[0]!) return sorted[0]!.value;
      const i = at.findIndex((a) => a >= q);
      return sorted[i - 1]!.value + ((q - at[i - 1]!) / (at[i]! - at[i - 1]!)) * (sorted[i]!.value - sorted[i - 1]!.value);
    };
    expect(body.dispersion).toMatchObject({ children: 8, childrenWithValue: 8 });
    expect(body.dispersion.weightedMean).toBeCloseTo(mean, 10);
    expect(body.dispersion.weightedSd).toBeCloseTo(sd, 10);
    expect(body.dispersion.coefficientOfVariation).toBeCloseTo(sd / mean, 10);
    expect(body.dispersion.p10).toBeCloseTo(percentile(0.1), 10);
    expect(body.dispersion.p90).toBeCloseTo(percentile(0.9), 10);
    expect(body.dispersion.p90p10Ratio).toBeCloseTo(percentile(0.9) / percentile(0.1), 10);
    expect(body.children).toHaveLength(8);
    expect(body.children[0].value).toBe(Math.max(...points.map((p) => p.value)));
    expect(body.areaValue.value).toBeCloseTo(ratio('test_pct', '2019/20', eastmuir.map((z) => z.dz), 100), 10);
  });

  it("defaults to intermediate zones, leaves withheld parts out, and refuses what it cannot measure", async () => {
    const { status, body } = await get('/api/v1/areas/scotland/S92000003/dispersion?indicator=test_pct&period=2019/20');
    expect(status).toBe(200);
    expect(body.childLevel.key).toBe('iz2011');
    expect(body.children.map((c: { code: string }) => c.code).sort()).toEqual(['S02000001', 'S02000002', 'S02000003']);
    const westhaugh = body.children.find((c: { code: string }) => c.code === 'S02000003');
    expect(westhaugh.value).toBeCloseTo(ratio('test_pct', '2019/20', ['S01000004', 'S01000008', 'S01000011', 'S01000012'], 100), 10);

    const withheld = await get('/api/v1/areas/council/S12000001/dispersion?indicator=test_pct&period=2020/21&childLevel=dz2011');
    expect(withheld.body.dispersion).toMatchObject({ children: 8, childrenWithValue: 7 });
    expect(withheld.body.note).toBe('1 of the 8 data zones (2011) have no figure (withheld, incomplete or without people) and are left out.');
    expect(withheld.body.children.at(-1)).toMatchObject({ code: 'S01000006', value: null, suppressed: true });

    const tooFew = await get('/api/v1/areas/council/S12000001/dispersion?indicator=test_pct&period=2019/20');
    expect(tooFew.status).toBe(422);
    expect(tooFew.body.message).toContain('Only 2 of the 2 intermediate zones in Eastmuir have a figure');
    const cases: [string, number, string][] = [
      ['/api/v1/areas/council/S12000001/dispersion?indicator=test_events&childLevel=dz2011', 400, 'test_events is a count'],
      ['/api/v1/areas/council/S12000001/dispersion?indicator=test_median_price', 400, 'use childLevel=dz2011'],
      ['/api/v1/areas/council/S12000001/dispersion?indicator=test_pct&childLevel=council', 400, 'Levels inside a council area: dz2011, iz2011, ward2017, locality'],
      ['/api/v1/areas/council/S12000001/dispersion?indicator=test_pct&childLevel=parish', 400, 'Unknown level "parish" (query parameter "childLevel")'],
      ['/api/v1/areas/dz2011/S01000001/dispersion?indicator=test_pct', 400, 'No level lies inside a data zone (2011)'],
      ['/api/v1/areas/council/S12000001/dispersion?indicator=nothing_here', 404, 'No indicator "nothing_here"'],
      ['/api/v1/areas/council/S12000001/dispersion', 400, 'query parameter "indicator"'],
    ];
    for (const [url, status, message] of cases) {
      const response = await get(url);
      expect({ url, status: response.status }).toEqual({ url, status });
      expect(response.body.message).toContain(message);
    }
    // Medians do compare across the data zones they are published for.
    const medians = await get('/api/v1/areas/council/S12000002/dispersion?indicator=test_median_price&childLevel=dz2011');
    expect(medians.status).toBe(200);
    expect(medians.body.dispersion.childrenWithValue).toBe(4);
  });
});
