import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDatabase } from '../../etl/src/build.ts';
import { manifestForFolder } from '../../etl/src/detect.ts';
import { queryDatabase, REAL_DATA, scratchFile } from '../../etl/src/testing.ts';

/** Reads a CSV the simple way (these files have no embedded commas in the columns used here). */
function columns(file: string, wanted: string[]): Record<string, string>[] {
  const bytes = readFileSync(join(REAL_DATA, file));
  const text = (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
  const [head, ...lines] = text.trim().split(/\r?\n/);
  const header = head!.split(',').map((c) => c.replaceAll('"', ''));
  const at = wanted.map((w) => header.indexOf(w));
  return lines.map((line) => {
    const cells = line.split(',').map((c) => c.replaceAll('"', ''));
    return Object.fromEntries(wanted.map((w, i) => [w, cells[at[i]!]!]));
  });
}

const present = existsSync(REAL_DATA);
if (!present && process.env.CI) throw new Error(`The real open data is missing: expected ${REAL_DATA}`);

describe.skipIf(!present)('a build from the real open data in ../shared/data/real', () => {
  const out = scratchFile('scotland.duckdb');
  const q = <T = Record<string, unknown>>(sql: string) => queryDatabase<T>(out, sql);

  beforeAll(async () => {
    const manifest = manifestForFolder(REAL_DATA);
    await buildDatabase({ manifest, baseDir: REAL_DATA, out });
  });

  it('holds all 6,976 data zones and every level of the lookups, with their published counts', async () => {
    const levels = await q<{ level_key: string; area_count: number }>('SELECT level_key, area_count FROM level');
    expect(Object.fromEntries(levels.map((l) => [l.level_key, l.area_count]))).toEqual({
      dz2011: 6976, iz2011: 1279, ward2017: 354, ward2022: 355, locality: 130, hscp: 31, council: 32, health_board: 14, scotland: 1,
    });
  });

  it('joins the lookups completely: every data zone belongs to an area of every level', async () => {
    const rows = await q<{ level_key: string; n: number }>(`SELECT level_key, count(DISTINCT dz_id)::INTEGER AS n FROM membership GROUP BY 1`);
    expect(rows).toHaveLength(8);
    for (const row of rows) expect(row.n, row.level_key).toBe(6976);
  });

  it("has every data zone's SIMD 2020v2 and 2016 rank exactly as published", async () => {
    for (const [edition, file] of [['SIMD 2020v2', 'simd/simd2020v2_dz2011_domain_ranks.csv'], ['SIMD 2016', 'simd/simd2016_dz2011_domain_ranks.csv']] as const) {
      const published = new Map(columns(file, ['dz11_code', 'IMD_rank', 'Income_rank']).map((r) => [r.dz11_code!, [Number(r.IMD_rank), Number(r.Income_rank)]]));
      const loaded = await q<{ code: string; rank: number; income_rank: number }>(`SELECT d.code, s.rank, s.income_rank FROM simd s JOIN data_zone d USING (dz_id) WHERE s.edition = '${edition}'`);
      expect(loaded).toHaveLength(6976);
      for (const row of loaded) expect([row.rank, row.income_rank], row.code).toEqual(published.get(row.code));
    }
    const [culter] = await q<{ rank: number; decile: number }>(`SELECT rank, decile FROM simd JOIN data_zone USING (dz_id) WHERE code = 'S01006506' AND edition = 'SIMD 2020v2'`);
    expect(culter).toEqual({ rank: 4691, decile: 7 });
  });

  it("has every data zone's population exactly as the NRS estimate, and Scotland's total", async () => {
    const published = new Map(columns('population/nrs_sape_mid2020_dz2011_single_year_age_sex.csv.gz', ['dz11_code', 'total_population', 'sex'])
      .filter((r) => r.sex === 'All').map((r) => [r.dz11_code!, Number(r.total_population)]));
    const loaded = await q<{ code: string; population: number }>(`SELECT code, population FROM area WHERE level_key = 'dz2011'`);
    for (const row of loaded) expect(row.population, row.code).toBe(published.get(row.code));
    const [scotland] = await q<{ population: number }>(`SELECT population FROM area WHERE level_key = 'scotland'`);
    expect(scotland?.population).toBe(5_466_000);
    const [fife] = await q<{ name: string; population: number; dzs: number }>(`
      SELECT a.name, a.population, (SELECT count(*)::INTEGER FROM membership m WHERE m.area_id = a.area_id) AS dzs FROM area a WHERE a.code = 'S12000047'`);
    expect(fife).toMatchObject({ name: 'Fife', dzs: 494 });
  });

  it('keeps the publisher\'s withheld (*) cells as withheld', async () => {
    const rows = await q<{ code: string; n: number }>(`SELECT i.code, count(*)::INTEGER AS n FROM observation o JOIN indicator i USING (indicator_id) WHERE o.suppressed_at_source GROUP BY 1 ORDER BY 1`);
    expect(rows).toEqual([{ code: 'simd_crime_rate', n: 500 }, { code: 'simd_school_attainment', n: 189 }, { code: 'simd_school_attendance', n: 567 }]);
  });

  it('loads every SIMD indicator and census table, and lists the published quirks as warnings', async () => {
    const [counts] = await q<{ indicators: number; census: number }>(`SELECT count(*)::INTEGER AS indicators, count(*) FILTER (WHERE code LIKE 'census%')::INTEGER AS census FROM indicator`);
    expect(counts!.indicators).toBeGreaterThanOrEqual(45);
    expect(counts!.census).toBe(10);
    const warnings = await q<{ file: string }>(`SELECT file FROM etl_warning ORDER BY file`);
    expect(warnings.map((w) => w.file)).toEqual(['census2022_uv402_accommodation_type_dz2011.csv', 'census2022_uv404_tenure_dz2011.csv', 'simd2020v2_dz2011_indicators.csv']);
  });

  it('dissolves a shape for every area of every level, with no boundary left unmatched', async () => {
    const rows = await q<{ level_key: string; areas: number; shapes: number }>(`
      SELECT a.level_key, count(*)::INTEGER AS areas, count(s.area_id)::INTEGER AS shapes FROM area a LEFT JOIN area_shape s USING (area_id) GROUP BY 1`);
    for (const row of rows) expect(row.shapes, row.level_key).toBe(row.areas);
    const [fife] = await q<{ area_km2: number }>(`SELECT area_km2 FROM area WHERE code = 'S12000047'`);
    expect(fife!.area_km2).toBeGreaterThan(1250);
    expect(fife!.area_km2).toBeLessThan(1400);
    expect(await q(`SELECT message FROM etl_warning WHERE source_kind = 'boundaries'`)).toEqual([]);
  });

  it('logs each SIMD edition the deprivation indicators were loaded from', async () => {
    const rows = await q<{ revision: string }>(`SELECT revision FROM indicator_revision WHERE indicator_code = 'simd_rank' ORDER BY revision`);
    expect(rows.map((r) => r.revision)).toEqual(['SIMD 2016', 'SIMD 2020v2']);
  });

  it('places the sample postcodes in their data zones', async () => {
    const [g13] = await q<{ code: string }>(`SELECT d.code FROM postcode p JOIN data_zone d USING (dz_id) WHERE p.postcode = 'G13 3AE'`);
    expect(g13?.code).toBe('S01010452');
  });
});
