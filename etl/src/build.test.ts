import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDatabase } from './build.ts';
import { fixtureCopy, queryDatabase, scratchFile } from './testing.ts';

describe('a build from the mini fixture', () => {
  const out = scratchFile('mini.duckdb');
  let buildId = '';
  const q = <T = Record<string, unknown>>(sql: string, params: (string | number)[] = []) => queryDatabase<T>(out, sql, params);

  beforeAll(async () => {
    const { dir, manifest } = fixtureCopy();
    buildId = (await buildDatabase({ manifest, baseDir: dir, out })).buildId;
  });

  it('records the build, labelled synthetic, and every source it read', async () => {
    const [build] = await q<{ build_id: string; synthetic: boolean; label: string }>('SELECT * FROM build');
    expect(build).toMatchObject({ build_id: buildId, synthetic: true, label: 'Mini fixture' });
    const runs = await q<{ file: string; rows_read: number; rows_rejected: number; checksum: string }>('SELECT * FROM etl_run ORDER BY file');
    expect(runs.map((r) => r.file)).toContain('lookup_dz.csv');
    expect(runs.find((r) => r.file === 'lookup_dz.csv')).toMatchObject({ rows_read: 8, rows_rejected: 0 });
    expect(runs.every((r) => /^[0-9a-f]{64}$/.test(r.checksum))).toBe(true);
  });

  it('gives the same build id for the same inputs', async () => {
    const { dir, manifest } = fixtureCopy();
    const again = await buildDatabase({ manifest, baseDir: dir, out: scratchFile('again.duckdb') });
    expect(again.buildId).toBe(buildId);
    const changed = fixtureCopy({ 'spend.csv': (t) => t.replace(',10000,', ',10001,') });
    const other = await buildDatabase({ manifest: changed.manifest, baseDir: changed.dir, out: scratchFile('other.duckdb') });
    expect(other.buildId).not.toBe(buildId);
  });

  it('loads every level from the lookup with names, and membership for every data zone', async () => {
    const levels = await q<{ level_key: string; area_count: number }>('SELECT level_key, area_count FROM level ORDER BY sort_order');
    expect(Object.fromEntries(levels.map((l) => [l.level_key, l.area_count]))).toEqual({
      dz2011: 8, dz2022: 3, iz2011: 3, ward2017: 3, locality: 3, hscp: 2, council: 2, health_board: 1, spc2011: 1, scotland: 1,
    });
    const [ward] = await q<{ name: string; members: number }>(`SELECT a.name, count(*)::INTEGER AS members FROM area a JOIN membership m USING (area_id) WHERE a.code = 'S13000001' GROUP BY a.name`);
    expect(ward).toEqual({ name: 'Muirend', members: 3 });
    const [gaps] = await q<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM data_zone d WHERE vintage = 'dz2011' AND (SELECT count(*) FROM membership m WHERE m.dz_id = d.dz_id) <> 8`);
    expect(gaps?.n).toBe(0);
  });

  it('sums data-zone populations into areas and finds each area its parents', async () => {
    const text = readFileSync(`${dirname(new URL(import.meta.url).pathname)}/../../data/fixtures/mini/population_2020.csv`, 'utf8');
    const totals = new Map(text.trim().split('\n').slice(1).map((l) => l.split(',')).filter((c) => c[2] === '"All"').map((c) => [c[0]!.replaceAll('"', ''), Number(c[1])]));
    const [iz] = await q<{ population: number; population_year: number }>(`SELECT population, population_year FROM area WHERE code = 'S02000001'`);
    expect(iz).toEqual({ population: totals.get('S01000001')! + totals.get('S01000002')! + totals.get('S01000005')!, population_year: 2020 });
    const parents = await q<{ parent_level: string; parent: string; share: number }>(`SELECT p.parent_level, pa.code AS parent, p.share FROM area a JOIN area_parent p USING (area_id) JOIN area pa ON pa.area_id = p.parent_id WHERE a.code = 'S13000002' ORDER BY 1`);
    expect(parents).toEqual([
      { parent_level: 'council', parent: 'S12000001', share: 1 },
      { parent_level: 'scotland', parent: 'S92000003', share: 1 },
    ]);
  });

  it('keeps withheld values as withheld, never as zero', async () => {
    const rows = await q<{ numerator: number | null; suppressed_at_source: boolean }>(`
      SELECT o.numerator, o.suppressed_at_source FROM observation o JOIN indicator i USING (indicator_id) JOIN period p USING (period_id) JOIN data_zone d USING (dz_id)
      WHERE i.code = 'test_pct' AND p.label = '2020/21' AND d.code = 'S01000006'`);
    expect(rows).toEqual([{ numerator: null, suppressed_at_source: true }]);
    const [crime] = await q<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM observation JOIN indicator USING (indicator_id) WHERE code = 'simd_crime_rate' AND suppressed_at_source`);
    expect(crime?.n).toBe(1);
  });

  it('recomputes SIMD bands from the rank and derives population shares in the most deprived areas', async () => {
    const simd = await q<{ code: string; rank: number; decile: number; quintile: number }>(`SELECT d.code, s.rank, s.decile, s.quintile FROM simd s JOIN data_zone d USING (dz_id) ORDER BY s.rank`);
    expect(simd[0]).toEqual({ code: 'S01000001', rank: 120, decile: 1, quintile: 1 });
    expect(simd.map((s) => s.decile)).toEqual([120, 700, 1500, 3000, 4200, 5000, 6100, 6900].map((r) => Math.ceil((r * 10) / 6976)));
    const shares = await q<{ code: string; numerator: number; denominator: number }>(`
      SELECT d.code, o.numerator, o.denominator FROM observation o JOIN indicator i USING (indicator_id) JOIN data_zone d USING (dz_id) WHERE i.code = 'simd_most_deprived_20pc_pct' AND d.vintage = 'dz2011' ORDER BY d.code`);
    expect(shares.filter((s) => s.numerator > 0).map((s) => s.code)).toEqual(['S01000001', 'S01000002']);
    expect(shares.every((s) => s.numerator === 0 || s.numerator === s.denominator)).toBe(true);
  });

  it('stores population-weighted means with their weights, and sorts the fact table for roll-ups', async () => {
    const [row] = await q<{ numerator: number; denominator: number; value: number }>(`
      SELECT o.numerator, o.denominator, o.value FROM observation o JOIN indicator i USING (indicator_id) JOIN data_zone d USING (dz_id) WHERE i.code = 'test_score' AND d.code = 'S01000001'`);
    expect(row!.value).toBe(6);
    expect(row!.denominator).toBeGreaterThan(0);
    expect(row!.numerator).toBeCloseTo(6 * row!.denominator, 9);
    const [unsorted] = await q<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM (
      SELECT indicator_id, period_id, dz_id, lag(indicator_id) OVER w AS pi, lag(period_id) OVER w AS pp, lag(dz_id) OVER w AS pd FROM observation WINDOW w AS (ORDER BY rowid))
      WHERE pi IS NOT NULL AND (indicator_id, period_id, dz_id) < (pi, pp, pd)`);
    expect(unsorted?.n).toBe(0);
  });

  it('places spend by data zone and by postcode, and keeps unallocated spend', async () => {
    const [placed] = await q<{ code: string; amount: number }>(`SELECT d.code, s.amount_gbp AS amount FROM spend s JOIN data_zone d USING (dz_id) WHERE s.amount_gbp = 1500.5`);
    expect(placed).toEqual({ code: 'S01000001', amount: 1500.5 });
    const [unallocated] = await q<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM spend WHERE dz_id IS NULL`);
    expect(unallocated?.n).toBe(1);
  });

  it('loads targets, postcodes, the crosswalk and the revisions log', async () => {
    expect(await q(`SELECT count(*)::INTEGER AS n FROM target`)).toEqual([{ n: 2 }]);
    expect(await q(`SELECT postcode, deleted FROM postcode ORDER BY 1`)).toEqual([
      { postcode: 'TT1 1AA', deleted: false }, { postcode: 'TT1 1AB', deleted: false }, { postcode: 'TT2 9ZZ', deleted: true },
    ]);
    expect(await q(`SELECT round(sum(weight), 6) AS w FROM dz_crosswalk`)).toEqual([{ w: 2 }]);
    const revisions = await q<{ revision: string }>(`SELECT revision FROM indicator_revision WHERE indicator_code = 'simd_income_deprived_pct'`);
    expect(revisions).toEqual([{ revision: 'SIMD 2020v2' }]);
  });

  it('dissolves the British National Grid squares into every level, reprojected to WGS84', async () => {
    const [iz] = await q<{ area_km2: number; centroid_lon: number; centroid_lat: number; bbox_west: number }>(`SELECT area_km2, centroid_lon, centroid_lat, bbox_west FROM area WHERE code = 'S02000001'`);
    expect(iz!.area_km2).toBeCloseTo(3, 1);
    expect(iz!.centroid_lon).toBeGreaterThan(-4);
    expect(iz!.centroid_lon).toBeLessThan(-3);
    expect(iz!.centroid_lat).toBeGreaterThan(56);
    expect(iz!.centroid_lat).toBeLessThan(57);
    const topologies = await q<{ level_key: string }>(`SELECT level_key FROM level_topology ORDER BY 1`);
    expect(topologies.map((t) => t.level_key)).toEqual(['council', 'dz2011', 'health_board', 'hscp', 'iz2011', 'locality', 'scotland', 'spc2011', 'ward2017']);
    const [shape] = await q<{ geojson: string }>(`SELECT geojson FROM area_shape JOIN area USING (area_id) WHERE code = 'S12000002'`);
    expect(JSON.parse(shape!.geojson).type).toBe('Polygon');
    expect(await q(`SELECT count(*)::INTEGER AS n FROM etl_warning WHERE source_kind = 'boundaries'`)).toEqual([{ n: 0 }]);
  });

  it('leaves no temporary files behind', () => {
    expect(readdirSync(dirname(out)).filter((f) => f !== 'mini.duckdb')).toEqual([]);
    expect(existsSync(out)).toBe(true);
  });
});
