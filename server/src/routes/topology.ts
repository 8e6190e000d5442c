import type { FastifyInstance } from 'fastify';
import { clientHasVersion, entityTag, gzipBody, sendBody, setCaching } from '../httpCaching.ts';
import { notFound } from '../httpErrors.ts';
import { getLevelTopology } from '../queries/shapes.ts';
import { ErrorBody } from '../schemas/common.ts';
import { CacheQuery, LevelParams, Topology } from '../schemas/maps.ts';

interface StoredTopology {
  body: Buffer;
  gzipped: Buffer;
}

/** The first-paint TopoJSON of each level, sent as the ETL stored it. */
export async function topologyRoutes(app: FastifyInstance): Promise<void> {
  // Read and gzipped once per level: the file is read-only, and Scotland's data zones are 1.8 MB of text (about a fifth of that gzipped).
  const stored = new Map<string, Promise<StoredTopology | null>>();
  const load = (level: string) => {
    let topology = stored.get(level);
    if (!topology) {
      topology = getLevelTopology(app.db, level).then(async (text) => {
        if (text === null) return null;
        const body = Buffer.from(text, 'utf8');
        return { body, gzipped: await gzipBody(body) };
      });
      topology.catch(() => stored.delete(level));
      stored.set(level, topology);
    }
    return topology;
  };

  app.get<{ Params: LevelParams; Querystring: CacheQuery }>('/levels/:level/topology', {
    schema: {
      summary: "One level's boundaries as TopoJSON, for the map's first paint",
      description: 'One GeometryCollection named by the level key; each geometry has id = code and properties { code, name }. Gzipped when the client accepts gzip.',
      tags: ['map'],
      params: LevelParams,
      querystring: CacheQuery,
      response: {
        200: Topology,
        304: { description: 'unchanged since the ETag given in If-None-Match', type: 'null' },
        404: ErrorBody,
        500: ErrorBody,
      },
    },
  }, async (request, reply) => {
    const key = request.params.level;
    const level = app.levels.find((l) => l.key === key);
    if (!level) throw notFound(`Unknown level "${key}". Levels in this build: ${app.levels.map((l) => l.key).join(', ')}.`);
    const topology = await load(level.key);
    if (!topology) throw notFound(`Level "${level.key}" has no boundaries in this build, so it has no TopoJSON. Its areas are listed by /api/v1/areas?level=${level.key}.`);

    const etag = entityTag(app.build.id, level.key, 'topology');
    setCaching(reply, { etag, pinnedBuild: request.query.build, buildId: app.build.id });
    if (clientHasVersion(request, etag)) return reply.code(304).send();
    return sendBody(request, reply, 'application/json; charset=utf-8', topology.body, topology.gzipped);
  });
}
