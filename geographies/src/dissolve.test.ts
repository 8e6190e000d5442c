import { area as turfArea } from '@turf/turf';
import type { Position } from 'geojson';
import { feature, merge } from 'topojson-client';
import type * as TopoJSON from 'topojson-specification';
import { beforeAll, describe, expect, it } from 'vitest';
import { type BoundaryFeature, readBoundaries } from './boundaries.ts';
import { buildLevelShapes, type LevelMembership } from './dissolve.ts';
import { signedArea } from './rings.ts';
import { fixtureFile } from './testing/paths.ts';

// The WGS84 fixture: four 0.01° squares from -3.2, 56.18. S01000001 south-west, 2 south-east,
// 3 north-west, 4 north-east.
let dataZones: BoundaryFeature[];
beforeAll(async () => {
  ({ features: dataZones } = await readBoundaries(fixtureFile('dz_grid_wgs84.geojson'), { codeProperty: 'dz_code', nameProperty: 'dz_name' }));
});

const columns: LevelMembership = {
  key: 'column',
  dataZones: new Map([
    ['WEST', ['S01000001', 'S01000003']],
    ['EAST', ['S01000002', 'S01000004']],
  ]),
  names: new Map([['WEST', 'West column']]),
};

/** Area of a lon/lat rectangle on turf's sphere: R² Δλ (sin φ2 − sin φ1). */
const rectangleKm2 = (west: number, south: number, east: number, north: number) => {
  const R = 6371008.8;
  const rad = Math.PI / 180;
  return (R * R * (east - west) * rad * (Math.sin(north * rad) - Math.sin(south * rad))) / 1e6;
};

const distinct = (ring: Position[]) => new Set(ring.map((p) => p.join(',')));

describe('buildLevelShapes on a 2×2 grid', () => {
  it('dissolves four squares into two rectangles', () => {
    const { levels } = buildLevelShapes(dataZones, [columns]);
    const west = levels.get('column')!.areas.get('WEST')!;
    expect(west.geometry.type).toBe('Polygon');
    const rings = west.geometry.coordinates as Position[][];
    expect(rings).toHaveLength(1);
    // The corners, plus the two points where the data zones' shared edge met the outline.
    expect(distinct(rings[0]!)).toEqual(
      new Set(['-3.2,56.18', '-3.19,56.18', '-3.19,56.19', '-3.19,56.2', '-3.2,56.2', '-3.2,56.19']),
    );
    expect(signedArea(rings[0]!)).toBeGreaterThan(0);
    expect(west).toMatchObject({
      code: 'WEST',
      name: 'West column',
      bbox: [-3.2, 56.18, -3.19, 56.2],
      centroid: [-3.195, 56.19],
      dataZoneCount: 2,
    });
    expect(levels.get('column')!.areas.get('EAST')!.name).toBe('EAST');
  });

  it('gives each area the summed area of its data zones, as on the sphere', () => {
    const { levels } = buildLevelShapes(dataZones, [columns]);
    const dz = levels.get('dz2011')!.areas;
    const west = levels.get('column')!.areas.get('WEST')!;
    expect(west.areaKm2).toBeCloseTo(dz.get('S01000001')!.areaKm2 + dz.get('S01000003')!.areaKm2, 9);
    expect(west.areaKm2).toBeCloseTo(rectangleKm2(-3.2, 56.18, -3.19, 56.2), 9);
    expect(dz.get('S01000001')!.areaKm2).toBeCloseTo(rectangleKm2(-3.2, 56.18, -3.19, 56.19), 9);
  });

  it('emits the data-zone level itself, first, with the geometry as read', () => {
    const { levels } = buildLevelShapes(dataZones, [columns], { baseLevelKey: 'dz2022' });
    expect([...levels.keys()]).toEqual(['dz2022', 'column']);
    const dz = levels.get('dz2022')!.areas.get('S01000004')!;
    expect(dz).toMatchObject({ name: 'Grid North East', bbox: [-3.19, 56.19, -3.18, 56.2], centroid: [-3.185, 56.195], dataZoneCount: 1 });
    expect(dz.geometry).toEqual(dataZones[3]!.geometry);
  });

  it('writes a TopoJSON per level whose neighbours share their common edge', () => {
    const { levels } = buildLevelShapes(dataZones, [columns]);
    const topo = JSON.parse(levels.get('column')!.topojson) as TopoJSON.Topology;
    expect(topo.transform).toBeDefined();
    const collection = topo.objects.column as TopoJSON.GeometryCollection;
    expect(collection.geometries.map((g) => [g.id, g.properties])).toEqual([
      ['WEST', { code: 'WEST', name: 'West column' }],
      ['EAST', { code: 'EAST', name: 'EAST' }],
    ]);
    const arcsOf = (g: TopoJSON.GeometryObject) => new Set((g as TopoJSON.Polygon).arcs.flat().map((a) => (a < 0 ? ~a : a)));
    const [westArcs, eastArcs] = collection.geometries.map(arcsOf);
    expect([...westArcs!].filter((a) => eastArcs!.has(a))).toHaveLength(1);
    // Merging both leaves one polygon with no hole: no sliver, no gap.
    expect(merge(topo, collection.geometries as TopoJSON.Polygon[]).coordinates.map((p) => p.length)).toEqual([1]);
    const decoded = feature(topo, collection);
    expect(decoded.features[0]!.geometry.type).toBe('Polygon');
  });

  it('reports coverage gaps instead of throwing', () => {
    const level: LevelMembership = {
      key: 'partial',
      dataZones: new Map([
        ['A', ['S01000001', 'S01000002', 'S01999999']],
        ['GHOST', ['S01888888']],
      ]),
    };
    const { levels, coverage } = buildLevelShapes(dataZones, [level]);
    expect(coverage.get('partial')).toEqual({
      dataZonesWithoutBoundary: ['S01999999', 'S01888888'],
      dataZonesWithoutArea: ['S01000003', 'S01000004'],
      areasWithoutShape: ['GHOST'],
    });
    expect([...levels.get('partial')!.areas.keys()]).toEqual(['A']);
    expect(levels.get('partial')!.areas.get('A')!.dataZoneCount).toBe(2);
  });

  it('rejects a data zone given to two areas of one level, and a level given twice', () => {
    const overlapping: LevelMembership = {
      key: 'overlap',
      dataZones: new Map([
        ['A', ['S01000001', 'S01000002']],
        ['B', ['S01000002']],
      ]),
    };
    expect(() => buildLevelShapes(dataZones, [overlapping])).toThrow('level overlap: data zone S01000002 is in both A and B');
    expect(() => buildLevelShapes(dataZones, [columns, columns])).toThrow('level column is given more than once');
    expect(() => buildLevelShapes(dataZones, [{ ...columns, key: 'dz2011' }])).toThrow('level dz2011 is given more than once');
  });

  it('keeps enclaves as holes and fills them when the enclave belongs to the same area', () => {
    const ring = (w: number, s: number, e: number, n: number) => [[w, s], [e, s], [e, n], [w, n], [w, s]];
    const outer: BoundaryFeature = {
      code: 'OUTER',
      name: 'Outer',
      geometry: { type: 'Polygon', coordinates: [ring(0, 50, 3, 53), ring(1, 51, 2, 52).reverse()] },
    };
    const inner: BoundaryFeature = { code: 'INNER', name: 'Inner', geometry: { type: 'Polygon', coordinates: [ring(1, 51, 2, 52)] } };
    const { levels } = buildLevelShapes([outer, inner], [
      { key: 'apart', dataZones: new Map([['O', ['OUTER']], ['I', ['INNER']]]) },
      { key: 'together', dataZones: new Map([['ALL', ['OUTER', 'INNER']]]) },
    ]);
    const apart = levels.get('apart')!.areas.get('O')!;
    expect((apart.geometry.coordinates as Position[][]).map((r) => signedArea(r) > 0)).toEqual([true, false]);
    const together = levels.get('together')!.areas.get('ALL')!;
    expect(together.geometry.coordinates).toHaveLength(1);
    expect(together.areaKm2).toBeCloseTo(turfArea({ type: 'Polygon', coordinates: [ring(0, 50, 3, 53)] }) / 1e6, 6);
    expect(apart.simplified.coordinates).toHaveLength(2);
  });
});
