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
    expect(JSON.parse(attributions)).toEqual(['AreaLens synthetic data: generated figures, not real statistics']);
  });

  it('keep real sources real in a synthetic build that mixes them with synthetic ones (the scale bench)', async () => {
    const { dir, manifest } = fixtureCopy();
    // Real lookups, population and SIMD beside synthetic partner indicators and spend.
    const sources = manifest.sources.map((s) => (s.kind === 'indicators' || s.kind === 'spend' || s.kind === 'targets' ? s : { ...s, synthetic: false }));
    const out = scratchFile('mixed.duckdb');
    await buildDatabase({ manifest: { ...manifest, synthetic: true, sources }, baseDir: dir, out });
    const [build] = (await queryDatabase<{ synthetic: boolean; attributions: string }>(out, 'SELECT synthetic, attributions FROM build')) as [{ synthetic: boolean; attributions: string }];
    expect(build.synthetic).toBe(true);
    const lines = JSON.parse(build.attributions) as string[];
    expect(lines[0]).toBe('AreaLens synthetic data: generated figures, not real statistics');
    expect(lines).toContain('Scottish Government: Scottish Index of Multiple Deprivation (Open Government Licence v3.0)');
    const indicators = await queryDatabase<{ code: string; synthetic: boolean; publisher: string }>(out, `SELECT code, synthetic, publisher FROM indicator WHERE code IN ('pop_total', 'simd_rank', 'simd_income_deprived_pct', 'test_events') ORDER BY code`);
    expect(indicators).toEqual([
      { code: 'pop_total', synthetic: false, publisher: 'National Records of Scotland' },
      { code: 'simd_income_deprived_pct', synthetic: false, publisher: 'Scottish Government' },
      { code: 'simd_rank', synthetic: false, publisher: 'Scottish Government' },
      { code: 'test_events', synthetic: true, publisher: 'AreaLens tests' },
    ]);
  });
});
