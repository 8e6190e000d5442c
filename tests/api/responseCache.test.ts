import { gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
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
