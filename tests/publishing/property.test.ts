/**
 * The partner API fed random and hostile input, signed in and not: sign-in bodies, draft ids,
 * query strings, and multipart uploads with hostile field values, file names and contents. Never a
 * 5xx, never a hang, every error `{ error, message }`, and nothing of a refused request left on disk.
 * Uploads that get through become drafts whose checks (in the ETL child) must end in a verdict.
 *
 * Seeded like tests/api/property.test.ts: PROPERTY_SEED and PROPERTY_RUNS explore further.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Draft } from '../../server/src/schemas/publishing.ts';
import { multipart, publishingFixture, settle, signIn, SPEND_HEADER } from './workspace.ts';

const SEED = Number(process.env.PROPERTY_SEED ?? 20_261_126);
const RUNS = Number(process.env.PROPERTY_RUNS ?? 40);
const TIME_BOUND_MS = 5_000;

const HOSTILE = [
  '', ' ', '0', '-1', 'NaN', 'Infinity', 'null', '[]', '{}', '__proto__', 'constructor', "' OR '1'='1", "'; DROP TABLE area; --", '..', '../../etc/passwd',
  '/', '%', '%00', '\u0000', '\r\nX-Injected: 1', '<script>alert(1)</script>', '=HYPERLINK("http://x")', '+1', '@SUM(A1)', '\u202eevil', '\ufeff', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', 'a'.repeat(5000),
  'spend', 'indicators', 'NHS Testshire', 'Testshire Council',
];
const text = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }));
const HEADER = SPEND_HEADER;
const csvContent = fc.oneof(
  fc.constantFrom('', HEADER, `${HEADER}\n`, `${HEADER}\nNHS Testshire,X,2022/23,S01000001,,5,,\n`, '"', '\u0000\u0001', 'PK\u0003\u0004garbage', `${HEADER}\n"unclosed`),
  fc.array(fc.array(text, { maxLength: 9 }).map((cells) => cells.join(',')), { maxLength: 6 }).map((lines) => [HEADER, ...lines].join('\n')),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
);
const fileName = fc.oneof(fc.constantFrom('spend.csv', 'spend.xlsx', 'a.CSV', '../../x.csv', 'con.csv', '.csv', 'x.csv.exe', '\u0000.csv', 'a/b\\c.csv', `${'x'.repeat(300)}.csv`), text.map((t) => `${t}.csv`));

const ws = publishingFixture({ UPLOAD_MAX_MB: '1' });

async function timed<T>(request: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${TIME_BOUND_MS} ms`)), TIME_BOUND_MS)));
  try {
    return await Promise.race([request, bound]);
  } finally {
    clearTimeout(timer);
  }
}

function expectSound(reply: { statusCode: number; body: string; headers: Record<string, unknown> }, what: string): void {
  expect(reply.statusCode, `${what}: ${reply.body.slice(0, 300)}`).toBeLessThan(500);
  if (reply.statusCode >= 400) {
    const body = JSON.parse(reply.body) as { error?: unknown; message?: unknown };
    expect(typeof body.error, what).toBe('string');
    expect(typeof body.message === 'string' && body.message.length > 0, what).toBe(true);
  }
}

describe('the partner API under random and hostile input', () => {
  it('answers every sign-in body with 200, 400, 401 or 429, never more', async () => {
    const body = fc.oneof(
      fc.record({ username: text, password: text }, { requiredKeys: [] }),
      fc.jsonValue(),
      fc.string().map((raw) => ({ raw })),
    );
    await fc.assert(fc.asyncProperty(body, async (payload) => {
      const raw = (payload as { raw?: string } | null)?.raw;
      const reply = await timed(ws.service.inject({ method: 'POST', url: '/api/partner/session', headers: { 'content-type': 'application/json' }, payload: raw ?? JSON.stringify(payload) }));
      expectSound(reply, `sign-in ${JSON.stringify(payload).slice(0, 100)}`);
      expect([200, 400, 401, 415, 429]).toContain(reply.statusCode);
    }), { seed: SEED, numRuns: RUNS });
  }, 120_000);

  it('answers random paths, ids and query strings, signed in or not', async () => {
    const root = await signIn(ws.service, 'admin');
    const path = fc.oneof(
      fc.tuple(fc.constantFrom('drafts', 'releases', 'audit', 'session', 'drafts/x', 'releases/rollback'), text).map(([p, q]) => `/api/partner/${p}?limit=${encodeURIComponent(q)}&offset=${encodeURIComponent(q)}`),
      fc.tuple(text, fc.constantFrom('', '/publish', '/reject', '/withdraw')).map(([id, action]) => `/api/partner/drafts/${encodeURIComponent(id)}${action}`),
      text.map((t) => `/api/partner/${encodeURIComponent(t)}`),
    );
    const origin = fc.option(fc.oneof(fc.constantFrom('null', 'http://localhost:80', 'https://evil.example', 'not a url', '://', 'http://[::1', ''), text), { nil: undefined });
    await fc.assert(fc.asyncProperty(path, fc.constantFrom('GET', 'POST', 'DELETE', 'PUT'), fc.boolean(), origin, async (url, method, signedIn, from) => {
      const headers = {
        ...(signedIn ? { cookie: root.cookie, 'x-csrf-token': root.csrfToken } : {}),
        // Header values cannot hold control characters; a browser would not send them either.
        ...(from !== undefined ? { origin: from.replace(/[\u0000-\u001f\u007f-\uffff]/g, '') } : {}),
      };
      // Never the roll-back itself with a session: that is a real action, tested in journey.test.ts.
      const safeUrl = signedIn && method === 'POST' && url.startsWith('/api/partner/releases/rollback') ? '/api/partner/releases' : url;
      const reply = await timed(ws.service.inject({ method: method as 'GET', url: safeUrl, headers, ...(method === 'POST' ? { payload: { reason: 'x' } } : {}) }));
      expectSound(reply, `${method} ${safeUrl}`);
    }), { seed: SEED, numRuns: RUNS * 2 });
  }, 120_000);

  it('answers random multipart uploads, keeps nothing of refused ones, and checks every accepted one to a verdict', async () => {
    const nurse = await signIn(ws.service, 'uploader');
    const accepted: string[] = [];
    const statuses: Record<number, number> = {};
    // Mostly plausible, so that many uploads get past the form and into the checks.
    const mostly = <T,>(plausible: fc.Arbitrary<T>, hostile: fc.Arbitrary<T>) => fc.oneof({ arbitrary: plausible, weight: 4 }, { arbitrary: hostile, weight: 1 });
    const form = fc.record({
      kind: mostly(fc.constant('spend'), fc.oneof(fc.constant('indicators'), text)),
      partner: mostly(fc.constant(undefined), text),
      field: mostly(fc.constant('file'), fc.oneof(fc.constantFrom('indicators', 'observations'), text)),
      name: mostly(fc.constant('spend.csv'), fileName),
      content: csvContent,
      cut: mostly(fc.constant(undefined), fc.integer({ min: 1, max: 200 })),
    });
    await fc.assert(fc.asyncProperty(form, async ({ kind, partner, field, name, content, cut }) => {
      const fields: Record<string, string> = { kind, ...(partner !== undefined ? { partner } : {}) };
      // Field names and file names travel in headers: a CR or LF or quote cannot be sent by a browser either.
      const clean = (value: string) => value.replace(/[\r\n"]/g, '_');
      const { body, contentType } = multipart(Object.fromEntries(Object.entries(fields).map(([k, v]) => [clean(k), v])), { [clean(field) || 'file']: { name: clean(name), content } });
      const payload = cut ? body.subarray(0, Math.max(0, body.length - cut)) : body;
      const reply = await timed(ws.service.inject({ method: 'POST', url: '/api/partner/drafts', payload, headers: { cookie: nurse.cookie, 'x-csrf-token': nurse.csrfToken, 'content-type': contentType } }));
      expectSound(reply, `upload ${kind} ${field} ${name}`);
      statuses[reply.statusCode] = (statuses[reply.statusCode] ?? 0) + 1;
      if (reply.statusCode === 202) accepted.push((reply.json() as Draft).id);
      expect(readdirSync(join(ws.dir, 'uploads')).filter((n) => n.endsWith('.partial'))).toEqual([]);
    }), { seed: SEED, numRuns: RUNS });
    // Enough of each kind of answer that the property tested something.
    expect(statuses[202] ?? 0, JSON.stringify(statuses)).toBeGreaterThan(RUNS / 10);
    expect(statuses[400] ?? 0, JSON.stringify(statuses)).toBeGreaterThan(RUNS / 10);
    for (const id of accepted) {
      const draft = await settle(nurse, id, 120_000);
      expect(['invalid', 'ready']).toContain(draft.status);
    }
  }, 600_000);
});
