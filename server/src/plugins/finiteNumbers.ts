import type { FastifyInstance } from 'fastify';

const PLACES = { query: 'query parameter', params: 'path parameter' } as const;

/** The first value in a parameter object that is a number but not a finite one, with its name. */
function firstInfinite(values: unknown): [string, number] | null {
  if (typeof values !== 'object' || values === null) return null;
  for (const [name, value] of Object.entries(values)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item === 'number' && !Number.isFinite(item)) return [name, item];
    }
  }
  return null;
}

/**
 * Refuses a query or path parameter that validation turned into ±Infinity. Fastify's Ajv coerces
 * "Infinity", "1e309" or a 400-digit number to Infinity and then lets it through `type: integer`
 * and `maximum` alike (with strictNumbers too), so `?limit=Infinity` would reach the route: a
 * 500 from DuckDB where it binds the value as a BIGINT, or no limit at all where it slices a list.
 * One check here covers every numeric parameter of every route, present and future.
 */
export function refuseInfiniteNumbers(app: FastifyInstance): void {
  app.addHook('preHandler', async (request) => {
    for (const part of ['query', 'params'] as const) {
      const found = firstInfinite(request[part]);
      if (found) {
        const [name, value] = found;
        throw Object.assign(new Error(`${PLACES[part]} "${name}" must be a finite number within its range; the value given reads as ${value}.`), { statusCode: 400 });
      }
    }
  });
}
