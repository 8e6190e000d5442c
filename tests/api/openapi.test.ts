import SwaggerParser from '@apidevtools/swagger-parser';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appFor, buildMiniDatabase } from './miniApp.ts';

type OpenApiDocument = {
  openapi: string;
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, { summary?: string; parameters?: { in: string; name: string; schema: Record<string, unknown> }[]; responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }> }>>;
};

/** `/areas/:level/:code` → `/areas/{level}/{code}`, as OpenAPI writes paths. */
const openApiPath = (route: string) => route.replace(/:([A-Za-z_]\w*)/g, '{$1}');

describe('the OpenAPI document and the docs page', () => {
  let app: FastifyInstance;
  let document: OpenApiDocument;
  const get = (url: string) => app.inject({ method: 'GET', url });

  beforeAll(async () => {
    const { file } = await buildMiniDatabase();
    app = await appFor(file);
    const response = await get('/api/docs/openapi.json');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    document = response.json();
  });
  afterAll(() => app?.close());

  it('is a valid OpenAPI 3.1 document (checked by swagger-parser against the specification schema)', async () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.info.title).toBe('AreaLens API');
    // validate() dereferences in place, so it gets its own copy.
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeTruthy();
  });

  it('lists every /api/v1 route the server answers, each with a summary and its error shape', async () => {
    // The not-found handler names every API route the app registered: the server's own list, not one kept here.
    const message: string = (await get('/api/v0/nothing')).json().message;
    const apiRoutes = message.slice(message.indexOf('The API answers: ') + 'The API answers: '.length, -1).split(', ');
    const v1 = apiRoutes.filter((route) => route.startsWith('GET /api/v1/')).map((route) => route.slice('GET '.length));
    expect(v1).toEqual(expect.arrayContaining(['/api/v1/build', '/api/v1/levels', '/api/v1/areas', '/api/v1/areas/:level/:code', '/api/v1/indicators', '/api/v1/health', '/api/v1/levels/:level/topology']));
    for (const route of v1) {
      const operation = document.paths[openApiPath(route)]?.get;
      expect(operation, route).toBeDefined();
      expect(operation!.summary, route).toBeTruthy();
      const errorSchemas = Object.entries(operation!.responses).filter(([status]) => Number(status) >= 400).map(([, response]) => response.content?.['application/json']?.schema);
      expect(errorSchemas.length, route).toBeGreaterThan(0);
      for (const schema of errorSchemas) expect(schema, route).toMatchObject({ type: 'object', required: ['error', 'message'] });
    }
    // The handler lists GET routes only; the document may also hold other methods.
    const documentedV1 = Object.entries(document.paths).filter(([path, operations]) => path.startsWith('/api/v1/') && operations.get).map(([path]) => path);
    expect(documentedV1.sort()).toEqual(v1.map(openApiPath).sort());
  });

  it('carries the TypeBox schemas: parameters with their bounds, and the tiles with their media type', () => {
    const search = document.paths['/api/v1/areas']!.get!;
    expect(search.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ in: 'query', name: 'limit', schema: expect.objectContaining({ type: 'integer', minimum: 1, maximum: 100 }) })]));
    const tile = document.paths['/tiles/{level}/{z}/{x}/{y}.pbf']!.get!;
    expect(tile.parameters!.map((p) => `${p.in}:${p.name}`).sort()).toEqual(['path:level', 'path:x', 'path:y', 'path:z', 'query:build']);
    expect(tile.parameters!.find((p) => p.name === 'z')!.schema).toMatchObject({ type: 'integer', minimum: 0, maximum: 16 });
    expect(Object.keys(tile.responses).sort()).toEqual(['200', '204', '304', '400', '404', '500']);
    expect(Object.keys(tile.responses['200']!.content!)).toEqual(['application/vnd.mapbox-vector-tile']);
    expect(document.paths['/tiles/{level}.json']!.get!.responses['200']!.content!['application/json']!.schema).toMatchObject({ properties: { tilejson: expect.anything() } });
  });

  it('leaves out the front page, static files and the docs themselves', () => {
    const outside = Object.keys(document.paths).filter((path) => !path.startsWith('/api/v1/') && !path.startsWith('/tiles/'));
    expect(outside).toEqual([]);
  });

  it('serves Swagger UI at /api/docs from files in the package, reading the same document, with nothing fetched from elsewhere', async () => {
    const page = await get('/api/docs');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    const assets = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(assets).toEqual(expect.arrayContaining(['/api/docs/static/swagger-ui-bundle.js', '/api/docs/static/swagger-initializer.js']));
    for (const asset of assets) {
      expect(asset, 'no asset from another host').toMatch(/^\/api\/docs\/static\//);
      expect((await get(asset)).statusCode, asset).toBe(200);
    }
    const initializer = (await get('/api/docs/static/swagger-initializer.js')).body;
    expect(initializer).toContain("resolveUrl('./json')");
    expect(initializer).toContain('validatorUrl: null');
    expect((await get('/api/docs/json')).json()).toEqual(document);
  });
});
