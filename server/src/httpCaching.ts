import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

const gzipAsync = promisify(gzip);

/**
 * zlib's level for every gzipped answer. Level 1 compresses a 36 MB CSV shaped like a table
 * (codes, names, numbers) in 196 ms to 7.0 MB against level 6's 408 ms and 6.7 MB (measured
 * here): the answers are numbers and codes, which the fastest level already shrinks five-fold,
 * and the cores are better spent answering.
 */
export const GZIP_LEVEL = 1;

/**
 * A weak entity tag from the parts that decide a response (build id first). Weak, because the same
 * content goes out gzipped or not: a strong tag would have to differ between the two encodings,
 * and If-None-Match compares weakly anyway.
 */
export function entityTag(...parts: (string | number)[]): string {
  return `W/"${parts.map((part) => encodeURIComponent(String(part))).join('/')}"`;
}

/** Whether the client already holds this version (If-None-Match, RFC 9110 §13.1.2: weak comparison, `*` matches anything). */
export function clientHasVersion(request: FastifyRequest, etag: string): boolean {
  const header = request.headers['if-none-match'];
  if (!header) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  const wanted = opaque(etag);
  return header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === wanted);
}

/**
 * The build id is not in these URLs unless the client puts it there (`?build=`, as the TileJSON
 * does), so only a pinned URL may be kept for a year. Any other URL answers differently after a
 * rebuild, so caches must ask again each time; the ETag makes asking a cheap 304.
 */
export function setCaching(reply: FastifyReply, options: { etag: string; pinnedBuild: string | undefined; buildId: string }): void {
  reply.header('etag', options.etag);
  reply.header('cache-control', options.pinnedBuild === options.buildId ? 'public, max-age=31536000, immutable' : 'public, no-cache');
  reply.header('vary', 'Accept-Encoding');
}

/** Whether the client takes gzip (Accept-Encoding lists gzip or *, without q=0). */
export function acceptsGzip(request: FastifyRequest): boolean {
  const header = request.headers['accept-encoding'];
  if (!header) return false;
  return header.split(',').some((entry) => {
    const [coding, ...params] = entry.split(';').map((part) => part.trim().toLowerCase());
    const q = params.find((param) => param.startsWith('q='));
    return (coding === 'gzip' || coding === '*') && (q === undefined || Number(q.slice(2)) > 0);
  });
}

export const gzipBody = async (body: Uint8Array): Promise<Buffer> => gzipAsync(body, { level: GZIP_LEVEL });

/** Sends a body, gzipped when the client takes it (the gzipped copy may be given ready-made). */
export async function sendBody(request: FastifyRequest, reply: FastifyReply, type: string, body: Uint8Array, gzipped?: Buffer): Promise<FastifyReply> {
  reply.type(type);
  if (!acceptsGzip(request)) return reply.send(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
  reply.header('content-encoding', 'gzip');
  return reply.send(gzipped ?? (await gzipBody(body)));
}

/**
 * Route options for the answers that run to megabytes (a profile of every indicator × period, a
 * data-zone map): serialise with JSON.stringify rather than the schema's compiled serializer. On a
 * council profile of 446 indicators × 15 periods (1.9 MB) JSON.stringify took 5–8 ms and the
 * compiled serializer about 40 ms. The schema still documents the reply, and a test checks each
 * such reply against it, extra properties included, since nothing here strips them.
 */
export const bigJsonReply = { serializerCompiler: () => (data: unknown) => JSON.stringify(data) } as const;
