import { describe, expect, it } from 'vitest';
import { buildDatabase } from './build.ts';
import { fixtureCopy, queryDatabase, scratchFile } from './testing.ts';

describe('Code-Point Open centroids placed by point in polygon', () => {
  it('places every centroid in the data zone holding it, keeps the directory’s own zones, and lets spend by postcode use them', async () => {
    const { dir, manifest } = fixtureCopy({
      // Spend by a postcode that only Code-Point knows: placed through its centroid.
      'spend.csv': (text) => `${text.trimEnd()}\nTestshire Council,Libraries,2020/21,,TT2 1AA,1234,,\n`,
    });
    manifest.sources.push({ kind: 'codepoint', file: 'codepoint_open_sample.csv' });
    const out = scratchFile('codepoint.duckdb');
    const log: string[] = [];
    await buildDatabase({ manifest, baseDir: dir, out, log: (line) => log.push(line) });
    const q = <T>(sql: string) => queryDatabase<T>(out, sql);
    const postcodes = await q<{ postcode: string; code: string; dz_method: string }>(`SELECT p.postcode, d.code, p.dz_method FROM postcode p JOIN data_zone d USING (dz_id) ORDER BY 1`);
    expect(postcodes).toEqual([
      { postcode: 'TT1 1AA', code: 'S01000001', dz_method: 'directory' },
      { postcode: 'TT1 1AB', code: 'S01000002', dz_method: 'directory' },
      { postcode: 'TT2 1AA', code: 'S01000007', dz_method: 'point_in_polygon' },
      { postcode: 'TT2 1AB', code: 'S01000004', dz_method: 'point_in_polygon' },
      { postcode: 'TT2 9ZZ', code: 'S01000004', dz_method: 'directory' },
    ]);
    const [spend] = await q<{ code: string; amount_gbp: number }>(`SELECT d.code, s.amount_gbp FROM spend s JOIN data_zone d USING (dz_id) WHERE s.service = 'Libraries'`);
    expect(spend).toEqual({ code: 'S01000007', amount_gbp: 1234 });
    const [warning] = await q<{ message: string }>(`SELECT message FROM etl_warning WHERE source_kind = 'codepoint'`);
    expect(warning!.message).toMatch(/^2 postcodes placed .*1 without coordinates .* 2 of 2 agree \(100\.0%\).*approximate at zone edges\.$/);
    expect(log.some((line) => /2 centroids placed in data zones .* 2 of 2 agree with the postcode directory/.test(line))).toBe(true);
  });

  it('refuses a centroid outside Scotland, naming file, row and column', async () => {
    const { dir, manifest } = fixtureCopy({ 'codepoint_open_sample.csv': (text) => text.replace('56.196090', '51.5') });
    manifest.sources.push({ kind: 'codepoint', file: 'codepoint_open_sample.csv' });
    await expect(buildDatabase({ manifest, baseDir: dir, out: scratchFile('bad.duckdb') }))
      .rejects.toThrow('codepoint_open_sample.csv, row 4, column "Latitude": "51.5" is not a latitude in Scotland');
  });
});
