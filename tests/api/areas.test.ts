import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { britishNationalGridToLonLat } from '../../geographies/src/crs.ts';
import { appFor, buildMiniDatabase, fixturePopulation, fixtureRows } from './miniApp.ts';

describe('areas: search and profiles over the mini fixture', () => {
  let app: FastifyInstance;
  const get = (url: string) => app.inject({ method: 'GET', url });

  beforeAll(async () => {
    app = await appFor((await buildMiniDatabase()).file);
  });
  afterAll(() => app?.close());

  it("profiles ward S13000001 'Muirend': its 3 data zones, their summed population, parents and children", async () => {
    const members = fixtureRows('lookup_dz.csv').filter((r) => r.MMWard_Code === 'S13000001').map((r) => r.DZ2011_Code!);
    expect(members).toEqual(['S01000001', 'S01000005', 'S01000006']);
    const response = await get('/api/v1/areas/ward2017/S13000001');
    expect(response.statusCode).toBe(200);
    const { areaKm2, centroid, bbox, ...body } = response.json();
    expect(body).toEqual({
      level: 'ward2017',
      levelLabel: 'Multi-member ward (2017)',
      code: 'S13000001',
      name: 'Muirend',
      population: fixturePopulation(members),
      populationYear: 2020,
      dataZones: 3,
      parents: [
        { level: 'council', levelLabel: 'Council area', code: 'S12000001', name: 'Eastmuir', share: 1 },
        { level: 'scotland', levelLabel: 'Scotland', code: 'S92000003', name: 'Scotland', share: 1 },
      ],
      children: [{ level: 'dz2011', levelLabel: 'Data zone (2011)', count: 3 }],
    });
    expect(fixturePopulation(members)).toBe(1894);

    // Its data zones are three 1 km squares of British National Grid within (300000, 700000)–(302000, 702000).
    const corners = [[300000, 700000], [302000, 700000], [300000, 702000], [302000, 702000]].map(([e, n]) => britishNationalGridToLonLat(e!, n!));
    const [west, south, east, north] = [Math.min, Math.min, Math.max, Math.max].map((pick, i) => pick(...corners.map((c) => c[i % 2]!)));
    expect(bbox).toHaveLength(4);
    [west, south, east, north].forEach((edge, i) => expect(bbox[i]).toBeCloseTo(edge!, 3));
    expect(areaKm2).toBeCloseTo(3, 1);
    expect(centroid[0]).toBeGreaterThan(west!);
    expect(centroid[0]).toBeLessThan(east!);
    expect(centroid[1]).toBeGreaterThan(south!);
    expect(centroid[1]).toBeLessThan(north!);
  });

  it('profiles a council with its children counted by level, nearest level first', async () => {
    const body = (await get('/api/v1/areas/council/S12000001')).json();
    expect(body).toMatchObject({ name: 'Eastmuir', dataZones: 6, population: 3657 });
    expect(body.children).toEqual([
      { level: 'locality', levelLabel: 'HSCP locality', count: 2 },
      { level: 'ward2017', levelLabel: 'Multi-member ward (2017)', count: 2 },
      { level: 'iz2011', levelLabel: 'Intermediate zone', count: 2 },
      { level: 'dz2011', levelLabel: 'Data zone (2011)', count: 6 },
    ]);
  });

  it('profiles a data zone as its own single member, with every parent nearest first as the registry orders them', async () => {
    const body = (await get('/api/v1/areas/dz2011/S01000006')).json();
    expect(body).toMatchObject({ name: 'Eastmuir South - 06', population: 627, dataZones: 1, children: [] });
    expect(body.parents.map((p: { level: string; code: string }) => `${p.level}:${p.code}`)).toEqual([
      'iz2011:S02000002', 'ward2017:S13000001', 'locality:S99000002', 'hscp:S37000001', 'council:S12000001', 'health_board:S08000001', 'spc2011:S16000001', 'scotland:S92000003',
    ]);
  });

  it('gives null for what the build does not have: a 2022 data zone has no population, shape or parents yet', async () => {
    expect((await get('/api/v1/areas/dz2022/S01013500')).json()).toEqual({
      level: 'dz2022', levelLabel: 'Data zone (2022)', code: 'S01013500', name: 'S01013500', population: null, populationYear: null,
      areaKm2: null, centroid: null, bbox: null, dataZones: 1, parents: [], children: [],
    });
  });

  it('answers 404 naming the level and code that were not found', async () => {
    const response = await get('/api/v1/areas/ward2017/S13999999');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      error: 'Not Found',
      message: 'No Multi-member ward (2017) with code "S13999999" in this build. Find codes with /api/v1/areas?level=ward2017&q=<name>.',
    });
    // A council code asked for at ward level is not that ward.
    expect((await get('/api/v1/areas/ward2017/S12000001')).statusCode).toBe(404);
  });

  it('answers 400 listing the valid levels for an unknown level, in a profile or a search', async () => {
    const levels = 'dz2011, dz2022, iz2011, ward2017, hscp, locality, spc2011, council, health_board, scotland';
    for (const url of ['/api/v1/areas/ward1999/S13000001', '/api/v1/areas?q=muir&level=ward1999']) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(400);
      expect(response.json(), url).toEqual({ error: 'Bad Request', message: `Unknown level "ward1999". Levels in this build: ${levels}.` });
    }
  });

  it('finds areas by name, any case, prefix matches first and larger geographies before smaller', async () => {
    const body = (await get('/api/v1/areas?q=MUIR')).json();
    const found = body.areas.map((a: { level: string; name: string }) => `${a.level}:${a.name}`);
    expect(found[0]).toBe('ward2017:Muirend');
    expect(found.slice(1, 7)).toEqual([
      'council:Eastmuir', 'locality:Eastmuir Coast', 'locality:Eastmuir Inland', 'hscp:Eastmuir HSCP', 'iz2011:Eastmuir North', 'iz2011:Eastmuir South',
    ]);
    expect(found).toHaveLength(13); // 1 ward, 1 council, 2 localities, 1 HSCP, 2 intermediate zones, 6 data zones
    expect(body.truncated).toBe(false);
    expect(body.areas[0]).toEqual({ level: 'ward2017', levelLabel: 'Multi-member ward (2017)', code: 'S13000001', name: 'Muirend', population: 1894 });
  });

  it('ranks an exact name first, then a later word starting with the text above a match inside a word', async () => {
    expect((await get('/api/v1/areas?q=westhaugh')).json().areas[0]).toMatchObject({ level: 'council', name: 'Westhaugh' });
    const ward = (await get('/api/v1/areas?q=ward')).json().areas.map((a: { name: string }) => a.name);
    expect(ward).toEqual(['Westhaugh Ward']);
  });

  it('finds areas by code and filters by level', async () => {
    const byCode = (await get('/api/v1/areas?q=s13')).json().areas.map((a: { code: string }) => a.code);
    expect(byCode).toEqual(['S13000002', 'S13000001', 'S13000003']); // ward names in order: Braeside, Muirend, Westhaugh Ward
    const wards = (await get('/api/v1/areas?q=eastmuir&level=iz2011')).json().areas.map((a: { name: string }) => a.name);
    expect(wards).toEqual(['Eastmuir North', 'Eastmuir South']);
    const all = (await get('/api/v1/areas?level=ward2017')).json();
    expect(all.areas.map((a: { name: string }) => a.name)).toEqual(['Braeside', 'Muirend', 'Westhaugh Ward']);
  });

  it('returns at most limit areas and says when more match', async () => {
    const body = (await get('/api/v1/areas?q=eastmuir&limit=2')).json();
    expect(body.areas).toHaveLength(2);
    expect(body.truncated).toBe(true);
    expect((await get('/api/v1/areas?q=zzz')).json()).toEqual({ areas: [], truncated: false });
  });

  it('treats search text literally: wildcards and quotes find nothing rather than everything or an error', async () => {
    for (const q of ['%', '_', "'", "'; DROP TABLE area; --", '\\']) {
      const response = await get(`/api/v1/areas?q=${encodeURIComponent(q)}`);
      expect(response.statusCode, q).toBe(200);
      expect(response.json().areas, q).toEqual([]);
    }
  });

  it('answers 400 naming the parameter for an over-long q or a limit out of range, never a 500', async () => {
    const cases: [string, string][] = [
      [`/api/v1/areas?q=${'a'.repeat(101)}`, 'query parameter "q" must NOT have more than 100 characters'],
      ['/api/v1/areas?limit=0', 'query parameter "limit" must be >= 1'],
      ['/api/v1/areas?limit=101', 'query parameter "limit" must be <= 100'],
      ['/api/v1/areas?limit=ten', 'query parameter "limit" must be integer'],
      ['/api/v1/areas?limit=2.5', 'query parameter "limit" must be integer'],
      [`/api/v1/areas?level=${'w'.repeat(41)}`, 'query parameter "level" must NOT have more than 40 characters'],
      [`/api/v1/areas/ward2017/${'S'.repeat(41)}`, 'path parameter "code" must NOT have more than 40 characters'],
    ];
    for (const [url, message] of cases) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(400);
      expect(response.json(), url).toEqual({ error: 'Bad Request', message });
    }
  });
});
