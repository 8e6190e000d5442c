import type { FastifyInstance, FastifyRequest } from 'fastify';
import { clientHasVersion, entityTag, gzipBody, sendBody, setCaching } from '../httpCaching.ts';
import { badRequest, notFound } from '../httpErrors.ts';
import { listAreaShapes, listMappedLevels, type MappedLevel } from '../queries/shapes.ts';
import { ErrorBody } from '../schemas/common.ts';
import { CacheQuery, FEATURE_FIELDS, LevelParams, TILEJSON_MAX_ZOOM, TileJson, TileParams } from '../schemas/maps.ts';
import { boundsOverlap, tileBounds } from '../tiles/tileMath.ts';
import { LevelTileIndexes } from '../tiles/tileIndex.ts';

/** The media type registered for Mapbox Vector Tiles (IANA); MapLibre reads the body whatever the type. */
const MVT_TYPE = 'application/vnd.mapbox-vector-tile';

const noBody = (description: string) => ({ description, type: 'null' });

/**
 * Encoded tiles kept, plain and gzipped: encoding a tile and gzipping it cost more than sending it
 * (about 5% of the server's CPU in a profile of the mixed load bench), and a map view asks for the
 * same few dozen tiles again and again. At most this many tiles and bytes (a busy tile is a few
 * KB), least recently used first out.
 */
const TILES_KEPT = 4_000;
const TILE_BYTES_KEPT = 32 * 1024 * 1024;

interface TileBytes {
  body: Uint8Array;
  gzipped: Buffer;
}

/** Remembers each tile's bytes by key; concurrent first requests for a tile share one encoding. */
function tileBytesCache(encode: (key: string) => Promise<Uint8Array | null>): (key: string) => Promise<TileBytes | null> {
  const kept = new Map<string, Promise<TileBytes | null>>();
  const sizes = new Map<string, number>();
  let bytes = 0;
  const forget = (key: string) => {
    kept.delete(key);
    bytes -= sizes.get(key) ?? 0;
    sizes.delete(key);
  };
  return (key) => {
    const hit = kept.get(key);
    if (hit) {
      kept.delete(key);
      kept.set(key, hit);
      return hit;
    }
    // A copy, because pbf hands back a view of its larger working buffer, which would be kept whole.
    const made = encode(key).then(async (encoded) => (encoded ? { body: Buffer.from(encoded), gzipped: await gzipBody(encoded) } : null));
    kept.set(key, made);
    made.then((tile) => {
      if (kept.get(key) !== made) return;
      const size = tile ? tile.body.byteLength + tile.gzipped.byteLength : 0;
      sizes.set(key, size);
      bytes += size;
      for (const oldest of kept.keys()) {
        if (kept.size <= TILES_KEPT && bytes <= TILE_BYTES_KEPT) break;
        forget(oldest);
      }
    }, () => {
      // A failed tile is not remembered: the next request tries again.
      if (kept.get(key) === made) forget(key);
    });
    return made;
  };
}

/**
 * Tile coordinates written plainly: schema coercion alone would take `016`, `1e1`, `0x1` or ` 1`
 * for numbers, giving one tile many URLs (and caches many copies). Runs before the schema, on the
 * raw text of the path.
 */
async function requirePlainCoordinates(request: FastifyRequest): Promise<void> {
  const raw = request.params as Record<string, string>;
  for (const name of ['z', 'x', 'y']) {
    const text = raw[name] ?? '';
    if (!/^(0|[1-9][0-9]{0,5})$/.test(text)) throw badRequest(`path parameter "${name}" must be a whole number written in digits without leading zeros, e.g. 12; got "${text.slice(0, 20)}".`);
  }
}

/** A zoom at which the whole box fits in about two 256-pixel tiles across, for TileJSON's centre. */
function fittingZoom([west, south, east, north]: MappedLevel['bounds']): number {
  const mercatorY = (lat: number) => Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360));
  const span = Math.max((east - west) / 360, (mercatorY(north) - mercatorY(south)) / (2 * Math.PI), 1e-9);
  return Math.max(0, Math.min(TILEJSON_MAX_ZOOM, Math.floor(Math.log2(2 / span))));
}

/**
 * Vector tiles of every level that has shapes, cut from the stored simplified GeoJSON on request.
 * A tile no area reaches is answered 204 No Content rather than an empty tile: MapLibre treats 204
 * as an empty tile without logging an error, nothing is encoded or sent, and most of the world's
 * tiles are empty for a Scottish build.
 */
export async function tileRoutes(app: FastifyInstance): Promise<void> {
  const mapped = await listMappedLevels(app.db);
  const indexes = new LevelTileIndexes((level) => listAreaShapes(app.db, level));
  const tileBytes = tileBytesCache((key) => {
    const [level, z, x, y] = key.split('/');
    return indexes.tile(level!, Number(z), Number(x), Number(y));
  });

  const requireMappedLevel = (key: string): MappedLevel => {
    const level = mapped.find((l) => l.key === key);
    if (level) return level;
    const known = app.levels.some((l) => l.key === key);
    throw notFound(`${known ? `Level "${key}" has no boundaries in this build` : `Unknown level "${key}"`}. Levels with tiles in this build: ${mapped.map((l) => l.key).join(', ') || 'none'}.`);
  };

  app.get<{ Params: TileParams; Querystring: CacheQuery }>('/:level/:z/:x/:y.pbf', {
    preValidation: requirePlainCoordinates,
    schema: {
      summary: "A vector tile of one level's areas",
      description: 'One layer named by the level key; each feature has id = area id and properties { code, name } (use MapLibre `promoteId: "code"`).',
      tags: ['map'],
      params: TileParams,
      querystring: CacheQuery,
      response: {
        200: { description: 'a Mapbox Vector Tile (gzipped when the client accepts gzip)', content: { [MVT_TYPE]: { schema: { type: 'string', format: 'binary' } } } },
        204: noBody('no area of the level reaches this tile'),
        304: noBody('the tile has not changed since the ETag given in If-None-Match'),
        400: ErrorBody,
        404: ErrorBody,
        500: ErrorBody,
      },
    },
  }, async (request, reply) => {
    const { level: key, z, x, y } = request.params;
    const level = requireMappedLevel(key);
    const last = 2 ** z - 1;
    if (x > last || y > last) throw badRequest(`At zoom ${z}, x and y must be whole numbers from 0 to ${last}; got x=${x}, y=${y}.`);

    const etag = entityTag(app.build.id, level.key, z, x, y);
    setCaching(reply, { etag, pinnedBuild: request.query.build, buildId: app.build.id });
    if (clientHasVersion(request, etag)) return reply.code(304).send();
    // Most tiles of the world are far from Scotland: answer those without building the level's index.
    if (!boundsOverlap(tileBounds(z, x, y), level.bounds)) return reply.code(204).send();
    const tile = await tileBytes(`${level.key}/${z}/${x}/${y}`);
    if (!tile) return reply.code(204).send();
    return sendBody(request, reply, MVT_TYPE, tile.body, tile.gzipped);
  });

  app.get<{ Params: LevelParams; Querystring: CacheQuery }>('/:level.json', {
    schema: {
      summary: "TileJSON for one level's vector tiles",
      description: 'TileJSON 3.0.0: point a MapLibre vector source `url` here. The tiles template is pinned to this build, so tiles may be cached for a year.',
      tags: ['map'],
      params: LevelParams,
      querystring: CacheQuery,
      response: { 200: TileJson, 304: noBody('unchanged since the ETag given in If-None-Match'), 404: ErrorBody, 500: ErrorBody },
    },
  }, async (request, reply) => {
    const level = requireMappedLevel(request.params.level);
    const etag = entityTag(app.build.id, level.key, 'tilejson');
    setCaching(reply, { etag, pinnedBuild: request.query.build, buildId: app.build.id });
    if (clientHasVersion(request, etag)) return reply.code(304).send();

    const [west, south, east, north] = level.bounds;
    const origin = `${request.protocol}://${request.host}`;
    const tileJson: TileJson = {
      tilejson: '3.0.0',
      name: `AreaLens ${level.label}`,
      description: `${level.areas} ${level.label} areas from ${app.build.label} (build ${app.build.id})`,
      version: app.build.id,
      scheme: 'xyz',
      tiles: [`${origin}/tiles/${encodeURIComponent(level.key)}/{z}/{x}/{y}.pbf?build=${encodeURIComponent(app.build.id)}`],
      minzoom: 0,
      maxzoom: TILEJSON_MAX_ZOOM,
      bounds: level.bounds,
      center: [(west + east) / 2, (south + north) / 2, fittingZoom(level.bounds)],
      vector_layers: [{ id: level.key, description: `${level.label} boundaries (simplified)`, minzoom: 0, maxzoom: TILEJSON_MAX_ZOOM, fields: { ...FEATURE_FIELDS } }],
    };
    return tileJson;
  });
}
