/** Plane geometry on rings of grid coordinates (open rings: the first point is not repeated). */
import type { Point } from './landmass.ts';
import type { Random } from './random.ts';

export type Ring = Point[];

/** Twice the signed area; positive when the ring runs counter-clockwise (x east, y north). */
function doubleArea(ring: Ring): number {
  let sum = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i] as Point;
    const [x2, y2] = ring[(i + 1) % ring.length] as Point;
    sum += x1 * y2 - x2 * y1;
  }
  return sum;
}

export function ringArea(ring: Ring): number {
  return Math.abs(doubleArea(ring)) / 2;
}

export function isCounterClockwise(ring: Ring): boolean {
  return doubleArea(ring) > 0;
}

export function ringCentroid(ring: Ring): Point {
  let a = 0;
  let cx = 0;
  let cy = 0;
  const [ox, oy] = ring[0] as Point; // work relative to the first point to keep precision
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i] as Point;
    const [x2, y2] = ring[(i + 1) % ring.length] as Point;
    const cross = (x1 - ox) * (y2 - oy) - (x2 - ox) * (y1 - oy);
    a += cross;
    cx += (x1 - ox + x2 - ox) * cross;
    cy += (y1 - oy + y2 - oy) * cross;
  }
  return [ox + cx / (3 * a), oy + cy / (3 * a)];
}

export function pointInRing(x: number, y: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as Point;
    const [xj, yj] = ring[j] as Point;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function ringBounds(ring: Ring): { west: number; south: number; east: number; north: number } {
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  for (const [x, y] of ring) {
    west = Math.min(west, x);
    east = Math.max(east, x);
    south = Math.min(south, y);
    north = Math.max(north, y);
  }
  return { west, south, east, north };
}

/** A uniformly random point strictly inside the ring, rounded to whole metres. */
export function randomPointIn(ring: Ring, rng: Random): Point {
  const b = ringBounds(ring);
  for (let attempt = 0; attempt < 1000; attempt++) {
    const x = Math.round(rng.uniform(b.west, b.east));
    const y = Math.round(rng.uniform(b.south, b.north));
    if (pointInRing(x, y, ring)) return [x, y];
  }
  const [cx, cy] = ringCentroid(ring);
  return [Math.round(cx), Math.round(cy)];
}

/** True when segments ab and cd cross or touch, not counting a shared endpoint. */
export function segmentsIntersect(a: Point, b: Point, c: Point, d: Point): boolean {
  const same = (p: Point, q: Point) => p[0] === q[0] && p[1] === q[1];
  const shared = same(a, c) || same(a, d) || same(b, c) || same(b, d);
  const orient = (p: Point, q: Point, r: Point) => Math.sign((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]));
  const o1 = orient(a, b, c);
  const o2 = orient(a, b, d);
  const o3 = orient(c, d, a);
  const o4 = orient(c, d, b);
  if (shared) {
    // Two segments meeting at a vertex only clash if they fold back onto each other.
    if (o1 === 0 && o2 === 0) {
      const dot = (p: Point, q: Point, r: Point) => (q[0] - p[0]) * (r[0] - p[0]) + (q[1] - p[1]) * (r[1] - p[1]);
      const pivot = same(a, c) || same(a, d) ? a : b;
      const other1 = same(pivot, a) ? b : a;
      const other2 = same(pivot, c) ? d : c;
      return dot(pivot, other1, other2) > 0;
    }
    return false;
  }
  if (o1 !== o2 && o3 !== o4) return true;
  const onSegment = (p: Point, q: Point, r: Point) =>
    Math.min(p[0], q[0]) <= r[0] && r[0] <= Math.max(p[0], q[0]) && Math.min(p[1], q[1]) <= r[1] && r[1] <= Math.max(p[1], q[1]);
  if (o1 === 0 && onSegment(a, b, c)) return true;
  if (o2 === 0 && onSegment(a, b, d)) return true;
  if (o3 === 0 && onSegment(c, d, a)) return true;
  if (o4 === 0 && onSegment(c, d, b)) return true;
  return false;
}
