import { describe, expect, it } from 'vitest';
import { buildDatabase } from './build.ts';
import { fixtureCopy, queryDatabase, scratchFile } from './testing.ts';

describe("a build's attributions", () => {
  it('name each official source read and each partner indicator source, once', async () => {
    const { dir, manifest } = fixtureCopy();
    const out = scratchFile('attributions.duckdb');
    await buildDatabase({ manifest: { ...manifest, synthetic: false }, baseDir: dir, out });
    const [{ attributions }] = (await queryDatabase<{ attributions: string }>(out, 'SELECT attributions FROM build')) as [{ attributions: string }];
    const lines = JSON.parse(attributions) as string[];
    expect(lines).toContain('Scottish Government: data zone lookups (Open Government Licence v3.0)');
    expect(lines).toContain('Scottish Government: Scottish Index of Multiple Deprivation (Open Government Licence v3.0)');
    expect(lines).toContain('National Records of Scotland: small area population estimates (Open Government Licence v3.0)');
    // The fixture's partner indicators: their own publisher, source and licence.
    expect(lines).toContain('AreaLens tests: Fixture (Open Government Licence v3.0)');
    expect(new Set(lines).size).toBe(lines.length);
  });

  it('say only that the figures are synthetic, for a synthetic build', async () => {
    const { dir, manifest } = fixtureCopy();
    const out = scratchFile('synthetic.duckdb');
    await buildDatabase({ manifest, baseDir: dir, out });
    const [{ attributions }] = (await queryDatabase<{ attributions: string }>(out, 'SELECT attributions FROM build')) as [{ attributions: string }];
    expect(JSON.parse(attributions)).toEqual(['AreaLens synthetic demo: generated figures, not real statistics']);
  });
});
