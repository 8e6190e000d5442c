import { Type, type Static } from '@sinclair/typebox';
import { LevelKey } from './common.ts';

/**
 * The deepest zoom tiles are cut at. The stored shapes are generalised (about 1% of the official
 * points on the real data), so deeper tiles add no detail; 16 leaves room for a client that does
 * not overzoom.
 */
export const MAX_TILE_ZOOM = 16;

/**
 * The zoom TileJSON advertises as maxzoom: at zoom 12 one tile unit is about 1.3 m in Scotland,
 * finer than any vertex of the stored shapes, so MapLibre overzooms from here at no loss.
 */
export const TILEJSON_MAX_ZOOM = 12;

/** `?build=` pins a URL to one build, which lets caches keep the answer for a year. */
export const CacheQuery = Type.Object({
  build: Type.Optional(Type.String({
    maxLength: 64,
    description: 'the build id from /api/v1/build; when it matches the build being served, the response may be cached for a year',
  })),
});
export type CacheQuery = Static<typeof CacheQuery>;

const TileCoordinate = (name: string) =>
  Type.Integer({ minimum: 0, maximum: 2 ** MAX_TILE_ZOOM - 1, description: `tile ${name}, from 0 to 2^z − 1 (XYZ scheme: y = 0 at the north)` });

export const TileParams = Type.Object({
  level: LevelKey,
  z: Type.Integer({ minimum: 0, maximum: MAX_TILE_ZOOM, description: `zoom, 0 to ${MAX_TILE_ZOOM}` }),
  x: TileCoordinate('column'),
  y: TileCoordinate('row'),
});
export type TileParams = Static<typeof TileParams>;

export const LevelParams = Type.Object({ level: LevelKey });
export type LevelParams = Static<typeof LevelParams>;

/** The attributes each feature carries in a tile and in the TopoJSON. */
export const FEATURE_FIELDS = { code: 'String', name: 'String' } as const;

export const VectorLayer = Type.Object({
  id: Type.String({ description: 'the layer name in each tile: the level key' }),
  description: Type.String(),
  minzoom: Type.Integer(),
  maxzoom: Type.Integer(),
  fields: Type.Record(Type.String(), Type.String(), { examples: [FEATURE_FIELDS] }),
});

/** TileJSON 3.0.0 (https://github.com/mapbox/tilejson-spec/tree/master/3.0.0), the fields MapLibre reads. */
export const TileJson = Type.Object({
  tilejson: Type.Literal('3.0.0'),
  name: Type.String(),
  description: Type.String(),
  version: Type.String({ description: 'the build id: it changes whenever the tiles may have' }),
  scheme: Type.Literal('xyz'),
  tiles: Type.Array(Type.String(), { description: 'URL template pinned to this build' }),
  minzoom: Type.Integer(),
  maxzoom: Type.Integer(),
  bounds: Type.Tuple([Type.Number(), Type.Number(), Type.Number(), Type.Number()], { description: '[west, south, east, north], WGS84' }),
  center: Type.Tuple([Type.Number(), Type.Number(), Type.Number()], { description: '[longitude, latitude, zoom]' }),
  vector_layers: Type.Array(VectorLayer),
}, { description: 'TileJSON 3.0.0 for the level' });
export type TileJson = Static<typeof TileJson>;

/** A TopoJSON Topology, sent as stored by the ETL: one object named by the level key. */
export const Topology = Type.Object({
  type: Type.Literal('Topology'),
  objects: Type.Record(Type.String(), Type.Unknown(), { description: 'one GeometryCollection named by the level key; each geometry has id = code and properties { code, name }' }),
  arcs: Type.Array(Type.Unknown()),
  transform: Type.Optional(Type.Unknown()),
  bbox: Type.Optional(Type.Array(Type.Number())),
}, { additionalProperties: true, description: "the level's simplified boundaries as a TopoJSON Topology" });
