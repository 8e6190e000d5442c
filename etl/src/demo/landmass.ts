/**
 * The shape of the fictional council's land: a lobed mainland with a firth cutting in from the
 * North Sea side, and one offshore island. Coordinates are British National Grid metres in an empty
 * stretch of the North Sea, so the demo can never be drawn over a real place.
 */
import type { Random } from './random.ts';

export interface Bounds {
  west: number;
  south: number;
  east: number;
  north: number;
}

export const GRID_BOUNDS: Bounds = { west: 470000, south: 690000, east: 560000, north: 780000 };

export type Point = [number, number];

export interface Landmass {
  centre: Point;
  island: { centre: Point; radius: number };
  /** The firth's centre line, from beyond its mouth to its head. */
  firthPath: Point[];
  isLand(x: number, y: number): boolean;
  isIsland(x: number, y: number): boolean;
  /** Distance to the sea along `directions` rays from a land point (Infinity past `maxDistance`). */
  seaDistances(x: number, y: number, directions: number, maxDistance: number): number[];
  /** Land area in square kilometres, counted on a 500 m grid. */
  areaKm2(): number;
}

const TABLE_SIZE = 2048;

/** Math.hypot is exact but slow; these distances are only compared with metre-scale limits. */
const length = (dx: number, dy: number) => Math.sqrt(dx * dx + dy * dy);

function radiusTable(rng: Random, base: number, lobes: number[], roughness: number, maxHarmonic: number): Float64Array {
  const terms: { k: number; amp: number; phase: number }[] = [];
  for (let k = 1; k <= maxHarmonic; k++) {
    const amp = k <= lobes.length ? (lobes[k - 1] as number) : (roughness / Math.pow(k, 1.1)) * rng.uniform(0.3, 1);
    terms.push({ k, amp, phase: rng.uniform(0, 2 * Math.PI) });
  }
  const table = new Float64Array(TABLE_SIZE);
  for (let i = 0; i < TABLE_SIZE; i++) {
    const theta = (i / TABLE_SIZE) * 2 * Math.PI;
    let r = 1;
    for (const t of terms) r += t.amp * Math.sin(t.k * theta + t.phase);
    table[i] = base * Math.max(0.35, r);
  }
  return table;
}

function lookupRadius(table: Float64Array, theta: number): number {
  const f = ((theta / (2 * Math.PI)) * TABLE_SIZE + TABLE_SIZE * 4) % TABLE_SIZE;
  const i = Math.floor(f);
  const w = f - i;
  return (table[i] as number) * (1 - w) + (table[(i + 1) % TABLE_SIZE] as number) * w;
}

export function createLandmass(rng: Random, bounds: Bounds = GRID_BOUNDS): Landmass {
  const midX = (bounds.west + bounds.east) / 2;
  const midY = (bounds.south + bounds.north) / 2;
  const centre: Point = [midX + rng.uniform(-2000, 2000), midY + rng.uniform(-2000, 2000)];
  const halfSpan = Math.min(bounds.east - bounds.west, bounds.north - bounds.south) / 2;

  const mainland = radiusTable(rng.fork('mainland'), 28000, [0.12, 0.17, 0.1, 0.06], 0.32, 56);
  // Shrink the mainland if a lobe would come within 8 km of the edge of the frame.
  let reach = 0;
  for (let i = 0; i < TABLE_SIZE; i++) {
    const theta = (i / TABLE_SIZE) * 2 * Math.PI;
    const r = mainland[i] as number;
    reach = Math.max(reach, r * Math.max(Math.abs(Math.cos(theta)), Math.abs(Math.sin(theta))));
  }
  const limit = halfSpan - 8000 - 2000;
  if (reach > limit) for (let i = 0; i < TABLE_SIZE; i++) mainland[i] = (mainland[i] as number) * (limit / reach);

  const mainlandRadius = (theta: number) => lookupRadius(mainland, theta);

  // The firth opens to the east (the North Sea side) and narrows inland like an estuary.
  const firthRng = rng.fork('firth');
  const firthAngle = firthRng.uniform(-0.55, 0.55);
  const dir: Point = [Math.cos(firthAngle), Math.sin(firthAngle)];
  const normal: Point = [-dir[1], dir[0]];
  const mouthDistance = mainlandRadius(firthAngle) + 4000;
  const headDistance = 0.22 * mainlandRadius(firthAngle + Math.PI);
  const firthPath: Point[] = [];
  const FIRTH_POINTS = 7;
  for (let k = 0; k < FIRTH_POINTS; k++) {
    const t = k / (FIRTH_POINTS - 1);
    const along = mouthDistance + (headDistance - mouthDistance) * t;
    const meander = Math.sin(Math.PI * t) * firthRng.normal(0, 1400);
    firthPath.push([centre[0] + dir[0] * along + normal[0] * meander, centre[1] + dir[1] * along + normal[1] * meander]);
  }
  const segmentLengths = firthPath.slice(1).map((p, i) => length(p[0] - firthPath[i]![0], p[1] - firthPath[i]![1]));
  const firthLength = segmentLengths.reduce((a, b) => a + b, 0);
  const halfWidthAt = (s: number) => {
    const t = Math.min(1, Math.max(0, s / firthLength));
    return 3200 * Math.pow(1 - t, 1.4) + 260;
  };
  const widest = halfWidthAt(0);
  const firthBox = {
    west: Math.min(...firthPath.map((p) => p[0])) - widest,
    east: Math.max(...firthPath.map((p) => p[0])) + widest,
    south: Math.min(...firthPath.map((p) => p[1])) - widest,
    north: Math.max(...firthPath.map((p) => p[1])) + widest,
  };
  const inFirth = (x: number, y: number): boolean => {
    if (x < firthBox.west || x > firthBox.east || y < firthBox.south || y > firthBox.north) return false;
    let travelled = 0;
    for (let i = 0; i < segmentLengths.length; i++) {
      const a = firthPath[i] as Point;
      const b = firthPath[i + 1] as Point;
      const len = segmentLengths[i] as number;
      const ux = (b[0] - a[0]) / len;
      const uy = (b[1] - a[1]) / len;
      const along = (x - a[0]) * ux + (y - a[1]) * uy;
      const clamped = Math.min(len, Math.max(0, along));
      const d = length(x - (a[0] + ux * clamped), y - (a[1] + uy * clamped));
      if (d < halfWidthAt(travelled + clamped)) return true;
      travelled += len;
    }
    return false;
  };

  // One island, offshore on a side away from the firth, with room around it inside the frame.
  const islandRng = rng.fork('island');
  const islandRadius = 3600;
  let islandCentre: Point = [centre[0], centre[1]];
  for (let attempt = 0; attempt < 200; attempt++) {
    const theta = firthAngle + islandRng.uniform(1.4, 2 * Math.PI - 1.4);
    const d = mainlandRadius(theta) + islandRadius + islandRng.uniform(2800, 4200);
    const c: Point = [centre[0] + Math.cos(theta) * d, centre[1] + Math.sin(theta) * d];
    const margin = islandRadius * 1.4 + 3000;
    const fits = c[0] - margin > bounds.west && c[0] + margin < bounds.east && c[1] - margin > bounds.south && c[1] + margin < bounds.north;
    // The strait must stay open: no mainland within 2.5 km of the island's rim in that direction.
    const gapOk = mainlandRadius(theta) + 2500 < d - islandRadius * 1.3;
    if (fits && gapOk) {
      islandCentre = c;
      break;
    }
  }
  const islandShape = radiusTable(islandRng.fork('shape'), islandRadius, [0.12, 0.16], 0.2, 24);
  const isIsland = (x: number, y: number): boolean => {
    const dx = x - islandCentre[0];
    const dy = y - islandCentre[1];
    const r = length(dx, dy);
    return r < islandRadius * 1.6 && r < lookupRadius(islandShape, Math.atan2(dy, dx));
  };

  const isMainland = (x: number, y: number): boolean => {
    const dx = x - centre[0];
    const dy = y - centre[1];
    return length(dx, dy) < mainlandRadius(Math.atan2(dy, dx)) && !inFirth(x, y);
  };
  const isLand = (x: number, y: number) => isMainland(x, y) || isIsland(x, y);

  const seaDistances = (x: number, y: number, directions: number, maxDistance: number): number[] => {
    const step = 250;
    const out: number[] = [];
    for (let k = 0; k < directions; k++) {
      const theta = (k / directions) * 2 * Math.PI;
      const ux = Math.cos(theta);
      const uy = Math.sin(theta);
      let hit = Infinity;
      for (let d = step; d <= maxDistance; d += step) {
        if (!isLand(x + ux * d, y + uy * d)) {
          let lo = d - step;
          let hi = d;
          for (let i = 0; i < 6; i++) {
            const mid = (lo + hi) / 2;
            if (isLand(x + ux * mid, y + uy * mid)) lo = mid;
            else hi = mid;
          }
          hit = hi;
          break;
        }
      }
      out.push(hit);
    }
    return out;
  };

  const areaKm2 = (): number => {
    let cells = 0;
    for (let x = bounds.west + 250; x < bounds.east; x += 500) {
      for (let y = bounds.south + 250; y < bounds.north; y += 500) if (isLand(x, y)) cells++;
    }
    return cells * 0.25;
  };

  return {
    centre,
    island: { centre: islandCentre, radius: islandRadius },
    firthPath,
    isLand,
    isIsland,
    seaDistances,
    areaKm2,
  };
}
