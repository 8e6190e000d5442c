// vt-pbf ships no types; this is the one function the server calls.
declare module 'vt-pbf' {
  import type { LegacyTile } from 'geojson-vt';

  /** Encodes geojson-vt tiles, one layer per key, as a Mapbox Vector Tile (uncompressed protobuf). */
  export function fromGeojsonVt(layers: Record<string, LegacyTile>, options?: { version?: 1 | 2; extent?: number }): Uint8Array;

  const vtpbf: { fromGeojsonVt: typeof fromGeojsonVt };
  export default vtpbf;
}
