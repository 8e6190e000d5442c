import { beforeAll, describe, expect, it } from 'vitest';
import { type BoundaryFeature, readBoundaries } from './boundaries.ts';
import { buildLevelShapes } from './dissolve.ts';
import { createPolygonIndex } from './pointIndex.ts';
import { fixtureFile, hasRealData, realDataTitle, realFile } from './testing/paths.ts';
import { readCsvRecords } from './testing/sgLookup.ts';

describe('createPolygonIndex on the 2×2 grid', () => {
  let grid: BoundaryFeature[];
  beforeAll(async () => {
    ({ features: grid } = await readBoundaries(fixtureFile('dz_grid_wgs84.geojson'), { codeProperty: 'dz_code' }));
  });

  it('finds the data zone holding a point', () => {
    const index = createPolygonIndex(grid);
    expect(index.locate(-3.195, 56.185)).toBe('S01000001');
    expect(index.locate(-3.185, 56.185)).toBe('S01000002');
    expect(index.locate(-3.195, 56.195)).toBe('S01000003');
    expect(index.locate(-3.181, 56.199)).toBe('S01000004');
    expect(index.locate(-3.1, 56.185)).toBeNull();
  });

  it('gives a point on a shared edge to the polygon given first', () => {
    expect(createPolygonIndex(grid).locate(-3.19, 56.185)).toBe('S01000001');
    expect(createPolygonIndex([...grid].reverse()).locate(-3.19, 56.185)).toBe('S01000002');
  });

  it('indexes each part of a MultiPolygon, and respects holes', () => {
    const ring = (w: number, s: number, e: number, n: number) => [[w, s], [e, s], [e, n], [w, n], [w, s]];
    const index = createPolygonIndex([
      { code: 'ISLANDS', geometry: { type: 'MultiPolygon', coordinates: [[ring(0, 0, 1, 1)], [ring(10, 10, 11, 11)]] } },
      { code: 'DONUT', geometry: { type: 'Polygon', coordinates: [ring(20, 0, 23, 3), ring(21, 1, 22, 2).reverse()] } },
    ]);
    expect(index.locate(10.5, 10.5)).toBe('ISLANDS');
    expect(index.locate(5, 5)).toBeNull();
    expect(index.locate(20.5, 1.5)).toBe('DONUT');
    expect(index.locate(21.5, 1.5)).toBeNull();
  });

  it('assigns points by containment, and to the nearest polygon only within a distance', () => {
    const index = createPolygonIndex(grid);
    // 0.01° of longitude at 56.19°N is about 0.62 km.
    const points = [
      { code: 'IN', lon: -3.195, lat: 56.195 },
      { code: 'NEAR', lon: -3.17, lat: 56.195 },
      { code: 'FAR', lon: -3.0, lat: 56.195 },
    ];
    expect(index.assignPoints(points)).toEqual({
      assigned: new Map([['IN', { areaCode: 'S01000003', distanceKm: 0 }]]),
      unassigned: ['NEAR', 'FAR'],
    });
    const { assigned, unassigned } = index.assignPoints(points, { nearestWithinKm: 1 });
    expect(assigned.get('NEAR')).toEqual({ areaCode: 'S01000004', distanceKm: expect.closeTo(0.62, 2) });
    expect(unassigned).toEqual(['FAR']);
  });

  it('copes with an empty layer', () => {
    const index = createPolygonIndex([]);
    expect(index.locate(0, 0)).toBeNull();
    expect(index.assignPoints([{ code: 'P', lon: 0, lat: 0 }], { nearestWithinKm: 5 }).unassigned).toEqual(['P']);
  });
});

describe.skipIf(!hasRealData)(realDataTitle('best-fit assignment on real Fife boundaries'), () => {
  it('puts each Fife data zone centroid in the intermediate zone the SG lookup names', async () => {
    const dataZones = await readBoundaries(realFile('boundaries/dz2011_fife_wgs84_simplified.geojson'), { codeProperty: 'dz11_code' });
    const zones = await readBoundaries(realFile('boundaries/iz2011_fife_wgs84_simplified.geojson'), { codeProperty: 'iz11_code' });
    const lookup = new Map((await readCsvRecords(realFile('lookups/datazone2011_lookup_sg.csv'))).map((r) => [r.DZ2011_Code!, r.IZ2011_Code!]));
    const centroids = [...buildLevelShapes(dataZones.features, []).levels.get('dz2011')!.areas.values()].map((dz) => ({
      code: dz.code,
      lon: dz.centroid[0],
      lat: dz.centroid[1],
    }));
    const { assigned, unassigned } = createPolygonIndex(zones.features).assignPoints(centroids);
    expect(unassigned).toEqual([]);
    const disagreements = [...assigned].filter(([dz, { areaCode }]) => lookup.get(dz) !== areaCode);
    expect(disagreements).toEqual([]);
  });
});
