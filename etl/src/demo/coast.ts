/**
 * Gives the coast a natural, ragged line: every cell edge that faces the sea is replaced by a
 * midpoint-displaced line between the same two end points. Only edges that belong to one cell
 * are touched, so shared edges stay identical; any ragged edge that would cross another edge is
 * put back straight.
 */
import { edgeKey } from './cells.ts';
import type { Point } from './landmass.ts';
import { segmentsIntersect, type Ring } from './polygon.ts';
import { Random } from './random.ts';

const FINEST_SEGMENT = 240; // metres
const ROUGHNESS = 0.17;

function raggedLine(a: Point, b: Point, rng: Random): Point[] {
  const out: Point[] = [];
  const split = (p: Point, q: Point) => {
    const length = Math.hypot(q[0] - p[0], q[1] - p[1]);
    if (length < FINEST_SEGMENT) return;
    const offset = Math.max(-0.3, Math.min(0.3, rng.normal(0, ROUGHNESS))) * length;
    const nx = -(q[1] - p[1]) / length;
    const ny = (q[0] - p[0]) / length;
    const mid: Point = [Math.round((p[0] + q[0]) / 2 + nx * offset), Math.round((p[1] + q[1]) / 2 + ny * offset)];
    split(p, mid);
    out.push(mid);
    split(mid, q);
  };
  split(a, b);
  return out;
}

interface Segment {
  a: Point;
  b: Point;
  edge: string;
}

/** Edges whose ragged line crosses another edge. Straight Voronoi edges never cross each other. */
function crossingEdges(segments: Segment[], isRagged: (edge: string) => boolean): Set<string> {
  const CELL = 1000;
  const grid = new Map<string, number[]>();
  const cellsOf = (s: Segment): string[] => {
    const keys: string[] = [];
    const x0 = Math.floor(Math.min(s.a[0], s.b[0]) / CELL);
    const x1 = Math.floor(Math.max(s.a[0], s.b[0]) / CELL);
    const y0 = Math.floor(Math.min(s.a[1], s.b[1]) / CELL);
    const y1 = Math.floor(Math.max(s.a[1], s.b[1]) / CELL);
    for (let gx = x0; gx <= x1; gx++) for (let gy = y0; gy <= y1; gy++) keys.push(`${gx},${gy}`);
    return keys;
  };
  segments.forEach((s, i) => {
    for (const key of cellsOf(s)) {
      const list = grid.get(key);
      if (list) list.push(i);
      else grid.set(key, [i]);
    }
  });
  const bad = new Set<string>();
  segments.forEach((s, i) => {
    if (!isRagged(s.edge)) return;
    for (const key of cellsOf(s)) {
      for (const j of grid.get(key) as number[]) {
        if (j === i) continue;
        const t = segments[j] as Segment;
        if (segmentsIntersect(s.a, s.b, t.a, t.b)) {
          bad.add(s.edge);
          if (isRagged(t.edge)) bad.add(t.edge);
        }
      }
    }
  });
  return bad;
}

/** Returns new rings with ragged coastal edges; `seedKey` makes the raggedness repeatable. */
export function roughenCoast(rings: Ring[], seedKey: string): Ring[] {
  const owners = new Map<string, number>();
  for (const ring of rings) {
    for (let k = 0; k < ring.length; k++) {
      const key = edgeKey(ring[k] as Point, ring[(k + 1) % ring.length] as Point);
      owners.set(key, (owners.get(key) ?? 0) + 1);
    }
  }
  const ragged = new Map<string, Point[]>(); // edge key -> inner points from the lower end point
  for (const [key, count] of owners) {
    if (count !== 1) continue;
    const [ax, ay, bx, by] = key.split(',').map(Number) as [number, number, number, number];
    ragged.set(key, raggedLine([ax, ay], [bx, by], new Random(`${seedKey}/${key}`)));
  }

  const straightened = new Set<string>();
  const build = (): { rings: Ring[]; segments: Segment[] } => {
    const segments: Segment[] = [];
    const emitted = new Set<string>();
    const out = rings.map((ring) => {
      const next: Ring = [];
      for (let k = 0; k < ring.length; k++) {
        const a = ring[k] as Point;
        const b = ring[(k + 1) % ring.length] as Point;
        const key = edgeKey(a, b);
        const inner = straightened.has(key) ? undefined : ragged.get(key);
        const forward = a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
        const points = inner ? (forward ? inner : [...inner].reverse()) : [];
        const line = [a, ...points, b];
        if (!emitted.has(key)) {
          emitted.add(key);
          for (let i = 0; i + 1 < line.length; i++) segments.push({ a: line[i] as Point, b: line[i + 1] as Point, edge: key });
        }
        next.push(a, ...points);
      }
      return next;
    });
    return { rings: out, segments };
  };

  for (let round = 0; round < 20; round++) {
    const result = build();
    const isRagged = (key: string) => ragged.has(key) && !straightened.has(key);
    const bad = [...crossingEdges(result.segments, isRagged)];
    if (bad.length === 0) return result.rings;
    for (const key of bad) straightened.add(key);
  }
  throw new Error('coastline edges still cross after straightening');
}
