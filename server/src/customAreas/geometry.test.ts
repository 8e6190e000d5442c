import { kinks } from '@turf/turf';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { firstSelfIntersection, GeometryError, readAreaGeometry, vertexCount } from './geometry.ts';

const square: Position[] = [[-3.6, 56.18], [-3.5, 56.18], [-3.5, 56.2], [-3.6, 56.2], [-3.6, 56.18]];
const bowTie: Position[] = [[-3.6, 56.18], [-3.5, 56.2], [-3.5, 56.18], [-3.6, 56.2], [-3.6, 56.18]];

/** A deterministic pseudo-random sequence, so failures can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** A closed ring of n vertices around a centre: star-shaped (simple) unless `jitter` scrambles the order. */
function ring(n: number, next: () => number, jitter: number): Position[] {
  const angles = Array.from({ length: n }, (_, i) => (2 * Math.PI * i) / n + (next() - 0.5) * jitter);
  const points = angles.map((a) => {
    const r = 0.02 + 0.03 * next();
    return [-3.5 + r * Math.cos(a), 56.2 + r * Math.sin(a)];
  });
  return [...points, points[0]!];
}

function refusal(input: unknown, maxVertices = 10_000): GeometryError {
  try {
    readAreaGeometry(input, maxVertices);
  } catch (error) {
    if (error instanceof GeometryError) return error;
    throw error;
  }
  throw new Error('expected the shape to be refused');
}

describe('firstSelfIntersection', () => {
  it('finds the crossing of a bow-tie and none in a square', () => {
    expect(firstSelfIntersection({ type: 'Polygon', coordinates: [bowTie] })).toEqual([-3.55, 56.19]);
    expect(firstSelfIntersection({ type: 'Polygon', coordinates: [square] })).toBeNull();
  });

  it('agrees with turf kinks on 400 random shapes, simple and tangled, with holes and several parts', () => {
    const next = random(20240531);
    for (let trial = 0; trial < 400; trial++) {
      const n = 4 + Math.floor(next() * 40);
      const jitter = trial % 2 === 0 ? 0 : next() * 2; // half star-shaped, half scrambled
      const geometry: Polygon | MultiPolygon = trial % 5 === 0
        ? { type: 'MultiPolygon', coordinates: [[ring(n, next, jitter)], [ring(6, next, 0)]] }
        : trial % 7 === 0 ? { type: 'Polygon', coordinates: [ring(n, next, jitter), ring(5, next, 0)] }
        : { type: 'Polygon', coordinates: [ring(n, next, jitter)] };
      const turf = kinks(geometry).features.length > 0;
      expect(firstSelfIntersection(geometry) !== null, `trial ${trial}`).toBe(turf);
    }
  });

  it('checks a 10,000-vertex shape in well under a second', () => {
    const next = random(7);
    const outer = Array.from({ length: 9_999 }, (_, i) => {
      const a = (2 * Math.PI * i) / 9_999;
      const r = 0.05 * (1 + 0.1 * Math.sin(a * 50) + 0.01 * next());
      return [-3.2 + r * Math.cos(a), 56.2 + r * Math.sin(a)];
    });
    const geometry: Polygon = { type: 'Polygon', coordinates: [[...outer, outer[0]!]] };
    const started = performance.now();
    expect(firstSelfIntersection(geometry)).toBeNull();
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('readAreaGeometry', () => {
  it('accepts a Polygon, a MultiPolygon and a Feature of either', () => {
    const polygon: Polygon = { type: 'Polygon', coordinates: [square] };
    expect(readAreaGeometry(polygon, 10_000)).toEqual(polygon);
    expect(readAreaGeometry({ type: 'Feature', properties: {}, geometry: polygon }, 10_000)).toEqual(polygon);
    const multi: MultiPolygon = { type: 'MultiPolygon', coordinates: [[square]] };
    expect(vertexCount(readAreaGeometry(multi, 10_000))).toBe(5);
  });

  it.each([
    [{ type: 'Point', coordinates: [-3.5, 56.2] }, 400, 'polygon must be a Polygon or MultiPolygon (or a Feature of one); got a Point'],
    [{ type: 'FeatureCollection', features: [] }, 400, 'not a FeatureCollection'],
    [{ type: 'Feature', properties: {} }, 400, 'Feature with no geometry'],
    [{ type: 'Polygon', coordinates: [] }, 400, 'non-empty array of rings'],
    [{ type: 'Polygon', coordinates: [square.slice(0, 3)] }, 400, 'at least 4 positions'],
    [{ type: 'Polygon', coordinates: [square.slice(0, 4)] }, 400, 'the outer ring of the polygon is not closed'],
    [{ type: 'Polygon', coordinates: [[[-3.6, 'x'], ...square.slice(1)]] }, 400, 'position 1 of the outer ring of the polygon must be [longitude, latitude]'],
    [{ type: 'Polygon', coordinates: [[[300000, 700000], [303000, 700000], [303000, 702000], [300000, 700000]]] }, 400, 'British National Grid'],
    [{ type: 'Polygon', coordinates: [bowTie] }, 400, 'The polygon crosses itself near [-3.55, 56.19]'],
    [{ type: 'Polygon', coordinates: [Array.from({ length: 10_001 }, () => [-3.5, 56.2])] }, 413, 'The polygon has 10,001 vertices; custom areas accept at most 10,000'],
  ])('refuses %j', (input, status, message) => {
    const error = refusal(input);
    expect(error.statusCode).toBe(status);
    expect(error.message).toContain(message);
  });
});
