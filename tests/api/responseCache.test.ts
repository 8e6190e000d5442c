import { gunzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerResponseCache } from '../../server/src/plugins/responseCache.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appFor, buildMiniDatabase } from './miniApp.ts';

describe('the response cache', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await appFor((await buildMiniDatabase()).file);
  });
  afterAll(() => app?.close());

  it('answers a repeated GET from the cache with the same body and an ETag, and 304 when the client has it', async () => {
    const url = '/api/v1/indicators/test_pct/values?level=ward2017&period=2019/20';
    const first = await app.inject({ url });
    const second = await app.inject({ url });
    expect(first.statusCode).toBe(200);
    expect(first.headers['x-arealens-cache']).toBeUndefined();
    expect(second.headers['x-arealens-cache']).toBe('hit');
    expect(second.body).toBe(first.body);
    expect(second.headers['content-type']).toContain('application/json');
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(String(first.headers.etag)).toContain(String(first.headers['x-arealens-build']));
    const revalidated = await app.inject({ url, headers: { 'if-none-match': String(first.headers.etag) } });
    expect(revalidated.statusCode).toBe(304);
    expect(revalidated.body).toBe('');
  });

  it('gzips JSON for clients that accept it, cached or not', async () => {
    const url = '/api/v1/indicators';
    for (let i = 0; i < 2; i++) {
      const plain = await app.inject({ url });
      const zipped = await app.inject({ url, headers: { 'accept-encoding': 'gzip' } });
      expect(zipped.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(zipped.rawPayload).toString('utf8')).toBe(plain.body);
    }
  });

  it('never caches errors', async () => {
    const url = '/api/v1/indicators/test_pct/values?level=nowhere';
    await app.inject({ url });
    const again = await app.inject({ url });
    expect(again.statusCode).toBe(400);
    expect(again.headers['x-arealens-cache']).toBeUndefined();
  });
});

describe('the response cache under concurrent requests', () => {
  /** An app with only the cache and one slow JSON route that counts its runs and fails on request. */
  async function countingApp(options?: { maxEntries: number; maxBytes: number }) {
    const app = Fastify();
    registerResponseCache(app, 'b1', options);
    const runs = new Map<string, number>();
    app.get<{ Params: { name: string } }>('/api/v1/things/:name', async (request) => {
      const { name } = request.params;
      runs.set(name, (runs.get(name) ?? 0) + 1);
      await new Promise((resolve) => setTimeout(resolve, 20));
      if (name.startsWith('broken') && runs.get(name) === 1) throw new Error('the first answer fails');
      return { name, padding: 'x'.repeat(10_000) };
    });
    await app.ready();
    return { app, runs };
  }

  it('answers many simultaneous requests for one uncached URL from one run of the route', async () => {
    const { app, runs } = await countingApp();
    const answers = await Promise.all(Array.from({ length: 30 }, () => app.inject({ url: '/api/v1/things/a' })));
    expect(runs.get('a')).toBe(1);
    expect(new Set(answers.map((a) => a.statusCode))).toEqual(new Set([200]));
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    expect(answers.filter((a) => a.headers['x-arealens-cache'] === 'hit')).toHaveLength(29);
    await app.close();
  });

  it('lets the waiting requests answer afresh when the first answer is an error', async () => {
    const { app, runs } = await countingApp();
    const answers = await Promise.all(Array.from({ length: 5 }, () => app.inject({ url: '/api/v1/things/broken' })));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 200, 200, 200, 500]);
    expect(runs.get('broken')).toBe(5);
    await app.close();
  });

  it('keeps counting each URL once after simultaneous requests, so the byte bound does not empty the cache', async () => {
    // Room for about 10 answers of 10 KB: 8 URLs asked 20 times at once must all stay cached.
    const { app, runs } = await countingApp({ maxEntries: 100, maxBytes: 110_000 });
    for (let i = 0; i < 8; i++) await Promise.all(Array.from({ length: 20 }, () => app.inject({ url: `/api/v1/things/n${i}` })));
    for (let i = 0; i < 8; i++) expect((await app.inject({ url: `/api/v1/things/n${i}` })).headers['x-arealens-cache']).toBe('hit');
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
    await app.close();
  });
});

describe('the response cache with large answers', () => {
  it('when full, keeps large answers gzipped only before it drops any, and still answers a client that takes no gzip', async () => {
    const app = Fastify();
    // Each answer is 911 kB plain and 113 kB gzipped: nine plain copies would not fit in 8 MB.
    registerResponseCache(app, 'b1', { maxEntries: 100, maxBytes: 8_000_000 });
    const runs = new Map<string, number>();
    app.get<{ Params: { name: string } }>('/api/v1/big/:name', async (request) => {
      runs.set(request.params.name, (runs.get(request.params.name) ?? 0) + 1);
      return { rows: Array.from({ length: 20_000 }, (_, i) => ({ code: `S01${String(i).padStart(6, '0')}`, value: i / 7 })) };
    });
    await app.ready();
    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];
    const first = await app.inject({ url: '/api/v1/big/a' });
    expect(first.body.length).toBeGreaterThan(256 * 1024);
    for (const name of names.slice(1)) {
      await app.inject({ url: `/api/v1/big/${name}` });
      await new Promise((resolve) => setTimeout(resolve, 50)); // the compression runs off the main thread
    }
    const zipped = await app.inject({ url: '/api/v1/big/a', headers: { 'accept-encoding': 'gzip' } });
    const plain = await app.inject({ url: '/api/v1/big/a' });
    for (const name of names) expect((await app.inject({ url: `/api/v1/big/${name}`, headers: { 'accept-encoding': 'gzip' } })).headers['x-arealens-cache'], name).toBe('hit');
    expect(names.map((name) => runs.get(name))).toEqual(names.map(() => 1));
    expect(zipped.headers['x-arealens-cache']).toBe('hit');
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(zipped.rawPayload).toString('utf8')).toBe(first.body);
    expect(plain.headers['x-arealens-cache']).toBe('hit');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(first.body);
    await app.close();
  });
});
