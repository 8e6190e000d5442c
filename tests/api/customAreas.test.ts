import type { FastifyInstance } from 'fastify';
import proj4 from 'proj4';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BRITISH_NATIONAL_GRID } from '../../geographies/src/crs.ts';
import { proportionInterval, rateInterval } from '../../server/src/stats/confidence.ts';
import { appFor, buildMiniDatabase, fixturePopulation, fixtureRows } from './miniApp.ts';

/**
 * The mini fixture: 8 data zones in a 4 × 2 grid of 1 km squares from (300000, 700000) BNG.
 *   row 701000–702000:  5  6  7  8
 *   row 700000–701000:  1  2  3  4
 * IZ S02000001 = 1, 2, 5; ward S13000001 = 1, 5, 6; locality S99000001 = 1, 2, 3, 5;
 * council Eastmuir (S12000001) = 1, 2, 3, 5, 6, 7; Westhaugh = 4, 8.
 */
const dz = (...numbers: number[]) => numbers.map((n) => `S0100000${n}`);

/** The fixture's observations, summed here from the CSV: what the API must reproduce. */
const observations = fixtureRows('observations.csv');
function sums(indicator: string, period: string, zones: string[]): { numerator: number; denominator: number } {
  const rows = observations.filter((r) => r.indicator_id === indicator && r.period === period && zones.includes(r.dz_code!));
  expect(rows).toHaveLength(zones.length);
  return { numerator: rows.reduce((n, r) => n + Number(r.numerator), 0), denominator: rows.reduce((n, r) => n + Number(r.denominator || 0), 0) };
}

/** A box of British National Grid metres as a WGS84 GeoJSON ring, via proj4 (as the ETL reprojects the boundaries). */
const toLonLat = proj4(BRITISH_NATIONAL_GRID, 'EPSG:4326');
function box(west: number, south: number, east: number, north: number): number[][] {
  const corners = [[west, south], [east, south], [east, north], [west, north], [west, south]];
  return corners.map((c) => toLonLat.forward(c) as number[]);
}

interface Value { value: number | null; numerator: number | null; denominator: number | null; lowerConfidenceInterval: number | null; upperConfidenceInterval: number | null; suppressed: boolean; suppressionReason: string | null; note: string | null }
interface Item { code: string; aggregation: string; latest: (Value & { period: string }) | null; trend: (Value & { period: string })[]; comparators: (Value & { level: string; code: string; significance: string })[]; rank: unknown }

let file: string;
beforeAll(async () => {
  ({ file } = await buildMiniDatabase());
});

/** A fresh app: each has its own memory of recent custom areas. */
function useApp() {
  const state: { app?: FastifyInstance } = {};
  beforeAll(async () => {
    state.app = await appFor(file);
  });
  afterAll(() => state.app?.close());
  const send = async (url: string, payload: unknown, headers: Record<string, string> = {}) => {
    const response = await state.app!.inject({ method: 'POST', url, payload: payload as object, headers });
    return { status: response.statusCode, body: response.json() };
  };
  return {
    profile: (body: unknown) => send('/api/v1/custom-areas/profile', body),
    values: (query: string, body: unknown) => send(`/api/v1/custom-areas/values?${query}`, body),
    get: async (url: string) => (await state.app!.inject({ url })).json(),
    send,
  };
}

const item = (body: { indicators: Item[] }, code: string) => body.indicators.find((i) => i.code === code)!;

describe('POST /api/v1/custom-areas/profile: the same figures as a published area of the same data zones', () => {
  const api = useApp();

  it('zones 1, 2 and 5 give exactly the profile of IZ S02000001, which is made of them (difference 0 reveals nothing new)', async () => {
    const { status, body } = await api.profile({ dataZones: dz(5, 1, 2), name: 'North end' });
    expect(status).toBe(200);
    expect(body.area).toMatchObject({
      name: 'North end', dataZones: 3, population: fixturePopulation(dz(1, 2, 5)), populationYear: 2020,
      members: dz(1, 2, 5).map((code) => expect.objectContaining({ code })),
      council: { level: 'council', code: 'S12000001', name: 'Eastmuir', share: 1 },
    });
    expect(body.disclosure).toMatchObject({ minDataZones: 3, minDifference: 3, sameAs: { level: 'iz2011', code: 'S02000001' }, differencing: null, note: null });

    const iz = await api.get('/api/v1/areas/iz2011/S02000001/profile');
    expect(body.indicators.map((i: Item) => i.code)).toEqual(iz.indicators.map((i: Item) => i.code));
    for (const published of iz.indicators as Item[]) {
      const custom = item(body, published.code);
      expect({ code: custom.code, latest: custom.latest, trend: custom.trend, comparators: custom.comparators }).toEqual({
        code: published.code, latest: published.latest, trend: published.trend, comparators: published.comparators,
      });
      expect(custom.rank).toBeNull(); // a custom area has no siblings
    }
  });

  it('re-derives its figures from the fixture: summed counts, ratios of summed parts, Wilson and Byar intervals', async () => {
    const { body } = await api.profile({ dataZones: dz(1, 2, 5) });
    const events = sums('test_events', '2019', dz(1, 2, 5)); // 2 + 3 + 1: each zone alone is withheld
    const byar = rateInterval(events.numerator, 1, 1)!;
    expect(item(body, 'test_events').trend[0]).toMatchObject({ period: '2019', value: 6, suppressed: false, lowerConfidenceInterval: byar.lower, upperConfidenceInterval: byar.upper });
    const pct = sums('test_pct', '2019/20', dz(1, 2, 5));
    const wilson = proportionInterval(pct.numerator, pct.denominator, 100)!;
    expect(item(body, 'test_pct').trend[0]).toMatchObject({ numerator: pct.numerator, denominator: pct.denominator, lowerConfidenceInterval: wilson.lower, upperConfidenceInterval: wilson.upper });
    expect(item(body, 'test_pct').trend[0]!.value).toBeCloseTo((100 * pct.numerator) / pct.denominator, 10);
    const sr = sums('test_sr', '2017-2019', dz(1, 2, 5));
    expect(item(body, 'test_sr').latest!.value).toBeCloseTo((100 * sr.numerator) / sr.denominator, 10);
    expect(item(body, 'test_median_price').trend[0]).toMatchObject({ suppressed: true, suppressionReason: 'not_aggregable' });
  });

  it('a polygon over the left three columns holds the centres of zones 1, 2, 3, 5, 6 and 7: Eastmuir, with its figures', async () => {
    const polygon = { type: 'Polygon', coordinates: [box(300_000, 700_000, 303_000, 702_000)] };
    const { status, body } = await api.profile({ polygon });
    expect(status).toBe(200);
    expect(body.area.members.map((m: { code: string }) => m.code)).toEqual(dz(1, 2, 3, 5, 6, 7));
    expect(body.area.population).toBe(fixturePopulation(dz(1, 2, 3, 5, 6, 7)));
    expect(body.area.resolution).toMatchObject({ input: 'polygon', given: 5, resolved: 6, unknown: [] });
    expect(body.area.resolution.notes[0]).toContain('stands in for the population-weighted centroid');
    // Eastmuir HSCP and the council are both these six zones; the first level in order is named.
    expect(['S37000001', 'S12000001']).toContain(body.disclosure.sameAs.code);
    const council = await api.get('/api/v1/areas/council/S12000001/profile');
    expect(item(body, 'test_sr').latest).toEqual(item(council, 'test_sr').latest);
  });

  it('a Feature of a MultiPolygon (the outer columns) holds zones 1, 4, 5 and 8', async () => {
    const polygon = { type: 'Feature', properties: { drawnBy: 'test' }, geometry: { type: 'MultiPolygon', coordinates: [[box(300_000, 700_000, 301_000, 702_000)], [box(303_000, 700_000, 304_000, 702_000)]] } };
    const { status, body } = await api.profile({ polygon });
    expect(status).toBe(200);
    expect(body.area.members.map((m: { code: string }) => m.code)).toEqual(dz(1, 4, 5, 8));
    // 1 + 5 are Eastmuir's (1,267 people), 4 + 8 Westhaugh's (1,339): the council holding most people is Westhaugh.
    expect(body.area.council).toMatchObject({ code: 'S12000002' });
    expect(body.area.council.share).toBeCloseTo(fixturePopulation(dz(4, 8)) / fixturePopulation(dz(1, 4, 5, 8)), 10);
    expect(item(body, 'test_pct').comparators.map((c) => c.code)).toEqual(['S12000002', 'S92000003']);
  });

  it('lists unknown codes and 2022 data zones instead of dropping them, and counts duplicates once', async () => {
    const { status, body } = await api.profile({ dataZones: [...dz(1, 2, 5), 's01000001 ', 'S01999999', 'S01013500'] });
    expect(status).toBe(200);
    expect(body.area.dataZones).toBe(3);
    expect(body.area.resolution).toMatchObject({ input: 'dataZones', given: 6, resolved: 3, duplicates: 1, unknown: ['S01999999', 'S01013500'] });
    expect(body.area.resolution.notes).toEqual(['S01013500 is a 2022 data zone; custom areas are made of 2011 data zones (codes S01000001 to S01006976).']);
  });

  it('places postcodes in their data zones, terminated ones included, and lists those it does not know', async () => {
    const { status, body } = await api.profile({ postcodes: ['TT1 1AA', 'tt11ab', 'TT2 9ZZ', 'ZZ9 9ZZ'] });
    expect(status).toBe(200);
    expect(body.area.members.map((m: { code: string }) => m.code)).toEqual(dz(1, 2, 4));
    expect(body.area.resolution).toMatchObject({
      input: 'postcodes', given: 4, resolved: 3, unknown: ['ZZ9 9ZZ'],
      postcodes: [
        { postcode: 'TT1 1AA', dataZone: 'S01000001', deleted: false },
        { postcode: 'TT1 1AB', dataZone: 'S01000002', deleted: false },
        { postcode: 'TT2 9ZZ', dataZone: 'S01000004', deleted: true },
      ],
    });
    expect(body.area.resolution.notes[0]).toContain('TT2 9ZZ is no longer in use');
  });

  it('filters by theme', async () => {
    const { body } = await api.profile({ dataZones: dz(1, 2, 5), theme: 'healthier' });
    expect(body.theme).toBe('healthier');
    expect(body.indicators.length).toBeGreaterThan(1);
    expect(body.indicators.every((i: { theme: string }) => i.theme === 'healthier')).toBe(true);
  });
});

describe('too small: fewer than CUSTOM_AREA_MIN_DATA_ZONES (3) data zones', () => {
  const api = useApp();

  it('postcodes TT1 1AA and TT1 1AB are zones 1 and 2: 422, with the zones it held and no figures', async () => {
    const { status, body } = await api.profile({ postcodes: ['TT1 1AA', 'TT1 1AB'] });
    expect(status).toBe(422);
    expect(body.message).toContain("This area holds 2 data zones; custom areas need at least 3 so that no one's figures can be singled out.");
    expect(body.area.members.map((m: { code: string }) => m.code)).toEqual(dz(1, 2));
    expect(body).not.toHaveProperty('indicators');
  });

  it('a polygon holding no centre is too small too, and so is one zone on the values route', async () => {
    const { status, body } = await api.profile({ polygon: { type: 'Polygon', coordinates: [box(300_100, 700_100, 300_400, 700_400)] } });
    expect(status).toBe(422);
    expect(body.message).toContain('This area holds 0 data zones; custom areas need at least 3');
    const one = await api.values('indicator=test_pct', { dataZones: dz(4) });
    expect(one.status).toBe(422);
    expect(one.body.message).toContain('This area holds 1 data zone;');
  });
});

describe('differencing: an area 1 or 2 data zones away from a published area', () => {
  const api = useApp();

  it('zones 1, 2, 5 and 6 (IZ S02000001 plus zone 6) withhold counts and rates, keep means and unthresholded counts', async () => {
    const { status, body } = await api.profile({ dataZones: dz(1, 2, 5, 6) });
    expect(status).toBe(200);
    // Nearest first; IZ S02000001 and ward S13000001 (1, 5, 6) are both 1 away: levels in order, so the IZ.
    expect(body.disclosure.differencing).toEqual({ difference: 1, against: 'published', area: { level: 'iz2011', levelLabel: 'Intermediate zone', code: 'S02000001', name: 'Eastmuir North' } });
    expect(body.disclosure.note).toContain('differs by only 1 data zone from Eastmuir North (Intermediate zone)');

    for (const code of ['test_events', 'test_sr']) {
      const shown = item(body, code);
      expect(shown.trend.every((t) => t.suppressed && t.suppressionReason === 'differencing' && t.value === null && t.numerator === null && t.lowerConfidenceInterval === null)).toBe(true);
      expect(shown.latest).toMatchObject({ suppressionReason: 'differencing', note: body.disclosure.note });
      expect(shown.comparators.every((c) => c.significance === 'not_tested' && c.value !== null)).toBe(true); // the comparators' own figures still show
    }
    // test_pct 2020/21 was already withheld at source (zone 6): the first reason stands.
    expect(item(body, 'test_pct').trend.map((t) => t.suppressionReason)).toEqual(['differencing', 'withheld_at_source']);

    // Not at risk: a population-weighted mean of published data-zone values, re-derived here.
    const weights = dz(1, 2, 5, 6).map((z) => fixturePopulation([z]));
    const scores = dz(1, 2, 5, 6).map((z) => Number(observations.find((r) => r.indicator_id === 'test_score' && r.dz_code === z)!.value));
    const mean = scores.reduce((s, v, i) => s + v * weights[i]!, 0) / weights.reduce((a, b) => a + b, 0);
    expect(item(body, 'test_score').latest).toMatchObject({ suppressed: false });
    expect(item(body, 'test_score').latest!.value).toBeCloseTo(mean, 10);
    // Nor a count with no small-count rule: every zone's population is published.
    expect(item(body, 'pop_total').latest).toMatchObject({ suppressed: false, value: fixturePopulation(dz(1, 2, 5, 6)) });
    // The summary does not compare what it withholds.
    expect(body.summary.join(' ')).not.toMatch(/admissions|rare events/i);
  });

  it('zones 1, 2, 3, 5 and 7 (one away from locality S99000001 = 1, 2, 3, 5 and from Eastmuir) are withheld on the values route too', async () => {
    const { status, body } = await api.values('indicator=test_events&period=2019', { dataZones: dz(1, 2, 3, 5, 7) });
    expect(status).toBe(200);
    expect(body.disclosure.differencing).toMatchObject({ difference: 1, against: 'published' });
    expect(body.value).toMatchObject({ value: null, suppressed: true, suppressionReason: 'differencing' });
    expect(body.comparators.map((c: { code: string; value: number }) => [c.code, c.value])).toEqual([
      ['S12000001', sums('test_events', '2019', dz(1, 2, 3, 5, 6, 7)).numerator],
      ['S92000003', sums('test_events', '2019', dz(1, 2, 3, 4, 5, 6, 7, 8)).numerator],
    ]);
  });
});

describe('differencing: an area 1 or 2 data zones away from a custom area asked for lately', () => {
  const api = useApp();
  // Zones 1, 3 and 8 differ from every published area by at least 3 zones; so do 1, 3, 6 and 8.
  const first = dz(1, 3, 8);
  const second = dz(1, 3, 6, 8);

  it('shows the first area, then withholds counts for one that adds a zone, without naming the first', async () => {
    const a = await api.values('indicator=test_pct&period=2019/20', { dataZones: first });
    expect(a.body.disclosure.differencing).toBeNull();
    const pct = sums('test_pct', '2019/20', first);
    expect(a.body.value).toMatchObject({ suppressed: false, numerator: pct.numerator, denominator: pct.denominator });

    const again = await api.profile({ dataZones: first }); // the same set again reveals nothing new
    expect(again.body.disclosure.differencing).toBeNull();

    const b = await api.profile({ dataZones: second });
    expect(b.body.disclosure.differencing).toEqual({ difference: 1, against: 'recent', area: null });
    expect(b.body.disclosure.note).toContain('another custom area asked for in the last hour');
    expect(item(b.body, 'test_pct').trend[0]).toMatchObject({ suppressionReason: 'differencing', value: null });
  });

  it('the reverse order is caught too, on a server with a fresh memory', async () => {
    const other = await appFor(file);
    try {
      const post = async (zones: string[]) => (await other.inject({ method: 'POST', url: '/api/v1/custom-areas/values?indicator=test_sr', payload: { dataZones: zones } })).json();
      expect((await post(second)).value.suppressed).toBe(false);
      expect((await post(first)).value).toMatchObject({ suppressed: true, suppressionReason: 'differencing' });
    } finally {
      await other.close();
    }
  });
});

describe('POST /api/v1/custom-areas/values', () => {
  const api = useApp();

  it('gives the single rolled-up figure, equal to the published IZ made of the same zones, with its comparators', async () => {
    for (const [indicator, period] of [['test_pct', '2019/20'], ['test_events', '2019'], ['test_sr', '2017-2019'], ['test_score', '2021']] as const) {
      const { status, body } = await api.values(`indicator=${indicator}&period=${period}`, { dataZones: dz(1, 2, 5) });
      expect(status).toBe(200);
      const published = (await api.get(`/api/v1/indicators/${indicator}/values?level=iz2011&period=${period}`)).areas.find((a: { code: string }) => a.code === 'S02000001');
      const { code: _c, name: _n, rank: _r, significance: _s, ...figure } = published;
      expect(body.value).toEqual(figure);
      expect(body.comparators.map((c: { code: string }) => c.code)).toEqual(['S12000001', 'S92000003']);
    }
  });

  it('defaults to the latest period, and compares rates with the comparators by their intervals', async () => {
    const { body } = await api.values('indicator=test_sr', { dataZones: dz(1, 2, 5) });
    expect(body.period.label).toBe('2017-2019');
    expect(body.periods).toEqual(['2017-2019']);
    const scotland = body.comparators[1];
    const expected = body.value.lowerConfidenceInterval > scotland.value ? 'worse' : body.value.upperConfidenceInterval < scotland.value ? 'better' : 'similar';
    expect(scotland.significance).toBe(expected);
  });

  it.each([
    ['indicator=nope', { dataZones: dz(1, 2, 5) }, 404, 'No indicator "nope" in this build'],
    ['indicator=test_pct&period=1999', { dataZones: dz(1, 2, 5) }, 400, 'test_pct has no period "1999". Periods: 2019/20, 2020/21.'],
    ['', { dataZones: dz(1, 2, 5) }, 400, 'query parameter "indicator"'],
    ['indicator=DROP%20TABLE', { dataZones: dz(1, 2, 5) }, 400, 'query parameter "indicator"'],
    ['indicator=test_pct', {}, 400, 'Define the area with one of: "dataZones"'],
  ])('?%s %j → %i', async (query, body, status, message) => {
    const response = await api.values(query, body);
    expect(response.status).toBe(status);
    expect(response.body.message).toContain(message);
  });
});

describe('bad input: a 4xx that says what to fix', () => {
  const api = useApp();
  const bowTie = { type: 'Polygon', coordinates: [[[-3.6, 56.18], [-3.57, 56.2], [-3.57, 56.18], [-3.6, 56.2], [-3.6, 56.18]]] };
  const manyCodes = Array.from({ length: 2_001 }, (_, i) => `S01${String(i + 1).padStart(6, '0')}`);

  it.each([
    ['a self-intersecting bow-tie', { polygon: bowTie }, 400, 'The polygon crosses itself near [-3.585, 56.19]'],
    ['British National Grid coordinates', { polygon: { type: 'Polygon', coordinates: [[[300000, 700000], [303000, 700000], [303000, 702000], [300000, 700000]]] } }, 400, 'reproject the shape to WGS84'],
    ['a Point', { polygon: { type: 'Point', coordinates: [-3.6, 56.2] } }, 400, 'polygon must be a Polygon or MultiPolygon'],
    ['an unclosed ring', { polygon: { type: 'Polygon', coordinates: [box(300_000, 700_000, 303_000, 702_000).slice(0, 4)] } }, 400, 'is not closed'],
    ['10,001 vertices', { polygon: { type: 'Polygon', coordinates: [Array.from({ length: 10_001 }, () => [-3.6, 56.2])] } }, 413, 'The polygon has 10,001 vertices; custom areas accept at most 10,000'],
    ['2,001 data zone codes', { dataZones: manyCodes }, 413, 'The area lists 2,001 data zone codes; custom areas accept at most 2,000'],
    ['2,001 postcodes', { postcodes: manyCodes.map(() => 'TT1 1AA') }, 413, 'The area lists 2,001 postcodes; custom areas accept at most 2,000'],
    ['no known code', { dataZones: ['S01999998', 'S01999999', 'KY1 1XX'] }, 400, 'None of the 3 data zone codes is a 2011 data zone in this build: S01999998, S01999999, KY1 1XX.'],
    ['only a 2022 data zone', { dataZones: ['S01013500'] }, 400, 'S01013500 is a 2022 data zone'],
    ['no known postcode', { postcodes: ['ZZ9 9ZZ', 'zz99zy'] }, 400, 'None of the 2 postcodes is in this build\'s postcode lookup: ZZ9 9ZZ, ZZ9 9ZY.'],
    ['an empty list', { dataZones: [] }, 400, 'The list of data zone codes is empty'],
    ['two definitions', { dataZones: dz(1, 2, 5), postcodes: ['TT1 1AA'] }, 400, 'Define the area one way only: the body has "dataZones" and "postcodes"'],
    ['no definition', { name: 'Somewhere' }, 400, 'Define the area with one of'],
    ['a code that is not text', { dataZones: [{ code: 'S01000001' }] }, 400, 'body field "dataZones.0"'],
    ['a name too long', { dataZones: dz(1, 2, 5), name: 'x'.repeat(101) }, 400, 'body field "name"'],
    ['an unknown theme', { dataZones: dz(1, 2, 5), theme: 'wealth' }, 400, 'Unknown theme "wealth". Themes: '],
  ])('refuses %s', async (_what, body, status, message) => {
    const response = await api.profile(body);
    expect(response.status).toBe(status);
    expect(response.body.message).toContain(message);
  });

  it('refuses a body over 1 MB before reading it, and JSON that does not parse', async () => {
    const big = await api.send('/api/v1/custom-areas/profile', JSON.stringify({ dataZones: dz(1, 2, 5), name: 'x'.repeat(1_100_000) }), { 'content-type': 'application/json' });
    expect(big.status).toBe(413);
    expect(big.body.message).toContain('The request body is 1.0 MB; custom areas accept at most 1 MB.');
    const broken = await api.send('/api/v1/custom-areas/profile', '{"dataZones": [', { 'content-type': 'application/json' });
    expect(broken.status).toBe(400);
  });
});

describe('CUSTOM_AREA_MIN_DATA_ZONES and CUSTOM_AREA_MIN_DIFFERENCE', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const key of ['CUSTOM_AREA_MIN_DATA_ZONES', 'CUSTOM_AREA_MIN_DIFFERENCE']) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });

  it('stop the server at boot with a message naming the key when bad', async () => {
    process.env.CUSTOM_AREA_MIN_DATA_ZONES = 'three';
    await expect(appFor(file)).rejects.toThrow('CUSTOM_AREA_MIN_DATA_ZONES must be a whole number from 1 to 100');
    process.env.CUSTOM_AREA_MIN_DATA_ZONES = '';
    process.env.CUSTOM_AREA_MIN_DIFFERENCE = '0';
    await expect(appFor(file)).rejects.toThrow(/^CUSTOM_AREA_MIN_DIFFERENCE must be a whole number from 1 to 100.*; got "0"\.$/);
  });

  it('change the rules when set: 2 zones allowed, differencing off at 1', async () => {
    process.env.CUSTOM_AREA_MIN_DATA_ZONES = '2';
    process.env.CUSTOM_AREA_MIN_DIFFERENCE = '1';
    const app = await appFor(file);
    try {
      const pair = await app.inject({ method: 'POST', url: '/api/v1/custom-areas/profile', payload: { postcodes: ['TT1 1AA', 'TT1 1AB'] } });
      expect(pair.statusCode).toBe(200);
      const plusOne = (await app.inject({ method: 'POST', url: '/api/v1/custom-areas/values?indicator=test_events&period=2019', payload: { dataZones: dz(1, 2, 5, 6) } })).json();
      expect(plusOne.disclosure).toMatchObject({ minDataZones: 2, minDifference: 1, differencing: null });
      expect(plusOne.value.value).toBe(sums('test_events', '2019', dz(1, 2, 5, 6)).numerator);
    } finally {
      await app.close();
    }
  });
});
