import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDatabase } from './build.ts';
import { fixtureCopy, queryDatabase, scratchFile } from './testing.ts';

/** Two community councils drawn as polygons in British National Grid, not following data zones. */
const rect = (x0: number, x1: number) => [[[x0, 699500], [x1, 699500], [x1, 702500], [x0, 702500], [x0, 699500]]];
const COMMUNITY_COUNCILS = {
  type: 'FeatureCollection',
  crs: { type: 'name', properties: { name: 'EPSG:27700' } },
  features: [
    { type: 'Feature', properties: { CC_ID: 'CC01', CC_NAME: 'Muirend and District' }, geometry: { type: 'Polygon', coordinates: rect(299000, 302100) } },
    { type: 'Feature', properties: { CC_ID: 'CC02', CC_NAME: 'Braeside' }, geometry: { type: 'Polygon', coordinates: rect(302100, 303400) } },
  ],
};

describe('best fit from polygons', () => {
  it('gives each data zone to the community council holding its centre, and the last one to the nearest', async () => {
    const { dir, manifest } = fixtureCopy();
    writeFileSync(join(dir, 'community_councils.geojson'), JSON.stringify(COMMUNITY_COUNCILS));
    manifest.sources.push({ kind: 'boundaries', level: 'community_council', file: 'community_councils.geojson', codeProperty: 'CC_ID', nameProperty: 'CC_NAME' });
    const out = scratchFile('cc.duckdb');
    await buildDatabase({ manifest, baseDir: dir, out });
    const rows = await queryDatabase<{ code: string; dzs: string; method: string }>(out, `
      SELECT a.code, string_agg(d.code, ' ' ORDER BY d.code) AS dzs, any_value(m.method) AS method FROM membership m JOIN area a USING (area_id) JOIN data_zone d USING (dz_id)
      WHERE m.level_key = 'community_council' GROUP BY a.code ORDER BY a.code`);
    // Column centres lie at x = 300500, 301500, 302500 and 303500; the last is 100 m outside CC02, its nearest.
    expect(rows).toEqual([
      { code: 'CC01', dzs: 'S01000001 S01000002 S01000005 S01000006', method: 'centroid_in_polygon' },
      { code: 'CC02', dzs: 'S01000003 S01000004 S01000007 S01000008', method: 'centroid_in_polygon' },
    ]);
  });
});
