import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDatabase } from '../../etl/src/build.ts';
import { fixtureCopy, queryDatabase, scratchFile } from '../../etl/src/testing.ts';
import { appFor, fixtureRows } from './miniApp.ts';

/**
 * Spend given by postcode reaches its data zone through the postcode directory or, for postcodes
 * only Code-Point Open knows, through a centroid: the spend answers say how much went that way.
 */
describe('spend placed by postcode centroid', () => {
  let app: FastifyInstance;
  let file: string;
  beforeAll(async () => {
    const { dir, manifest } = fixtureCopy({ 'spend.csv': (text) => `${text.trimEnd()}\nTestshire Council,Libraries,2020/21,,TT2 1AA,1234,,\nTestshire Council,Libraries,2020/21,,TT1 1AB,766,,\nTestshire Council,Libraries,2017/18,S01000001,,500,,\n` });
    manifest.sources.push({ kind: 'codepoint', file: 'codepoint_open_sample.csv' });
    file = scratchFile('spend-placement.duckdb');
    await buildDatabase({ manifest, baseDir: dir, out: file });
    app = await appFor(file);
  });
  afterAll(() => app?.close());

  it('records how each spend row was placed', async () => {
    const rows = await queryDatabase<{ placed_by: string | null; n: number }>(file, `SELECT placed_by, count(*)::INTEGER AS n FROM spend GROUP BY 1 ORDER BY 1 NULLS LAST`);
    expect(rows.map((r) => r.placed_by)).toEqual(['data_zone', 'postcode_centroid', 'postcode_directory', null]);
    expect(rows.find((r) => r.placed_by === 'postcode_centroid')!.n).toBe(1);
  });

  it('takes spend per head from every population year the build holds, totals-only years included', async () => {
    // The mini fixture's 2017 people come only from the SIMD 2020v2 file's Total_population (its base year).
    const simdPeople = fixtureRows('simd_indicators.csv').reduce((n, r) => n + Number(r.Total_population), 0);
    const spend = (await app.inject({ url: '/api/v1/spend' })).json();
    const total = spend.totals.find((t: { financialYear: string }) => t.financialYear === '2017/18');
    expect(total).toMatchObject({ populationYear: 2017, population: simdPeople, amount: 500 });
  });

  it('says what share of the placed spend reached its zone through a centroid, on /spend and /spend/by-deprivation', async () => {
    const note = (share: string) => `${share}% of this placed spend (£1,234) reached its data zone by postcode, through Code-Point Open centroids on generalised boundaries: near a zone edge it may sit in the neighbouring zone.`;
    // Placed spend: the fixture's rows with a data zone or a postcode, and the three added above.
    const placed = fixtureRows('spend.csv').filter((r) => r.dz_code !== 'unallocated' && (r.dz_code !== '' || r.postcode !== '')).reduce((n, r) => n + Number(r.amount_gbp), 0) + 1234 + 766 + 500;
    const spend = (await app.inject({ url: '/api/v1/spend' })).json();
    expect(spend.notes).toContain(note(((1234 / placed) * 100).toFixed(1)));
    // Libraries in 2020/21: £1,234 by a centroid and £766 by the directory, so 62%.
    const byDeprivation = (await app.inject({ url: '/api/v1/spend/by-deprivation?financialYear=2020/21&partner=Testshire%20Council&service=Libraries' })).json();
    expect(byDeprivation.notes.at(-1)).toBe(note('62'));
    // A service with no spend placed by centroid says nothing of it.
    const nursing = (await app.inject({ url: '/api/v1/spend/by-deprivation?financialYear=2020/21&partner=NHS%20Testshire' })).json();
    expect(nursing.notes.some((n: string) => n.includes('Code-Point'))).toBe(false);
  });
});
