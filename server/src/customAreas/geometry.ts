/**
 * A polygon a user drew or uploaded: checked, in plain words, before it is used to choose data
 * zones. Only WGS84 longitude/latitude Polygons and MultiPolygons, bare or in one Feature.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';

export type AreaGeometry = Polygon | MultiPolygon;

export class GeometryError extends Error {
  override name = 'GeometryError';
  constructor(readonly statusCode: 400 | 413, message: string) {
    super(message);
  }
}

const bad = (message: string) => new GeometryError(400, message);
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Positions in every ring, the closing position included (as GeoJSON counts them). */
export function vertexCount(geometry: AreaGeometry): number {
  const parts = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return parts.reduce((n, rings) => n + rings.reduce((m, ring) => m + ring.length, 0), 0);
}

/**
 * Reads `polygon` from a request body. Throws GeometryError (400 for a shape we cannot use, 413
 * for one with more than `maxVertices` positions) whose message says what to change.
 */
export function readAreaGeometry(input: unknown, maxVertices: number): AreaGeometry {
  if (!isObject(input)) throw bad('polygon must be a GeoJSON object: a Polygon, a MultiPolygon, or a Feature holding one.');
  let geometry: unknown = input;
  if (input.type === 'FeatureCollection') {
    throw bad('polygon must be one Polygon, MultiPolygon or Feature, not a FeatureCollection: send its single feature, or merge the shapes into one MultiPolygon.');
  }
  if (input.type === 'Feature') {
    geometry = input.geometry;
    if (!isObject(geometry)) throw bad('polygon is a Feature with no geometry: give it a Polygon or MultiPolygon geometry.');
  }
  const { type, coordinates } = geometry as Record<string, unknown>;
  if (type !== 'Polygon' && type !== 'MultiPolygon') {
    throw bad(`polygon must be a Polygon or MultiPolygon (or a Feature of one); got ${typeof type === 'string' ? `a ${type.slice(0, 40)}` : 'no "type"'}.`);
  }
  if (!Array.isArray(coordinates) || coordinates.length === 0) throw bad(`polygon.coordinates must be a non-empty array of ${type === 'Polygon' ? 'rings' : 'polygons'}.`);
  const parts = (type === 'Polygon' ? [coordinates] : coordinates) as unknown[];

  // Count first, so a huge shape is refused before it is walked position by position.
  let vertices = 0;
  for (const rings of parts) if (Array.isArray(rings)) for (const ring of rings) if (Array.isArray(ring)) vertices += ring.length;
  if (vertices > maxVertices) {
    throw new GeometryError(413, `The polygon has ${vertices.toLocaleString('en-GB')} vertices; custom areas accept at most ${maxVertices.toLocaleString('en-GB')}. Simplify the shape (e.g. with mapshaper) and send it again.`);
  }

  parts.forEach((rings, p) => {
    const where = type === 'Polygon' ? 'the polygon' : `polygon ${p + 1} of the MultiPolygon`;
    if (!Array.isArray(rings) || rings.length === 0) throw bad(`${where} must be an array of rings (an outer ring, then any holes).`);
    rings.forEach((ring: unknown, r) => {
      const name = `${r === 0 ? 'the outer ring' : `hole ${r}`} of ${where}`;
      if (!Array.isArray(ring) || ring.length < 4) throw bad(`${name} must be an array of at least 4 positions (a triangle, closed by repeating its first position).`);
      ring.forEach((position: unknown, i) => {
        if (!Array.isArray(position) || position.length < 2 || !position.every((n) => typeof n === 'number' && Number.isFinite(n))) {
          throw bad(`position ${i + 1} of ${name} must be [longitude, latitude] in numbers; got ${JSON.stringify(position)?.slice(0, 60)}.`);
        }
        const [lon, lat] = position as [number, number];
        if (Math.abs(lon) > 180 || Math.abs(lat) > 90) {
          const grid = lon >= 0 && lon <= 700_000 && lat >= 0 && lat <= 1_300_000;
          throw bad(`position ${i + 1} of ${name} is [${lon}, ${lat}], not a longitude and latitude.${grid ? ' It looks like British National Grid eastings and northings: reproject the shape to WGS84 (EPSG:4326) first.' : ' Coordinates must be WGS84 (EPSG:4326) longitude, latitude.'}`);
        }
      });
      const first = ring[0] as number[];
      const last = ring.at(-1) as number[];
      if (first[0] !== last[0] || first[1] !== last[1]) throw bad(`${name} is not closed: its last position must repeat its first.`);
    });
  });

  const crossing = firstSelfIntersection(geometry as AreaGeometry);
  if (crossing) {
    const [lon, lat] = crossing.map((n) => Number(n.toFixed(6)));
    throw bad(`The polygon crosses itself near [${lon}, ${lat}]. Redraw it so that no edge crosses another (a bow-tie shape is two polygons: send them as a MultiPolygon).`);
  }
  return geometry as AreaGeometry;
}

interface Segment {
  ring: number;
  index: number;
  /** Segments in the ring, to tell its first and last apart. */
  ringLength: number;
  closed: boolean;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  west: number;
  east: number;
  south: number;
  north: number;
}

/**
 * Where the shape first crosses itself, or null. The same test as turf's `kinks` (any two edges
 * that meet, except neighbours along a ring; parallel edges are not reported), which compares
 * every edge with every other: 1.5 s at 10,000 vertices when we measured it. Here a sweep along
 * longitude compares only edges whose extents overlap, which for drawn shapes is a few per edge.
 * customAreas.geometry.test.ts checks that the two agree.
 */
export function firstSelfIntersection(geometry: AreaGeometry): [number, number] | null {
  const rings: Position[][] = geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
  const segments: Segment[] = [];
  rings.forEach((ring, r) => {
    const first = ring[0]!;
    const last = ring.at(-1)!;
    const closed = first[0] === last[0] && first[1] === last[1];
    for (let i = 0; i < ring.length - 1; i++) {
      const [x1, y1] = ring[i] as [number, number];
      const [x2, y2] = ring[i + 1] as [number, number];
      segments.push({
        ring: r, index: i, ringLength: ring.length - 1, closed, x1, y1, x2, y2,
        west: Math.min(x1, x2), east: Math.max(x1, x2), south: Math.min(y1, y2), north: Math.max(y1, y2),
      });
    }
  });
  segments.sort((a, b) => a.west - b.west);
  const active: Segment[] = [];
  for (const segment of segments) {
    // Drop edges that end before this one starts; the rest overlap it in longitude.
    let kept = 0;
    for (const other of active) if (other.east >= segment.west) active[kept++] = other;
    active.length = kept;
    for (const other of active) {
      if (other.north < segment.south || other.south > segment.north || neighbours(segment, other)) continue;
      const point = intersection(segment, other);
      if (point) return point;
    }
    active.push(segment);
  }
  return null;
}

/** Edges that share a vertex by construction: consecutive along a ring, or its last and first. */
function neighbours(a: Segment, b: Segment): boolean {
  if (a.ring !== b.ring) return false;
  const gap = Math.abs(a.index - b.index);
  return gap === 1 || (a.closed && gap === a.ringLength - 1);
}

/** turf kinks' test: the point where two edges meet, ends included; none for parallel edges. */
function intersection(a: Segment, b: Segment): [number, number] | null {
  const denominator = (b.y2 - b.y1) * (a.x2 - a.x1) - (b.x2 - b.x1) * (a.y2 - a.y1);
  if (denominator === 0) return null;
  const dy = a.y1 - b.y1;
  const dx = a.x1 - b.x1;
  const alongA = ((b.x2 - b.x1) * dy - (b.y2 - b.y1) * dx) / denominator;
  const alongB = ((a.x2 - a.x1) * dy - (a.y2 - a.y1) * dx) / denominator;
  if (alongA < 0 || alongA > 1 || alongB < 0 || alongB > 1) return null;
  return [a.x1 + alongA * (a.x2 - a.x1), a.y1 + alongA * (a.y2 - a.y1)];
}
