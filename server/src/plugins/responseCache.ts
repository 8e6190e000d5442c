import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { gzipSync } from 'node:zlib';
import { acceptsGzip, clientHasVersion } from '../httpCaching.ts';

/**
 * Caches successful JSON answers to GET /api/v1 requests, keyed by URL, in a bounded LRU. The
 * database is read-only for the life of the process, so an answer never goes stale: the cache
 * lives and dies with the build. Every cached answer carries an ETag (build id + a digest of the
 * body) so clients can revalidate with a cheap 304.
 */
export interface CacheOptions {
  maxEntries: number;
  maxBytes: number;
}

interface Entry {
  /** Bytes, not a string: sending a cached answer should not re-encode it each time. */
  body: Buffer;
  /** The body gzipped, made on the first request that accepts gzip and kept: compressing a large answer costs more than sending it. */
  gzipped?: Buffer;
  etag: string;
  contentType: string;
}

export function registerResponseCache(app: FastifyInstance, buildId: string, options: CacheOptions = { maxEntries: 2_000, maxBytes: 64 * 1024 * 1024 }): void {
  const entries = new Map<string, Entry>();
  let bytes = 0;

  const cacheable = (method: string, url: string) => method === 'GET' && url.startsWith('/api/v1/') && !url.startsWith('/api/v1/health');

  app.addHook('onRequest', async (request, reply) => {
    if (!cacheable(request.method, request.url)) return;
    const entry = entries.get(request.url);
    if (!entry) return;
    // Refresh its place in the LRU order.
    entries.delete(request.url);
    entries.set(request.url, entry);
    reply.header('etag', entry.etag).header('cache-control', 'public, no-cache').header('x-arealens-cache', 'hit');
    if (clientHasVersion(request, entry.etag)) return reply.code(304).send();
    reply.header('vary', 'Accept-Encoding');
    if (entry.body.length >= 1024 && acceptsGzip(request)) {
      entry.gzipped ??= gzipSync(entry.body);
      return reply.type(entry.contentType).header('content-encoding', 'gzip').send(entry.gzipped);
    }
    return reply.type(entry.contentType).send(entry.body);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (!cacheable(request.method, request.url) || reply.statusCode !== 200 || typeof payload !== 'string' || reply.getHeader('x-arealens-cache') === 'hit') return payload;
    const contentType = String(reply.getHeader('content-type') ?? '');
    if (!contentType.startsWith('application/json')) return payload;
    const etag = `W/"${buildId}-${createHash('sha1').update(payload).digest('hex').slice(0, 16)}"`;
    reply.header('etag', etag).header('cache-control', 'public, no-cache');
    if (payload.length <= options.maxBytes / 8) {
      const body = Buffer.from(payload, 'utf8');
      entries.set(request.url, { body, etag, contentType });
      bytes += body.length;
      for (const [url, entry] of entries) {
        if (entries.size <= options.maxEntries && bytes <= options.maxBytes) break;
        entries.delete(url);
        bytes -= entry.body.length;
      }
    }
    return payload;
  });
}
