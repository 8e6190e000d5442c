import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDatabase } from '../../etl/src/build.ts';
import { fixtureCopy, MINI_FIXTURE, scratchFile } from '../../etl/src/testing.ts';
import { appFor, fixturePopulation, fixtureRows } from './miniApp.ts';

/**
 * The mini fixture's spend plus a partner that works only in Westhaugh (with some spend it could not
 * place) and an older year, so that the unallocated rule, year filters and defaults are exercised.
 */
const EXTRA_SPEND = [
  'Westhaugh Trust,Grants,2020/21,S01000004,,3000,,',
  'Westhaugh Trust,Grants,2020/21,unallocated,,700,,',
  'Westhaugh Trust,Grants,2019/20,S01000008,,1200,,',
];

// ---- The fixture's own numbers, read from its CSVs: what the API must reproduce. ----
const spendText = `${readFileSync(join(MINI_FIXTURE, 'spend.csv'), 'utf8').trim()}\n${EXTRA_SPEND.join('\n')}\n`;
const [spendHead, ...spendLines] = spendText.trim().split('\n');
const spendColumns = spendHead!.split(',');
const postcodeZone = new Map(fixtureRows('postcodes.csv').map((r) => [r.Postcode!, r.DataZone2011Code!]));
const spend = spendLines.map((line) => {
  const cells = Object.fromEntries(line.split(',').map((cell, i) => [spendColumns[i]!, cell]));
  const dz = cells.dz_code === 'unallocated' ? null : cells.dz_code || postcodeZone.get(cells.postcode!)!;
  return {
    partner: cells.partner!, service: cells.service!, year: cells.financial_year!, dz,
    amount: Number(cells.amount_gbp), activity: cells.activity_count === '' ? null : Number(cells.activity_count),
  };
});
type SpendRow = (typeof spend)[number];
const lookup = fixtureRows('lookup_dz.csv');
const zonesWhere = (column: string, code: string) => lookup.filter((r) => r[column] === code).map((r) => r.DZ2011_Code!);
const ALL_ZONES = lookup.map((r) => r.DZ2011_Code!);
const EASTMUIR = zonesWhere('LA_Code', 'S12000001');
const WESTHAUGH = zonesWhere('LA_Code', 'S12000002');
const simd = new Map(fixtureRows('simd_ranks.csv').map((r) => [r.dz11_code!, { rank: Number(r.IMD_rank), decile: Number(r.IMD_decile) }]));
const people = (dz: string) => fixturePopulation([dz]);
const total = (rows: SpendRow[]) => rows.reduce((n, r) => n + r.amount, 0);
const placedIn = (zones: string[], year = '2020/21', keep: (r: SpendRow) => boolean = () => true) =>
  spend.filter((r) => r.dz !== null && zones.includes(r.dz) && r.year === year && keep(r));

describe('partner spend routes', () => {
  let app: FastifyInstance;
  const get = async (url: string) => {
    const response = await app.inject({ url });
    return { status: response.statusCode, body: response.json() };
  };

  beforeAll(async () => {
    const { dir, manifest } = fixtureCopy({ 'spend.csv': () => spendText });
    const out = scratchFile('spend.duckdb');
    await buildDatabase({ manifest, baseDir: dir, out });
    app = await appFor(out);
  });
  afterAll(() => app?.close());

  describe('GET /api/v1/spend', () => {
    it("totals a council's placed spend by year, partner and service, per head of its 2020 population", async () => {
      const { status, body } = await get('/api/v1/spend?level=council&area=S12000001');
      expect(status).toBe(200);
      expect(body.area).toMatchObject({ level: 'council', code: 'S12000001', name: 'Eastmuir' });
      const rows = placedIn(EASTMUIR); // includes the postcode-placed TT1 1AA row, in S01000001
      const population = fixturePopulation(EASTMUIR);
      expect(body.totals).toEqual([{ financialYear: '2020/21', amount: total(rows), populationYear: 2020, population, spendPerHead: total(rows) / population }]);
      const nursing = body.byPartner.find((p: { partner: string }) => p.partner === 'NHS Testshire');
      expect(nursing.amount).toBe(total(rows.filter((r) => r.partner === 'NHS Testshire')));
      expect(nursing.spendPerHead).toBeCloseTo(nursing.amount / population, 10);
      expect(body.byService.map((s: { service: string }) => s.service).sort()).toEqual(['Community nursing', 'Home care']);
    });

    it('gives the unit cost of home care as Σ amount ÷ Σ hours over the rows that report hours', async () => {
      const { body } = await get('/api/v1/spend?level=council&area=S12000001');
      const homeCare = placedIn(EASTMUIR, '2020/21', (r) => r.service === 'Home care' && r.activity !== null);
      const cost = body.unitCosts.find((u: { service: string }) => u.service === 'Home care');
      expect(cost).toMatchObject({ financialYear: '2020/21', activityUnit: 'hour of care', rowsWithActivity: homeCare.length, rowsWithoutActivity: 0 });
      expect(cost.unitCost).toBeCloseTo(total(homeCare) / homeCare.reduce((n, r) => n + r.activity!, 0), 10);
      // Nursing reports no activity, so it has no unit cost at all (never £0 an hour).
      expect(body.unitCosts.some((u: { service: string }) => u.service === 'Community nursing')).toBe(false);
    });

    it('lists unallocated spend apart, for the whole build, and counts it in no total or per-head figure', async () => {
      const { body } = await get('/api/v1/spend');
      expect(body.area).toBeNull();
      const placed = placedIn(ALL_ZONES);
      expect(body.totals.find((t: { financialYear: string }) => t.financialYear === '2020/21').amount).toBe(total(placed));
      const unallocated = spend.filter((r) => r.dz === null);
      expect(body.unallocated.total).toBe(total(unallocated));
      expect(body.unallocated.lines).toHaveLength(unallocated.length);
      // Whole-build unit cost: every row with hours, the unallocated row (no hours) counted apart.
      const withHours = spend.filter((r) => r.service === 'Home care' && r.activity !== null);
      const cost = body.unitCosts.find((u: { service: string }) => u.service === 'Home care');
      expect(cost.unitCost).toBeCloseTo(total(withHours) / withHours.reduce((n, r) => n + r.activity!, 0), 10);
      expect(cost.rowsWithoutActivity).toBe(1);
      // The 2019/20 spend is per head of the nearest population estimate, 2020 (the only one).
      expect(body.totals.find((t: { financialYear: string }) => t.financialYear === '2019/20')).toMatchObject({ amount: 1200, populationYear: 2020 });
      const scotland = (await get('/api/v1/spend?level=scotland&area=S92000003')).body;
      expect(scotland.totals).toEqual(body.totals);
      expect(scotland.unallocated.total).toBe(body.unallocated.total);
    });

    it("shows a council the unallocated spend of partners who work only in it, and a ward none", async () => {
      const west = (await get('/api/v1/spend?level=council&area=S12000002')).body;
      // Westhaugh Trust places all its spend in Westhaugh; Testshire Council also works in Eastmuir.
      expect(west.unallocated.lines).toEqual([{ partner: 'Westhaugh Trust', service: 'Grants', financialYear: '2020/21', amount: 700 }]);
      expect(west.totals.find((t: { financialYear: string }) => t.financialYear === '2020/21').amount).toBe(total(placedIn(WESTHAUGH)));
      expect((await get('/api/v1/spend?level=council&area=S12000001')).body.unallocated.lines).toEqual([]);
      const ward = (await get('/api/v1/spend?level=ward2017&area=S13000003')).body;
      expect(ward.unallocated).toMatchObject({ total: 0, lines: [] });
      expect(ward.unallocated.rule).toMatch(/^None/);
    });
  });

  describe('GET /api/v1/spend/by-deprivation', () => {
    it('gives spend per head by national decile as Σ spend ÷ Σ people of its data zones, for the whole build', async () => {
      const { status, body } = await get('/api/v1/spend/by-deprivation');
      expect(status).toBe(200);
      expect(body).toMatchObject({ financialYear: '2020/21', edition: 'SIMD 2020v2', populationYear: 2020, partner: null, service: null });
      const allSpend = total(placedIn(ALL_ZONES));
      const allPeople = fixturePopulation(ALL_ZONES);
      for (let decile = 1; decile <= 10; decile++) {
        const zones = ALL_ZONES.filter((dz) => simd.get(dz)!.decile === decile);
        const row = body.deciles[decile - 1];
        expect(row.band).toBe(decile);
        expect(row.dataZones).toBe(zones.length);
        if (zones.length === 0) {
          expect(row).toMatchObject({ spendPerHead: null, amount: 0, shareOfSpend: 0, shareOfPopulation: 0 });
          continue;
        }
        const amount = total(placedIn(zones));
        const population = fixturePopulation(zones);
        expect(row.spendPerHead).toBeCloseTo(amount / population, 10);
        expect(row.shareOfSpend).toBeCloseTo(amount / allSpend, 10);
        expect(row.shareOfPopulation).toBeCloseTo(population / allPeople, 10);
      }
      expect(body.total).toMatchObject({ dataZones: 8, population: allPeople, amount: allSpend });
    });

    it('weights quintiles by population, never averaging data-zone rates', async () => {
      const { body } = await get('/api/v1/spend/by-deprivation');
      // Quintile 1 = deciles 1 and 2 = S01000001 and S01000002.
      const zones = ['S01000001', 'S01000002'];
      const pooled = total(placedIn(zones)) / fixturePopulation(zones);
      const averaged = zones.reduce((n, dz) => n + total(placedIn([dz])) / people(dz), 0) / zones.length;
      expect(body.quintiles[0].spendPerHead).toBeCloseTo(pooled, 10);
      expect(body.quintiles[0].spendPerHead).not.toBeCloseTo(averaged, 6);
    });

    it('gives a concentration index worked by hand for a two-zone council, with its sign convention', async () => {
      const { body } = await get('/api/v1/spend/by-deprivation?level=council&area=S12000002');
      // Westhaugh: S01000004 (SIMD rank 3000) and S01000008 (rank 6900). Ranked most deprived first:
      const [a, b] = ['S01000004', 'S01000008'];
      const [pa, pb] = [people(a!), people(b!)]; // 667 and 672 people
      const [sa, sb] = [total(placedIn([a!])), total(placedIn([b!]))]; // £17,500 + £5,300 + £3,000 and £27,500 + £5,700
      expect([pa, pb, sa, sb]).toEqual([667, 672, 25800, 33200]);
      const W = pa + pb;
      const Ra = pa / 2 / W; // fractional rank: half its own share
      const Rb = (pa + pb / 2) / W; // all of a's share, then half its own
      const ya = sa / pa;
      const yb = sb / pb;
      const mean = (sa + sb) / W;
      const cov = (pa / W) * (ya - mean) * (Ra - 0.5) + (pb / W) * (yb - mean) * (Rb - 0.5);
      const C = (2 * cov) / mean;
      expect(C).toBeCloseTo(0.06084, 5); // b, the less deprived, gets more per head: positive
      expect(body.concentrationIndex.value).toBeCloseTo(C, 12);
      expect(body.concentrationIndex.dataZones).toBe(2);
      expect(body.concentrationIndex.signConvention).toContain('negative index means spend per head is concentrated in the more deprived');
      expect(body.concentrationIndex.interpretation).toContain('less deprived');
    });

    it('gives a three-zone concentration index for one service in a ward, from the grouped-data formula', async () => {
      const { body } = await get('/api/v1/spend/by-deprivation?level=ward2017&area=S13000001&service=Home%20care');
      // Muirend = S01000001, S01000005, S01000006; C = (2/S)·Σ sᵢRᵢ − 1 (O'Donnell et al. 2008, ch. 8).
      const zones = zonesWhere('MMWard_Code', 'S13000001').sort((x, y) => simd.get(x)!.rank - simd.get(y)!.rank);
      const W = fixturePopulation(zones);
      const keep = (r: SpendRow) => r.service === 'Home care';
      const S = total(placedIn(zones, '2020/21', keep));
      let before = 0;
      let sum = 0;
      for (const dz of zones) {
        sum += total(placedIn([dz], '2020/21', keep)) * (before + people(dz) / 2) / W;
        before += people(dz);
      }
      expect(body.service).toBe('Home care');
      expect(body.concentrationIndex.value).toBeCloseTo((2 / S) * sum - 1, 12);
    });

    it('filters by partner and year, and puts everything into the bands', async () => {
      const { body } = await get('/api/v1/spend/by-deprivation?partner=Westhaugh%20Trust&year=2019/20');
      expect(body).toMatchObject({ partner: 'Westhaugh Trust', financialYear: '2019/20', total: { amount: 1200 } });
      expect(body.deciles[9]).toMatchObject({ amount: 1200, shareOfSpend: 1 }); // S01000008 is decile 10
      expect(body.unranked).toEqual({ dataZones: 0, population: 0, amount: 0 });
      expect(body.concentrationIndex.value).toBeCloseTo(1 - people('S01000008') / fixturePopulation(ALL_ZONES), 10); // all spend in the last-ranked zone
    });
  });

  describe('GET /api/v1/spend/against-need', () => {
    const pearson = (xs: number[], ys: number[]) => {
      const mx = xs.reduce((a, b) => a + b) / xs.length;
      const my = ys.reduce((a, b) => a + b) / ys.length;
      const sxy = xs.reduce((n, x, i) => n + (x - mx) * (ys[i]! - my), 0);
      return sxy / Math.sqrt(xs.reduce((n, x) => n + (x - mx) ** 2, 0) * ys.reduce((n, y) => n + (y - my) ** 2, 0));
    };
    const ranks = (xs: number[]) => xs.map((x) => xs.filter((y) => y < x).length + 1); // no ties in these series

    it('sets spend per head beside the rolled-up need of every intermediate zone, with Pearson and Spearman', async () => {
      const { status, body } = await get('/api/v1/spend/against-need?level=iz2011&need=test_pct&period=2019/20');
      expect(status).toBe(200);
      expect(body.need).toMatchObject({ code: 'test_pct', period: '2019/20' });
      const obs = fixtureRows('observations.csv').filter((r) => r.indicator_id === 'test_pct' && r.period === '2019/20');
      const spendPerHead: number[] = [];
      const need: number[] = [];
      for (const code of ['S02000001', 'S02000002', 'S02000003']) {
        const zones = zonesWhere('IZ2011_Code', code);
        const rows = obs.filter((r) => zones.includes(r.dz_code!));
        const area = body.areas.find((a: { code: string }) => a.code === code);
        spendPerHead.push(total(placedIn(zones)) / fixturePopulation(zones));
        need.push((100 * rows.reduce((n, r) => n + Number(r.numerator), 0)) / rows.reduce((n, r) => n + Number(r.denominator), 0));
        expect(area.spendPerHead).toBeCloseTo(spendPerHead.at(-1)!, 10);
        expect(area.need.value).toBeCloseTo(need.at(-1)!, 10);
      }
      expect(body.correlation.areas).toBe(3);
      expect(body.correlation.pearson).toBeCloseTo(pearson(spendPerHead, need), 10);
      expect(body.correlation.spearman).toBeCloseTo(pearson(ranks(spendPerHead), ranks(need)), 10);
    });

    it('correlates across data zones, leaving out those whose need is suppressed', async () => {
      const { body } = await get('/api/v1/spend/against-need?level=dz2011&need=test_pct&period=2020/21&partner=Testshire%20Council');
      // S01000006's 2020/21 figure was withheld: it is listed, suppressed, and left out of the correlation.
      expect(body.areas.find((a: { code: string }) => a.code === 'S01000006').need).toMatchObject({ suppressed: true, value: null });
      const obs = fixtureRows('observations.csv').filter((r) => r.indicator_id === 'test_pct' && r.period === '2020/21' && r.numerator !== '*');
      const xs = obs.map((r) => total(placedIn([r.dz_code!], '2020/21', (s) => s.partner === 'Testshire Council')) / people(r.dz_code!));
      const ys = obs.map((r) => (100 * Number(r.numerator)) / Number(r.denominator));
      expect(body.correlation.areas).toBe(7);
      expect(body.correlation.pearson).toBeCloseTo(pearson(xs, ys), 10);
      expect(body.correlation.spearman).toBeCloseTo(pearson(ranks(xs), ranks(ys)), 10);
    });

    it('keeps to the areas inside another when asked (withinLevel + within), correlating only those', async () => {
      const url = '/api/v1/spend/against-need?level=dz2011&need=test_pct&period=2020/21&partner=Testshire%20Council&withinLevel=council&within=S12000001';
      const { status, body } = await get(url);
      expect(status).toBe(200);
      const inside = zonesWhere('LA_Code', 'S12000001');
      expect(body.areas.map((a: { code: string }) => a.code).sort()).toEqual([...inside].sort());
      expect(body.within).toMatchObject({ level: 'council', code: 'S12000001' });
      const obs = fixtureRows('observations.csv').filter((r) => r.indicator_id === 'test_pct' && r.period === '2020/21' && r.numerator !== '*' && inside.includes(r.dz_code!));
      const xs = obs.map((r) => total(placedIn([r.dz_code!], '2020/21', (s) => s.partner === 'Testshire Council')) / people(r.dz_code!));
      const ys = obs.map((r) => (100 * Number(r.numerator)) / Number(r.denominator));
      expect(body.correlation.areas).toBe(obs.length);
      expect(body.correlation.pearson).toBeCloseTo(pearson(xs, ys), 10);
      expect(body.correlation.note).toContain(` in ${body.within.name}: Pearson r = `);
      expect((await get('/api/v1/spend/against-need?level=dz2011&need=test_pct&withinLevel=council')).status).toBe(400);
      expect((await get('/api/v1/spend/against-need?level=dz2011&need=test_pct&withinLevel=council&within=S12999999')).status).toBe(404);
    });

    it('gives no correlation for two areas, and says why', async () => {
      const { body } = await get('/api/v1/spend/against-need?level=council&need=test_sr');
      expect(body.areas).toHaveLength(2);
      expect(body.correlation).toMatchObject({ areas: 2, pearson: null, spearman: null });
      expect(body.correlation.note).toContain('at least three');
    });
  });

  it.each([
    ['/api/v1/spend?level=wards&area=S12000001', 400, 'Unknown level "wards". Levels in this build: dz2011'],
    ['/api/v1/spend?level=council&area=S12999999', 404, 'No Council area with code "S12999999"'],
    ['/api/v1/spend?area=S12000001', 400, 'Give the level of area "S12000001"'],
    ['/api/v1/spend?level=council', 400, 'Give an area code at level council'],
    ['/api/v1/spend/by-deprivation?level=ward2017&area=S13999999', 404, 'No Multi-member ward (2017) with code "S13999999"'],
    ['/api/v1/spend/by-deprivation?partner=Nobody', 400, 'Unknown partner "Nobody". Partners with spend: "NHS Testshire", "Testshire Council", "Westhaugh Trust".'],
    ['/api/v1/spend/by-deprivation?service=Gardening', 400, 'Unknown service "Gardening". Services: "Community nursing", "Grants", "Home care".'],
    ['/api/v1/spend/by-deprivation?partner=NHS%20Testshire&service=Home%20care', 400, 'Unknown service "Home care" for NHS Testshire. Services: "Community nursing".'],
    ['/api/v1/spend/by-deprivation?year=1999/00', 400, 'No spend in financial year "1999/00". Years with spend: "2019/20", "2020/21".'],
    ['/api/v1/spend/by-deprivation?partner=NHS%20Testshire&year=2019/20', 400, 'Years with spend: "2020/21".'],
    ['/api/v1/spend/by-deprivation?edition=SIMD%201999', 400, 'Unknown SIMD edition "SIMD 1999". Editions in this build: "SIMD 2020v2".'],
    [`/api/v1/spend/by-deprivation?partner=${'x'.repeat(121)}`, 400, 'query parameter "partner" must NOT have more than 120 characters'],
    ['/api/v1/spend/against-need?level=council', 400, 'query parameter "need"'],
    ['/api/v1/spend/against-need?need=test_pct', 400, 'query parameter "level"'],
    ['/api/v1/spend/against-need?level=wards&need=test_pct', 400, 'Unknown level "wards"'],
    ['/api/v1/spend/against-need?level=council&need=nope', 404, 'No indicator "nope"'],
    ['/api/v1/spend/against-need?level=council&need=DROP%20TABLE', 400, 'query parameter "need"'],
    ['/api/v1/spend/against-need?level=council&need=test_pct&period=1999', 400, 'test_pct has no period "1999". Periods: 2019/20, 2020/21.'],
    ['/api/v1/spend/against-need?level=council&need=test_median_price', 400, 'cannot be combined across data zones; compare it with spend at level=dz2011'],
    ['/api/v1/spend/against-need?level=council&need=test_pct&year=2018/19', 400, 'No spend in financial year "2018/19"'],
    ['/api/v1/spend/against-need?level=council&need=test_pct&service=Nothing', 400, 'Unknown service "Nothing"'],
  ])('%s → %i', async (url, status, message) => {
    const response = await get(url);
    expect(response.status).toBe(status);
    expect(response.body.message).toContain(message);
  });
});

describe('spend routes on a build without spend', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    const { dir, manifest } = fixtureCopy();
    manifest.sources = manifest.sources.filter((s) => s.kind !== 'spend');
    const out = scratchFile('nospend.duckdb');
    await buildDatabase({ manifest, baseDir: dir, out });
    app = await appFor(out);
  });
  afterAll(() => app?.close());

  it.each(['/api/v1/spend', '/api/v1/spend/by-deprivation?level=council&area=S12000001', '/api/v1/spend/against-need?level=council&need=test_pct'])('%s → 404 saying how to load spend', async (url) => {
    const response = await app.inject({ url });
    expect(response.statusCode).toBe(404);
    expect(response.json().message).toContain('This build holds no partner spend');
  });
});
