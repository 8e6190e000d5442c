import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDatabase } from './build.ts';
import { manifestForFolder } from './detect.ts';
import { fixtureCopy, scratchFile } from './testing.ts';

describe('manifestForFolder', () => {
  it('recognises official names (gzipped or not, either lookup spelling), and names every other file with the reason', () => {
    const dir = mkdtempSync(join(tmpdir(), 'arealens-detect-'));
    for (const file of ['lookups/DataZone2011lookup_2024-12-16.csv.gz', 'lookups/datazone2011_lookup_sg.csv', 'lookups/raw/DataZone2011lookup_2024-12-16_cp1252.csv',
      'simd/simd2016_dz2011_indicators.csv.gz', 'simd/simd2012_dz2001_domain_ranks.csv', 'population/nrs_sape_mid2021_iz2011_total.csv', 'notes/budget 2024.xlsx', 'lookups/raw/old_wards.csv', 'SHA256SUMS']) {
      mkdirSync(join(dir, file, '..'), { recursive: true });
      writeFileSync(join(dir, file), '');
    }
    const manifest = manifestForFolder(dir);
    expect(manifest.sources).toEqual([
      { kind: 'sg_dz_lookup', file: 'lookups/DataZone2011lookup_2024-12-16.csv.gz', edition: '2024-12-16' },
      { kind: 'sg_dz_lookup', file: 'lookups/datazone2011_lookup_sg.csv', edition: undefined },
      { kind: 'population_check', level: 'iz2011', year: 2021, file: 'population/nrs_sape_mid2021_iz2011_total.csv' },
      { kind: 'simd_ranks', edition: 'SIMD 2012', file: 'simd/simd2012_dz2001_domain_ranks.csv', vintage: 'dz2001' },
      { kind: 'simd_indicators', edition: 'SIMD 2016', file: 'simd/simd2016_dz2011_indicators.csv.gz' },
    ]);
    expect(manifest.unread).toEqual([
      { file: 'SHA256SUMS', reason: 'documentation and checksums' },
      { file: 'lookups/raw/DataZone2011lookup_2024-12-16_cp1252.csv', reason: 'the original Windows-1252 bytes of the lookups whose UTF-8 copies beside them are read (data/scotland carries these bytes, and reads them as Windows-1252)' },
      // A file under raw/ that is not a known original is named as not recognised, like any other.
      { file: 'lookups/raw/old_wards.csv', reason: 'not recognised' },
      { file: 'notes/budget 2024.xlsx', reason: 'not recognised' },
    ]);
  });

  it('ends a build with the files it did not read, by name', async () => {
    const { dir, manifest } = fixtureCopy();
    const log: string[] = [];
    await buildDatabase({ manifest: { ...manifest, unread: [{ file: 'notes/budget 2024.xlsx', reason: 'not recognised' }] }, baseDir: dir, out: scratchFile('unread.duckdb'), log: (line) => log.push(line) });
    expect(log).toContain('Not recognised, so not read (1): notes/budget 2024.xlsx');
  });
});
