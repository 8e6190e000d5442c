/** Small planar helpers for polygon rings in lon/lat. */
import type { MultiPolygon, Polygon, Position } from 'geojson';

/** Twice the signed planar area of a closed ring: positive when counter-clockwise. */
export function signedArea(ring: readonly Position[]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[j] as Position;
    const b = ring[i] as Position;
    sum += ((a[0] as number) - (b[0] as number)) * ((a[1] as number) + (b[1] as number));
  }
  return sum;
}

/** The polygons of a Polygon or MultiPolygon, as arrays of rings. */
export function polygonParts(geometry: Polygon | MultiPolygon): Position[][][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

/**
 * Winds every exterior ring counter-clockwise and every hole clockwise (RFC 7946), returning a
 * Polygon when there is one part. Rings are reversed in place.
 */
export function toRfc7946(parts: Position[][][]): Polygon | MultiPolygon {
  for (const rings of parts) {
    rings.forEach((ring, i) => {
      if ((i === 0) !== signedArea(ring) > 0) ring.reverse();
    });
  }
  return parts.length === 1 ? { type: 'Polygon', coordinates: parts[0] as Position[][] } : { type: 'MultiPolygon', coordinates: parts };
}
