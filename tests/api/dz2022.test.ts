import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDz2022Database } from './dz2022Fixture.ts';
import { appFor } from './miniApp.ts';

/**
 * Indicators published on 2022 data zones, over the 2022 data zones fixture (its README gives
 * every zone and the sums below). births and ltc_pct are on 2022 zones, admissions_pct on 2011
 * zones; nothing links the two sets.
 */

interface Figure {
  code: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  suppressed: boolean;
  suppressionReason: string | null;
}

const NOT_LINKED = '2022 and 2011 data zones are not linked: no official lookup between them is published in the data this build holds';
// The DZ2022 lookup carries the 2024 edition's columns: police divisions, fire areas, constituencies and urban-rural classes too.
const LEVELS_OF_2022_ZONES = ['dz2022', 'iz2022', 'ward2022', 'hscp', 'police_division', 'fire_lso2024', 'spc2011', 'ukpc2024', 'urban_rural6_2020', 'council', 'health_board', 'scotland'];

describe('indicators published on 2022 data zones', () => {
  let app: FastifyInstance;
  const get = async (url: string) => {
    const response = await app.inject({ url });
    return { status: response.statusCode, body: response.json() };
  };
  /** One indicator at one level, as code → [numerator, denominator, value]. */
  const values = async (indicator: string, level: string, period: string) => {
    const { status, body } = await get(`/api/v1/indicators/${indicator}/values?level=${level}&period=${period}`);
    expect(status, JSON.stringify(body)).toBe(200);
    return { body, figures: Object.fromEntries((body.areas as Figure[]).map((a) => [a.code, [a.numerator, a.denominator, a.value]])) };
  };

  beforeAll(async () => {
    app = await appFor((await buildDz2022Database()).file);
  });
  afterAll(() => app?.close());

  it('roll counts up to 2022 wards and councils through the 2022 zones, and Scotland beside them', async () => {
    const wards = await values('births', 'ward2022', '2022');
    expect(wards.figures).toEqual({ S13000001: [13, null, 13], S13000002: [10, null, 10], S13000003: [13, null, 13] });
    expect(wards.body.comparator).toMatchObject({ code: 'S92000003', numerator: 36, value: 36, suppressed: false });
    const councils = await values('births', 'council', '2023');
    expect(councils.figures).toEqual({ S12000001: [34, null, 34], S12000002: [18, null, 18] });
    expect(councils.body.comparator).toMatchObject({ numerator: 52, value: 52 });
  });

  it('re-derive ratios from the summed numerators and denominators', async () => {
    const wards = await values('ltc_pct', 'ward2022', '2022');
    expect(wards.figures).toEqual({
      S13000001: [130, 1200, (130 / 1200) * 100], S13000002: [140, 1100, (140 / 1100) * 100], S13000003: [100, 1200, (100 / 1200) * 100],
    });
    const councils = await values('ltc_pct', 'council', '2023');
    expect(councils.figures).toEqual({ S12000001: [307, 2300, (307 / 2300) * 100], S12000002: [114, 1200, 9.5] });
    expect(councils.body.comparator).toMatchObject({ numerator: 421, denominator: 3500, value: (421 / 3500) * 100 });
    // Westhaugh (9.5%) against Scotland (12.0%): lower, and higher is worse.
    expect(councils.body.areas.find((a: Figure) => a.code === 'S12000002').significance).toBe('better');
  });

  it('withhold a small count in a data zone and publish the ward that holds it, disclosure running after aggregation', async () => {
    const zones = await get('/api/v1/indicators/births/values?level=dz2022&period=2022');
    const zone = zones.body.areas.find((a: Figure) => a.code === 'S01013482');
    expect(zone).toMatchObject({ suppressed: true, suppressionReason: 'small_count', value: null });
    expect(zones.body.comparator).toBeNull();
    const { figures } = await values('births', 'ward2022', '2022');
    expect(figures.S13000001).toEqual([13, null, 13]); // 3 + 4 + 6, its zones of 3 and 4 withheld
  });

  it('reach 2022 intermediate zones, which only 2022 zones make up', async () => {
    expect((await values('births', 'iz2022', '2022')).figures).toEqual({
      S02002515: [7, null, 7], S02002516: [6, null, 6], S02002517: [10, null, 10], S02002518: [13, null, 13],
    });
    expect((await values('ltc_pct', 'iz2022', '2022')).figures.S02002515).toEqual([100, 900, (100 / 900) * 100]);
  });

  it.each(['iz2011', 'dz2011'])('are refused at %s, which only 2011 zones make up, saying why', async (level) => {
    const { status, body } = await get(`/api/v1/indicators/ltc_pct/values?level=${level}`);
    expect(status).toBe(404);
    expect(body.message).toMatch(/^Residents with a long-term condition \(%\) \(ltc_pct\) is published on 2022 data zones, and .* (are built from 2011 data zones only|are 2011 data zones themselves)\./);
    expect(body.message).toContain(NOT_LINKED);
    expect(body.message).toContain(`It can be shown at: ${LEVELS_OF_2022_ZONES.join(', ')}.`);
  });

  it('leave 2011 indicators rolling up through the 2011 zones, and refuse them at 2022 intermediate zones', async () => {
    expect((await values('admissions_pct', 'ward2022', '2022')).figures).toEqual({
      S13000001: [46, 1350, (46 / 1350) * 100], S13000002: [70, 1550, (70 / 1550) * 100], S13000003: [45, 1500, 3],
    });
    expect((await values('admissions_pct', 'council', '2022')).figures.S12000001).toEqual([116, 2900, 4]);
    const { status, body } = await get('/api/v1/indicators/admissions_pct/values?level=iz2022');
    expect(status).toBe(404);
    expect(body.message).toMatch(/^Residents admitted to hospital \(%\) \(admissions_pct\) is published on 2011 data zones, and intermediate zones \(2022\) are built from 2022 data zones only\./);
    expect(body.message).toContain(NOT_LINKED);
  });

  it('list in their metadata exactly the levels they can be shown at, and say in words that the two sets are not linked', async () => {
    const births = (await get('/api/v1/indicators/births')).body;
    expect(births.indicator).toMatchObject({ vintage: 'dz2022', nativeLevel: 'dz2022' });
    expect(births.levels).toEqual(LEVELS_OF_2022_ZONES);
    expect(births.levelsNote).toContain('Published on 2022 data zones');
    expect(births.levelsNote).toContain(NOT_LINKED);
    expect(births.levelsNote).toMatch(/no figures for data zones \(2011\) and intermediate zones\.$/);
    const admissions = (await get('/api/v1/indicators/admissions_pct')).body;
    expect(admissions.levels).toEqual(['dz2011', 'iz2011', 'ward2022', 'hscp', 'police_division', 'fire_lso2024', 'spc2011', 'ukpc2024', 'urban_rural6_2020', 'council', 'health_board', 'scotland']);
    expect(admissions.levelsNote).toMatch(/no figures for data zones \(2022\) and intermediate zones \(2022\)\.$/);
    // Every level the metadata lists answers; every other one refuses.
    for (const level of (await get('/api/v1/levels')).body.levels.map((l: { key: string }) => l.key)) {
      expect((await get(`/api/v1/indicators/births/values?level=${level}`)).status, level).toBe(LEVELS_OF_2022_ZONES.includes(level) ? 200 : 404);
    }
  });

  it("appear in a 2022 ward's profile with its council and Scotland from 2022 zones, beside 2011 indicators from 2011 zones", async () => {
    const { status, body } = await get('/api/v1/areas/ward2022/S13000001/profile');
    expect(status).toBe(200);
    const item = (code: string) => body.indicators.find((i: { code: string }) => i.code === code);
    const births = item('births');
    expect(births.trend.map((t: Figure & { period: string }) => [t.period, t.value])).toEqual([['2022', 13], ['2023', 20]]);
    expect(births.comparators.map((c: Figure & { level: string }) => [c.level, c.code, c.value])).toEqual([['council', 'S12000001', 34], ['scotland', 'S92000003', 52]]);
    expect(births.rank).toEqual({ rank: 1, of: 2, among: 'multi-member wards (2022) in Eastmuir' });
    const ltc = item('ltc_pct');
    expect(ltc.latest).toMatchObject({ period: '2023', numerator: 156, denominator: 1200, value: 13 });
    expect(ltc.comparators.map((c: Figure) => [c.numerator, c.denominator])).toEqual([[307, 2300], [421, 3500]]);
    const admissions = item('admissions_pct');
    expect(admissions.latest).toMatchObject({ numerator: 46, denominator: 1350 });
    expect(admissions.comparators.map((c: Figure) => [c.numerator, c.denominator])).toEqual([[116, 2900], [161, 4400]]);
  });

  it("make up a council's profile, and the whole of a 2022 intermediate zone's", async () => {
    const council = (await get('/api/v1/areas/council/S12000002/profile')).body;
    const ltc = council.indicators.find((i: { code: string }) => i.code === 'ltc_pct');
    expect(ltc.latest).toMatchObject({ numerator: 114, denominator: 1200, value: 9.5 });
    expect(ltc.comparators).toMatchObject([{ level: 'scotland', numerator: 421, denominator: 3500 }]);
    const iz = (await get('/api/v1/areas/iz2022/S02002515/profile')).body;
    expect(iz.area).toMatchObject({ level: 'iz2022', dataZones: 2, population: null });
    expect(iz.indicators.map((i: { code: string }) => i.code).sort()).toEqual(['births', 'ltc_pct']);
    expect(iz.indicators.find((i: { code: string }) => i.code === 'ltc_pct').latest).toMatchObject({ numerator: 120, denominator: 900 });
  });

  it("are left out of a 2011 intermediate zone's profile, which says so", async () => {
    const { body } = await get('/api/v1/areas/iz2011/S02000001/profile');
    expect(body.indicators.map((i: { code: string }) => i.code).sort()).toEqual(['admissions_pct', 'pop_total']);
    expect(body.summary.at(-1)).toBe('2 indicators published on 2022 data zones are not shown: intermediate zones are built from 2011 data zones only, and 2022 and 2011 data zones are not linked.');
  });

  it('fill tables at the levels they reach, with council and Scotland comparators, and refuse the others with the reason', async () => {
    const response = await app.inject({ url: '/api/v1/tables?level=ward2022&indicators=ltc_pct,admissions_pct&periods=2022' });
    expect(response.statusCode).toBe(200);
    const { columns, rows } = response.json() as { columns: { name: string }[]; rows: unknown[][] };
    const at = (name: string) => columns.findIndex((c) => c.name === name);
    const cell = (area: string, indicator: string, name: string) => rows.find((r) => r[at('area_code')] === area && r[at('indicator_code')] === indicator)![at(name)];
    expect(rows).toHaveLength(6);
    expect([cell('S13000002', 'ltc_pct', 'numerator'), cell('S13000002', 'ltc_pct', 'denominator')]).toEqual([140, 1100]);
    expect(cell('S13000002', 'ltc_pct', 'council_value')).toBeCloseTo((270 / 2300) * 100, 10);
    expect(cell('S13000002', 'ltc_pct', 'comparator_value')).toBeCloseTo((370 / 3500) * 100, 10);
    expect(cell('S13000003', 'admissions_pct', 'value')).toBe(3);
    expect(cell('S13000003', 'admissions_pct', 'council_value')).toBe(3);
    expect(cell('S13000003', 'admissions_pct', 'comparator_value')).toBeCloseTo((161 / 4400) * 100, 10);

    const refused = await app.inject({ url: '/api/v1/tables?level=iz2011&indicators=admissions_pct,births' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().message).toContain('No figures on dz2011 data zones for "births", so none for intermediate zones. "births" is published on 2022 data zones, and intermediate zones are built from 2011 data zones only.');
  });

  it('compare a 2022 ward with itself a year earlier, and refuse the change where 2022 zones do not reach', async () => {
    const { status, body } = await get('/api/v1/areas/ward2022/S13000001/change?indicator=ltc_pct');
    expect(status).toBe(200);
    expect(body.area).toMatchObject({ dataZones: 3 });
    expect(body.from).toMatchObject({ period: '2022', numerator: 130, denominator: 1200 });
    expect(body.to).toMatchObject({ period: '2023', numerator: 156, denominator: 1200, value: 13 });
    expect(body.change.difference).toBeCloseTo(13 - (130 / 1200) * 100, 10);
    expect(body.change.method).toBe('two_proportion_z');
    const refused = await get('/api/v1/areas/iz2011/S02000001/change?indicator=ltc_pct');
    expect(refused.status).toBe(404);
    expect(refused.body.message).toContain(NOT_LINKED);
  });

  it('are refused for deprivation bands (SIMD ranks 2011 zones) and for custom areas (made of 2011 zones)', async () => {
    const bands = await get('/api/v1/areas/council/S12000001/inequality?indicator=ltc_pct');
    expect(bands.status).toBe(404);
    expect(bands.body.message).toContain('SIMD ranks 2011 data zones');
    const custom = await app.inject({ method: 'POST', url: '/api/v1/custom-areas/values?indicator=births', payload: { dataZones: ['S01000001', 'S01000002', 'S01000003'] } });
    expect(custom.statusCode).toBe(404);
    expect(custom.json().message).toContain('custom areas are made of 2011 data zones');
  });
});

describe('2022 intermediate zones, which have no shapes and no population', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await appFor((await buildDz2022Database()).file);
  });
  afterAll(() => app?.close());

  it('are listed and described, with their 2022 data zones', async () => {
    const search = await app.inject({ url: '/api/v1/areas?level=iz2022&q=eastmuir' });
    expect(search.statusCode).toBe(200);
    expect(search.json().areas.map((a: { code: string }) => a.code).sort()).toEqual(['S02002515', 'S02002516', 'S02002517']);
    const area = await app.inject({ url: '/api/v1/areas/iz2022/S02002515' });
    expect(area.statusCode).toBe(200);
    expect(area.json()).toMatchObject({
      population: null, areaKm2: null, centroid: null, bbox: null, dataZones: 2,
      parents: [{ level: 'council', code: 'S12000001' }, { level: 'scotland', code: 'S92000003' }],
      children: [{ level: 'dz2022', count: 2 }],
    });
  });

  it('have no tiles or topology, and say so', async () => {
    for (const url of ['/tiles/iz2022.json', '/tiles/iz2022/8/125/78.pbf', '/api/v1/levels/iz2022/topology']) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(404);
      expect(response.json().message, url).toMatch(/^Level "iz2022" has no boundaries in this build/);
    }
  });

  it('cannot weight a spread, hold no spend and have no neighbours on population, each said plainly', async () => {
    const spread = await app.inject({ url: '/api/v1/areas/council/S12000001/dispersion?indicator=ltc_pct' });
    expect(spread.statusCode).toBe(422);
    expect(spread.json().message).toBe('Intermediate zones (2022) have no population estimates in this build (the estimates are on 2011 data zones), so the spread of their figures cannot be weighted by population.');
    const spend = await app.inject({ url: '/api/v1/spend?level=iz2022&area=S02002515' });
    expect(spend.statusCode).toBe(404);
    expect(spend.json().message).toMatch(/^Spend is placed in 2011 data zones, and intermediate zones \(2022\) are built from 2022 data zones only\./);
    const similar = await app.inject({ url: '/api/v1/areas/iz2022/S02002515/similar' });
    expect(similar.statusCode).toBe(422);
    const triage = await app.inject({ url: '/api/v1/areas/iz2022/S02002515/triage?comparator=council' });
    expect(triage.statusCode).toBe(200);
    expect(triage.json().counts.tested).toBe(1); // ltc_pct: a proportion with a direction and two periods
  });
});
