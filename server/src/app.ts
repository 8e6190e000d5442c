import fastifyCompress from '@fastify/compress';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Config } from './config.ts';
import { openDatabase, type Database } from './db.ts';
import { frameworkErrors, registerErrorHandling, schemaErrorFormatter } from './plugins/errors.ts';
import { registerHome } from './plugins/home.ts';
import { registerResponseCache } from './plugins/responseCache.ts';
import { registerOpenApi } from './plugins/openapi.ts';
import { registerSecurity, securityServerOptions } from './plugins/security.ts';
import { GZIP_LEVEL } from './httpCaching.ts';
import { loadBuild, type BuildRecord } from './queries/build.ts';
import { loadLevels } from './queries/levels.ts';
import { zoneFacts } from './queries/zoneFacts.ts';
import { nextRequestId } from './requestIds.ts';
import { CUSTOM_AREA_VINTAGE } from './rollup/reach.ts';
import { apiV1 } from './routes/index.ts';
import { tileRoutes } from './routes/tiles.ts';
import { topologyRoutes } from './routes/topology.ts';
import type { BuildLevel } from './queries/levels.ts';

declare module 'fastify' {
  /** Route documentation, kept in the schema for the OpenAPI document a later issue generates. */
  interface FastifySchema {
    summary?: string;
  }
  interface FastifyInstance {
    /** The open database: the only way routes reach data. */
    db: Database;
    /** The build row, read once: the file is read-only, so it cannot change under a running server. */
    build: BuildRecord;
    /** The levels in this build, read once for the same reason. */
    levels: BuildLevel[];
  }
}

export interface AppOptions {
  /** Where log lines go (stdout by default); tests pass a collector. */
  logStream?: { write(line: string): void };
}

/** Fastify's options for every app of the service (each release's, and the partner API's): one log, one error shape, one set of limits. */
export function serverOptions(config: Config, options: AppOptions): FastifyServerOptions {
  return {
    logger: { level: config.logLevel, ...(options.logStream ? { stream: options.logStream } : {}) },
    schemaErrorFormatter,
    frameworkErrors,
    genReqId: nextRequestId,
    ...securityServerOptions(config),
  };
}

/**
 * One release's public app (the API, tiles and web app over one database), ready for `inject()`
 * or for publishing/service.ts to route requests to. Opens the database, checks it is an
 * AreaLens build this server can read, and closes it when the app closes.
 */
export async function buildApp(config: Config, options: AppOptions = {}): Promise<FastifyInstance> {
  const db = await openDatabase(config.database);
  let build: BuildRecord;
  let levels: BuildLevel[];
  try {
    build = await loadBuild(db);
    levels = await loadLevels(db);
  } catch (error) {
    await db.close();
    throw error;
  }

  const app = Fastify(serverOptions(config, options));
  app.decorate('db', db);
  app.decorate('build', build);
  app.decorate('levels', levels);
  app.addHook('onClose', () => db.close());
  // Custom areas are summed from zone-major arrays once these are loaded (queries/zoneFacts.ts):
  // started now, in the background, so the first custom area need not wait for them.
  void zoneFacts(db, CUSTOM_AREA_VINTAGE);

  // Set first thing, so errors, 404s and static files carry it too.
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('x-arealens-build', build.id);
  });
  // Before the response cache and the routes: headers, URL cap and rate limits (see security.ts).
  await registerSecurity(app, config);

  const apiRoutes: string[] = [];
  app.addHook('onRoute', (route) => {
    // Hidden routes (the docs page's own files) are not part of the API a client is told about.
    if (route.method === 'GET' && route.url.startsWith('/api/') && !route.schema?.hide) apiRoutes.push(`GET ${route.url}`);
  });
  registerErrorHandling(app, () => apiRoutes);
  registerResponseCache(app, build.id);
  // gzip for JSON, CSV, TopoJSON and the web app's files (tiles arrive already gzipped and are left alone).
  await app.register(fastifyCompress, { global: true, threshold: 1024, encodings: ['gzip', 'deflate'], zlibOptions: { level: GZIP_LEVEL } });

  await registerOpenApi(app, build);
  await app.register(apiV1, { prefix: '/api/v1' });
  await app.register(topologyRoutes, { prefix: '/api/v1' });
  await app.register(tileRoutes, { prefix: '/tiles' });
  await registerHome(app, { webDist: config.webDist, build });
  return app;
}
