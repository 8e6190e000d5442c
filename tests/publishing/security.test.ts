/**
 * The partner API's defences, through the real service: passwords, lock-out, sessions that end,
 * CSRF and cross-site refusals, roles, and the public site that never needs (or sees) any of it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACCOUNTS, multipart, PASSWORD, publishingFixture, signIn, startPublishing } from './workspace.ts';

const ws = publishingFixture({ SIGN_IN_PER_MINUTE: '100' });

const signInWith = (username: string, password: string, headers: Record<string, string> = {}) =>
  ws.service.inject({ method: 'POST', url: '/api/partner/session', payload: { username, password }, headers });

describe('signing in', () => {
  it('stores no password, only scrypt hashes with their own salt', () => {
    const users = readFileSync(join(ws.dir, 'users.json'), 'utf8');
    expect(users).not.toContain(PASSWORD);
    const secrets = (JSON.parse(users) as { users: { secret: string }[] }).users.map((u) => u.secret);
    for (const secret of secrets) expect(secret).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
  });

  it('answers a wrong password and an unknown name alike, and sets no cookie', async () => {
    const wrong = await signInWith('nurse', 'not the password');
    const unknown = await signInWith('nobody', 'not the password');
    for (const reply of [wrong, unknown]) {
      expect(reply.statusCode).toBe(401);
      expect(reply.json()).toEqual({ error: 'Unauthorized', message: 'The username or password is wrong.' });
      expect(reply.headers['set-cookie']).toBeUndefined();
    }
  });

  it('sets an HttpOnly, SameSite=Strict cookie scoped to the partner API, Secure over HTTPS', async () => {
    const reply = await signInWith('NURSE', PASSWORD); // usernames are not case-sensitive
    expect(reply.statusCode).toBe(200);
    const cookie = String(reply.headers['set-cookie']);
    expect(cookie).toMatch(/^arealens_partner=[A-Za-z0-9_-]{43}; Path=\/api\/partner; HttpOnly; SameSite=Strict; Max-Age=28800$/);
    expect(reply.json()).toMatchObject({ user: { username: 'nurse', role: 'uploader', partner: 'NHS Testshire', displayName: 'Nina Uploader' }, csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    expect(reply.headers['cache-control']).toBe('no-store');
  });

  it('locks a username for 15 minutes after five wrong passwords in a row, and says so', async () => {
    for (let i = 0; i < 5; i++) expect((await signInWith('clerk', `wrong ${i}`)).statusCode).toBe(401);
    const locked = await signInWith('clerk', PASSWORD);
    expect(locked.statusCode).toBe(429);
    expect(locked.json().message).toBe('Too many wrong passwords for this username: try again in 15 minutes.');
  });

  it('limits sign-in attempts from one address', async () => {
    const strict = await startPublishing(ws.dir, { SIGN_IN_PER_MINUTE: '3' });
    try {
      const attempts = [];
      for (let i = 0; i < 4; i++) attempts.push(await strict.inject({ method: 'POST', url: '/api/partner/session', payload: { username: 'boss', password: 'x' } }));
      expect(attempts.map((r) => r.statusCode)).toEqual([401, 401, 401, 429]);
      expect(attempts[3]!.headers['retry-after']).toBeDefined();
      expect(attempts[3]!.json().message).toMatch(/^Too many sign-in attempts from your address: try again in \d+ seconds\.$/);
    } finally {
      await strict.close();
    }
  });

  it('refuses malformed sign-in bodies with a 400 naming the field', async () => {
    const reply = await ws.service.inject({ method: 'POST', url: '/api/partner/session', payload: { username: 'nurse' } });
    expect(reply.statusCode).toBe(400);
    expect(reply.json().message).toContain('password');
  });
});

describe('sessions', () => {
  it('needs a session for everything but signing in', async () => {
    for (const url of ['/api/partner/session', '/api/partner/drafts', '/api/partner/releases', '/api/partner/audit']) {
      const reply = await ws.service.inject(url);
      expect(reply.statusCode, url).toBe(401);
      expect(reply.json().message).toMatch(/^Sign in first/);
    }
    expect((await ws.service.inject({ url: '/api/partner/drafts', headers: { cookie: 'arealens_partner=forged' } })).statusCode).toBe(401);
  });

  it('refuses a change without the CSRF token, with a wrong one, or from another site', async () => {
    const nurse = await signIn(ws.service, 'uploader');
    const body = multipart({ kind: 'spend' }, { file: { name: 'a.csv', content: 'x' } });
    const attempts = {
      none: { cookie: nurse.cookie },
      wrong: { cookie: nurse.cookie, 'x-csrf-token': 'A'.repeat(43) },
      crossSite: { cookie: nurse.cookie, 'x-csrf-token': nurse.csrfToken, origin: 'https://evil.example' },
      opaque: { cookie: nurse.cookie, 'x-csrf-token': nurse.csrfToken, origin: 'null' },
    };
    for (const [name, headers] of Object.entries(attempts)) {
      const reply = await ws.service.inject({ method: 'POST', url: '/api/partner/drafts', headers: { ...headers, 'content-type': body.contentType }, payload: body.body });
      expect(reply.statusCode, name).toBe(403);
    }
    expect(((await nurse.get('/api/partner/drafts')).json() as { drafts: unknown[] }).drafts).toEqual([]);
  });

  it('ends on sign-out: the cookie is cleared and the token no longer works', async () => {
    const boss = await signIn(ws.service, 'approver');
    const out = await ws.service.inject({ method: 'DELETE', url: '/api/partner/session', headers: { cookie: boss.cookie, 'x-csrf-token': boss.csrfToken } });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/^arealens_partner=; .*Max-Age=0/);
    expect((await boss.get('/api/partner/drafts')).statusCode).toBe(401);
  });

  it('ends when the account is removed or its role changes', async () => {
    const boss = await signIn(ws.service, 'approver');
    const file = join(ws.dir, 'users.json');
    const before = readFileSync(file, 'utf8');
    const users = JSON.parse(before) as { users: { username: string; role: string }[] };
    users.users.find((u) => u.username === ACCOUNTS.approver.username)!.role = 'admin';
    // A later modification time, as `npm run users` would leave.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, JSON.stringify(users));
    try {
      const reply = await boss.get('/api/partner/drafts');
      expect(reply.statusCode).toBe(401);
      expect(reply.json().message).toBe('Your account has changed since you signed in: sign in again.');
    } finally {
      writeFileSync(file, before);
    }
  });
});

describe('the public site', () => {
  it('needs no sign-in and carries no partner cookie', async () => {
    const reply = await ws.service.inject('/api/v1/build');
    expect(reply.statusCode).toBe(200);
    expect(reply.headers['set-cookie']).toBeUndefined();
  });

  it('does not reach the partner API by path tricks', async () => {
    for (const url of ['/api/v1/../partner/drafts', '/API/partner/drafts', '/api//partner/drafts']) {
      const reply = await ws.service.inject(url);
      expect(reply.statusCode, url).not.toBe(200);
    }
  });

  it('sends the security headers on partner answers too, and never a stack trace', async () => {
    const reply = await ws.service.inject({ method: 'POST', url: '/api/partner/session', headers: { 'content-type': 'application/json' }, payload: '{"username": ' });
    expect(reply.statusCode).toBe(400);
    expect(reply.headers['content-security-policy']).toContain("default-src 'self'");
    expect(reply.headers['x-frame-options']).toBe('DENY');
    expect(reply.body).not.toMatch(/at .*\.ts:\d+|node_modules/);
  });
});
