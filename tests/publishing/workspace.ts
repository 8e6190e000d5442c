/**
 * A publishing workspace for tests: the mini fixture's sources as the base, its first release
 * built, and one account of each role. `startPublishing` serves it through the real service
 * (the same handler `npm start` listens with) for inject() or, with `listen`, a real port.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { initWorkspace } from '../../etl/src/publish/init.ts';
import { MINI_FIXTURE } from '../../etl/src/testing.ts';
import { loadConfig } from '../../server/src/config.ts';
import { Accounts, hashSecret, type Account } from '../../server/src/publishing/accounts.ts';
import { startService, type Service } from '../../server/src/publishing/service.ts';

export const PASSWORD = 'correct horse battery staple';

export const SPEND_HEADER = 'partner,service,financial_year,dz_code,postcode,amount_gbp,activity_count,activity_unit';
/** A revision of the mini fixture's NHS Testshire spend (8 rows, £42,800): 3 rows, £8,334.50, £100 unallocated. */
export const NHS_SPEND = [
  SPEND_HEADER,
  'NHS Testshire,Community nursing,2020/21,S01000001,,7000,,',
  'NHS Testshire,District nursing,2021/22,S01000002,,1234.50,10,visit',
  'NHS Testshire,District nursing,2021/22,unallocated,,100,,',
].join('\n');

export const ACCOUNTS = {
  uploader: { username: 'nurse', displayName: 'Nina Uploader', role: 'uploader', partner: 'NHS Testshire' },
  council: { username: 'clerk', displayName: 'Colin Council', role: 'uploader', partner: 'Testshire Council' },
  approver: { username: 'boss', displayName: 'Bea Approver', role: 'approver', partner: null },
  admin: { username: 'root', displayName: 'Ada Admin', role: 'admin', partner: null },
} as const;

/** A fresh workspace (about 1 s: the mini fixture builds fast). */
export async function makeWorkspace(source: string = join(MINI_FIXTURE, 'manifest.json')): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'arealens-publishing-'));
  await initWorkspace({ dir, source });
  const secret = await hashSecret(PASSWORD);
  new Accounts(join(dir, 'users.json')).save(Object.values(ACCOUNTS).map((a): Account => ({ ...a, secret })));
  return dir;
}

export async function startPublishing(dir: string, env: Record<string, string> = {}): Promise<Service> {
  return startService(loadConfig({ PUBLISH_DIR: dir, LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '0', RATE_LIMIT_EXPENSIVE_PER_MINUTE: '0', SIGN_IN_PER_MINUTE: '1000', ...env }));
}

/**
 * A workspace and its service for one test file: made before its tests, closed and removed after.
 * `service` may be replaced (a test that restarts the server assigns the new one).
 */
export function publishingFixture(env: Record<string, string> = {}): { dir: string; service: Service } {
  const fixture = { dir: '', service: undefined as unknown as Service };
  beforeAll(async () => {
    fixture.dir = await makeWorkspace();
    fixture.service = await startPublishing(fixture.dir, env);
  }, 60_000);
  afterAll(async () => {
    await fixture.service?.close();
    if (fixture.dir) rmSync(fixture.dir, { recursive: true, force: true });
  });
  return fixture;
}

/** The service on a free loopback port, for browsers and real sockets. */
export async function listen(service: Service): Promise<{ server: Server; url: string }> {
  const server = createServer(service.handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return { server, url: `http://127.0.0.1:${address.port}` };
}

/** A signed-in client: keeps the cookie and sends the CSRF token, as the web page does. */
export async function signIn(service: Service, who: keyof typeof ACCOUNTS) {
  const reply = await service.inject({ method: 'POST', url: '/api/partner/session', payload: { username: ACCOUNTS[who].username, password: PASSWORD } });
  if (reply.statusCode !== 200) throw new Error(`sign-in as ${who} failed: ${reply.statusCode} ${reply.body}`);
  const cookie = String(reply.headers['set-cookie']).split(';')[0]!;
  const { csrfToken } = reply.json() as { csrfToken: string };
  const headers = { cookie, 'x-csrf-token': csrfToken };
  return {
    cookie,
    csrfToken,
    get: (url: string) => service.inject({ method: 'GET', url, headers }),
    post: (url: string, payload?: object) => service.inject({ method: 'POST', url, headers, ...(payload ? { payload } : {}) }),
    upload: (fields: Record<string, string>, files: Record<string, { name: string; content: string | Buffer }>) => {
      const { body, contentType } = multipart(fields, files);
      return service.inject({ method: 'POST', url: '/api/partner/drafts', headers: { ...headers, 'content-type': contentType }, payload: body });
    },
  };
}

/** A multipart/form-data body, as a browser's FormData would send it. */
export function multipart(fields: Record<string, string>, files: Record<string, { name: string; content: string | Buffer }>): { body: Buffer; contentType: string } {
  const boundary = `----arealens${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  for (const [name, file] of Object.entries(files)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`));
    parts.push(Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content));
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Polls a draft until it leaves `checking` / `publishing`. */
export async function settle(client: Awaited<ReturnType<typeof signIn>>, id: string, timeoutMs = 60_000) {
  const started = Date.now();
  for (;;) {
    const draft = (await client.get(`/api/partner/drafts/${id}`)).json() as { status: string };
    if (draft.status !== 'checking' && draft.status !== 'publishing') return draft as Record<string, unknown> & { status: string };
    if (Date.now() - started > timeoutMs) throw new Error(`draft ${id} still ${draft.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
