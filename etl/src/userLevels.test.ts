import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDatabase } from './build.ts';
import { EtlCheckError } from './errors.ts';
import { fixtureCopy, queryDatabase, scratchFile } from './testing.ts';

const REGENERATION = 'dz_code,area_code,area_name\nS01000001,REGEN01,Muirend regeneration area\nS01000005,REGEN01,Muirend regeneration area\nS01000004,REGEN02,Westhaugh Riverside\n';

describe('a user-defined level', () => {
  it('is registered from dz_code,area_code,area_name with no code change, and may cover part of the area', async () => {
    const { dir, manifest } = fixtureCopy();
    writeFileSync(join(dir, 'regeneration.csv'), REGENERATION);
    manifest.sources.push({ kind: 'area_membership', level: 'regeneration_areas', label: 'Regeneration areas', file: 'regeneration.csv' });
    const out = scratchFile('user.duckdb');
    await buildDatabase({ manifest, baseDir: dir, out });
    expect(await queryDatabase(out, `SELECT label, membership, user_defined, area_count FROM level WHERE level_key = 'regeneration_areas'`)).toEqual([
      { label: 'Regeneration areas', membership: 'best_fit', user_defined: true, area_count: 2 },
    ]);
    const areas = await queryDatabase(out, `
      SELECT a.code, a.name, count(*)::INTEGER AS zones, any_value(m.method) AS method, any_value(pa.code) AS council
      FROM area a JOIN membership m USING (area_id) JOIN area_parent p ON p.area_id = a.area_id AND p.parent_level = 'council' JOIN area pa ON pa.area_id = p.parent_id
      WHERE a.level_key = 'regeneration_areas' GROUP BY a.code, a.name ORDER BY a.code`);
    expect(areas).toEqual([
      { code: 'REGEN01', name: 'Muirend regeneration area', zones: 2, method: 'user_defined', council: 'S12000001' },
      { code: 'REGEN02', name: 'Westhaugh Riverside', zones: 1, method: 'user_defined', council: 'S12000002' },
    ]);
  });

  it('refuses a level key that is neither known nor valid', async () => {
    const { dir, manifest } = fixtureCopy();
    writeFileSync(join(dir, 'regeneration.csv'), REGENERATION);
    manifest.sources.push({ kind: 'area_membership', level: 'Regeneration Areas!', file: 'regeneration.csv' });
    const error = await buildDatabase({ manifest, baseDir: dir, out: scratchFile('bad.duckdb') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EtlCheckError);
    expect((error as Error).message).toContain('regeneration.csv: "Regeneration Areas!" is neither a known level');
  });
});
