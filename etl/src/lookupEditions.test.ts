import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDatabase } from './build.ts';
import { fixtureCopy, scratchFile } from './testing.ts';

describe('editions of the SG data zone lookup', () => {
  it('stops when a lookup read as the 2017 wards holds 2022 ward codes, saying to name its edition', async () => {
    const { dir, manifest } = fixtureCopy({ 'lookup_dz.csv': (text) => text.replaceAll('S13000001', 'S13003140') });
    await expect(buildDatabase({ manifest, baseDir: dir, out: scratchFile('editions.duckdb') })).rejects.toThrow(
      'lookup_dz.csv, column "MMWard_Code": holds 2022 ward codes (e.g. S13003140), so it is an edition of 2022-05 or later; name its release date',
    );
  });

  it('stops when two editions disagree on a data zone’s area, naming the row and column', async () => {
    const { dir, manifest } = fixtureCopy();
    // The same lookup again, as a second (older) edition in which one data zone is in another IZ.
    const lines = readFileSync(join(dir, 'lookup_dz.csv'), 'utf8').split('\n');
    lines[1] = lines[1]!.replace('S02000001', 'S02000002');
    writeFileSync(join(dir, 'older_lookup.csv'), lines.join('\n'));
    manifest.sources.unshift({ kind: 'sg_dz_lookup', file: 'lookup_dz.csv', edition: '2019-01-01' }, { kind: 'sg_dz_lookup', file: 'older_lookup.csv', edition: '2018-01-01' });
    manifest.sources.splice(manifest.sources.findIndex((s, i) => i > 1 && s.kind === 'sg_dz_lookup'), 1);
    await expect(buildDatabase({ manifest, baseDir: dir, out: scratchFile('disagree.duckdb') })).rejects.toThrow(
      /older_lookup\.csv, row 2, column "IZ2011_Code": data zone S01000001 is in Intermediate zone S02000002 here but S02000001 in lookup_dz\.csv: the two lookup editions disagree/,
    );
  });
});
