import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerHookHandler } from 'fastify';
import type { Config } from '../config.ts';

/** The window both limits count over. */
const WINDOW_MS = 60_000;

/** Client addresses remembered at once (an LRU): enough for a busy day's distinct visitors in one window. */
const REMEMBERED_ADDRESSES = 10_000;

/**
 * Routes whose one request can cost seconds of the two cores: a table of up to TABLE_MAX_CELLS cells,
 * or a custom area summed from up to 2,000 data zones or a 10,000-vertex polygon. Any method, so the
 * HEAD twin of GET /tables counts too.
 */
export const isExpensiveRoute = (url: string) => url === '/api/v1/tables' || url.startsWith('/api/v1/custom-areas/');

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));
const plural = (n: number, word: string) => `${n.toLocaleString('en-GB')} ${word}${n === 1 ? '' : 's'}`;

function tooManyRequests(message: string): Error {
  return Object.assign(new Error(message), { statusCode: 429 });
}

/**
 * Two limits per client address, each counted by this process alone (a second server process keeps
 * its own counts): every route, and the expensive ones together on top. Over either, a 429 in the
 * usual `{ error, message }` with Retry-After in seconds. A refused request costs a counter lookup.
 *
 * The general limit counts in onRequest, after the response cache (a cached answer costs nothing and
 * is not counted); the expensive limit counts in preHandler, after validation, so a request refused
 * as malformed does not use up the budget for real tables.
 */
export async function registerRateLimits(app: FastifyInstance, config: Pick<Config, 'rateLimitPerMinute' | 'expensiveRateLimitPerMinute'>): Promise<void> {
  const general = config.rateLimitPerMinute;
  const expensiveMax = config.expensiveRateLimitPerMinute;
  if (general === 0 && expensiveMax === 0) return;

  await app.register(rateLimit, {
    global: general > 0,
    max: general,
    timeWindow: WINDOW_MS,
    cache: REMEMBERED_ADDRESSES,
    errorResponseBuilder: (_request, context) => tooManyRequests(
      `Too many requests from your address: this server answers ${plural(context.max, 'request')} a minute from one address. ` +
      `Try again in ${plural(seconds(context.ttl), 'second')} (the Retry-After header says the same).`,
    ),
  });
  if (expensiveMax === 0) return;

  const countExpensive = app.createRateLimit({ max: expensiveMax, timeWindow: WINDOW_MS });
  const limitExpensive = async (request: FastifyRequest, reply: FastifyReply) => {
    const count = await countExpensive(request);
    if (count.isAllowed) return;
    // Report whichever limit is nearer, so the headers never promise more than the server will take.
    const generalRemaining = Number(reply.getHeader('x-ratelimit-remaining') ?? Infinity);
    if (count.remaining <= generalRemaining) {
      reply.header('x-ratelimit-limit', count.max).header('x-ratelimit-remaining', count.remaining).header('x-ratelimit-reset', count.ttlInSeconds);
    }
    if (!count.isExceeded) return;
    reply.header('retry-after', seconds(count.ttl));
    throw tooManyRequests(
      `Too many table and custom-area requests from your address: this server answers ${plural(count.max, 'such request')} a minute from one address. ` +
      `Try again in ${plural(seconds(count.ttl), 'second')} (the Retry-After header says the same).`,
    );
  };

  app.addHook('onRoute', (route) => {
    if (!isExpensiveRoute(route.url)) return;
    const own = route.preHandler;
    route.preHandler = [...(own === undefined ? [] : Array.isArray(own) ? own : [own]), limitExpensive as preHandlerHookHandler];
  });
}
