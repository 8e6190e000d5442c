import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { gunzipSync, gzip, gzipSync } from 'node:zlib';
import { acceptsGzip, clientHasVersion, GZIP_LEVEL } from '../httpCaching.ts';

/**
 * Caches successful JSON answers to GET /api/v1 requests, keyed by URL, in a bounded LRU. The
 * database is read-only for the life of the process, so an answer never goes stale: the cache
 * lives and dies with the build. Every cached answer carries an ETag (build id + a digest of the
 * body) so clients can revalidate with a cheap 304.
 *
 * Requests for a URL that is being answered wait for that answer instead of computing their own:
 * without this, N clients asking for the same uncached profile at once (a shared link, a page
 * everyone opens after a deploy) run N identical sets of queries on the two connections, and each
 * waits behind all the others. Under the load bench's 50 connections that made the mixed load
 * slower than any of its parts (see tests/bench/load.ts).
 */
export interface CacheOptions {
  maxEntries: number;
  /** Bytes of bodies and their gzipped copies together. */
  maxBytes: number;
}

interface Entry {
  /** Bytes, not a string: sending a cached answer should not re-encode it each time. Absent for a large answer, kept only gzipped. */
  body?: Buffer;
  /** The body gzipped, made on the first request that accepts gzip and kept: compressing a large answer costs more than sending it. */
  gzipped?: Buffer;
  etag: string;
  contentType: string;
}

/** Answers at least this long are gzipped when cached, and kept gzipped only when space is short. */
const KEEP_GZIPPED_FROM = 256 * 1024;

export function registerResponseCache(app: FastifyInstance, buildId: string, options: CacheOptions = { maxEntries: 2_000, maxBytes: 64 * 1024 * 1024 }): void {
  const entries = new Map<string, Entry>();
  let bytes = 0;
  /** URLs being answered now, each settled when its first request has answered (cached or not). */
  const inFlight = new Map<string, Promise<void>>();
  /** The first request for a URL, and how to tell those waiting for it that it has answered. */
  const leaders = new WeakMap<FastifyRequest, () => void>();

  const size = (entry: Entry) => (entry.body?.length ?? 0) + (entry.gzipped?.length ?? 0);
  /**
   * Keeps the cache within its bounds: first by dropping the plain copies of large answers that
   * have a gzipped one (a fifth of the size: five times as many 2 MB profiles fit, and the clients
   * that take no gzip, rare, get them unpacked), oldest first; then by dropping whole entries.
   */
  const trim = () => {
    for (const entry of entries.values()) {
      if (bytes <= options.maxBytes) break;
      if (entry.body && entry.gzipped && entry.body.length >= KEEP_GZIPPED_FROM) {
        bytes -= entry.body.length;
        delete entry.body;
      }
    }
    for (const [url, entry] of entries) {
      if (entries.size <= options.maxEntries && bytes <= options.maxBytes) break;
      entries.delete(url);
      bytes -= size(entry);
    }
  };
  const cacheable = (method: string, url: string) => method === 'GET' && url.startsWith('/api/v1/') && !url.startsWith('/api/v1/health');

  const lead = (request: FastifyRequest) => {
    let settle!: () => void;
    inFlight.set(request.url, new Promise<void>((resolve) => (settle = resolve)));
    leaders.set(request, () => {
      leaders.delete(request);
      inFlight.delete(request.url);
      settle();
    });
  };
  const finish = (request: FastifyRequest) => leaders.get(request)?.();

  app.addHook('onRequest', async (request, reply) => {
    if (!cacheable(request.method, request.url)) return;
    let entry = entries.get(request.url);
    if (!entry) {
      const answering = inFlight.get(request.url);
      if (!answering) return lead(request);
      await answering;
      entry = entries.get(request.url);
      // The first answer was an error or not cacheable: answer this one afresh.
      if (!entry) return;
    }
    // Refresh its place in the LRU order.
    entries.delete(request.url);
    entries.set(request.url, entry);
    reply.header('etag', entry.etag).header('cache-control', 'public, no-cache').header('x-arealens-cache', 'hit');
    if (clientHasVersion(request, entry.etag)) return reply.code(304).send();
    reply.header('vary', 'Accept-Encoding');
    if (!entry.body) {
      // Kept gzipped only: sent as it is, or unpacked for the rare client that takes no gzip.
      if (acceptsGzip(request)) return reply.type(entry.contentType).header('content-encoding', 'gzip').send(entry.gzipped);
      return reply.type(entry.contentType).send(gunzipSync(entry.gzipped!));
    }
    if (entry.body.length >= 1024 && acceptsGzip(request)) {
      if (!entry.gzipped) {
        entry.gzipped = gzipSync(entry.body, { level: GZIP_LEVEL });
        bytes += entry.gzipped.length;
      }
      return reply.type(entry.contentType).header('content-encoding', 'gzip').send(entry.gzipped);
    }
    return reply.type(entry.contentType).send(entry.body);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (!cacheable(request.method, request.url) || reply.getHeader('x-arealens-cache') === 'hit') return payload;
    try {
      if (reply.statusCode !== 200 || typeof payload !== 'string') return payload;
      const contentType = String(reply.getHeader('content-type') ?? '');
      if (!contentType.startsWith('application/json')) return payload;
      const fits = payload.length <= options.maxBytes / 8;
      // The bytes are made once, for the digest and the cache both.
      const body = Buffer.from(payload, 'utf8');
      const etag = `W/"${buildId}-${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
      reply.header('etag', etag).header('cache-control', 'public, no-cache');
      if (fits) {
        const entry: Entry = { body, etag, contentType };
        const replaced = entries.get(request.url);
        if (replaced) bytes -= size(replaced);
        entries.delete(request.url);
        entries.set(request.url, entry);
        bytes += size(entry);
        // A large answer (a profile of hundreds of indicators runs to 2 MB) is also gzipped, off
        // the main thread, so that when the cache is full its plain copy can go first (trim).
        if (body.length >= KEEP_GZIPPED_FROM) {
          gzip(body, { level: GZIP_LEVEL }, (error, gzipped) => {
            if (error || entries.get(request.url) !== entry) return;
            entry.gzipped = gzipped;
            bytes += gzipped.length;
            trim();
          });
        }
        trim();
      }
      return body;
    } finally {
      finish(request);
    }
  });
  // A first request that never reaches onSend (the client went away) must not leave others waiting.
  app.addHook('onResponse', async (request) => finish(request));
  app.addHook('onRequestAbort', async (request) => finish(request));
}
