import { beforeAll, describe, expect, it } from 'vitest';
import { buildDatabase } from './build.ts';
import { fixtureCopy, queryDatabase, scratchFile } from './testing.ts';

describe('series on the other data-zone vintage', () => {
  const out = scratchFile('vintages.duckdb');
  const values = (indicator: string, period: string) => queryDatabase<{ code: string; vintage: string; numerator: number }>(out, `
    SELECT d.code, d.vintage, o.numerator FROM observation o JOIN indicator i USING (indicator_id) JOIN period p USING (period_id) JOIN data_zone d USING (dz_id)
    WHERE i.code = $1 AND p.label = $2 ORDER BY d.vintage, d.code`, [indicator, period]);

  beforeAll(async () => {
    const { dir, manifest } = fixtureCopy({
      'indicators.csv': (t) => `${t.trimEnd()}\ntest_new,Events on new zones,safer_stronger,Events,events,count,sum,1,higher_is_worse,Fixture,AreaLens tests,Open Government Licence v3.0,,,,5,dz2022\n`,
      'observations.csv': (t) => `${t.trimEnd()}\ntest_new,2023,S01013500,10,,\ntest_new,2023,S01013501,6,,\ntest_new,2023,S01013502,4,,\n`,
    });
    await buildDatabase({ manifest, baseDir: dir, out });
  });

  it('apportions 2011-based counts to 2022 zones by the crosswalk weights', async () => {
    const rows = (await values('test_events', '2019')).filter((r) => r.vintage === 'dz2022');
    expect(rows.map((r) => [r.code, Number(r.numerator.toFixed(6))])).toEqual([['S01013500', 2], ['S01013501', 1.8], ['S01013502', 1.2]]);
  });

  it('gathers 2022-based counts back onto the 2011 zones they came from, and states the coverage', async () => {
    const rows = await values('test_new', '2023');
    expect(rows.map((r) => [r.code, r.vintage, Number(r.numerator.toFixed(6))])).toEqual([
      ['S01000001', 'dz2011', 10], ['S01000002', 'dz2011', 10],
      ['S01013500', 'dz2022', 10], ['S01013501', 'dz2022', 6], ['S01013502', 'dz2022', 4],
    ]);
    const [meta] = await queryDatabase<{ vintage: string; converted_to: string; converted_coverage: number }>(out, `SELECT vintage, converted_to, converted_coverage FROM indicator WHERE code = 'test_new'`);
    const people = await queryDatabase<{ p: number; all: number }>(out, `SELECT sum(population) FILTER (WHERE code IN ('S01000001', 'S01000002')) AS p, sum(population) AS all FROM area WHERE level_key = 'dz2011'`);
    expect(meta).toMatchObject({ vintage: 'dz2022', converted_to: 'dz2011' });
    expect(meta!.converted_coverage).toBeCloseTo(people[0]!.p / people[0]!.all, 9);
  });

  it('leaves medians on their own vintage', async () => {
    const rows = await values('test_median_price', '2022');
    expect(rows.every((r) => r.vintage === 'dz2011')).toBe(true);
  });
});
