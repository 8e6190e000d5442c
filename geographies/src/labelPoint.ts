/**
 * A representative point for an area: its area-weighted centroid when that lies inside the area,
 * else a point inside its largest part.
 *
 * Why not turf `centroid`: it averages vertices, so a crinkly coastline drags it seawards. Why not
 * turf `centerOfMass`: for a MultiPolygon it takes the centre of the convex hull. Why not turf
 * `pointOnFeature` as the fallback: it falls back to the nearest vertex, which sits on the edge.
 */
import { booleanPointInPolygon } from '@turf/turf';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { polygonParts, signedArea } from './rings.ts';

export function labelPoint(geometry: Polygon | MultiPolygon): [number, number] {
  const parts = polygonParts(geometry);
  const centroid = areaCentroid(parts);
  if (centroid && booleanPointInPolygon(centroid, geometry, { ignoreBoundary: true })) return centroid;

  let largest = parts[0] as Position[][];
  let largestArea = -Infinity;
  for (const rings of parts) {
    const area = polygonArea(rings);
    if (area > largestArea) [largest, largestArea] = [rings, area];
  }
  const ownCentroid = areaCentroid([largest]);
  return interiorPoint(largest, ownCentroid?.[1]);
}

/**
 * Planar centroid in lon/lat. Scaling longitude by cos(latitude) would not move it (a centroid
 * commutes with affine maps); only the change of that scale across an area does, negligibly.
 */
function areaCentroid(parts: Position[][][]): [number, number] | null {
  const origin = parts[0]?.[0]?.[0];
  if (!origin) return null;
  const [ox, oy] = origin as [number, number];
  let area = 0;
  let cx = 0;
  let cy = 0;
  for (const rings of parts) {
    rings.forEach((ring, i) => {
      // Exteriors add and holes subtract, whatever the winding.
      const sign = i === 0 ? 1 : -1;
      const ringSign = signedArea(ring) >= 0 ? 1 : -1;
      for (let k = 0, j = ring.length - 1; k < ring.length; j = k++) {
        const ax = (ring[j] as Position)[0]! - ox;
        const ay = (ring[j] as Position)[1]! - oy;
        const bx = (ring[k] as Position)[0]! - ox;
        const by = (ring[k] as Position)[1]! - oy;
        const cross = (ax * by - bx * ay) * sign * ringSign;
        area += cross;
        cx += (ax + bx) * cross;
        cy += (ay + by) * cross;
      }
    });
  }
  if (area === 0) return null;
  return [ox + cx / (3 * area), oy + cy / (3 * area)];
}

function polygonArea(rings: Position[][]): number {
  return rings.reduce((sum, ring, i) => sum + (i === 0 ? 1 : -1) * Math.abs(signedArea(ring)), 0);
}

/**
 * The midpoint of the widest stretch of a horizontal line that lies inside the polygon (the same
 * idea as GEOS's PointOnSurface). The line runs through `y`, or the middle of the bounding box.
 */
function interiorPoint(rings: Position[][], y?: number): [number, number] {
  const exterior = rings[0] as Position[];
  let south = Infinity;
  let north = -Infinity;
  for (const p of exterior) {
    south = Math.min(south, p[1]!);
    north = Math.max(north, p[1]!);
  }
  const scanY = y !== undefined && y > south && y < north ? y : (south + north) / 2;
  const crossings: number[] = [];
  for (const ring of rings) {
    for (let k = 0, j = ring.length - 1; k < ring.length; j = k++) {
      const [ax, ay] = ring[j] as [number, number];
      const [bx, by] = ring[k] as [number, number];
      // Half-open so a vertex exactly on the line is counted once.
      if (ay <= scanY !== by <= scanY) crossings.push(ax + ((scanY - ay) * (bx - ax)) / (by - ay));
    }
  }
  crossings.sort((a, b) => a - b);
  let best: [number, number] = [exterior[0]![0]!, exterior[0]![1]!];
  let widest = -Infinity;
  for (let i = 0; i + 1 < crossings.length; i += 2) {
    const west = crossings[i]!;
    const east = crossings[i + 1]!;
    if (east - west > widest) [best, widest] = [[(west + east) / 2, scanY], east - west];
  }
  return best;
}
