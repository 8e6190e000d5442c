import type { Bounds } from '../queries/shapes.ts';

/** Web Mercator's latitude for a tile row edge (XYZ scheme: row 0 at the north). */
const rowLatitude = (y: number, z: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / 2 ** z))) * 180) / Math.PI;

/** The box a tile covers, [west, south, east, north] in WGS84 degrees. */
export function tileBounds(z: number, x: number, y: number): Bounds {
  const n = 2 ** z;
  return [(x / n) * 360 - 180, rowLatitude(y + 1, z), ((x + 1) / n) * 360 - 180, rowLatitude(y, z)];
}

/** Whether two boxes share any point (edges touching count). */
export function boundsOverlap(a: Bounds, b: Bounds): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}
