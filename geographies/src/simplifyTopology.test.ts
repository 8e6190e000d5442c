import type { Feature, FeatureCollection, Polygon } from 'geojson';
import { feature } from 'topojson-client';
import { topology } from 'topojson-server';
import type * as TopoJSON from 'topojson-specification';
import { describe, expect, it } from 'vitest';
import { signedArea } from './rings.ts';
import { createLevelSimplifier } from './simplifyTopology.ts';

/** A circle of n points around (lon, lat), counter-clockwise. */
function circle(lon: number, lat: number, radius: number, n: number): number[][] {
  const ring = Array.from({ length: n }, (_, i) => {
    const a = (2 * Math.PI * i) / n;
    return [lon + radius * Math.cos(a), lat + radius * Math.sin(a)];
  });
  return [...ring, ring[0]!];
}

/** Two neighbours split by a wiggly north–south border at lon 0. */
function neighbours(): Array<Feature<Polygon>> {
  const border = Array.from({ length: 41 }, (_, i) => [0.01 * Math.sin(i * 1.3), i * 0.025]);
  const west = [[-1, 0], ...border, [-1, 1], [-1, 0]];
  const east = [[1, 0], [1, 1], ...[...border].reverse(), [1, 0]];
  return [west, east].map((ring, i) => ({ type: 'Feature', id: i, properties: null, geometry: { type: 'Polygon', coordinates: [ring] } }));
}

function build(features: Array<Feature<Polygon>>) {
  const collection: FeatureCollection<Polygon> = { type: 'FeatureCollection', features };
  const topo = topology({ areas: collection });
  const geometries = (topo.objects.areas as TopoJSON.GeometryCollection).geometries as TopoJSON.Polygon[];
  return { topo, geometries };
}

describe('createLevelSimplifier', () => {
  it('keeps shared edges identical in both neighbours', () => {
    const { topo, geometries } = build(neighbours());
    const simplified = createLevelSimplifier(topo)(geometries.map((g) => ({ rings: g.arcs, areaKm2: 1 })), 0.2);
    const [west, east] = geometries.map((g) => feature(simplified, g).geometry.coordinates[0]!);
    const onBorder = (ring: number[][]) => ring.filter(([x]) => Math.abs(x!) < 0.5).map((p) => p.join());
    expect(onBorder(west!).length).toBeGreaterThan(2);
    expect(onBorder(west!).length).toBeLessThan(41);
    expect(new Set(onBorder(west!))).toEqual(new Set(onBorder(east!)));
  });

  it('keeps the requested share of the points it may remove', () => {
    const { topo, geometries } = build([
      { type: 'Feature', properties: null, geometry: { type: 'Polygon', coordinates: [circle(0, 0, 1, 101)] } },
    ]);
    const simplified = createLevelSimplifier(topo)([{ rings: geometries[0]!.arcs, areaKm2: 1 }], 0.3);
    // One closed arc of 101 distinct points: its end point stays, plus 30% of the other 100
    // (31 with the quantile's rounding).
    const innerKept = simplified.arcs[0]!.length - 2;
    expect(innerKept).toBeGreaterThanOrEqual(30);
    expect(innerKept).toBeLessThanOrEqual(31);
  });

  it('never flattens an island (a ring of one arc) into a line', () => {
    const { topo, geometries } = build([
      { type: 'Feature', properties: null, geometry: { type: 'Polygon', coordinates: [circle(0, 0, 1, 64)] } },
      { type: 'Feature', properties: null, geometry: { type: 'Polygon', coordinates: [circle(5, 0, 0.001, 8)] } },
    ]);
    const simplified = createLevelSimplifier(topo)(
      geometries.map((g, i) => ({ rings: g.arcs, areaKm2: i === 0 ? 1e4 : 1e-2 })),
      0.01,
    );
    for (const g of geometries) {
      const ring = feature(simplified, g).geometry.coordinates[0]!;
      expect(new Set(ring.map((p) => p.join())).size).toBeGreaterThanOrEqual(3);
      expect(Math.abs(signedArea(ring))).toBeGreaterThan(0);
    }
  });

  it('simplifies small and large areas alike, relative to their size', () => {
    // The same wiggly circle at two scales: a raw-weight threshold would strip the small one.
    const { topo, geometries } = build([
      { type: 'Feature', properties: null, geometry: { type: 'Polygon', coordinates: [circle(0, 0, 1, 200)] } },
      { type: 'Feature', properties: null, geometry: { type: 'Polygon', coordinates: [circle(5, 0, 0.01, 200)] } },
    ]);
    const areaKm2 = [Math.PI * 111 ** 2, Math.PI * 1.11 ** 2];
    const simplified = createLevelSimplifier(topo)(geometries.map((g, i) => ({ rings: g.arcs, areaKm2: areaKm2[i]! })), 0.1);
    const [large, small] = geometries.map((g) => feature(simplified, g).geometry.coordinates[0]!.length);
    expect(large).toBeGreaterThan(10);
    expect(small! / large!).toBeGreaterThan(0.8);
    expect(small! / large!).toBeLessThan(1.25);
  });

  it('rejects a share outside (0, 1]', () => {
    const { topo } = build(neighbours());
    expect(() => createLevelSimplifier(topo)([], 0)).toThrow('keep must be in (0, 1], got 0');
  });
});
