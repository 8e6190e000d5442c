import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appFor, buildMiniDatabase, fixtureRows } from './miniApp.ts';

/**
 * Every route in the OpenAPI document, fed random and hostile input: path parameters, query strings
 * and, for POST routes, JSON bodies. Whatever comes in, the server must answer within a time bound,
 * never with a 5xx, every error as `{ error, message }` with something to read, and with a content
 * type the route says it sends. The routes come from the document, so a new route is covered the
 * day it is added.
 *
 * The seed is fixed so a failure in CI replays exactly; PROPERTY_SEED and PROPERTY_RUNS explore
 * further (`PROPERTY_SEED=$RANDOM npx vitest run tests/api/property.test.ts`).
 */
const SEED = Number(process.env.PROPERTY_SEED ?? 20_261_126);
const RUNS = Number(process.env.PROPERTY_RUNS ?? 25);
/** Generous for the mini fixture on two busy cores (its slowest route answers in well under a second): a hang fails. */
const TIME_BOUND_MS = 5_000;

/** What a route sends besides JSON when asked for a download (?format= or "format" in the body). */
const DOWNLOAD_TYPES = ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/vnd.apache.arrow.stream', 'application/vnd.apache.arrow.file'];

interface Parameter { in: 'path' | 'query' | 'header'; name: string; required?: boolean; schema: { type?: string; minimum?: number; maximum?: number; pattern?: string } }
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown>; required?: string[] } }> };
  responses: Record<string, { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> }>;
}
interface Route { method: 'GET' | 'POST'; path: string; operation: Operation }

/** Values this build knows, so that random requests also get past the first lookup and into the statistics. */
interface Known {
  areas: { level: string; code: string }[]; indicatorPeriods: { code: string; periods: string[] }[];
  levels: string[]; codes: string[]; dataZones: string[]; indicators: string[]; periods: string[]; themes: string[];
  postcodes: string[]; spend: { partners: string[]; services: string[]; years: string[] }; buildId: string;
  /** The fixture's extent in longitude and latitude: west, south, east, north. */
  bounds: [number, number, number, number];
  /** A well-formed request: every value plausible, no strangers. The rest mix in hostile values. */
  clean: boolean;
}

// ---------------------------------------------------------------------------------------------
// Text: the raw material of parameters.

const HOSTILE_TEXT = [
  '', ' ', '0', '-1', '-0', '1.5', '1e308', '-1e308', '1e309', '-1e400', '1e-324', 'NaN', 'Infinity', '-Infinity', '9'.repeat(40), '9'.repeat(400), '0x1F', '00001',
  'null', 'undefined', 'true', '[]', '{}', '[object Object]', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty',
  "' OR '1'='1", "'; DROP TABLE area; --", '" OR ""="', '1; SELECT * FROM build', "S12000001' --", '%', '_', '\\', "\\'", '$code', '$1', '?',
  '..', '../../etc/passwd', '/', '//', '<script>alert(1)</script>', '${7*7}', '{{7*7}}', '=HYPERLINK("http://x")', '+1', '@SUM(A1)', '\t=1',
  '\u0000', '\u0000S12000001', '\r\nX-Injected: 1', '\u202eevil', '\ufeff', '\u200b', 'İstanbul', 'ß', 'ﬁ', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', 'Ā'.repeat(50),
  'a,b,,c', ',,,', ',', 'latest', 'LATEST', 'deciles', 'quintiles', 'scotland', 'council', 'json', 'csv', 'xlsx', 'arrow', 'pdf',
];

const numberText = fc.oneof(
  fc.integer().map(String),
  fc.double().map(String),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
  fc.constantFrom('-1', '0', '65535', '65536', '16', '17', '4294967296', '-2147483649'),
);

/** Any text at all: hostile classics, numbers, unicode with lone surrogates and control characters, short and long. */
function hostileText(known: Known): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_TEXT) },
    { weight: 2, arbitrary: fc.constantFrom(...known.levels, ...known.codes, ...known.indicators, ...known.periods, ...known.themes) },
    { weight: 2, arbitrary: numberText },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('x', 'S', '9', ',', 'é', '%'), fc.integer({ min: 40, max: 3_000 })).map(([c, n]) => c.repeat(n)) },
    { weight: 1, arbitrary: fc.array(fc.constantFrom(...known.codes, ...known.indicators, ...HOSTILE_TEXT.slice(0, 12)), { maxLength: 30 }).map((list) => list.join(',')) },
  );
}

/** One to `most` different items of a pool. */
const some = (pool: string[], most = pool.length) => (pool.length ? fc.subarray(pool, { minLength: 1, maxLength: Math.min(most, pool.length) }) : fc.constant([]));
const list = (pool: string[], extra: string[] = []) => some([...pool, ...extra], 6).map((items) => items.join(','));
const near = (low: number, high: number) => fc.double({ min: low, max: high, noNaN: true });

/**
 * A value a client might really send for a parameter of this name and schema. Names are only a hint
 * (a route added tomorrow with an unfamiliar name gets any known value); the schema's own range and
 * `^(a|b)$` alternatives are used whatever the name.
 */
function plausibleText(name: string, schema: Parameter['schema'], known: Known): fc.Arbitrary<string> {
  const [west, south, east, north] = known.bounds;
  if (/^lon/i.test(name)) return near(west - 0.01, east + 0.01).map(String);
  if (/^lat/i.test(name)) return near(south - 0.01, north + 0.01).map(String);
  if (schema.type === 'integer') return fc.integer({ min: schema.minimum ?? 0, max: Math.min(schema.maximum ?? 100, (schema.minimum ?? 0) + 1_000) }).map(String);
  const alternatives = schema.pattern?.match(/^\^\(([\w|]+)\)\$$/)?.[1]?.split('|');
  if (alternatives) return fc.constantFrom(...alternatives);
  if (/^areas$/.test(name)) return list(known.codes);
  if (/^indicators$/.test(name)) return list(known.indicators);
  if (/^periods$/.test(name)) return list(known.periods, ['latest']);
  if (/level/i.test(name)) return fc.constantFrom(...known.levels);
  if (/^(code|area)$/.test(name)) return fc.constantFrom(...known.codes);
  if (/indicator|need/.test(name)) return fc.constantFrom(...known.indicators);
  if (/^(period|from|to)$/.test(name)) return fc.constantFrom(...known.periods, 'latest');
  if (/theme/.test(name)) return fc.constantFrom(...known.themes);
  if (/format/.test(name)) return fc.constantFrom('json', 'csv', 'xlsx', 'arrow');
  if (/postcode/.test(name)) return fc.constantFrom(...known.postcodes, ...known.postcodes.map((p) => p.toLowerCase().replace(' ', '')));
  if (/partner/.test(name)) return fc.constantFrom(...known.spend.partners);
  if (/service/.test(name)) return fc.constantFrom(...known.spend.services);
  if (/year/.test(name)) return fc.constantFrom(...known.spend.years);
  if (/build/.test(name)) return fc.constant(known.buildId);
  return fc.constantFrom(...known.levels, ...known.codes, ...known.indicators, ...known.periods);
}

/** RFC 3986 unreserved characters pass; every other UTF-8 byte is %XX (lone surrogates become U+FFFD, as a browser would send). */
function percentEncode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Bytes no well-behaved client sends: broken and overlong escapes, NUL, separators left raw. */
const RAW_FRAGMENTS = ['%E0%A4%A', '%', '%%', '%zz', '%C0%AE%C0%AE', '%FF%FE', '%00', '%2e%2e%2f', '%2F', '%5B%5D', ';', '&', '=', '+', '..', '[]', '[0]', '%F0%9F%8F%B4'];

/** A parameter's value as it appears in the URL: mostly plausible, often hostile, sometimes not even valid encoding. */
function urlValue(parameter: Parameter, known: Known): fc.Arbitrary<string> {
  if (known.clean) return plausibleText(parameter.name, parameter.schema, known).map(percentEncode);
  const hostile = hostileText(known).map(percentEncode);
  return fc.oneof(
    { weight: 6, arbitrary: plausibleText(parameter.name, parameter.schema, known).map(percentEncode) },
    { weight: 4, arbitrary: hostile },
    { weight: 1, arbitrary: fc.tuple(plausibleText(parameter.name, parameter.schema, known).map(percentEncode), fc.constantFrom(...RAW_FRAGMENTS)).map(([a, b]) => a + b) },
    { weight: 1, arbitrary: fc.constantFrom(...RAW_FRAGMENTS) },
  );
}

/** A query string: the route's own parameters (each present or not, sometimes repeated), now and then a stranger or junk. */
function queryArbitrary(parameters: Parameter[], known: Known): fc.Arbitrary<string> {
  const own = parameters.map((parameter) => {
    if (known.clean) {
      const pair = urlValue(parameter, known).map((v) => `${parameter.name}=${v}`);
      return parameter.required ? pair : fc.option(pair, { freq: 2 });
    }
    const pairs = fc.tuple(fc.array(urlValue(parameter, known), { minLength: 1, maxLength: 3 }).chain((values) => fc.constantFrom(values.slice(0, 1), values)), fc.boolean())
      .map(([values, bracket]) => values.map((v) => `${parameter.name}${bracket && values.length > 1 ? '[]' : ''}=${v}`).join('&'));
    return fc.option(pairs, { freq: 3 });
  });
  const stranger = fc.tuple(fc.oneof(fc.constantFrom('__proto__', 'constructor', 'x', '', 'a[b]', 'level[0]'), hostileText(known).map(percentEncode)), hostileText(known).map(percentEncode))
    .map(([key, value]) => `${key}=${value}`);
  const junk = fc.constantFrom('&', '&&', '=', '==x', 'flag', '%', '?', '#x', '&=&');
  const extras = fc.array(fc.oneof(stranger, junk), { maxLength: 2 });
  return fc.tuple(fc.tuple(...own), known.clean ? fc.constant([]) : fc.oneof({ weight: 4, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: extras }))
    .map(([mine, more]) => [...mine.filter((p): p is string => p !== null), ...more])
    .chain((parts) => fc.shuffledSubarray(parts, { minLength: parts.length, maxLength: parts.length }))
    .map((parts) => (parts.length ? `?${parts.join('&')}` : ''));
}

// ---------------------------------------------------------------------------------------------
// Bodies: plausible requests, JSON of the wrong shape, hostile GeoJSON, huge lists, and bytes that are not JSON at all.

function polygonArbitrary(known: Known): fc.Arbitrary<unknown> {
  const [west, south, east, north] = known.bounds;
  const inside = fc.tuple(near(west - 0.005, east + 0.005), near(south - 0.005, north + 0.005));
  const lonLat = fc.oneof(
    { weight: 4, arbitrary: inside },
    { weight: 1, arbitrary: fc.tuple(fc.double(), fc.double()) },
    { weight: 1, arbitrary: fc.constantFrom([0, 0], [180, 90], [-180, -90], [181, 91], [1e308, -1e308], [300_000, 700_000], [-0, -0], [-3.6]) },
  );
  // A box inside the fixture, both ways round: the plausible custom area.
  const box = fc.tuple(inside, inside, fc.boolean()).map(([[x1, y1], [x2, y2], clockwise]) => {
    const corners = [[x1, y1], [x2, y1], [x2, y2], [x1, y2]];
    const ring = clockwise ? corners.reverse() : corners;
    return [...ring, ring[0]!];
  });
  const ring = fc.oneof(
    { weight: 4, arbitrary: box },
    { weight: 2, arbitrary: fc.array(lonLat, { minLength: 0, maxLength: 12 }).map((points) => (points.length ? [...points, points[0]!] : points)) },
    { weight: 1, arbitrary: fc.array(lonLat, { minLength: 0, maxLength: 6 }) },
    { weight: 1, arbitrary: fc.constant(Array.from({ length: 10_001 }, (_, i) => [-3.58 + Math.cos(i) * 0.01, 56.19 + Math.sin(i) * 0.01])) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  );
  const rings = fc.array(ring, { minLength: 1, maxLength: 3 });
  const geometry = fc.oneof(
    { weight: 4, arbitrary: fc.record({ type: fc.constant('Polygon'), coordinates: rings }) },
    { weight: 2, arbitrary: fc.record({ type: fc.constant('MultiPolygon'), coordinates: fc.array(rings, { minLength: 1, maxLength: 3 }) }) },
    { weight: 2, arbitrary: fc.record({
      type: fc.constantFrom('Polygon', 'MultiPolygon', 'Point', 'LineString', 'FeatureCollection', 'GeometryCollection', 'polygon', ''),
      coordinates: fc.oneof(rings, fc.array(rings, { maxLength: 2 }), fc.jsonValue({ maxDepth: 2 })),
    }, { requiredKeys: [] }) },
  );
  return fc.oneof(
    { weight: 4, arbitrary: geometry },
    { weight: 1, arbitrary: fc.record({ type: fc.constant('Feature'), geometry, properties: fc.jsonValue({ maxDepth: 1 }) }, { requiredKeys: [] }) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  );
}

/** A body field's value: as a client would send it for this name, or anything else. */
function bodyValue(name: string, known: Known): fc.Arbitrary<unknown> {
  const plausible: Record<string, fc.Arbitrary<unknown>> = {
    dataZones: some(known.dataZones),
    postcodes: some(known.postcodes),
    polygon: polygonArbitrary(known),
    areas: some(known.codes, 8),
    indicators: some(known.indicators, 6),
    periods: some([...known.periods, 'latest'], 4),
  };
  if (known.clean) return plausible[name] ?? plausibleText(name, {}, known);
  const text = hostileText(known);
  return fc.oneof(
    { weight: 6, arbitrary: plausible[name] ?? plausibleText(name, {}, known) },
    { weight: 1, arbitrary: text },
    { weight: 1, arbitrary: fc.array(text, { maxLength: 8 }) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 1, arbitrary: fc.constantFrom(Array.from({ length: 2_001 }, (_, i) => `S01${String(i).padStart(6, '0')}`), Array.from({ length: 25_000 }, () => 'x'), Array(3_000).fill(null)) },
  );
}

interface Body { payload: string; contentType: string | null }

function bodyArbitrary(properties: string[], required: string[], known: Known): fc.Arbitrary<Body> {
  const fields = properties.map((name) => {
    const field = bodyValue(name, known).map((value) => [name, value] as const);
    return known.clean && required.includes(name) ? field : fc.option(field, { freq: 2 });
  });
  const strangers = fc.array(fc.tuple(fc.constantFrom('unknown', '__proto__', 'constructor', 'polygon', 'dataZones', ''), fc.jsonValue({ maxDepth: 2 })), { maxLength: 2 });
  const object = fc.tuple(fc.tuple(...fields), known.clean ? fc.constant([]) : fc.oneof({ weight: 4, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: strangers }))
    .map(([mine, more]) => JSON.stringify(Object.fromEntries([...mine.filter((f) => f !== null), ...more])));
  if (known.clean) return fc.record({ payload: object, contentType: fc.constant('application/json') });
  const raw = fc.constantFrom(
    '', '{', '{"level":', 'null', '[]', '"x"', '0', 'true', 'NaN', '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}',
    `${'['.repeat(5_000)}${']'.repeat(5_000)}`, `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`, '\uFEFF{}', '{"level":"council","level":"ward2017"}',
    JSON.stringify({ polygon: { type: 'Polygon', coordinates: [Array.from({ length: 60_000 }, () => [-3.6, 56.2])] } }),
  );
  const contentType = fc.oneof(
    { weight: 8, arbitrary: fc.constant('application/json') },
    { weight: 1, arbitrary: fc.constantFrom('application/json; charset=utf-16', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', null) },
  );
  return fc.record({
    payload: fc.oneof({ weight: 8, arbitrary: object }, { weight: 1, arbitrary: raw }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null') }),
    contentType,
  });
}

// ---------------------------------------------------------------------------------------------

function withinTimeBound(request: Promise<LightMyRequestResponse>, what: string): Promise<LightMyRequestResponse> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${TIME_BOUND_MS} ms`)), TIME_BOUND_MS);
  });
  return Promise.race([request, timeout]).finally(() => clearTimeout(timer));
}

/** The properties every answer must have. Throws (for fast-check to shrink) with the request and answer in the message. */
function checkAnswer(route: Route, what: string, response: LightMyRequestResponse): void {
  const status = response.statusCode;
  const contentType = String(response.headers['content-type'] ?? '');
  const said = `${what} → ${status} ${contentType} ${response.body.slice(0, 300)}`;
  if (status >= 500) throw new Error(`server error: ${said}`);
  if (status >= 400) {
    if (!contentType.startsWith('application/json')) throw new Error(`error without JSON: ${said}`);
    const body = JSON.parse(response.body) as { error?: unknown; message?: unknown };
    if (typeof body.error !== 'string' || body.error.trim() === '') throw new Error(`error body without "error": ${said}`);
    if (typeof body.message !== 'string' || body.message.trim() === '') throw new Error(`error body without a message: ${said}`);
    // Nothing beyond error and message unless the document declares it for this status (a 422 may name the area).
    const declaredKeys = Object.keys(route.operation.responses[String(status)]?.content?.['application/json']?.schema?.properties ?? {});
    const extra = Object.keys(body).filter((key) => key !== 'error' && key !== 'message' && !declaredKeys.includes(key));
    if (extra.length) throw new Error(`error body with undeclared fields ${extra.join(', ')}: ${said}`);
    return;
  }
  const declared = route.operation.responses[String(status)];
  if (!declared) throw new Error(`status ${status} is not in the OpenAPI document for ${route.method} ${route.path}: ${said}`);
  const types = Object.keys(declared.content ?? {});
  if (types.length === 0) {
    if (response.rawPayload.length !== 0) throw new Error(`a body where the document declares none: ${said}`);
    return;
  }
  const takesFormat = route.operation.parameters?.some((p) => p.name === 'format') || route.operation.requestBody?.content['application/json']?.schema.properties?.format !== undefined;
  const allowed = takesFormat ? [...types, ...DOWNLOAD_TYPES] : types;
  if (!allowed.some((type) => contentType.startsWith(type))) throw new Error(`content type not one the route declares (${allowed.join(', ')}): ${said}`);
  if (contentType.startsWith('application/json')) JSON.parse(response.body);
}

describe('every route in the OpenAPI document, under random and hostile input', () => {
  let app: FastifyInstance;
  let routes: Route[] = [];
  let known: Known;

  beforeAll(async () => {
    const { file } = await buildMiniDatabase();
    // Rate limits off: this file sends hundreds of requests a second from one address on purpose.
    app = await appFor(file, { rateLimitPerMinute: 0, expensiveRateLimitPerMinute: 0 });
    const document = (await app.inject('/api/docs/openapi.json')).json() as { paths: Record<string, Record<string, Operation>> };
    routes = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations).map(([method, operation]) => ({ method: method.toUpperCase() as Route['method'], path, operation })));
    const levels = (await app.inject('/api/v1/levels')).json().levels as { key: string }[];
    const areas = (await app.inject('/api/v1/areas?limit=100')).json().areas as { level: string; code: string }[];
    const indicators = (await app.inject('/api/v1/indicators')).json().indicators as { code: string; theme: string; periods: { label: string }[] }[];
    const spend = fixtureRows('spend.csv');
    known = {
      areas: areas.map(({ level, code }) => ({ level, code })),
      indicatorPeriods: indicators.map((i) => ({ code: i.code, periods: i.periods.map((p) => p.label) })),
      levels: levels.map((l) => l.key),
      codes: areas.map((a) => a.code),
      dataZones: areas.map((a) => a.code).filter((code) => code.startsWith('S01')),
      indicators: indicators.map((i) => i.code),
      periods: [...new Set(indicators.flatMap((i) => i.periods.map((p) => p.label)))],
      themes: [...new Set(indicators.map((i) => i.theme))],
      postcodes: fixtureRows('postcodes.csv').map((r) => r.Postcode!),
      spend: { partners: [...new Set(spend.map((r) => r.partner!))], services: [...new Set(spend.map((r) => r.service!))], years: [...new Set(spend.map((r) => r.financial_year!))] },
      buildId: app.build.id,
      bounds: (await app.inject('/tiles/dz2011.json')).json().bounds,
      clean: false,
    };
  });
  afterAll(() => app?.close());

  it('finds the routes, and values to reach into them, in the document and the build', () => {
    expect(routes.length).toBeGreaterThanOrEqual(25);
    expect(routes.filter((r) => r.method === 'POST').length).toBeGreaterThanOrEqual(3);
    for (const values of [known.levels, known.codes, known.dataZones, known.indicators, known.periods, known.themes, known.postcodes]) expect(values.length).toBeGreaterThan(0);
  });

  it('never answers 5xx, always answers in time, errors always { error, message }, content types as declared', async () => {
    const failures: string[] = [];
    for (const route of routes) {
      const parameters = route.operation.parameters ?? [];
      const pathParameters = parameters.filter((p) => p.in === 'path');
      const queryParameters = parameters.filter((p) => p.in === 'query');
      const bodySchema = route.operation.requestBody?.content['application/json']?.schema;
      const bodyProperties = Object.keys(bodySchema?.properties ?? {});

      const requestFor = (values: Known) => fc.record({
        path: fc.tuple(...pathParameters.map((p) => urlValue(p, values))).map((texts) =>
          pathParameters.reduce((path, p, i) => path.replace(`{${p.name}}`, texts[i]!), route.path)),
        query: queryArbitrary(queryParameters, values),
        body: route.method === 'POST' ? bodyArbitrary(bodyProperties, bodySchema?.required ?? [], values) : fc.constant(null),
      });
      // Mostly about one real area and one real indicator, so that level, code, indicator and period agree
      // often enough to reach the statistics; otherwise any mixture of known values.
      const focused = fc.tuple(fc.constantFrom(...known.areas), fc.constantFrom(...known.indicatorPeriods), fc.boolean()).map(([area, indicator, clean]): Known => ({
        ...known, levels: [area.level], codes: [area.code], indicators: [indicator.code], periods: indicator.periods, clean,
      }));
      const request = fc.oneof({ weight: 2, arbitrary: focused.chain(requestFor) }, { weight: 1, arbitrary: requestFor(known) });

      // fc.check rather than fc.assert: every route runs, and the report lists every failing one.
      const details = await fc.check(
        fc.asyncProperty(request, async ({ path, query, body }) => {
          const url = path + query;
          const what = `${route.method} ${url.length > 400 ? `${url.slice(0, 400)}… (${url.length} characters)` : url}${body ? ` [${body.contentType}] ${body.payload.slice(0, 300)}${body.payload.length > 300 ? `… (${body.payload.length} bytes)` : ''}` : ''}`;
          const response = await withinTimeBound(app.inject({
            method: route.method,
            url,
            ...(body ? { payload: body.payload, headers: body.contentType ? { 'content-type': body.contentType } : {} } : {}),
          }), what);
          checkAnswer(route, what, response);
        }),
        { seed: SEED, numRuns: RUNS },
      );
      if (details.failed) failures.push(`${route.method} ${route.path}: ${fc.defaultReportMessage(details)}`);
    }
    expect(failures.join('\n\n')).toBe('');
  }, Math.max(120_000, RUNS * 8_000)); // more runs (PROPERTY_RUNS) need more time

  it('answers badly encoded URLs in the usual shape, with the usual headers', async () => {
    for (const url of ['/api/v1/areas/%E0%A4%A', '/api/v1/areas/ward2017/%C0', '/tiles/%zz/1/1/1.pbf', '/api/v1/indicators/%/values?level=council']) {
      const response = await app.inject(url);
      expect(response.statusCode, url).toBe(400);
      expect(response.json(), url).toEqual({ error: 'Bad Request', message: expect.stringContaining('is not valid percent-encoding') });
      expect(response.headers['x-content-type-options'], url).toBe('nosniff');
      expect(response.headers['content-security-policy'], url).toContain("frame-ancestors 'none'");
      expect(response.headers['x-arealens-build'], url).toBe(app.build.id);
    }
  });

  // Found by this file (seed 11): Ajv turns these into Infinity and lets them through `maximum`.
  it.each([
    ['/api/v1/areas?limit=Infinity', 'limit', 'Infinity'], ['/api/v1/areas?limit=1e309', 'limit', 'Infinity'], [`/api/v1/areas?limit=${'9'.repeat(309)}`, 'limit', 'Infinity'],
    ['/api/v1/areas?limit=-Infinity', 'limit', '-Infinity'], ['/api/v1/areas/ward2017/S13000001/similar?limit=1e400', 'limit', 'Infinity'],
    ['/api/v1/locate?lon=-3.58&lat=-1e309', 'lat', '-Infinity'],
  ])('refuses %s, a number too large to be finite, with 400', async (url, name, value) => {
    const response = await app.inject(url);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: 'Bad Request', message: `query parameter "${name}" must be a finite number within its range; the value given reads as ${value}.` });
  });

  it('answers a path segment over 100 characters with 414 in the usual shape', async () => {
    const response = await app.inject(`/api/v1/areas/ward2017/${'S'.repeat(101)}`);
    expect(response.statusCode).toBe(414);
    expect(response.json()).toEqual({ error: 'URI Too Long', message: expect.stringContaining('is longer than 100 characters') });
  });
});
