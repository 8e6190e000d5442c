import type { FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import type { Config } from '../config.ts';
import { refuseInfiniteNumbers } from './finiteNumbers.ts';
import { registerRateLimits } from './rateLimits.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Sets the security headers on a reply; errors.ts calls it for the few errors Fastify answers before any hook runs. */
    applySecurityHeaders(request: FastifyRequest, reply: FastifyReply): void;
  }
}

/**
 * The longest URL (path and query string) the API reads. 8 KB is what common proxies and CDNs pass
 * (nginx's default buffer, CloudFront's limit), so a longer GET would fail somewhere on the way in
 * any case; long lists go in a POST body instead (POST /api/v1/tables takes the same request).
 */
export const MAX_URL_LENGTH = 8 * 1024;

/** The largest request body any route reads unless it sets its own (the custom-area routes do, also 1 MB). */
export const BODY_LIMIT = 1024 * 1024;

/**
 * What the web app needs and no more. MapLibre GL sets inline styles on its elements and runs its
 * workers from blob: URLs (worker-src; child-src for Safari before 15.5); it draws from data: and
 * blob: images. Every script, style sheet, tile and API call comes from this origin, and the map
 * fetches no fonts or basemap from elsewhere (web/src/lib/map/style.ts).
 * The same policy serves Swagger UI at /api/docs: its files are local and it runs no inline script.
 */
export function contentSecurityPolicy(frameAncestors: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "worker-src 'self' blob:",
    'child-src blob:',
    "connect-src 'self'",
    "font-src 'self' data:",
    `frame-ancestors ${frameAncestors}`,
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ');
}

/** Pages made to be framed by other sites: /embed and anything under it. */
export function isEmbedPath(url: string): boolean {
  const path = url.split('?', 1)[0]!;
  return path === '/embed' || path.startsWith('/embed/');
}

/**
 * Only what the app uses: geolocation for "find my area" on this origin, fullscreen for the map.
 * Features a browser does not know are logged as console errors, so the list stays to well-known names.
 */
export const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(self), payment=(), usb=(), fullscreen=(self)';

/** A year; no includeSubDomains, which would bind sites this server knows nothing about. */
const HSTS = 'max-age=31536000';

/** An error the one error handler answers with this status and message (HttpError covers 400, 404 and 503 only). */
const clientError = (statusCode: number, message: string) => Object.assign(new Error(message), { statusCode });

/** Fastify's own options for the same concerns: which proxies to believe, and the default body limit. */
export function securityServerOptions(config: Pick<Config, 'trustProxy'>): Pick<FastifyServerOptions, 'trustProxy' | 'bodyLimit'> {
  const { trustProxy } = config;
  // A number of hops as the function Fastify would make of it (its types take no number).
  return { trustProxy: typeof trustProxy === 'number' ? (_address: string, hop: number) => hop < trustProxy : trustProxy, bodyLimit: BODY_LIMIT };
}

/**
 * Security headers on every response, a cap on URL length, no infinite numbers, and rate limits.
 * Register before the response cache and the routes: the cache answers in an onRequest hook, and
 * the rate limits attach themselves to routes as they are added.
 */
export async function registerSecurity(app: FastifyInstance, config: Pick<Config, 'embedAncestors' | 'rateLimitPerMinute' | 'expensiveRateLimitPerMinute'>): Promise<void> {
  const framed = contentSecurityPolicy(config.embedAncestors);
  const unframed = contentSecurityPolicy("'none'");

  app.decorate('applySecurityHeaders', (request: FastifyRequest, reply: FastifyReply) => {
    const embed = isEmbedPath(request.url);
    reply.header('content-security-policy', embed ? framed : unframed);
    // For browsers that predate frame-ancestors; an embed page sends none, so the CSP alone decides.
    if (!embed) reply.header('x-frame-options', 'DENY');
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'strict-origin-when-cross-origin');
    reply.header('cross-origin-opener-policy', 'same-origin');
    reply.header('permissions-policy', PERMISSIONS_POLICY);
    // request.protocol is https only over TLS or, with TRUST_PROXY, when a trusted proxy says so in
    // X-Forwarded-Proto. Browsers ignore HSTS over plain HTTP, and without TRUST_PROXY nobody can forge it.
    if (request.protocol === 'https') reply.header('strict-transport-security', HSTS);
  });
  // onSend rather than onRequest: replies sent by earlier hooks (the response cache) and by the
  // error handler pass through it too.
  app.addHook('onSend', async (request, reply, payload) => {
    app.applySecurityHeaders(request, reply);
    return payload;
  });

  app.addHook('onRequest', async (request) => {
    if (request.url.length > MAX_URL_LENGTH) {
      throw clientError(414, `The URL is ${request.url.length.toLocaleString('en-GB')} characters; this API reads at most ${MAX_URL_LENGTH.toLocaleString('en-GB')}. Send long lists in a POST body (POST /api/v1/tables takes the same request as JSON).`);
    }
  });

  refuseInfiniteNumbers(app);
  await registerRateLimits(app, config);
}
