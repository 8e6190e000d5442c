import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scratchFile } from '../../etl/src/testing.ts';
import { SCHEMA_VERSION } from '../../etl/src/write.ts';
import { homePage } from '../../server/src/plugins/home.ts';
import { SUPPORTED_SCHEMA_VERSION } from '../../server/src/queries/build.ts';
import { appFor, buildMiniDatabase } from './miniApp.ts';

describe('the app around the routes: build header, errors, front page', () => {
  let file = '';
  let buildId = '';
  let app: FastifyInstance;
  const logLines: string[] = [];
  const get = (url: string) => app.inject({ method: 'GET', url });

  beforeAll(async () => {
    ({ file, buildId } = await buildMiniDatabase());
    app = await appFor(file, { logLevel: 'error' }, { logStream: { write: (line) => void logLines.push(line) } });
    // A route whose SQL fails, to see what a server error looks like from outside and in the log.
    app.get('/api/v1/test-broken', () => app.db.query('SELECT secret_column FROM no_such_table WHERE code = $code', { code: 'S13000001' }));
  });
  afterAll(() => app?.close());

  it('sends the build id in X-AreaLens-Build on every response: data, client errors, 404s, server errors and the front page', async () => {
    for (const url of ['/api/v1/levels', '/api/v1/areas?limit=0', '/api/v1/areas/ward2017/S13999999', '/api/v1/nothing-here', '/api/v1/test-broken', '/']) {
      expect((await get(url)).headers['x-arealens-build'], url).toBe(buildId);
    }
  });

  it('answers an unknown path with 404 and the list of API routes', async () => {
    const response = await get('/api/v2/levels?x=1');
    expect(response.statusCode).toBe(404);
    const body = response.json();
    expect(body.error).toBe('Not Found');
    expect(body.message).toMatch(/^Nothing at GET \/api\/v2\/levels\. The API answers: GET \/api\/v1\/build, GET \/api\/v1\/levels, /);
    for (const route of ['GET /api/v1/areas/:level/:code/profile', 'GET /api/v1/indicators/:indicator/values', 'GET /api/v1/levels/:level/topology', 'GET /api/v1/locate']) {
      expect(body.message).toContain(route);
    }
  });

  it('never answers odd input with a 500', async () => {
    const odd = [
      '/api/v1/areas?q=a&q=b', '/api/v1/areas?limit=', '/api/v1/areas?level=', '/api/v1/areas?q=%F0%9F%8F%B4', '/api/v1/areas?q=%00',
      '/api/v1/areas/%00/S13000001', '/api/v1/areas/ward2017/%F0%9F%8F%B4', '/api/v1/areas/ward2017/S13000001%27--', '/api/v1/areas/ward2017/',
      '/api/v1/indicators?theme=', '/api/v1/indicators?theme=healthier&theme=smarter', '/api/v1/indicators?q=%25%27', '/api/v1/levels/extra',
      '/api/v1/build?unknown=1', '/%2e%2e/etc/passwd',
    ];
    for (const url of odd) {
      const response = await get(url);
      expect(response.statusCode, url).toBeLessThan(500);
      expect(response.headers['content-type'], url).toMatch(/^application\/json/);
      if (response.statusCode >= 400) expect(Object.keys(response.json()), url).toEqual(['error', 'message']);
    }
  });

  it('answers a failed query with a 500 that names no internals, and logs the SQL and its values', async () => {
    const response = await get('/api/v1/test-broken');
    expect(response.statusCode).toBe(500);
    const body = response.json();
    expect(Object.keys(body)).toEqual(['error', 'message']);
    expect(body.error).toBe('Internal Server Error');
    expect(body.message).toMatch(/^The server could not answer this request; the error is logged under request id \S+\.$/);
    expect(response.body).not.toMatch(/no_such_table|secret_column|DuckDB|SELECT/i);
    const logged = logLines.map((line) => JSON.parse(line)).filter((entry) => entry.msg === 'request failed').at(-1);
    expect(logged).toMatchObject({ level: 50, sql: expect.stringContaining('FROM no_such_table'), params: { code: 'S13000001' }, url: '/api/v1/test-broken' });
    expect(logged.err.message).toContain('no_such_table');
    expect(body.message).toContain(logged.reqId);
  });

  it('serves a stand-in front page that says AreaLens, warns the data are synthetic and links to the API', async () => {
    const response = await get('/');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.body).toContain('<h1>AreaLens</h1>');
    expect(response.body).toContain('Synthetic demo data — not real statistics');
    expect(response.body).toContain('href="/api/v1/levels"');
    expect(response.body).toContain('href="/api/v1/build"');
    expect(response.body).toContain('Mini fixture');
  });

  it('leaves the synthetic warning off a real build, and escapes the label', () => {
    const page = homePage({ id: 'abc', label: 'Scotland <real> & open', synthetic: false });
    expect(page).toContain('AreaLens');
    expect(page).not.toContain('Synthetic');
    expect(page).toContain('Scotland &lt;real&gt; &amp; open');
  });

  it('serves the built web app from WEB_DIST when there is one, beside the API', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'arealens-web-'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>AreaLens web app</title>');
    const web = await appFor(file, { webDist: dist });
    try {
      const page = await web.inject('/');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('AreaLens web app');
      expect(page.headers['x-arealens-build']).toBe(buildId);
      expect((await web.inject('/api/v1/health')).json()).toMatchObject({ status: 'ok', build: buildId });
      const missing = await web.inject('/no-such-file.js');
      expect(missing.statusCode).toBe(404);
      expect(missing.json().error).toBe('Not Found');
    } finally {
      await web.close();
    }
  });

  it('reads the schema version the ETL writes', () => {
    expect(SUPPORTED_SCHEMA_VERSION).toBe(SCHEMA_VERSION);
  });

  it('refuses to start on a missing file, naming it and the command that builds one', async () => {
    const missing = join(tmpdir(), 'arealens-no-such-dir', 'demo.duckdb');
    await expect(appFor(missing)).rejects.toThrow(`No AreaLens database at ${missing}. Build real Scotland with \`npm run etl -- data/scotland --out data/build/scotland.duckdb\``);
  });

  it('refuses to start on a DuckDB file that is not an AreaLens build', async () => {
    const other = scratchFile('other.duckdb');
    const instance = await DuckDBInstance.create(other);
    const connection = await instance.connect();
    await connection.run('CREATE TABLE something (x INTEGER)');
    connection.closeSync();
    instance.closeSync();
    await expect(appFor(other)).rejects.toThrow(`${other} is not an AreaLens database (it has no readable build table)`);
  });

  it('closes the database when the app closes', async () => {
    const closing = await appFor(file);
    const db = closing.db;
    await closing.close();
    await expect(db.query('SELECT 1')).rejects.toThrow('the database has been closed');
  });
});
