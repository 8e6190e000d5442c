import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPolygonIndex } from '../../geographies/src/pointIndex.ts';
import { readBoundaries } from '../../geographies/src/boundaries.ts';
import { buildDatabase, type BuildResult } from '../../etl/src/build.ts';
import { manifestForFolder } from '../../etl/src/detect.ts';
import { queryDatabase, REAL_DATA, SCOTLAND_DATA, scratchFile } from '../../etl/src/testing.ts';
import { appFor } from '../api/miniApp.ts';

/**
 * The default build: real Scotland from the official files the repository carries in
 * data/scotland. Every figure checked here is recomputed from those files independently.
 */

/** Reads a (possibly gzipped, possibly Windows-1252) CSV with a general-purpose parser, not the ETL's. */
function columns(file: string, wanted: string[], dir = SCOTLAND_DATA): Record<string, string>[] {
  const bytes = readFileSync(join(dir, file));
  const text = new TextDecoder(file.includes('DataZone20') ? 'windows-1252' : 'utf-8').decode(file.endsWith('.gz') ? gunzipSync(bytes) : bytes);
  const rows = parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  for (const w of wanted) if (!(w in rows[0]!)) throw new Error(`${file} has no column ${w}`);
  return rows.map((row) => Object.fromEntries(wanted.map((w) => [w, row[w]!])));
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe('the default build: real Scotland from data/scotland', () => {
  const out = scratchFile('scotland.duckdb');
  const q = <T = Record<string, unknown>>(sql: string) => queryDatabase<T>(out, sql);
  let result: BuildResult;
  const log: string[] = [];
  let app: FastifyInstance;

  beforeAll(async () => {
    result = await buildDatabase({ manifest: manifestForFolder(SCOTLAND_DATA), baseDir: SCOTLAND_DATA, out, log: (line) => log.push(line) });
    app = await appFor(out);
  });
  afterAll(async () => app?.close());

  it('reads every file of the folder, and its summary says what was built', () => {
    expect(result.unread.map((u) => u.file).sort()).toEqual(['PROVENANCE.md', 'SHA256SUMS', 'SHA256SUMS.contents']);
    expect(result).toMatchObject({ dataZones: 6976, dataZones2022: 7392, postcodes: 158_306 });
    expect(log.find((line) => line.startsWith('Built'))).toMatch(/6,976 data zones \(and 7,392 of 2022\), 16 levels, \d+ indicators over \d+ periods, [\d,]+ observations, 158,306 postcodes/);
  });

  it('holds the data zones of 2011 and 2022 and every level of the lookups, with their published counts', async () => {
    const levels = await q<{ level_key: string; area_count: number }>('SELECT level_key, area_count FROM level');
    expect(Object.fromEntries(levels.map((l) => [l.level_key, l.area_count]))).toEqual({
      dz2011: 6976, dz2022: 7392, iz2011: 1279, iz2022: 1334, ward2017: 354, ward2022: 355, locality: 130, hscp: 31, council: 32, health_board: 14,
      police_division: 13, fire_lso2024: 14, spc2011: 73, ukpc2024: 57, urban_rural6_2020: 6, scotland: 1,
    });
    const from2011 = await q<{ level_key: string; n: number }>(`SELECT level_key, count(DISTINCT dz_id)::INTEGER AS n FROM membership GROUP BY 1 ORDER BY 1`);
    expect(from2011.map((r) => [r.level_key, r.n])).toEqual(
      ['council', 'fire_lso2024', 'health_board', 'hscp', 'iz2011', 'locality', 'police_division', 'scotland', 'spc2011', 'ukpc2024', 'urban_rural6_2020', 'ward2017', 'ward2022'].map((l) => [l, 6976]));
    const from2022 = await q<{ level_key: string; n: number }>(`SELECT level_key, count(DISTINCT dz_id)::INTEGER AS n FROM membership_dz2022 GROUP BY 1 ORDER BY 1`);
    expect(from2022.map((r) => [r.level_key, r.n])).toEqual(
      ['council', 'fire_lso2024', 'health_board', 'hscp', 'iz2022', 'police_division', 'scotland', 'spc2011', 'ukpc2024', 'urban_rural6_2020', 'ward2022'].map((l) => [l, 7392]));
  });

  it('takes the 2022 wards, constituencies and urban-rural classes from the official 2024 lookup, read as Windows-1252', async () => {
    const official = columns('lookups/DataZone2011lookup_2024-12-16.csv.gz', ['DZ2011_Code', 'MMWard_Code', 'MMWard_Name', 'UKPC_Code', 'UR6_Code']);
    const loaded = await q<{ dz: string; level_key: string; code: string; name: string }>(`
      SELECT d.code AS dz, m.level_key, a.code, a.name FROM membership m JOIN data_zone d USING (dz_id) JOIN area a USING (area_id)
      WHERE m.level_key IN ('ward2022', 'ukpc2024', 'urban_rural6_2020')`);
    const of = new Map(loaded.map((r) => [`${r.level_key}:${r.dz}`, r]));
    for (const row of official) {
      expect(of.get(`ward2022:${row.DZ2011_Code}`)?.code, row.DZ2011_Code).toBe(row.MMWard_Code);
      expect(of.get(`ukpc2024:${row.DZ2011_Code}`)?.code, row.DZ2011_Code).toBe(row.UKPC_Code);
      expect(of.get(`urban_rural6_2020:${row.DZ2011_Code}`)?.code, row.DZ2011_Code).toBe(row.UR6_Code);
    }
    // The published names end in a no-break space ("Annandale East and Eskdale\u00a0"); the loaded ones do not.
    expect(official.some((r) => r.MMWard_Name!.endsWith('\u00a0'))).toBe(true);
    // No name keeps a no-break space, a replacement character, or a C1 control character (what
    // Node 20's own Windows-1252 decoder makes of ’ and similar).
    const names = await q<{ name: string }>(`SELECT name FROM area WHERE name <> trim(name) OR regexp_matches(name, '[\u00a0\ufffd\u0080-\u009f]')`);
    expect(names).toEqual([]);
    const [boness] = await q<{ name: string }>(`SELECT name FROM area WHERE level_key = 'ward2022' AND name LIKE 'Bo%ness and Blackness'`);
    expect(boness?.name).toBe('Bo’ness and Blackness');
    const [gaelic] = await q<{ name: string }>(`SELECT name FROM area WHERE level_key = 'ward2022' AND code = 'S13003142'`);
    expect(gaelic?.name).toBe('Steòrnabhagh a Tuath');
  });

  it("has every data zone's SIMD 2020v2 and 2016 rank exactly as published", async () => {
    for (const [edition, file] of [['SIMD 2020v2', 'simd/simd2020v2_dz2011_domain_ranks.csv.gz'], ['SIMD 2016', 'simd/simd2016_dz2011_domain_ranks.csv.gz']] as const) {
      const published = new Map(columns(file, ['dz11_code', 'IMD_rank', 'Income_rank']).map((r) => [r.dz11_code!, [Number(r.IMD_rank), Number(r.Income_rank)]]));
      const loaded = await q<{ code: string; rank: number; income_rank: number }>(`SELECT d.code, s.rank, s.income_rank FROM simd s JOIN data_zone d USING (dz_id) WHERE s.edition = '${edition}'`);
      expect(loaded).toHaveLength(6976);
      for (const row of loaded) expect([row.rank, row.income_rank], row.code).toEqual(published.get(row.code));
    }
    const [culter] = await q<{ rank: number; decile: number }>(`SELECT rank, decile FROM simd JOIN data_zone USING (dz_id) WHERE code = 'S01006506' AND edition = 'SIMD 2020v2'`);
    expect(culter).toEqual({ rank: 4691, decile: 7 });
  });

  it('gives population for 2014, 2017, 2019, 2020 and 2021, each from its own source, and areas their mid-2021 population', async () => {
    const years = await q<{ year: number; people: number; source: string }>(`SELECT year, sum(persons)::INTEGER AS people, any_value(source) AS source FROM population_total GROUP BY 1 ORDER BY 1`);
    expect(years.map((y) => [y.year, y.people])).toEqual([[2014, 5_347_600], [2017, 5_424_800], [2019, 5_463_300], [2020, 5_466_000], [2021, 5_479_900]]);
    expect(years[0]!.source).toMatch(/mid-2014, as carried by the SIMD 2016 indicator data/);
    expect(years[4]!.source).toMatch(/mid-2021 \(totals\)/);
    const published = new Map(columns('population/nrs_sape_mid2021_dz2011_total.csv.gz', ['dz11_code', 'total_population']).map((r) => [r.dz11_code!, Number(r.total_population)]));
    const loaded = await q<{ code: string; population: number; population_year: number }>(`SELECT code, population, population_year FROM area WHERE level_key = 'dz2011'`);
    for (const row of loaded) expect([row.population, row.population_year], row.code).toEqual([published.get(row.code), 2021]);
    const [fife] = await q<{ name: string; population: number; dzs: number }>(`
      SELECT a.name, a.population, (SELECT count(*)::INTEGER FROM membership m WHERE m.area_id = a.area_id) AS dzs FROM area a WHERE a.code = 'S12000047'`);
    expect(fife).toEqual({ name: 'Fife', population: 374_730, dzs: 494 });
  });

  it("sums 2021 data zones to exactly NRS's published intermediate-zone totals", async () => {
    const published = columns('population/nrs_sape_mid2021_iz2011_total.csv.gz', ['iz11_code', 'total_population']);
    expect(published).toHaveLength(1279);
    const sums = new Map((await q<{ code: string; people: number }>(`
      SELECT a.code, sum(p.persons)::INTEGER AS people FROM membership m JOIN area a USING (area_id) JOIN population_total p ON p.dz_id = m.dz_id AND p.year = 2021
      WHERE m.level_key = 'iz2011' GROUP BY 1`)).map((r) => [r.code, r.people]));
    for (const row of published) expect(sums.get(row.iz11_code!), row.iz11_code).toBe(Number(row.total_population));
  });

  it('gives every SIMD indicator two time points at their true reference periods, and rolls a 2016 rate up for a council from its counts', async () => {
    const periods = await q<{ code: string; periods: string }>(`
      SELECT i.code, string_agg(p.label, ' ' ORDER BY p.start_date) AS periods FROM indicator_period ip JOIN indicator i USING (indicator_id) JOIN period p USING (period_id)
      WHERE i.code LIKE 'simd%' GROUP BY 1`);
    const of = Object.fromEntries(periods.map((p) => [p.code, p.periods]));
    expect(of.simd_income_deprived_pct).toBe('2015 2017');
    expect(of.simd_crime_rate).toBe('2014/15 2017/18');
    expect(of.simd_drive_gp_minutes).toBe('2015 2018');
    expect(of.simd_most_deprived_20pc_pct).toBe('2012 2016 2020');
    // Census-based housing and skills measures are the 2011 Census in both editions: one period.
    expect(of.simd_overcrowded_pct).toBe('2011');
    expect(of.simd_no_superfast_broadband).toBe('2019');
    const twoOrMore = periods.filter((p) => p.periods.split(' ').length >= 2).map((p) => p.code);
    expect(twoOrMore.length).toBeGreaterThanOrEqual(24);

    // Fife, SIMD 2016 income deprivation: Σ Income_count ÷ Σ Total_population over its data zones.
    const fife = new Set(columns('lookups/datazone2011_lookup_sg.csv.gz', ['DZ2011_Code', 'LA_Code']).filter((r) => r.LA_Code === 'S12000047').map((r) => r.DZ2011_Code));
    const rows = columns('simd/simd2016_dz2011_indicators.csv.gz', ['dz11_code', 'Income_count', 'Total_population']).filter((r) => fife.has(r.dz11_code));
    expect(rows).toHaveLength(494);
    const numerator = sum(rows.map((r) => Number(r.Income_count)));
    const denominator = sum(rows.map((r) => Number(r.Total_population)));
    const reply = await app.inject({ url: '/api/v1/indicators/simd_income_deprived_pct/values?level=council&period=2015' });
    expect(reply.statusCode, reply.body).toBe(200);
    const fifeValue = (reply.json() as { areas: { code: string; numerator: number; denominator: number; value: number }[] }).areas.find((v) => v.code === 'S12000047');
    expect(fifeValue).toMatchObject({ numerator, denominator });
    expect(fifeValue!.value).toBeCloseTo((numerator / denominator) * 100, 9);
  });

  it.each([['2016', 'simd2016', 5_347_600], ['2020', 'simd2020v2', 5_424_800]] as const)('counts the people in the SIMD %s shares from the population the edition was built on', async (period, file, scotlandPeople) => {
    // The most deprived 20%: the people of the data zones ranked 1 to 1,395, from the edition's own file (mid-2014; mid-2017).
    const people = new Map(columns(`simd/${file}_dz2011_indicators.csv.gz`, ['dz11_code', 'Total_population']).map((r) => [r.dz11_code!, Number(r.Total_population)]));
    const ranks = columns(`simd/${file}_dz2011_domain_ranks.csv.gz`, ['dz11_code', 'IMD_rank']);
    const inBand = sum(ranks.filter((r) => Math.ceil((Number(r.IMD_rank) * 5) / 6976) === 1).map((r) => people.get(r.dz11_code!)!));
    const [scotland] = await q<{ numerator: number; denominator: number }>(`
      SELECT sum(o.numerator) AS numerator, sum(o.denominator) AS denominator FROM observation o JOIN indicator i USING (indicator_id) JOIN period p USING (period_id)
      WHERE i.code = 'simd_most_deprived_20pc_pct' AND p.label = '${period}'`);
    expect(scotland).toEqual({ numerator: inBand, denominator: scotlandPeople });
    const [notes] = await q<{ notes: string }>(`SELECT notes FROM indicator WHERE code = 'simd_most_deprived_20pc_pct'`);
    expect(notes!.notes).toMatch(new RegExp(`SIMD ${file.slice(4)}: people counted from the mid-${period === '2016' ? 2014 : 2017} population estimates, the base the edition itself used`));
    expect(notes!.notes).toMatch(/SIMD 2012 ranked the 6,505 data zones of 2001/);
  });

  it("keeps the publisher's withheld (*) cells as withheld, in both editions", async () => {
    const rows = await q<{ code: string; label: string; n: number }>(`
      SELECT i.code, p.label, count(*)::INTEGER AS n FROM observation o JOIN indicator i USING (indicator_id) JOIN period p USING (period_id)
      WHERE o.suppressed_at_source GROUP BY 1, 2 ORDER BY 1, 2`);
    expect(rows).toEqual([
      { code: 'simd_crime_rate', label: '2014/15', n: 434 }, { code: 'simd_crime_rate', label: '2017/18', n: 500 },
      { code: 'simd_school_attainment', label: 'AY2012/13-2014/15', n: 14 }, { code: 'simd_school_attainment', label: 'AY2015/16-2017/18', n: 189 },
      { code: 'simd_school_attendance', label: 'AY2015/16-2017/18', n: 567 },
    ]);
  });

  it('places every postcode with coordinates in a data zone, and agrees with the postcode directory as often as point in polygon can', async () => {
    const [counts] = await q<{ total: number; directory: number; pip: number; nearest: number }>(`
      SELECT count(*)::INTEGER AS total, count(*) FILTER (WHERE dz_method = 'directory')::INTEGER AS directory,
        count(*) FILTER (WHERE dz_method = 'point_in_polygon')::INTEGER AS pip, count(*) FILTER (WHERE dz_method = 'nearest_zone')::INTEGER AS nearest FROM postcode`);
    // Code-Point's 158,312 rows, less the 18 without coordinates and the 89 the directory sample already places.
    expect(counts!.pip + counts!.nearest).toBe(158_312 - 18 - 89);
    expect(counts).toMatchObject({ total: 158_312 - 18 - 89 + 101, directory: 101 });
    // Off the generalised coast: a few dozen, not thousands.
    expect(counts!.nearest).toBeGreaterThan(20);
    expect(counts!.nearest).toBeLessThan(300);
    // Independently: each SPD sample postcode's Code-Point centroid, placed in the data-zone boundaries, against the SPD's own data zone.
    // Split postcodes in the SPD carry a fourth inward letter (PA31 8UAB): the postcode is PA31 8UA.
    const key = (postcode: string) => postcode.replace(/\s+/g, '').replace(/^(.*\d[A-Z]{2})[A-Z]$/, '$1');
    const spd = new Map(columns('postcodes/spd_smalluser_sample_selected_columns.csv.gz', ['Postcode', 'DataZone2011Code']).map((r) => [key(r.Postcode!), r.DataZone2011Code!]));
    const centroids = columns('postcodes/codepoint_open_2020_08_scotland_postcodes.csv.gz', ['Postcode', 'Latitude', 'Longitude'])
      .filter((r) => spd.has(key(r.Postcode!)) && r.Latitude !== '');
    const { features } = await readBoundaries(join(SCOTLAND_DATA, 'boundaries/dz2011_scotland_wgs84_simplified.geojson.gz'), { codeProperty: 'dz11_code' });
    const index = createPolygonIndex(features);
    const { assigned } = index.assignPoints(centroids.map((c) => ({ code: key(c.Postcode!), lon: Number(c.Longitude), lat: Number(c.Latitude) })), { nearestWithinKm: 5 });
    const agreed = centroids.filter((c) => assigned.get(key(c.Postcode!))?.areaCode === spd.get(key(c.Postcode!))).length;
    expect(centroids.length).toBe(89);
    expect(agreed / centroids.length).toBeGreaterThan(0.85);
    const [warning] = await q<{ message: string }>(`SELECT message FROM etl_warning WHERE source_kind = 'codepoint'`);
    expect(warning!.message).toContain(`${agreed} of ${centroids.length} agree`);
    expect(warning!.message).toContain('approximate at zone edges');
    const [g13] = await q<{ code: string; dz_method: string }>(`SELECT d.code, p.dz_method FROM postcode p JOIN data_zone d USING (dz_id) WHERE p.postcode = 'G13 3AE'`);
    expect(g13).toEqual({ code: 'S01010452', dz_method: 'directory' });
    const [fifePostcodes] = await q<{ n: number }>(`
      SELECT count(*)::INTEGER AS n FROM postcode p JOIN membership m ON m.dz_id = p.dz_id AND m.level_key = 'council' JOIN area a ON a.area_id = m.area_id WHERE a.code = 'S12000047'`);
    expect(fifePostcodes!.n).toBeGreaterThan(9000);
  });

  it('lists the published quirks and the methods that need saying as warnings', async () => {
    const warnings = await q<{ source_kind: string; file: string }>(`SELECT source_kind, file FROM etl_warning WHERE source_kind <> 'unread' ORDER BY file, source_kind`);
    expect(warnings.map((w) => `${w.source_kind} ${w.file}`)).toEqual([
      'sg_dz_lookup DataZone2011lookup_2024-12-16.csv.gz',
      'sg_dz2022_lookup DataZone2022lookup_2024-12-16.csv.gz',
      'census_table census2022_uv402_accommodation_type_dz2011.csv.gz',
      'census_table census2022_uv404_tenure_dz2011.csv.gz',
      'codepoint codepoint_open_2020_08_scotland_postcodes.csv.gz',
      'sg_dz_lookup datazone2011_lookup_sg.csv.gz',
      'simd_ranks simd2012_dz2001_domain_ranks.csv.gz',
      'simd_indicators simd2016_dz2011_indicators.csv.gz',
      'simd_indicators simd2016_dz2011_indicators.csv.gz',
      'simd_indicators simd2020v2_dz2011_indicators.csv.gz',
    ]);
  });

  it('dissolves a shape for every area of every level 2011 data zones reach, and none for IZ 2022', async () => {
    const rows = await q<{ level_key: string; areas: number; shapes: number }>(`
      SELECT a.level_key, count(*)::INTEGER AS areas, count(s.area_id)::INTEGER AS shapes FROM area a LEFT JOIN area_shape s USING (area_id) GROUP BY 1`);
    for (const row of rows) expect(row.shapes, row.level_key).toBe(['iz2022', 'dz2022'].includes(row.level_key) ? 0 : row.areas);
    const [fife] = await q<{ area_km2: number }>(`SELECT area_km2 FROM area WHERE code = 'S12000047'`);
    expect(fife!.area_km2).toBeGreaterThan(1250);
    expect(fife!.area_km2).toBeLessThan(1400);
    expect(await q(`SELECT message FROM etl_warning WHERE source_kind = 'boundaries'`)).toEqual([]);
  });

  it('logs each SIMD edition the deprivation indicators were loaded from', async () => {
    const rank = await q<{ revision: string }>(`SELECT revision FROM indicator_revision WHERE indicator_code = 'simd_rank' ORDER BY revision`);
    expect(rank.map((r) => r.revision)).toEqual(['SIMD 2016', 'SIMD 2020v2']);
    const share = await q<{ revision: string }>(`SELECT revision FROM indicator_revision WHERE indicator_code = 'simd_most_deprived_20pc_pct' ORDER BY revision`);
    expect(share.map((r) => r.revision)).toEqual(['SIMD 2012', 'SIMD 2016', 'SIMD 2020v2']);
  });

  it('names each publisher and the licence in the build, as real official data', async () => {
    const reply = await app.inject({ url: '/api/v1/build' });
    const body = reply.json() as { build: { synthetic: boolean; label: string }; attributions: string[] };
    expect(body.build).toMatchObject({ synthetic: false, label: 'Scotland (real open data)' });
    const publishers = new Set(body.attributions.map((a) => a.split(':')[0]));
    expect([...publishers].sort()).toEqual(['National Records of Scotland', 'Ordnance Survey', 'Public Health Scotland', 'Scottish Government']);
    for (const line of body.attributions) expect(line).toContain('Open Government Licence v3.0');
  });
});

/** Every file of a folder, as paths relative to it. */
function filesOf(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesOf(path).map((f) => join(name, f)) : [name];
  });
}

describe.skipIf(!existsSync(REAL_DATA))('the whole collection in ../shared/data/real', () => {
  it('is read file by file, or each file left out is named with its reason; none goes unrecognised', () => {
    const manifest = manifestForFolder(REAL_DATA);
    const read = manifest.sources.flatMap((s) => ('file' in s ? [s.file] : [s.metadata, ...s.observations]));
    const unread = manifest.unread!.map((u) => u.file);
    expect([...read, ...unread].sort()).toEqual(filesOf(REAL_DATA).map((f) => relative('.', f)).sort());
    expect(manifest.unread!.filter((u) => u.reason === 'not recognised')).toEqual([]);
    // The repository carries the same official files as the collection, byte for byte inside the gzip.
    const contents = new Map(readFileSync(join(SCOTLAND_DATA, 'SHA256SUMS.contents'), 'utf8').trim().split('\n').map((line) => [line.split(/\s+/)[1]!, line.split(/\s+/)[0]!]));
    const collection = readFileSync(join(REAL_DATA, 'SHA256SUMS'), 'utf8');
    const matched = [...contents].filter(([, sha]) => collection.includes(sha));
    expect(matched.length).toBe(contents.size - 3); // the three files the collection already holds gzipped match as .gz bytes instead
  });
});
