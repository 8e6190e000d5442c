import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import GeoJSONVT from 'geojson-vt';
import vtpbf from 'vt-pbf';
import type { AreaShape } from '../queries/shapes.ts';
import { MAX_TILE_ZOOM } from '../schemas/maps.ts';

/** Tile units per side: the MVT default, which MapLibre assumes. */
const EXTENT = 4096;

/**
 * One geojson-vt index over a level's shapes. Each feature's id is its area_id (MVT ids must be
 * unsigned integers) and its properties are { code, name }, so MapLibre can `promoteId: 'code'`
 * and set feature-state by the same code the API uses.
 */
export function buildTileIndex(shapes: readonly AreaShape[]): GeoJSONVT {
  const features: Feature<Polygon | MultiPolygon>[] = shapes.map((shape) => ({
    type: 'Feature',
    id: shape.areaId,
    properties: { code: shape.code, name: shape.name },
    geometry: JSON.parse(shape.geojson) as Polygon | MultiPolygon,
  }));
  const collection: FeatureCollection = { type: 'FeatureCollection', features };
  // geojson-vt cuts no tile deeper than maxZoom (its default is 14), so it must be the route's limit.
  return new GeoJSONVT(collection, { maxZoom: MAX_TILE_ZOOM, extent: EXTENT, buffer: 64, tolerance: 3 });
}

/** Encodes one tile of an index as an uncompressed MVT (spec version 2) with one layer, or null when no feature reaches the tile. */
export function encodeTile(index: GeoJSONVT, layer: string, z: number, x: number, y: number): Uint8Array | null {
  const tile = index.getTile(z, x, y);
  if (!tile || tile.features.length === 0) return null;
  return vtpbf.fromGeojsonVt({ [layer]: tile }, { version: 2, extent: EXTENT });
}

/**
 * geojson-vt keeps every tile it cuts (and the tiles on the way down to it), so an index that has
 * served a whole country at street zoom holds hundreds of thousands of them. Past this many, the
 * level's index is dropped and built again on its next request (about a second for Scotland's data
 * zones); the route keeps recently served tiles' bytes, so that is rare.
 */
export const MAX_CUT_TILES = 40_000;

/**
 * The tile indexes of every level, each built on its first request and then kept until it has
 * cut MAX_CUT_TILES tiles. Cutting a tile from a built index takes a millisecond or two.
 */
export class LevelTileIndexes {
  readonly #indexes = new Map<string, Promise<GeoJSONVT>>();

  constructor(private readonly loadShapes: (level: string) => Promise<AreaShape[]>, private readonly maxCutTiles = MAX_CUT_TILES) {}

  /** The level's index; concurrent first requests share one build, and a failed build is forgotten so the next request retries. */
  index(level: string): Promise<GeoJSONVT> {
    let index = this.#indexes.get(level);
    if (!index) {
      const building = this.loadShapes(level).then(buildTileIndex);
      building.catch(() => {
        if (this.#indexes.get(level) === building) this.#indexes.delete(level);
      });
      this.#indexes.set(level, building);
      index = building;
    }
    return index;
  }

  async tile(level: string, z: number, x: number, y: number): Promise<Uint8Array | null> {
    const building = this.index(level);
    const index = await building;
    const tile = encodeTile(index, level, z, x, y);
    if (index.tileCoords.length > this.maxCutTiles && this.#indexes.get(level) === building) this.#indexes.delete(level);
    return tile;
  }
}
