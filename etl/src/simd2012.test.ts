import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDatabase } from './build.ts';
import { fixtureCopy, queryDatabase, scratchFile } from './testing.ts';

/**
 * SIMD 2012 ranks 2001 data zones; the 2001 → 2011 lookup (zones sharing a postcode) carries its
 * bands to 2011 zones. Three 2001 zones, two in the 20% most deprived (rank ≤ 6,505 / 5 = 1,301).
 */
const RANKS = `"dz01_code","IMD_rank","Income_rank","Employment_rank","Health_rank","Education_rank","Housing_rank","Access_rank","Crime_rank"
"S01000101",100,100,100,100,100,100,100,100
"S01000102",5000,5000,5000,5000,5000,5000,5000,5000
"S01000103",1301,1301,1301,1301,1301,1301,1301,1301
`;
// S01000001 links to one most-deprived zone; S01000002 to one in and one out; S01000003 to one out; the rest to S01000103, the last rank in the band.
const LINKS = `"dz01_code","dz11_code"
"S01000101","S01000001"
"S01000101","S01000002"
"S01000102","S01000002"
"S01000102","S01000003"
${['S01000004', 'S01000005', 'S01000006', 'S01000007', 'S01000008'].map((dz) => `"S01000103","${dz}"`).join('\n')}
`;
const SHARE = { S01000001: 1, S01000002: 0.5, S01000003: 0, S01000004: 1, S01000005: 1, S01000006: 1, S01000007: 1, S01000008: 1 };

function fixture(files: { ranks?: string; links?: string } = {}) {
  const copy = fixtureCopy();
  writeFileSync(join(copy.dir, 'simd2012_ranks.csv'), files.ranks ?? RANKS);
  writeFileSync(join(copy.dir, 'dz2001_to_dz2011.csv'), files.links ?? LINKS);
  copy.manifest.sources.push({ kind: 'simd_ranks', edition: 'SIMD 2012', file: 'simd2012_ranks.csv', vintage: 'dz2001' }, { kind: 'dz2001_lookup', file: 'dz2001_to_dz2011.csv' });
  return copy;
}

describe('SIMD 2012 on 2001 data zones, carried to 2011 zones', () => {
  it("counts each 2011 zone's people in a band in proportion to its linked 2001 zones in the band", async () => {
    const { dir, manifest } = fixture();
    const out = scratchFile('simd2012.duckdb');
    await buildDatabase({ manifest, baseDir: dir, out });
    const rows = await queryDatabase<{ code: string; numerator: number; denominator: number }>(out, `
      SELECT d.code, o.numerator, o.denominator FROM observation o JOIN indicator i USING (indicator_id) JOIN period p USING (period_id) JOIN data_zone d USING (dz_id)
      WHERE i.code = 'simd_most_deprived_20pc_pct' AND p.label = '2012' AND d.vintage = 'dz2011' ORDER BY d.code`);
    // People are counted from the earliest population on 2011 zones: here mid-2017, from the SIMD 2020v2 file.
    const people = await queryDatabase<{ code: string; persons: number }>(out, `SELECT d.code, persons FROM population_total JOIN data_zone d USING (dz_id) WHERE year = 2017 ORDER BY 1`);
    expect(rows.map((r) => [r.code, r.numerator, r.denominator])).toEqual(people.map((p) => [p.code, SHARE[p.code as keyof typeof SHARE] * p.persons, p.persons]));
    const [{ notes }] = await queryDatabase<{ notes: string }>(out, `SELECT notes FROM indicator WHERE code = 'simd_most_deprived_20pc_pct'`) as [{ notes: string }];
    expect(notes).toContain('SIMD 2012 ranked the 6,505 data zones of 2001');
    expect(notes).toContain('7 of 8 2011 zones link to one 2001 zone');
    expect(notes).toContain('for the 20% most deprived, 1 zones are split this way');
    expect(notes).toContain('people counted from the mid-2017 estimates');
    // Ranks themselves are not carried: simd_rank has no 2012.
    const ranks = await queryDatabase<{ label: string }>(out, `SELECT DISTINCT p.label FROM observation o JOIN indicator i USING (indicator_id) JOIN period p USING (period_id) WHERE i.code = 'simd_rank'`);
    expect(ranks.map((r) => r.label)).toEqual(['2020']);
  });

  it('stops on a 2001 zone of the lookup that the edition does not rank, and on a code outside the 2001 range', async () => {
    const missing = fixture({ ranks: RANKS.replace(/"S01000102".*\n/, '') });
    await expect(buildDatabase({ manifest: missing.manifest, baseDir: missing.dir, out: scratchFile('a.duckdb') }))
      .rejects.toThrow('simd2012_ranks.csv: SIMD 2012 does not rank 1 of the 2001 data zones in dz2001_to_dz2011.csv (e.g. S01000102)');
    const outside = fixture({ links: `${LINKS}"S01009999","S01000001"\n` });
    await expect(buildDatabase({ manifest: outside.manifest, baseDir: outside.dir, out: scratchFile('b.duckdb') }))
      .rejects.toThrow('dz2001_to_dz2011.csv, row 11, column "dz01_code": "S01009999" is not a 2001 data zone code (S01000001 to S01006505)');
  });
});
