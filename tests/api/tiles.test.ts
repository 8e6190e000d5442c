import { gunzipSync } from 'node:zlib';
import { VectorTile } from '@mapbox/vector-tile';
import type { FastifyInstance, InjectOptions } from 'fastify';
import Protobuf from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryDatabase } from '../../etl/src/testing.ts';
import { britishNationalGridToLonLat } from '../../geographies/src/crs.ts';
import { appFor, buildMiniDatabase } from './miniApp.ts';

/** The slippy-map tile (XYZ, Web Mercator) holding a point, computed here independently of the server. */
function tileAt(lon: number, lat: number, z: number): { z: number; x: number; y: number } {
  const n = 2 ** z;
  const phi = (lat * Math.PI) / 180;
  return { z, x: Math.floor(((lon + 180) / 360) * n), y: Math.floor(((1 - Math.asinh(Math.tan(phi)) / Math.PI) / 2) * n) };
}

/** The fixture's 8 data zones are 1 km squares over BNG 300000–304000 E, 700000–702000 N. */
const FIXTURE_CORNERS = [[300000, 700000], [304000, 700000], [300000, 702000], [304000, 702000]].map(([e, n]) => britishNationalGridToLonLat(e!, n!));
const FIXTURE_DATA_ZONES = ['S01000001', 'S01000002', 'S01000003', 'S01000004', 'S01000005', 'S01000006', 'S01000007', 'S01000008'];

/** The deepest zoom at which one tile covers every corner of the fixture. */
function tileCoveringFixture(): { z: number; x: number; y: number } {
  for (let z = 16; z >= 0; z--) {
    const tiles = FIXTURE_CORNERS.map(([lon, lat]) => tileAt(lon, lat, z));
    if (tiles.every((t) => t.x === tiles[0]!.x && t.y === tiles[0]!.y)) return tiles[0]!;
  }
  throw new Error('unreachable: zoom 0 is one tile');
}

const decode = (body: Buffer) => new VectorTile(new Protobuf(body));

interface DecodedFeature {
  id: number;
  code: string;
  name: string;
  /** [west, south, east, north] of the feature as the tile places it, WGS84. */
  bbox: [number, number, number, number];
}

/** Every feature of a tile's one layer, with where it lands on the globe. */
function features(body: Buffer, layerName: string, { z, x, y }: { z: number; x: number; y: number }): DecodedFeature[] {
  const tile = decode(body);
  expect(Object.keys(tile.layers)).toEqual([layerName]);
  const layer = tile.layers[layerName]!;
  expect(layer.extent).toBe(4096);
  return Array.from({ length: layer.length }, (_, i) => {
    const feature = layer.feature(i);
    expect(feature.type).toBe(3);
    return {
      id: feature.id,
      code: String(feature.properties.code),
      name: String(feature.properties.name),
      bbox: bboxOf(feature.toGeoJSON(x, y, z).geometry as GeoJSON.Polygon | GeoJSON.MultiPolygon),
    };
  });
}

function bboxOf(geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon): [number, number, number, number] {
  const points = (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates).flat(2);
  const lons = points.map((p) => p[0]!);
  const lats = points.map((p) => p[1]!);
  return [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
}

describe('vector tiles and first-paint TopoJSON', () => {
  let file = '';
  let buildId = '';
  let app: FastifyInstance;
  /** Every area with a shape in the build: its level, code, area_id, name, the bbox of its stored (simplified) shape and the area's own bbox. */
  let shapes: { level: string; code: string; areaId: number; name: string; bbox: [number, number, number, number]; areaBbox: [number, number, number, number] }[] = [];
  const get = (url: string, headers: InjectOptions['headers'] = {}) => app.inject({ method: 'GET', url, headers });
  const tileUrl = (level: string, { z, x, y }: { z: number; x: number; y: number }) => `/tiles/${level}/${z}/${x}/${y}.pbf`;

  beforeAll(async () => {
    ({ file, buildId } = await buildMiniDatabase());
    const rows = await queryDatabase<{ level: string; code: string; areaId: number; name: string; geojson: string; areaBbox: [number, number, number, number] }>(file, `
      SELECT a.level_key AS level, a.code, a.area_id AS "areaId", a.name, s.geojson, [a.bbox_west, a.bbox_south, a.bbox_east, a.bbox_north] AS "areaBbox"
      FROM area a JOIN area_shape s USING (area_id) ORDER BY a.area_id`);
    shapes = rows.map(({ geojson, ...row }) => ({ ...row, bbox: bboxOf(JSON.parse(geojson)) }));
    app = await appFor(file);
  });
  afterAll(() => app?.close());

  describe('GET /tiles/:level/:z/:x/:y.pbf', () => {
    it('cuts a tile covering the fixture with one layer named dz2011 holding its 8 data zones: id = area_id, properties code and name', async () => {
      const tile = tileCoveringFixture();
      expect(tile.z).toBeGreaterThanOrEqual(8);
      const response = await get(tileUrl('dz2011', tile));
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/vnd.mapbox-vector-tile');
      expect(response.headers['x-arealens-build']).toBe(buildId);

      const found = features(response.rawPayload, 'dz2011', tile);
      expect(found.map((f) => f.code).sort()).toEqual(FIXTURE_DATA_ZONES);
      const tileUnit = 360 / 2 ** tile.z / 4096;
      for (const feature of found) {
        const shape = shapes.find((s) => s.level === 'dz2011' && s.code === feature.code)!;
        expect(feature.id, feature.code).toBe(shape.areaId);
        expect(feature.name).toBe(shape.name);
        // Where the tile puts each square agrees with the stored shape to within the rounding to whole tile units.
        feature.bbox.forEach((value, i) => expect(Math.abs(value - shape.bbox[i]!), `${feature.code} bbox[${i}]`).toBeLessThan(1.5 * tileUnit));
      }
    });

    it("serves every level with shapes, each tile holding exactly that level's areas", async () => {
      const tile = tileCoveringFixture();
      const levels = [...new Set(shapes.map((s) => s.level))];
      expect(levels).toEqual(expect.arrayContaining(['dz2011', 'iz2011', 'ward2017', 'locality', 'council', 'scotland']));
      for (const level of levels) {
        const response = await get(tileUrl(level, tile));
        expect(response.statusCode, level).toBe(200);
        const found = features(response.rawPayload, level, tile);
        const expected = shapes.filter((s) => s.level === level);
        expect(found.map((f) => f.code).sort(), level).toEqual(expected.map((s) => s.code).sort());
        expect(found.map((f) => f.id).sort((a, b) => a - b), level).toEqual(expected.map((s) => s.areaId));
      }
    });

    it('clips: a zoom-15 tile in the middle of one data zone holds that zone and not the far corner of the fixture', async () => {
      const first = shapes.find((s) => s.code === 'S01000001')!;
      const [w, s, e, n] = first.bbox;
      const tile = tileAt((w + e) / 2, (s + n) / 2, 15);
      const response = await get(tileUrl('dz2011', tile));
      expect(response.statusCode).toBe(200);
      const codes = features(response.rawPayload, 'dz2011', tile).map((f) => f.code);
      expect(codes).toContain('S01000001');
      expect(codes).not.toContain('S01000004');
      expect(codes).not.toContain('S01000008');
    });

    it('answers 204 with no body for tiles no area reaches, far away or in the same level', async () => {
      const { z, x, y } = tileCoveringFixture();
      for (const url of [tileUrl('dz2011', { z, x: 0, y: 0 }), tileUrl('dz2011', { z, x: x + 2, y }), tileUrl('council', { z: 16, x: 0, y: 2 ** 16 - 1 })]) {
        const response = await get(url);
        expect(response.statusCode, url).toBe(204);
        expect(response.rawPayload.length, url).toBe(0);
        expect(response.headers.etag, url).toBeDefined();
      }
    });

    it('tags each tile with a weak ETag of build, level and z/x/y, and answers If-None-Match with 304 and no body', async () => {
      const tile = tileCoveringFixture();
      const url = tileUrl('ward2017', tile);
      const first = await get(url);
      const etag = first.headers.etag as string;
      expect(etag).toBe(`W/"${buildId}/ward2017/${tile.z}/${tile.x}/${tile.y}"`);
      expect((await get(tileUrl('ward2017', { ...tile, x: tile.x + 1 }))).headers.etag).not.toBe(etag);
      expect((await get(tileUrl('iz2011', tile))).headers.etag).not.toBe(etag);

      for (const ifNoneMatch of [etag, etag.slice(2), `"other", ${etag}`, '*']) {
        const again = await get(url, { 'if-none-match': ifNoneMatch });
        expect(again.statusCode, ifNoneMatch).toBe(304);
        expect(again.rawPayload.length).toBe(0);
        expect(again.headers.etag).toBe(etag);
      }
      const changed = await get(url, { 'if-none-match': `W/"another-build/ward2017/${tile.z}/${tile.x}/${tile.y}"` });
      expect(changed.statusCode).toBe(200);
      expect(changed.rawPayload.equals(first.rawPayload)).toBe(true);
    });

    it('lets caches keep a tile for a year only when its URL names this build', async () => {
      const url = tileUrl('dz2011', tileCoveringFixture());
      expect((await get(`${url}?build=${buildId}`)).headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect((await get(url)).headers['cache-control']).toBe('public, no-cache');
      expect((await get(`${url}?build=0000000000000000`)).headers['cache-control']).toBe('public, no-cache');
      expect((await get(url)).headers.vary).toBe('Accept-Encoding');
    });

    it('gzips the tile for clients that accept gzip', async () => {
      const url = tileUrl('dz2011', tileCoveringFixture());
      const plain = await get(url);
      const zipped = await get(url, { 'accept-encoding': 'br, gzip;q=0.8' });
      expect(zipped.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(zipped.rawPayload).equals(plain.rawPayload)).toBe(true);
      expect((await get(url, { 'accept-encoding': 'gzip;q=0, identity' })).headers['content-encoding']).toBeUndefined();
    });

    it('refuses bad levels with 404 naming the levels that have tiles, and bad z/x/y with 400, never a 500', async () => {
      const cases: [string, number, RegExp][] = [
        ['/tiles/nowhere/0/0/0.pbf', 404, /^Unknown level "nowhere"\. Levels with tiles in this build: dz2011, iz2011, ward2017, .*scotland\.$/],
        ['/tiles/dz2022/0/0/0.pbf', 404, /^Level "dz2022" has no boundaries in this build\. Levels with tiles in this build: dz2011, /],
        ['/tiles/dz2011/17/0/0.pbf', 400, /path parameter "z" must be <= 16/],
        ['/tiles/dz2011/3/8/0.pbf', 400, /^At zoom 3, x and y must be whole numbers from 0 to 7; got x=8, y=0\.$/],
        ['/tiles/dz2011/0/0/1.pbf', 400, /^At zoom 0, x and y must be whole numbers from 0 to 0; got x=0, y=1\.$/],
        ['/tiles/dz2011/4/1.5/2.pbf', 400, /^path parameter "x" must be a whole number written in digits without leading zeros, e\.g\. 12; got "1\.5"\.$/],
        ['/tiles/dz2011/4/2/abc.pbf', 400, /^path parameter "y" must be a whole number .*; got "abc"\.$/],
        ['/tiles/dz2011/z/2/2.pbf', 400, /^path parameter "z" must be a whole number/],
        ['/tiles/dz2011/4/2/2.pbf.pbf', 400, /^path parameter "y" must be a whole number .*; got "2\.pbf"\.$/],
        ['/tiles/dz2011/4/2/99999999999999999999.pbf', 400, /^path parameter "y" must be a whole number/],
        // One tile, one URL: other spellings of a number are refused rather than coerced.
        ['/tiles/dz2011/04/2/2.pbf', 400, /^path parameter "z" must be a whole number .*; got "04"\.$/],
        ['/tiles/dz2011/4/1e1/2.pbf', 400, /^path parameter "x" must be a whole number/],
        ['/tiles/dz2011/4/0x1/2.pbf', 400, /^path parameter "x" must be a whole number/],
        ['/tiles/dz2011/4/%201/2.pbf', 400, /^path parameter "x" must be a whole number/],
        ['/tiles/dz2011/4/-1/2.pbf', 400, /^path parameter "x" must be a whole number/],
        [`/tiles/${'x'.repeat(41)}/0/0/0.pbf`, 400, /path parameter "level" must NOT have more than 40 characters/],
        ['/tiles/dz2011/4/2/2.pbf?build=' + 'a'.repeat(65), 400, /query parameter "build"/],
        ['/tiles/%F0%9F%8F%B4/0/0/0.pbf', 404, /^Unknown level "🏴"/],
      ];
      for (const [url, status, message] of cases) {
        const response = await get(url);
        expect(response.statusCode, url).toBe(status);
        expect(response.headers['content-type'], url).toMatch(/^application\/json/);
        const body = response.json();
        expect(Object.keys(body), url).toEqual(['error', 'message']);
        expect(body.message, url).toMatch(message);
      }
    });
  });

  describe('GET /tiles/:level.json', () => {
    it('describes a level as TileJSON 3.0.0 whose URL template, pinned to the build, serves the tiles', async () => {
      const response = await get('/tiles/ward2017.json');
      expect(response.statusCode).toBe(200);
      const tileJson = response.json();
      const wards = shapes.filter((s) => s.level === 'ward2017');
      expect(tileJson).toMatchObject({
        tilejson: '3.0.0',
        scheme: 'xyz',
        version: buildId,
        minzoom: 0,
        maxzoom: 12,
        bounds: [
          Math.min(...wards.map((w) => w.areaBbox[0])), Math.min(...wards.map((w) => w.areaBbox[1])),
          Math.max(...wards.map((w) => w.areaBbox[2])), Math.max(...wards.map((w) => w.areaBbox[3])),
        ],
        vector_layers: [{ id: 'ward2017', minzoom: 0, maxzoom: 12, fields: { code: 'String', name: 'String' } }],
      });
      expect(tileJson.tiles).toEqual([`http://localhost:80/tiles/ward2017/{z}/{x}/{y}.pbf?build=${buildId}`]);
      const [lon, lat, zoom] = tileJson.center;
      expect(lon).toBeCloseTo((tileJson.bounds[0] + tileJson.bounds[2]) / 2, 9);
      expect(lat).toBeCloseTo((tileJson.bounds[1] + tileJson.bounds[3]) / 2, 9);
      expect(zoom).toBeGreaterThanOrEqual(10);

      const tile = tileCoveringFixture();
      const url = new URL(tileJson.tiles[0].replace('{z}', tile.z).replace('{x}', tile.x).replace('{y}', tile.y));
      const fromTemplate = await get(url.pathname + url.search);
      expect(fromTemplate.statusCode).toBe(200);
      expect(fromTemplate.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(features(fromTemplate.rawPayload, 'ward2017', tile).map((f) => f.code).sort()).toEqual(wards.map((w) => w.code).sort());
    });

    it('has an ETag, answers If-None-Match with 304, and 404s a level without tiles', async () => {
      const first = await get('/tiles/dz2011.json');
      expect(first.headers.etag).toBe(`W/"${buildId}/dz2011/tilejson"`);
      expect((await get('/tiles/dz2011.json', { 'if-none-match': first.headers.etag as string })).statusCode).toBe(304);
      for (const level of ['dz2022', 'nowhere']) {
        const response = await get(`/tiles/${level}.json`);
        expect(response.statusCode).toBe(404);
        expect(response.json().message).toContain('Levels with tiles in this build: dz2011,');
      }
    });
  });

  describe('GET /api/v1/levels/:level/topology', () => {
    it("sends the level's stored TopoJSON as application/json: one object named by the level, geometries keyed by code", async () => {
      const response = await get('/api/v1/levels/ward2017/topology');
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
      const [stored] = await queryDatabase<{ topojson: string }>(file, `SELECT topojson FROM level_topology WHERE level_key = 'ward2017'`);
      expect(response.body).toBe(stored!.topojson);
      const topology = response.json();
      expect(topology.type).toBe('Topology');
      expect(Object.keys(topology.objects)).toEqual(['ward2017']);
      const geometries = topology.objects.ward2017.geometries as { id: string; properties: { code: string; name: string } }[];
      expect(geometries.map((g) => g.properties.code).sort()).toEqual(shapes.filter((s) => s.level === 'ward2017').map((s) => s.code).sort());
      expect(geometries.every((g) => g.id === g.properties.code)).toBe(true);
    });

    it('is gzipped for clients that accept it, with an ETag answered by 304', async () => {
      const url = '/api/v1/levels/dz2011/topology';
      const plain = await get(url);
      const zipped = await get(url, { 'accept-encoding': 'gzip, deflate' });
      expect(zipped.headers['content-encoding']).toBe('gzip');
      expect(zipped.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(gunzipSync(zipped.rawPayload).toString('utf8')).toBe(plain.body);
      expect(plain.headers.etag).toBe(`W/"${buildId}/dz2011/topology"`);
      expect(zipped.headers.etag).toBe(plain.headers.etag);
      const again = await get(url, { 'if-none-match': plain.headers.etag as string, 'accept-encoding': 'gzip' });
      expect(again.statusCode).toBe(304);
      expect(again.rawPayload.length).toBe(0);
      expect((await get(`${url}?build=${buildId}`)).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    });

    it('404s an unknown level (listing the levels) and a level without boundaries', async () => {
      const unknown = await get('/api/v1/levels/nowhere/topology');
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json()).toEqual({ error: 'Not Found', message: expect.stringMatching(/^Unknown level "nowhere"\. Levels in this build: dz2011, dz2022, iz2011, /) });
      const noShapes = await get('/api/v1/levels/dz2022/topology');
      expect(noShapes.statusCode).toBe(404);
      expect(noShapes.json().message).toMatch(/^Level "dz2022" has no boundaries in this build/);
    });
  });
});
