import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import type { BuildRef } from '../schemas/common.ts';

/** Where the document and its page live. */
export const DOCS_PREFIX = '/api/docs';

/** The public surface: the versioned API and the tiles. The front page, static files and the docs themselves stay out of the document. */
const isDocumented = (url: string) => url.startsWith('/api/v1/') || url.startsWith('/tiles/');

/**
 * The OpenAPI 3.1 document, generated from every route's TypeBox schemas, at /api/docs/openapi.json,
 * and Swagger UI at /api/docs (its files ship inside @fastify/swagger-ui: nothing is fetched from
 * the network, and its validator badge, which would call validator.swagger.io, is off by default).
 * OpenAPI 3.1 rather than 3.0 because its schemas are JSON Schema: TypeBox's nullable fields
 * (`anyOf [T, { type: 'null' }]`) are valid there and not in 3.0.
 *
 * Register it before any route: it learns the routes as they are added.
 */
export async function registerOpenApi(app: FastifyInstance, build: BuildRef): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'AreaLens API',
        version: '1',
        description: `Small-area statistics for Scottish community planning. This server reads build ${build.id} (${build.label}${build.synthetic ? ', synthetic demo data' : ''}). ` +
          'Every response carries the build id in X-AreaLens-Build; every error is `{ error, message }`.',
      },
      tags: [{ name: 'map', description: 'boundaries: vector tiles, TileJSON and first-paint TopoJSON' }],
    },
    transform: ({ schema, url }) => ({ schema: isDocumented(url) ? schema : { ...schema, hide: true }, url }),
  });
  await app.register(fastifySwaggerUi, { routePrefix: DOCS_PREFIX, uiConfig: { deepLinking: true } });
  app.get(`${DOCS_PREFIX}/openapi.json`, { schema: { hide: true } }, async () => app.swagger());
}
