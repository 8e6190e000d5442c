import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BoundaryFileError, type ReadBoundariesOptions, readBoundaries } from './boundaries.ts';
import { signedArea } from './rings.ts';
import { fixtureFile } from './testing/paths.ts';

const scratch = mkdtempSync(join(tmpdir(), 'arealens-boundaries-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function writeGeoJson(name: string, content: unknown): string {
  const file = join(scratch, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const square = (west: number, south: number, size: number) => ({
  type: 'Polygon',
  coordinates: [[[west, south], [west + size, south], [west + size, south + size], [west, south + size], [west, south]]],
});

const feature = (properties: Record<string, unknown>, geometry: unknown) => ({ type: 'Feature', properties, geometry });

const collection = (...features: unknown[]) => ({ type: 'FeatureCollection', features });

/** Corners of the 2×2 grid of 1 km squares from 326000,700000 (BNG), in lon/lat. */
const SOUTH_WEST = [-3.1939, 56.1869];
const NORTH_EAST = [-3.1622, 56.2051];

describe('readBoundaries: British National Grid', () => {
  it('reprojects a GeoJSON with a crs member naming EPSG:27700', async () => {
    const { features, sourceCrs } = await readBoundaries(fixtureFile('dz_grid_bng.geojson'), {
      codeProperty: 'dz_code',
      nameProperty: 'dz_name',
    });
    expect(sourceCrs).toBe('EPSG:27700');
    expect(features.map((f) => f.code)).toEqual(['S01000001', 'S01000002', 'S01000003', 'S01000004']);
    expect(features[3]?.name).toBe('Steòrnabhagh a Tuath');
    const southWest = features[0]!.geometry.coordinates[0]![0] as number[];
    expect(southWest[0]).toBeCloseTo(SOUTH_WEST[0]!, 4);
    expect(southWest[1]).toBeCloseTo(SOUTH_WEST[1]!, 4);
    const northEast = features[3]!.geometry.coordinates[0]![2] as number[];
    expect(northEast[0]).toBeCloseTo(NORTH_EAST[0]!, 4);
    expect(northEast[1]).toBeCloseTo(NORTH_EAST[1]!, 4);
  });

  it('reads the same grid from an ESRI shapefile with a .prj and a UTF-8 .cpg', async () => {
    const fromShapefile = await readBoundaries(fixtureFile('dz_grid_bng.shp'), { codeProperty: 'DataZone', nameProperty: 'Name' });
    const fromGeoJson = await readBoundaries(fixtureFile('dz_grid_bng.geojson'), { codeProperty: 'dz_code', nameProperty: 'dz_name' });
    expect(fromShapefile.sourceCrs).toBe('EPSG:27700');
    // Shapefile rings run clockwise; ours are rewound to RFC 7946, so the two agree exactly.
    expect(fromShapefile.features).toEqual(fromGeoJson.features);
  });

  it('detects British National Grid from coordinates in a shapefile without a .prj', async () => {
    const file = join(scratch, 'no-prj.shp');
    copyFileSync(fixtureFile('dz_grid_bng.shp'), file);
    copyFileSync(fixtureFile('dz_grid_bng.dbf'), join(scratch, 'no-prj.dbf'));
    const { features, sourceCrs } = await readBoundaries(file, { codeProperty: 'DataZone', nameProperty: 'Name' });
    expect(sourceCrs).toBe('EPSG:27700');
    const first = features[0]!.geometry.coordinates[0]![0] as number[];
    expect(first[0]).toBeCloseTo(SOUTH_WEST[0]!, 4);
    // Without its .cpg the dbf is read as Windows-1252, so the UTF-8 bytes of "ò" become "Ã²".
    expect(features[3]!.name).toBe('SteÃ²rnabhagh a Tuath');
  });

  it('detects British National Grid from coordinates when nothing declares a CRS', async () => {
    const file = writeGeoJson('bng-undeclared.geojson', collection(feature({ code: 'A' }, square(326_000, 700_000, 1_000))));
    const { features, sourceCrs } = await readBoundaries(file, { codeProperty: 'code' });
    expect(sourceCrs).toBe('EPSG:27700');
    const first = features[0]!.geometry.coordinates[0]![0] as number[];
    expect(first[0]).toBeCloseTo(SOUTH_WEST[0]!, 4);
    expect(first[1]).toBeCloseTo(SOUTH_WEST[1]!, 4);
  });

  it('rounds reprojected coordinates to 6 decimals', async () => {
    const { features } = await readBoundaries(fixtureFile('dz_grid_bng.geojson'), { codeProperty: 'dz_code' });
    for (const position of features.flatMap((f) => f.geometry.coordinates.flat(2) as unknown as number[])) {
      expect(Math.abs(position * 1e6 - Math.round(position * 1e6))).toBeLessThan(1e-6);
    }
  });
});

describe('readBoundaries: WGS84', () => {
  it('keeps lon/lat input as it is and names areas by their codes without a name property', async () => {
    const { features, sourceCrs } = await readBoundaries(fixtureFile('dz_grid_wgs84.geojson'), { codeProperty: 'dz_code' });
    expect(sourceCrs).toBe('EPSG:4326');
    expect(features[0]).toEqual({
      code: 'S01000001',
      name: 'S01000001',
      geometry: { type: 'Polygon', coordinates: [[[-3.2, 56.18], [-3.19, 56.18], [-3.19, 56.19], [-3.2, 56.19], [-3.2, 56.18]]] },
    });
  });

  it('rounds to 6 decimals, drops repeated points, closes rings and winds them to RFC 7946', async () => {
    const clockwiseWithHole = {
      type: 'MultiPolygon',
      coordinates: [
        [
          [[0, 0], [0, 1.00000004], [0, 1], [1, 1], [1, 0]],
          [[0.2, 0.2], [0.8, 0.2], [0.8, 0.8], [0.2, 0.8], [0.2, 0.2]],
        ],
      ],
    };
    const file = writeGeoJson('wound.geojson', collection(feature({ code: 7, name: ' Seven ' }, clockwiseWithHole)));
    const { features } = await readBoundaries(file, { codeProperty: 'code', nameProperty: 'name' });
    expect(features[0]).toEqual({
      code: '7',
      name: 'Seven',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]],
          [[0.2, 0.2], [0.2, 0.8], [0.8, 0.8], [0.8, 0.2], [0.2, 0.2]],
        ],
      },
    });
    const [exterior, hole] = (features[0]!.geometry.coordinates as number[][][]);
    expect(signedArea(exterior!)).toBeGreaterThan(0);
    expect(signedArea(hole!)).toBeLessThan(0);
  });
});

describe('readBoundaries: errors name the file, the feature and the property', () => {
  async function failure(file: string, options: ReadBoundariesOptions = { codeProperty: 'code' }): Promise<BoundaryFileError> {
    const error = await readBoundaries(file, options).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BoundaryFileError);
    return error as BoundaryFileError;
  }

  it('missing code property', async () => {
    const file = writeGeoJson(
      'missing-code.geojson',
      collection(feature({ code: 'A' }, square(0, 50, 1)), feature({ kode: 'B', name: 'Bee' }, square(1, 50, 1))),
    );
    const error = await failure(file);
    expect(error.message).toBe(`${file}: feature 1: missing code property 'code' (properties are: kode, name)`);
    expect(error.featureIndex).toBe(1);
  });

  it('a name property no feature has', async () => {
    const file = writeGeoJson('no-names.geojson', collection(feature({ code: 'A' }, square(0, 50, 1))));
    const error = await failure(file, { codeProperty: 'code', nameProperty: 'nom' });
    expect(error.message).toBe(`${file}: no feature has the name property 'nom' (properties are: code)`);
  });

  it('duplicate codes', async () => {
    const file = writeGeoJson(
      'duplicate.geojson',
      collection(
        feature({ code: 'A' }, square(0, 50, 1)),
        feature({ code: 'B' }, square(1, 50, 1)),
        feature({ code: 'A ' }, square(2, 50, 1)),
      ),
    );
    expect((await failure(file)).message).toBe(`${file}: feature 2: duplicate code 'A' in 'code' (also feature 0)`);
  });

  it('non-polygon geometry', async () => {
    const file = writeGeoJson(
      'line.geojson',
      collection(feature({ code: 'A' }, { type: 'LineString', coordinates: [[0, 50], [1, 51]] })),
    );
    expect((await failure(file)).message).toBe(
      `${file}: feature 0: 'A' has a LineString geometry: only Polygon and MultiPolygon are supported`,
    );
  });

  it('malformed coordinates', async () => {
    const file = writeGeoJson('malformed.geojson', collection(feature({ code: 'A' }, { type: 'Polygon', coordinates: [[0, 50], [1, 50]] })));
    expect((await failure(file)).message).toBe(`${file}: feature 0: 'A' has malformed Polygon coordinates`);
  });

  it('missing geometry', async () => {
    const file = writeGeoJson('null.geojson', collection(feature({ code: 'A' }, null)));
    expect((await failure(file)).message).toBe(`${file}: feature 0: 'A' has no geometry`);
  });

  it('unknown CRS in a crs member', async () => {
    const file = writeGeoJson('mercator.geojson', {
      ...collection(feature({ code: 'A' }, square(0, 50, 1))),
      crs: { type: 'name', properties: { name: 'EPSG:3857' } },
    });
    expect((await failure(file)).message).toBe(
      `${file}: unknown CRS {"type":"name","properties":{"name":"EPSG:3857"}}: ` +
        'expected WGS84 (EPSG:4326) or British National Grid (EPSG:27700)',
    );
  });

  it('unknown CRS from coordinates that are neither lon/lat nor British National Grid', async () => {
    const file = writeGeoJson(
      'mercator-undeclared.geojson',
      collection(feature({ code: 'A' }, square(0, 50, 1)), feature({ code: 'B' }, square(-355_000, 7_540_000, 1_000))),
    );
    expect((await failure(file)).message).toBe(
      `${file}: feature 1: unknown CRS: 'B' has coordinate [-355000, 7540000], which is neither WGS84 lon/lat nor British National Grid`,
    );
  });

  it('coordinates out of lon/lat range in a file that declares WGS84', async () => {
    const file = writeGeoJson('declared-wgs84.geojson', {
      ...collection(feature({ code: 'A' }, square(326_000, 700_000, 1_000))),
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } },
    });
    expect((await failure(file)).message).toMatch(/feature 0: unknown CRS: 'A' has coordinate \[326000, 700000\].*declares WGS84/);
  });

  it('unparseable JSON', async () => {
    const file = writeGeoJson('broken.geojson', '{"type": "FeatureCollection", "features": [');
    expect((await failure(file)).message).toMatch(new RegExp(`^${file}: not valid JSON \\(`));
  });

  it('JSON that is not a FeatureCollection', async () => {
    const file = writeGeoJson('topology.json', { type: 'Topology', objects: {}, arcs: [] });
    expect((await failure(file)).message).toBe(`${file}: expected a GeoJSON FeatureCollection, found 'Topology'`);
  });

  it('a file type we do not read', async () => {
    const file = writeGeoJson('areas.kml', '<kml/>');
    expect((await failure(file)).message).toBe(`${file}: unsupported file type '.kml': expected .geojson, .json or .shp`);
  });

  it('a shapefile without its .dbf', async () => {
    const file = join(scratch, 'no-dbf.shp');
    copyFileSync(fixtureFile('dz_grid_bng.shp'), file);
    expect((await failure(file)).message).toBe(`${file}: the shapefile has no .dbf beside it, so features have no codes`);
  });

  it('a shapefile whose .prj is not a CRS we know', async () => {
    const file = join(scratch, 'mercator.shp');
    copyFileSync(fixtureFile('dz_grid_bng.shp'), file);
    copyFileSync(fixtureFile('dz_grid_bng.dbf'), join(scratch, 'mercator.dbf'));
    writeFileSync(join(scratch, 'mercator.prj'), 'PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere",GEOGCS["GCS_WGS_1984"]]');
    expect((await failure(file, { codeProperty: 'DataZone' })).message).toMatch(
      new RegExp(`^${file}: unknown CRS in .*mercator\\.prj \\(PROJCS\\["WGS_1984_Web_Mercator.*expected WGS84 or British National Grid$`),
    );
  });

  it('a corrupt shapefile', async () => {
    const file = join(scratch, 'corrupt.shp');
    writeFileSync(file, Buffer.from('not a shapefile at all, just text that goes on for a while'));
    copyFileSync(fixtureFile('dz_grid_bng.dbf'), join(scratch, 'corrupt.dbf'));
    expect((await failure(file, { codeProperty: 'DataZone' })).message).toMatch(new RegExp(`^${file}: cannot read shapefile \\(`));
  });
});
