import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/src/config.ts';
import { MAX_URL_LENGTH, PERMISSIONS_POLICY } from '../../server/src/plugins/security.ts';
import { appFor, buildMiniDatabase } from './miniApp.ts';

/** A CSP header as directive → sources, to compare without caring about order. */
function directives(header: string | string[] | number | undefined): Record<string, string> {
  return Object.fromEntries(String(header).split(';').map((part) => part.trim()).filter(Boolean).map((part) => {
    const [name, ...sources] = part.split(/\s+/);
    return [name!, sources.join(' ')];
  }));
}

const APP_POLICY = {
  'default-src': "'self'",
  'script-src': "'self'",
  'style-src': "'self' 'unsafe-inline'",
  'img-src': "'self' data: blob:",
  'worker-src': "'self' blob:",
  'child-src': 'blob:',
  'connect-src': "'self'",
  'font-src': "'self' data:",
  'base-uri': "'self'",
  'form-action': "'self'",
  'object-src': "'none'",
};

let file = '';
beforeAll(async () => {
  ({ file } = await buildMiniDatabase());
});

function expectSecurityHeaders(response: LightMyRequestResponse, what: string, frameAncestors = "'none'"): void {
  expect(directives(response.headers['content-security-policy']), what).toEqual({ ...APP_POLICY, 'frame-ancestors': frameAncestors });
  expect(response.headers['x-content-type-options'], what).toBe('nosniff');
  expect(response.headers['referrer-policy'], what).toBe('strict-origin-when-cross-origin');
  expect(response.headers['cross-origin-opener-policy'], what).toBe('same-origin');
  expect(response.headers['permissions-policy'], what).toBe(PERMISSIONS_POLICY);
  if (frameAncestors === "'none'") expect(response.headers['x-frame-options'], what).toBe('DENY');
  else expect(response.headers['x-frame-options'], what).toBeUndefined();
}

describe('security headers', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await appFor(file);
  });
  afterAll(() => app?.close());

  it('are on every kind of response: data, cached data, a tile, the docs and their files, the front page, 4xx, 404, 414 and bad encodings', async () => {
    const urls = [
      '/api/v1/levels', '/api/v1/levels', // the second is a cache hit, answered from an onRequest hook
      '/api/v1/areas/council/S12000001/profile', '/tiles/dz2011/12/2007/1261.pbf', '/tiles/dz2011.json', '/api/docs', '/api/docs/openapi.json',
      '/api/docs/static/swagger-ui-bundle.js', '/', '/api/v1/areas?limit=0', '/api/v1/nothing', `/api/v1/areas?q=${'x'.repeat(MAX_URL_LENGTH)}`,
      '/api/v1/areas/%E0%A4%A', `/api/v1/areas/council/${'S'.repeat(101)}`,
    ];
    const statuses: number[] = [];
    for (const url of urls) {
      const response = await app.inject(url);
      statuses.push(response.statusCode);
      expectSecurityHeaders(response, url.slice(0, 60));
    }
    expect(statuses).toEqual([200, 200, 200, expect.any(Number), 200, 200, 200, 200, 200, 400, 404, 414, 400, 414]);
    expect((await app.inject('/api/v1/levels')).headers['x-arealens-cache']).toBe('hit');
  });

  it('let any site frame /embed pages (EMBED_ANCESTORS, default *) and no site frame anything else', async () => {
    for (const url of ['/embed', '/embed/', '/embed/area?level=council&code=S12000001']) expectSecurityHeaders(await app.inject(url), url, '*');
    for (const url of ['/embedded', '/api/v1/levels?next=/embed', '/api/embed', '/?view=embed']) expectSecurityHeaders(await app.inject(url), url);
    const partner = await appFor(file, { embedAncestors: "'self' https://www.fife.gov.uk" });
    try {
      expectSecurityHeaders(await partner.inject('/embed/x'), 'EMBED_ANCESTORS', "'self' https://www.fife.gov.uk");
      expectSecurityHeaders(await partner.inject('/api/v1/levels'), 'not an embed');
    } finally {
      await partner.close();
    }
  });

  it('send Strict-Transport-Security only for HTTPS, which behind a proxy needs TRUST_PROXY', async () => {
    expect((await app.inject('/api/v1/health')).headers['strict-transport-security']).toBeUndefined();
    // Without TRUST_PROXY anyone can send the header; it must change nothing.
    expect((await app.inject({ url: '/api/v1/health', headers: { 'x-forwarded-proto': 'https' } })).headers['strict-transport-security']).toBeUndefined();
    const proxied = await appFor(file, loadConfigPart({ TRUST_PROXY: '127.0.0.1' }));
    try {
      expect((await proxied.inject({ url: '/api/v1/health', headers: { 'x-forwarded-proto': 'https' } })).headers['strict-transport-security']).toBe('max-age=31536000');
      expect((await proxied.inject({ url: '/api/v1/health', headers: { 'x-forwarded-proto': 'http' } })).headers['strict-transport-security']).toBeUndefined();
    } finally {
      await proxied.close();
    }
  });
});

/** Only the settings these tests are about, read the way the server reads them. */
function loadConfigPart(env: Record<string, string>) {
  const { rateLimitPerMinute, expensiveRateLimitPerMinute, trustProxy, embedAncestors } = loadConfig(env);
  return { rateLimitPerMinute, expensiveRateLimitPerMinute, trustProxy, embedAncestors };
}

describe('rate limits', () => {
  it('by default allow 600 requests a minute per address, and 60 to tables and custom areas', async () => {
    const app = await appFor(file);
    try {
      const levels = await app.inject('/api/v1/health');
      expect(levels.headers['x-ratelimit-limit']).toBe('600');
      expect(levels.headers['x-ratelimit-remaining']).toBe('599');
      const table = await app.inject('/api/v1/tables?level=council&indicators=test_pct');
      expect(table.statusCode).toBe(200);
      expect(table.headers['x-ratelimit-limit']).toBe('60');
      expect(table.headers['x-ratelimit-remaining']).toBe('59');
    } finally {
      await app.close();
    }
  });

  it('answer 429 in the usual shape, with Retry-After, once an address has used its minute; other addresses and other servers carry on', async () => {
    const app = await appFor(file, loadConfigPart({ RATE_LIMIT_PER_MINUTE: '5', TRUST_PROXY: 'true' }));
    const other = await appFor(file, loadConfigPart({ RATE_LIMIT_PER_MINUTE: '5' }));
    try {
      const from = (address: string, url = '/api/v1/health') => app.inject({ url, headers: { 'x-forwarded-for': address } });
      const cached = await from('203.0.113.9', '/api/v1/levels');
      const remaining: string[] = [String(cached.headers['x-ratelimit-remaining'])];
      for (let i = 0; i < 4; i++) remaining.push(String((await from('203.0.113.9')).headers['x-ratelimit-remaining']));
      expect(remaining).toEqual(['4', '3', '2', '1', '0']);

      const refused = await from('203.0.113.9');
      expect(refused.statusCode).toBe(429);
      expect(refused.headers['content-type']).toMatch(/^application\/json/);
      const body = refused.json();
      expect(Object.keys(body)).toEqual(['error', 'message']);
      expect(body.error).toBe('Too Many Requests');
      expect(body.message).toMatch(/^Too many requests from your address: this server answers 5 requests a minute from one address\. Try again in \d+ seconds? \(the Retry-After header says the same\)\.$/);
      const retryAfter = Number(refused.headers['retry-after']);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(body.message).toContain(`in ${retryAfter} second`);
      expectSecurityHeaders(refused, '429');
      expect(refused.headers['x-arealens-build']).toBe(app.build.id);

      // A cached answer costs nothing, so it is served (and not counted) even now.
      expect((await from('203.0.113.9', '/api/v1/levels')).statusCode).toBe(200);
      // Another address (IPv4 here; IPv6 addresses count by /64) has its own minute, as has another server process.
      expect((await from('198.51.100.7')).statusCode).toBe(200);
      expect((await other.inject('/api/v1/health')).statusCode).toBe(200);
    } finally {
      await app.close();
      await other.close();
    }
  });

  it('count tables and custom areas together against the stricter limit, and malformed requests not at all', async () => {
    const app = await appFor(file, loadConfigPart({ RATE_LIMIT_EXPENSIVE_PER_MINUTE: '3' }));
    try {
      const first = await app.inject('/api/v1/tables?level=council&indicators=test_pct');
      expect([first.statusCode, first.headers['x-ratelimit-limit'], first.headers['x-ratelimit-remaining']]).toEqual([200, '3', '2']);
      // Refused by its schema before the limit counts: costs nothing.
      expect((await app.inject('/api/v1/tables?indicators=test_pct')).statusCode).toBe(400);
      const custom = await app.inject({ method: 'POST', url: '/api/v1/custom-areas/values?indicator=test_pct', payload: { dataZones: ['S01000001', 'S01000002', 'S01000005'] } });
      expect([custom.statusCode, custom.headers['x-ratelimit-remaining']]).toEqual([200, '1']);
      const post = await app.inject({ method: 'POST', url: '/api/v1/tables', payload: { level: 'council', indicators: ['test_events'] } });
      expect([post.statusCode, post.headers['x-ratelimit-remaining']]).toEqual([200, '0']);

      const refused = await app.inject({ method: 'POST', url: '/api/v1/custom-areas/profile', payload: { dataZones: ['S01000001', 'S01000002', 'S01000005'] } });
      expect(refused.statusCode).toBe(429);
      expect(refused.json()).toEqual({
        error: 'Too Many Requests',
        message: expect.stringMatching(/^Too many table and custom-area requests from your address: this server answers 3 such requests a minute from one address\. Try again in \d+ seconds? /),
      });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      // Everything else still answers.
      const levels = await app.inject('/api/v1/levels');
      expect([levels.statusCode, levels.headers['x-ratelimit-limit']]).toEqual([200, '600']);
    } finally {
      await app.close();
    }
  });

  it('are off at 0', async () => {
    const app = await appFor(file, loadConfigPart({ RATE_LIMIT_PER_MINUTE: '0', RATE_LIMIT_EXPENSIVE_PER_MINUTE: '0' }));
    try {
      for (const url of ['/api/v1/health', '/api/v1/tables?level=council&indicators=test_pct']) {
        const response = await app.inject(url);
        expect(response.statusCode, url).toBe(200);
        expect(response.headers['x-ratelimit-limit'], url).toBeUndefined();
      }
    } finally {
      await app.close();
    }
  });
});

describe('request size limits', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await appFor(file);
  });
  afterAll(() => app?.close());

  it(`refuses a URL over ${MAX_URL_LENGTH} characters with 414, and reads one of exactly that length`, async () => {
    const base = '/api/v1/tables?level=council&indicators=test_pct&areas=';
    const at = base + 'S'.repeat(MAX_URL_LENGTH - base.length);
    expect(at).toHaveLength(MAX_URL_LENGTH);
    const read = await app.inject(at);
    expect(read.statusCode).not.toBe(414);
    expect(read.statusCode).toBeLessThan(500);

    const over = await app.inject(`${at}S`);
    expect(over.statusCode).toBe(414);
    expect(over.json()).toEqual({
      error: 'URI Too Long',
      message: 'The URL is 8,193 characters; this API reads at most 8,192. Send long lists in a POST body (POST /api/v1/tables takes the same request as JSON).',
    });
  });

  it('refuses a body over 1 MB with 413 in the usual shape, and reads one just under', async () => {
    const areas = (n: number) => JSON.stringify({ level: 'council', indicators: ['test_pct'], areas: Array.from({ length: n }, () => 'S12000001') });
    const perArea = areas(2).length - areas(1).length;
    const fits = Math.floor((1024 * 1024 - areas(0).length) / perArea);
    const under = await app.inject({ method: 'POST', url: '/api/v1/tables', headers: { 'content-type': 'application/json' }, payload: areas(fits) });
    expect(under.statusCode).not.toBe(413); // the schema allows 20,000 areas: a clear 400
    expect(under.statusCode).toBeLessThan(500);
    const over = await app.inject({ method: 'POST', url: '/api/v1/tables', headers: { 'content-type': 'application/json' }, payload: areas(fits + 2) });
    expect(over.statusCode).toBe(413);
    expect(Object.keys(over.json())).toEqual(['error', 'message']);
    expect(over.json().error).toBe('Payload Too Large');
    expect(over.json().message).toBeTruthy();
  });
});

describe('settings', () => {
  it('read the limits, the proxy and the embed sources, with their defaults', () => {
    expect(loadConfigPart({})).toEqual({ rateLimitPerMinute: 600, expensiveRateLimitPerMinute: 60, trustProxy: false, embedAncestors: '*' });
    expect(loadConfigPart({ RATE_LIMIT_PER_MINUTE: '0', RATE_LIMIT_EXPENSIVE_PER_MINUTE: '10', TRUST_PROXY: 'true', EMBED_ANCESTORS: "'none'" }))
      .toEqual({ rateLimitPerMinute: 0, expensiveRateLimitPerMinute: 10, trustProxy: true, embedAncestors: "'none'" });
    expect(loadConfigPart({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfigPart({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,::1' }).trustProxy).toBe('10.0.0.0/8,127.0.0.1,::1');
    expect(loadConfigPart({ EMBED_ANCESTORS: "'self' https://www.fife.gov.uk https://*.example.org" }).embedAncestors).toBe("'self' https://www.fife.gov.uk https://*.example.org");
  });

  it.each([
    ['RATE_LIMIT_PER_MINUTE', 'lots'], ['RATE_LIMIT_PER_MINUTE', '-1'], ['RATE_LIMIT_PER_MINUTE', '1.5'], ['RATE_LIMIT_EXPENSIVE_PER_MINUTE', '1e9'],
    ['TRUST_PROXY', 'yes'], ['TRUST_PROXY', '10.0.0.300'], ['TRUST_PROXY', '10.0.0.0/33'], ['TRUST_PROXY', '127.0.0.1,'],
    ['EMBED_ANCESTORS', '*; script-src *'], ['EMBED_ANCESTORS', 'https://a.example, https://b.example'], ['EMBED_ANCESTORS', "'unsafe-inline'"],
    ['EMBED_ANCESTORS', "'none' https://a.example"], ['EMBED_ANCESTORS', 'https://a.example\r\nX-Evil: 1'],
  ])('stop at boot on %s=%j, naming the key', (key, value) => {
    expect(() => loadConfig({ [key]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [key]: value })).toThrow(new RegExp(`^${key} must be `));
  });
});
