import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { THEMES } from '../../../geographies/src/levels.ts';
import type { Manifest } from '../manifest.ts';
import { moransI } from './deprivation.ts';
import { writeDemoSources } from './index.ts';
import { pointInRing } from './polygon.ts';

/** The real files in shared/data/real, where present, for comparing layouts. */
const REAL = join(import.meta.dirname, '../../../../shared/data/real');
const hasReal = existsSync(join(REAL, 'simd/simd2020v2_dz2011_domain_ranks.csv'));

let dir: string;
let again: string;
let manifest: Manifest;
type Row = Record<string, string>;
const csv = (file: string): Row[] => parse(readFileSync(join(dir, file), 'utf8'), { columns: true, skip_empty_lines: true }) as Row[];
const headerOf = (file: string) => readFileSync(join(dir, file), 'utf8').split(/\r?\n/, 1)[0] as string;
const realHeader = (file: string) => readFileSync(join(REAL, file), 'utf8').split(/\r?\n/, 1)[0] as string;

let lookup: Row[];
let codes: string[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'arealens-demo-'));
  manifest = await writeDemoSources(dir);
  lookup = csv('lookup_dz.csv');
  codes = lookup.map((r) => r.DZ2011_Code as string);
}, 60_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  if (again) rmSync(again, { recursive: true, force: true });
});

describe('determinism', () => {
  it('writes byte-identical files for the same seed', async () => {
    again = mkdtempSync(join(tmpdir(), 'arealens-demo-'));
    await writeDemoSources(join(again, 'nested', 'demo'), 20201);
    const checksums = (folder: string) =>
      Object.fromEntries(readdirSync(folder).sort().map((f) => [f, createHash('sha256').update(readFileSync(join(folder, f))).digest('hex')]));
    const first = checksums(dir);
    expect(Object.keys(first).length).toBeGreaterThanOrEqual(20);
    expect(checksums(join(again, 'nested', 'demo'))).toEqual(first);
  }, 60_000);
});

describe('manifest', () => {
  it('labels the build synthetic and names files that exist', () => {
    expect(manifest.label).toBe('Synthetic demo region');
    expect(manifest.synthetic).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'))).toEqual(manifest);
    for (const s of manifest.sources) {
      const files = s.kind === 'indicators' ? [s.metadata, ...s.observations] : [s.file];
      for (const f of files) expect(existsSync(join(dir, f)), f).toBe(true);
    }
    const kinds = new Set(manifest.sources.map((s) => s.kind));
    for (const k of ['sg_dz_lookup', 'boundaries', 'area_membership', 'population_single_year', 'simd_ranks', 'simd_indicators', 'indicators', 'spend', 'targets', 'postcodes']) {
      expect(kinds.has(k as never), k).toBe(true);
    }
    const years = manifest.sources.flatMap((s) => (s.kind === 'population_single_year' ? [s.year] : []));
    expect(years).toEqual([2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021]);
    const editions = manifest.sources.flatMap((s) => (s.kind === 'simd_ranks' ? [s.edition] : []));
    expect(editions).toEqual(['SIMD 2020v2 (synthetic)', 'SIMD 2016 (synthetic)']);
  });
});

describe('geography files', () => {
  it('writes the SG lookup layout with synthetic codes', () => {
    const required = 'DZ2011_Code,DZ2011_Name,IZ2011_Code,IZ2011_Name,MMWard_Code,MMWard_Name,LA_Code,LA_Name,HB_Code,HB_Name,HIA_Code,HIA_Name,UR6_Code,UR6_Name,Country_Code,Country_Name'.split(',');
    const header = headerOf('lookup_dz.csv').split(',');
    for (const c of required) expect(header).toContain(c);
    if (hasReal) expect(headerOf('lookup_dz.csv')).toBe(realHeader('lookups/datazone2011_lookup_sg.csv'));
    expect(codes.length).toBeGreaterThanOrEqual(470);
    for (const r of lookup) {
      expect(r.DZ2011_Code).toMatch(/^S019\d{5}$/);
      expect(r.IZ2011_Code).toMatch(/^S029\d{5}$/);
      expect(r.MMWard_Code).toMatch(/^S139\d{5}$/);
      expect(r.DZ2011_Name!.startsWith(`${r.IZ2011_Name} - `)).toBe(true);
    }
    // Two councils, each with its own HSCP of the same name, under one health board and one region total.
    expect([...new Set(lookup.map((r) => [r.LA_Code, r.HB_Code, r.HIA_Code, r.Country_Code, r.Country_Name].join('|')))].sort()).toEqual([
      'S12900001|S08900001|S37900001|S92900001|Demo region total (synthetic)',
      'S12900002|S08900001|S37900002|S92900001|Demo region total (synthetic)',
    ]);
    for (const r of lookup) expect(r.HIA_Name).toBe(r.LA_Name);
    const names = new Map(lookup.map((r) => [r.LA_Code, r.LA_Name]));
    expect(names.get('S12900001')).toBe('Firthshire (synthetic)');
    expect(names.get('S12900002')).toMatch(/^[A-Z][a-z]+ \(synthetic\)$/);
  });

  it('nests intermediate zones, wards, localities, CHPs and community councils in the councils', () => {
    const councilOf = new Map(lookup.map((r) => [r.DZ2011_Code!, r.LA_Code!]));
    const straddling = (pairs: [string, string][]) => {
      const councils = new Map<string, Set<string>>();
      for (const [dz, area] of pairs) councils.set(area, (councils.get(area) ?? new Set()).add(councilOf.get(dz)!));
      return [...councils].filter(([, set]) => set.size > 1).map(([area]) => area);
    };
    expect(straddling(lookup.map((r) => [r.DZ2011_Code!, r.IZ2011_Code!]))).toEqual([]);
    expect(straddling(lookup.map((r) => [r.DZ2011_Code!, r.MMWard_Code!]))).toEqual([]);
    for (const file of ['membership_locality.csv', 'membership_chp.csv', 'membership_community_council.csv']) {
      expect(straddling(csv(file).map((r) => [r.dz_code!, r.area_code!])), file).toEqual([]);
    }
    const chps = csv('membership_chp.csv');
    const chpsIn = (council: string) => new Set(chps.filter((r) => councilOf.get(r.dz_code!) === council).map((r) => r.area_code)).size;
    expect([chpsIn('S12900001'), chpsIn('S12900002')]).toEqual([2, 1]);
  });

  it('writes memberships for localities, CHPs and community councils', () => {
    for (const [file, level, min, max] of [
      ['membership_locality.csv', 'locality', 5, 9],
      ['membership_chp.csv', 'chp', 3, 3],
      ['membership_community_council.csv', 'community_council', 35, 45],
    ] as const) {
      expect(headerOf(file)).toBe('dz_code,area_code,area_name');
      const rows = csv(file);
      expect(rows.map((r) => r.dz_code)).toEqual(codes);
      const areas = new Set(rows.map((r) => r.area_code));
      expect(areas.size).toBeGreaterThanOrEqual(min);
      expect(areas.size).toBeLessThanOrEqual(max);
      expect(manifest.sources.some((s) => s.kind === 'area_membership' && s.level === level && s.file === file)).toBe(true);
    }
    const locality = new Map(csv('membership_locality.csv').map((r) => [r.dz_code, r.area_code]));
    const wardLocalities = new Map<string, Set<string>>();
    for (const r of lookup) wardLocalities.set(r.MMWard_Code!, (wardLocalities.get(r.MMWard_Code!) ?? new Set()).add(locality.get(r.DZ2011_Code)!));
    for (const set of wardLocalities.values()) expect(set.size).toBe(1);
  });

  it('writes BNG boundaries for every data zone', () => {
    const geo = JSON.parse(readFileSync(join(dir, 'boundaries_dz.geojson'), 'utf8'));
    expect(geo.type).toBe('FeatureCollection');
    expect(geo.crs).toEqual({ type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::27700' } });
    expect(geo.features.map((f: { properties: { DataZone: string } }) => f.properties.DataZone)).toEqual(codes);
    for (const f of geo.features) {
      const ring = f.geometry.coordinates[0];
      expect(f.geometry.type).toBe('Polygon');
      expect(ring[0]).toEqual(ring[ring.length - 1]);
      expect(f.properties.Name).toBe(lookup.find((r) => r.DZ2011_Code === f.properties.DataZone)!.DZ2011_Name);
    }
  });

  it('uses no real Scottish area names', () => {
    if (!hasReal) return;
    const real = new Set<string>();
    for (const r of parse(readFileSync(join(REAL, 'lookups/datazone2011_lookup_sg.csv'), 'utf8'), { columns: true }) as Row[]) {
      real.add(r.IZ2011_Name!);
      real.add(r.MMWard_Name!);
      real.add(r.LA_Name!);
      real.add(r.DZ2011_Name!.replace(/ - \d+$/, ''));
    }
    const ours = new Set(lookup.flatMap((r) => [r.IZ2011_Name!, r.MMWard_Name!, r.LA_Name!]));
    for (const f of ['membership_locality.csv', 'membership_community_council.csv', 'membership_chp.csv']) for (const r of csv(f)) ours.add(r.area_name!);
    expect([...ours].filter((n) => real.has(n))).toEqual([]);
  });
});

describe('population', () => {
  it('writes the NRS single-year layout, adding up, 500–1,000 people per zone every year', () => {
    for (const year of [2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021]) {
      const file = `population_${year}.csv`;
      if (hasReal && year === 2012) {
        const gz = readFileSync(join(REAL, 'population/nrs_sape_mid2020_dz2011_single_year_age_sex.csv.gz'));
        expect(headerOf(file)).toBe(gunzipSync(gz).toString('utf8').split('\n', 1)[0]);
      }
      const rows = csv(file);
      expect(rows.length).toBe(codes.length * 3);
      const ages = [...Array.from({ length: 90 }, (_, a) => String(a)), '90+'];
      const problems: string[] = [];
      for (let i = 0; i < rows.length; i += 3) {
        const [all, female, male] = [rows[i]!, rows[i + 1]!, rows[i + 2]!];
        if ([all.sex, female.sex, male.sex].join() !== 'All,Female,Male' || all.dz11_code !== codes[i / 3]) problems.push(`${all.dz11_code}: rows out of order`);
        for (const r of [all, female, male]) if (ages.reduce((s, a) => s + Number(r[a]), 0) !== Number(r.total_population)) problems.push(`${r.dz11_code} ${r.sex}: ages do not add up`);
        if (ages.some((a) => Number(female[a]) + Number(male[a]) !== Number(all[a]))) problems.push(`${all.dz11_code}: female + male != all`);
        const people = Number(all.total_population);
        if (people < 500 || people > 1000) problems.push(`${all.dz11_code}: ${people} people`);
      }
      expect(problems).toEqual([]);
    }
  });

  it('gives Firthshire 55–70% of the people and the second council the rest', () => {
    const councilOf = new Map(lookup.map((r) => [r.DZ2011_Code!, r.LA_Code!]));
    const people = new Map<string, number>();
    for (const r of csv('population_2021.csv')) if (r.sex === 'All') people.set(councilOf.get(r.dz11_code!)!, (people.get(councilOf.get(r.dz11_code!)!) ?? 0) + Number(r.total_population));
    const share = people.get('S12900001')! / (people.get('S12900001')! + people.get('S12900002')!);
    expect(share).toBeGreaterThan(0.55);
    expect(share).toBeLessThan(0.7);
  });
});

describe('SIMD', () => {
  it('writes ranks in the published layout, distinct and spatially clustered', () => {
    if (hasReal) {
      expect(headerOf('simd_ranks.csv')).toBe(realHeader('simd/simd2020v2_dz2011_domain_ranks.csv'));
      expect(headerOf('simd2016_ranks.csv')).toBe(realHeader('simd/simd2016_dz2011_domain_ranks.csv'));
    }
    expect(readFileSync(join(dir, 'simd_ranks.csv'), 'utf8').split('\n')[1]).toMatch(/^"S019\d{5}",\d+,/);
    for (const file of ['simd_ranks.csv', 'simd2016_ranks.csv']) {
      const rows = csv(file);
      expect(rows.map((r) => r.dz11_code)).toEqual(codes);
      const ranks = rows.map((r) => Number(r.IMD_rank));
      expect(new Set(ranks).size).toBe(ranks.length);
      for (const r of ranks) expect(Number.isInteger(r) && r >= 1 && r <= 6976).toBe(true);
      for (const row of rows) {
        for (const d of ['IMD', 'Income', 'Employment', 'Health', 'Education', 'Housing', 'Access', 'Crime']) {
          const rank = Number(row[`${d}_rank`]);
          expect(rank >= 1 && rank <= 6976 && Number.isInteger(rank * 2)).toBe(true);
          expect(Number(row[`${d}_decile`])).toBe(Math.ceil((rank * 10) / 6976));
        }
      }
    }
    // Moran's I on the data-zone adjacency graph, rebuilt from shared boundary edges.
    const geo = JSON.parse(readFileSync(join(dir, 'boundaries_dz.geojson'), 'utf8'));
    const owners = new Map<string, number[]>();
    geo.features.forEach((f: { geometry: { coordinates: number[][][] } }, i: number) => {
      const ring = f.geometry.coordinates[0]!;
      for (let k = 0; k + 1 < ring.length; k++) {
        const a = ring[k]!.join(',');
        const b = ring[k + 1]!.join(',');
        const key = a < b ? `${a}|${b}` : `${b}|${a}`;
        owners.set(key, [...(owners.get(key) ?? []), i]);
      }
    });
    const adjacency: number[][] = codes.map(() => []);
    for (const list of owners.values()) if (list.length === 2) {
      adjacency[list[0]!]!.push(list[1]!);
      adjacency[list[1]!]!.push(list[0]!);
    }
    const ranks = csv('simd_ranks.csv').map((r) => Number(r.IMD_rank));
    expect(moransI(ranks, adjacency)).toBeGreaterThan(0.3);
  });

  it('writes the 35 indicator columns, consistent and with a few withheld cells', () => {
    const header = headerOf('simd_indicators.csv');
    expect(header.split(',').length).toBe(35);
    if (hasReal) expect(header).toBe(realHeader('simd/simd2020v2_dz2011_indicators.csv'));
    const rows = csv('simd_indicators.csv');
    expect(rows.map((r) => r.dz11_code)).toEqual(codes);
    for (const r of rows) {
      const pop = Number(r.Total_population);
      expect(Math.abs(Number(r.Income_count) / pop - Number(r.Income_rate))).toBeLessThanOrEqual(0.0051);
      expect(Math.abs(Number(r.Employment_count) / Number(r.Working_age_population) - Number(r.Employment_rate))).toBeLessThanOrEqual(0.0051);
      for (const k of ['Income_rate', 'Employment_rate', 'DEPRESS', 'LBWT', 'not_participating', 'University', 'Broadband', 'overcrowded_rate', 'nocentralheat_rate']) {
        expect(Number(r[k]) >= 0 && Number(r[k]) <= 1, `${k} ${r[k]}`).toBe(true);
      }
    }
    const withheld = (k: string) => rows.filter((r) => r[k] === '*').length;
    for (const k of ['Attendance', 'crime_count', 'crime_rate']) {
      expect(withheld(k)).toBeGreaterThan(0);
      expect(withheld(k)).toBeLessThan(rows.length / 4);
    }
    expect(readFileSync(join(dir, 'simd_indicators.csv'), 'utf8')).toContain(',"*",');
  });
});

describe('indicators', () => {
  it('covers every theme with at least 60 synthetic indicators', () => {
    const meta = csv('indicators.csv');
    expect(headerOf('indicators.csv')).toBe(readFileSync(join(import.meta.dirname, '../../../data/templates/indicators.csv'), 'utf8').split('\n', 1)[0]);
    expect(meta.length).toBeGreaterThanOrEqual(60);
    expect(new Set(meta.map((m) => m.theme))).toEqual(new Set(THEMES.map((t) => t.key)));
    for (const m of meta) {
      expect(m.id).toMatch(/^[a-z0-9_]+$/);
      expect(m.source).toBe('AreaLens synthetic demo');
      expect(m.publisher).toBe('AreaLens synthetic demo');
      expect(m.licence).toBe('Open Government Licence v3.0');
      expect(m.notes!.startsWith('Synthetic data generated for the AreaLens demo; not real statistics.')).toBe(true);
      expect(['sum', 'ratio', 'standardised_ratio', 'population_weighted_mean', 'none']).toContain(m.aggregation);
      expect(m.date_published).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    const aggregations = new Set(meta.map((m) => m.aggregation));
    expect(aggregations).toEqual(new Set(['sum', 'ratio', 'standardised_ratio', 'population_weighted_mean', 'none']));
  });

  it('gives every indicator 10+ periods and sensible numbers for every data zone', () => {
    const meta = new Map(csv('indicators.csv').map((m) => [m.id!, m]));
    const lines = readFileSync(join(dir, 'observations.csv'), 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('indicator_id,period,dz_code,numerator,denominator,value');
    const periods = new Map<string, Set<string>>();
    const rowsPer = new Map<string, number>();
    const codeSet = new Set(codes);
    let small = 0;
    let withheld = 0;
    const problems: string[] = [];
    for (let k = 1; k < lines.length; k++) {
      const [id, period, dz, num, den, value] = lines[k]!.split(',') as [string, string, string, string, string, string];
      const m = meta.get(id);
      if (!m || !codeSet.has(dz)) problems.push(lines[k]!);
      if (!periods.has(id)) periods.set(id, new Set());
      periods.get(id)!.add(period);
      rowsPer.set(`${id}|${period}`, (rowsPer.get(`${id}|${period}`) ?? 0) + 1);
      if (num === '*') {
        withheld++;
        continue;
      }
      const n = num === '' ? null : Number(num);
      const d = den === '' ? null : Number(den);
      if (n !== null && n < 0) problems.push(`negative: ${lines[k]}`);
      if (n !== null && n > 0 && n < 5 && m!.aggregation === 'sum') small++;
      if (m!.aggregation === 'ratio' && (n === null || d === null || d < 0)) problems.push(`ratio without parts: ${lines[k]}`);
      if (m!.aggregation === 'ratio' && m!.multiplier === '100' && n! > d!) problems.push(`numerator > denominator: ${lines[k]}`);
      if (m!.aggregation === 'standardised_ratio' && !(d! > 0)) problems.push(`no expected count: ${lines[k]}`);
      if ((m!.aggregation === 'population_weighted_mean' || m!.aggregation === 'none') && value === '') problems.push(`no value: ${lines[k]}`);
    }
    expect(problems.slice(0, 5)).toEqual([]);
    for (const id of meta.keys()) expect(periods.get(id)?.size ?? 0, id).toBeGreaterThanOrEqual(10);
    for (const n of rowsPer.values()) expect(n).toBe(codes.length);
    expect(small).toBeGreaterThan(1000);
    expect(withheld).toBeGreaterThan(0);
    const labels = new Set([...periods.values()].flatMap((s) => [...s]));
    for (const p of ['2012', '2021', '2012/13', '2021/22', '2019-2021', 'AY2020/21', '2020Q2', '2020-04']) expect(labels.has(p), p).toBe(true);
  });
});

describe('spend, targets and postcodes', () => {
  it('writes spend for 5+ partners, 20+ services and six financial years', () => {
    expect(headerOf('spend.csv')).toBe('partner,service,financial_year,dz_code,postcode,amount_gbp,activity_count,activity_unit');
    const rows = csv('spend.csv');
    expect(new Set(rows.map((r) => r.partner)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(rows.map((r) => `${r.partner}|${r.service}`)).size).toBeGreaterThanOrEqual(20);
    expect([...new Set(rows.map((r) => r.financial_year))].sort()).toEqual(['2016/17', '2017/18', '2018/19', '2019/20', '2020/21', '2021/22']);
    const postcodes = new Set(csv('postcodes.csv').map((r) => r.Postcode));
    const codeSet = new Set(codes);
    const problems = rows.filter(
      (r) =>
        Boolean(r.dz_code) === Boolean(r.postcode) ||
        (r.dz_code && r.dz_code !== 'unallocated' && !codeSet.has(r.dz_code)) ||
        (r.postcode && !postcodes.has(r.postcode)) ||
        !/^-?\d+\.\d{2}$/.test(r.amount_gbp!) ||
        (r.activity_count && !r.activity_unit),
    );
    expect(problems.slice(0, 3)).toEqual([]);
    expect(rows.some((r) => r.dz_code === 'unallocated')).toBe(true);
    expect(rows.some((r) => r.postcode)).toBe(true);
    expect(rows.some((r) => Number(r.amount_gbp) < 0)).toBe(true);
  });

  it('has each council spend only in its own data zones, and the regional partners in both', () => {
    const rows = csv('spend.csv');
    const councilOf = new Map(lookup.map((r) => [r.DZ2011_Code!, r.LA_Code!]));
    const second = lookup.find((r) => r.LA_Code === 'S12900002')!.LA_Name!.replace(' (synthetic)', '');
    const councilsServed = (partner: string) => new Set(rows.filter((r) => r.partner === partner && r.dz_code && r.dz_code !== 'unallocated').map((r) => councilOf.get(r.dz_code!)));
    expect(councilsServed('Firthshire Council')).toEqual(new Set(['S12900001']));
    expect(councilsServed(`${second} Council`)).toEqual(new Set(['S12900002']));
    for (const partner of ['NHS Firthshire', 'Police Scotland (Firthshire Division)', 'Firth Coast Housing Association']) {
      expect(councilsServed(partner)).toEqual(new Set(['S12900001', 'S12900002']));
    }
    const services = (partner: string) => new Set(rows.filter((r) => r.partner === partner).map((r) => r.service));
    expect(services(`${second} Council`)).toEqual(services('Firthshire Council'));
  });

  it('sets targets on areas and periods that exist', () => {
    const rows = csv('targets.csv');
    expect(headerOf('targets.csv')).toBe('indicator_id,level,area_code,baseline_period,baseline_value,target_period,target_value');
    expect(rows.length).toBeGreaterThanOrEqual(12);
    const ids = new Set(csv('indicators.csv').map((m) => m.id));
    const areas = new Set([
      ...lookup.map((r) => r.MMWard_Code),
      'S12900001',
      'S12900002',
      ...csv('membership_locality.csv').map((r) => r.area_code),
    ]);
    expect(new Set(rows.map((r) => r.level))).toEqual(new Set(['council', 'locality', 'ward2017']));
    expect(new Set(rows.filter((r) => r.level === 'council').map((r) => r.area_code))).toEqual(new Set(['S12900001', 'S12900002']));
    for (const r of rows) {
      expect(ids.has(r.indicator_id)).toBe(true);
      expect(areas.has(r.area_code)).toBe(true);
      expect(Number.isFinite(Number(r.baseline_value)) && Number.isFinite(Number(r.target_value))).toBe(true);
    }
  });

  it('writes a postcode directory in the SPD layout, consistent with the lookup', () => {
    if (hasReal) expect(headerOf('postcodes.csv')).toBe(realHeader('postcodes/spd_smalluser_sample_selected_columns.csv'));
    const rows = csv('postcodes.csv');
    const live = rows.filter((r) => !r.DateOfDeletion);
    expect(live.length).toBe(codes.length * 3);
    const byCode = new Map(lookup.map((r) => [r.DZ2011_Code, r]));
    const geo = JSON.parse(readFileSync(join(dir, 'boundaries_dz.geojson'), 'utf8'));
    const rings = new Map(geo.features.map((f: { properties: { DataZone: string }; geometry: { coordinates: [number, number][][] } }) => [f.properties.DataZone, f.geometry.coordinates[0]]));
    const problems = rows.filter((r) => {
      const dz = byCode.get(r.DataZone2011Code!);
      const lat = Number(r.Latitude);
      const lon = Number(r.Longitude);
      return (
        !/^DM\d{1,2} \d[A-Z]{2}$/.test(r.Postcode!) ||
        !dz ||
        r.IntermediateZone2011Code !== dz.IZ2011_Code ||
        r.ElectoralWard2019Code !== dz.MMWard_Code ||
        r.CouncilArea2019Code !== dz.LA_Code ||
        r.UrbanRural6FoldCode !== dz.UR6_Code ||
        !pointInRing(Number(r.GridReferenceEasting), Number(r.GridReferenceNorthing), rings.get(r.DataZone2011Code) as [number, number][]) ||
        // The frame lies off the Fife and Angus coast, in the North Sea.
        !(lat > 56 && lat < 57.1 && lon > -1.2 && lon < 0.9)
      );
    });
    expect(problems.slice(0, 3)).toEqual([]);
  });
});
