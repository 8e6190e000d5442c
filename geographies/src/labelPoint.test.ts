import { booleanPointInPolygon } from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { labelPoint } from './labelPoint.ts';

const polygon = (...rings: number[][][]): Polygon => ({ type: 'Polygon', coordinates: rings });
const box = (west: number, south: number, east: number, north: number) => [
  [west, south], [east, south], [east, north], [west, north], [west, south],
];

describe('labelPoint', () => {
  it('is the centroid of a rectangle', () => {
    expect(labelPoint(polygon(box(-3.2, 56.18, -3.19, 56.2)))).toEqual([expect.closeTo(-3.195, 12), expect.closeTo(56.19, 12)]);
  });

  it('weights by area, not by vertices: a densely drawn edge does not pull it', () => {
    const ring = [[0, 0], [1, 0], [1, 1], [0, 1]];
    // Forty extra vertices along the west edge would drag a vertex mean to x ≈ 0.05.
    for (let i = 39; i >= 1; i--) ring.push([0, i / 40]);
    ring.push([0, 0]);
    const [x, y] = labelPoint(polygon(ring));
    expect(x).toBeCloseTo(0.5, 12);
    expect(y).toBeCloseTo(0.5, 12);
  });

  it('moves inside a U-shaped area whose centroid falls in the gap', () => {
    const u = polygon([[0, 0], [3, 0], [3, 3], [2, 3], [2, 1], [1, 1], [1, 3], [0, 3], [0, 0]]);
    const point = labelPoint(u);
    expect(booleanPointInPolygon(point, u, { ignoreBoundary: true })).toBe(true);
  });

  it('moves inside a ring-shaped area whose centroid falls in the hole', () => {
    const ring = polygon(box(0, 0, 4, 4), box(1, 1, 3, 3).reverse());
    const point = labelPoint(ring);
    expect(booleanPointInPolygon(point, ring, { ignoreBoundary: true })).toBe(true);
  });

  it('takes the largest island when the centroid falls in the sea between them', () => {
    const islands: MultiPolygon = {
      type: 'MultiPolygon',
      coordinates: [[box(0, 0, 1, 1)], [box(5, 0, 7, 2)]],
    };
    const point = labelPoint(islands);
    expect(booleanPointInPolygon(point, polygon(box(5, 0, 7, 2)), { ignoreBoundary: true })).toBe(true);
  });
});
