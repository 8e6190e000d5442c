import { createWriteStream, mkdirSync, renameSync, rmSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import fastifyMultipart from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { badRequest, forbidden, HttpError, unauthorized } from '../httpErrors.ts';
import {
  AuditReply, Draft, DraftKind, DraftsReply, ReleasesReply, RejectBody, SessionReply, SignInBody, type PartnerUser,
} from '../schemas/publishing.ts';
import { ErrorBody } from '../schemas/common.ts';
import { publicUser, type Accounts } from './accounts.ts';
import { draftIdPattern, newId, type Publisher } from './publisher.ts';
import type { SessionStore } from './sessions.ts';
import { sameToken } from './sessions.ts';
import { prepareUpload, safeFileName, type ReceivedFile } from './uploads.ts';
import type { Workspace } from './workspace.ts';

/**
 * /api/partner: sign-in, uploads, review, publishing, roll-back and the audit log. Cookie sessions
 * (HttpOnly, SameSite=Strict, Secure over HTTPS, path /api/partner) with a CSRF token that every
 * POST and DELETE must echo in `x-csrf-token`; cross-origin unsafe requests are refused outright.
 */

export const SESSION_COOKIE = 'arealens_partner';
const LOCK_AFTER_FAILURES = 5;
const LOCK_MS = 15 * 60_000;

export interface PartnerDeps {
  publisher: Publisher;
  accounts: Accounts;
  sessions: SessionStore<PartnerUser>;
  workspace: Workspace;
  signInPerMinute: number;
  uploadMaxBytes: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    partnerUser: PartnerUser | null;
  }
}

function cookie(request: FastifyRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

function sessionCookie(request: FastifyRequest, token: string, maxAgeSeconds: number): string {
  const secure = request.protocol === 'https' ? '; Secure' : '';
  return `${SESSION_COOKIE}=${token}; Path=/api/partner; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure}`;
}

const Id = Type.Object({ id: Type.String({ pattern: draftIdPattern.source, description: 'a draft id' }) });
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

export async function partnerRoutes(app: FastifyInstance, deps: PartnerDeps): Promise<void> {
  const { publisher, accounts, sessions, workspace } = deps;
  const failures = new Map<string, { count: number; lockedUntil: number }>();
  app.decorateRequest('partnerUser', null);

  /** The signed-in user, or a 401; unsafe methods also need a same-origin request and the CSRF token. */
  app.addHook('preHandler', async (request) => {
    const signingIn = request.method === 'POST' && request.routeOptions.url === '/api/partner/session';
    const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(request.method);
    if (unsafe && request.headers.origin !== undefined && originHost(request.headers.origin) !== request.host) {
      throw forbidden('Cross-site requests cannot change anything here.');
    }
    if (signingIn) return;
    const session = sessions.get(cookie(request, SESSION_COOKIE));
    if (!session) throw unauthorized('Sign in first (POST /api/partner/session); a session ends after a while unused.');
    const account = accounts.find(session.user.username);
    if (!account || account.role !== session.user.role || (account.partner ?? null) !== session.user.partner) {
      sessions.end(cookie(request, SESSION_COOKIE));
      throw unauthorized('Your account has changed since you signed in: sign in again.');
    }
    if (unsafe && !sameToken(String(request.headers['x-csrf-token'] ?? ''), session.csrfToken)) {
      throw forbidden('The x-csrf-token header is missing or wrong: send the csrfToken from GET /api/partner/session.');
    }
    request.partnerUser = session.user;
  });

  const user = (request: FastifyRequest): PartnerUser => request.partnerUser!;
  const sessionReply = (request: FastifyRequest) => {
    const session = sessions.get(cookie(request, SESSION_COOKIE))!;
    return { user: session.user, csrfToken: session.csrfToken, expiresAt: sessions.expiresAt(session).toISOString() };
  };

  app.get('/api/partner/session', { schema: { summary: 'Who is signed in, and the CSRF token', response: { 200: SessionReply, ...errors } } }, async (request) => sessionReply(request));

  app.post('/api/partner/session', {
    schema: { summary: 'Sign in', body: SignInBody, response: { 200: SessionReply, ...errors, 429: ErrorBody } },
    config: {
      rateLimit: {
        max: deps.signInPerMinute,
        timeWindow: 60_000,
        errorResponseBuilder: (_request: FastifyRequest, context: { ttl: number }) => new HttpError(429, `Too many sign-in attempts from your address: try again in ${Math.max(1, Math.ceil(context.ttl / 1000))} seconds.`),
      },
    },
  }, async (request, reply) => {
    const { username, password } = request.body as SignInBody;
    const key = username.toLowerCase();
    const failed = failures.get(key);
    if (failed && failed.lockedUntil > Date.now()) {
      workspace.audit({ user: username, action: 'sign_in_refused', partner: null, draftId: null, buildId: null, detail: 'username locked after repeated failures', ip: request.ip });
      throw new HttpError(429, `Too many wrong passwords for this username: try again in ${Math.ceil((failed.lockedUntil - Date.now()) / 60_000)} minutes.`);
    }
    const account = await accounts.signIn(username, password);
    if (!account) {
      const count = (failed && failed.lockedUntil <= Date.now() && failed.count >= LOCK_AFTER_FAILURES ? 0 : failed?.count ?? 0) + 1;
      failures.set(key, { count, lockedUntil: count >= LOCK_AFTER_FAILURES ? Date.now() + LOCK_MS : 0 });
      workspace.audit({ user: username, action: 'sign_in_failed', partner: null, draftId: null, buildId: null, detail: null, ip: request.ip });
      throw unauthorized('The username or password is wrong.');
    }
    failures.delete(key);
    // A new session on every sign-in: a token planted before sign-in is never promoted.
    sessions.end(cookie(request, SESSION_COOKIE));
    const { token, session } = sessions.create(publicUser(account));
    workspace.audit({ user: account.username, action: 'sign_in', partner: account.partner ?? null, draftId: null, buildId: null, detail: null, ip: request.ip });
    const expiresAt = sessions.expiresAt(session);
    reply.header('set-cookie', sessionCookie(request, token, sessions.cookieSeconds(session)));
    return { user: session.user, csrfToken: session.csrfToken, expiresAt: expiresAt.toISOString() };
  });

  app.delete('/api/partner/session', { schema: { summary: 'Sign out', response: { 204: Type.Null(), ...errors } } }, async (request, reply) => {
    sessions.end(cookie(request, SESSION_COOKIE));
    workspace.audit({ user: user(request).username, action: 'sign_out', partner: user(request).partner, draftId: null, buildId: null, detail: null, ip: request.ip });
    reply.header('set-cookie', sessionCookie(request, '', 0));
    return reply.status(204).send();
  });

  app.get('/api/partner/drafts', { schema: { summary: 'Drafts you can see, newest first', response: { 200: DraftsReply, ...errors } } }, async (request) => ({
    drafts: publisher.list(user(request)),
  }));

  app.get('/api/partner/drafts/:id', { schema: { summary: 'One draft, with its checks, preview and progress', params: Id, response: { 200: Draft, ...errors } } }, async (request) => {
    const { id } = request.params as { id: string };
    return publisher.withProgress(publisher.get(user(request), id));
  });

  await app.register(fastifyMultipart, { limits: { fileSize: deps.uploadMaxBytes, files: 2, fields: 4, fieldSize: 1000, parts: 6, headerPairs: 50 } });

  app.post('/api/partner/drafts', { schema: { summary: 'Upload a spend or indicators file; it is checked in the background', response: { 202: Draft, ...errors, 413: ErrorBody, 415: ErrorBody } } }, async (request, reply) => {
    if (!request.isMultipart()) throw new HttpError(415, 'Send the upload as multipart/form-data: fields "kind" (spend or indicators) and "partner" (approvers only), and the file(s).');
    const me = user(request);
    const id = newId();
    const partial = workspace.path('uploads', `${id}.partial`);
    mkdirSync(partial, { recursive: true });
    try {
      const fields: Record<string, string> = {};
      const files: ReceivedFile[] = [];
      for await (const part of request.parts()) {
        if (part.type === 'field') {
          fields[part.fieldname] = String(part.value);
          continue;
        }
        const name = safeFileName(part.filename);
        if (files.some((f) => f.name === name)) throw badRequest(`Two files are both called ${name}; rename one.`);
        const path = `${partial}/${name}`;
        await pipeline(part.file, createWriteStream(path));
        if (part.file.truncated) throw new HttpError(413, `${name} is larger than the ${Math.round(deps.uploadMaxBytes / 1024 / 1024)} MB this server accepts. Split it by financial year, or ask the administrator to raise UPLOAD_MAX_MB.`);
        files.push({ field: part.fieldname, name, path });
      }
      const kind = fields.kind as DraftKind;
      if (kind !== 'spend' && kind !== 'indicators') throw badRequest('The field "kind" must be spend or indicators.');
      const partner = partnerFor(me, fields.partner);
      if (files.length === 0) throw badRequest('No file was sent.');
      const dir = workspace.uploadDir(id);
      renameSync(partial, dir);
      const prepared = await prepareUpload(dir, kind, files.map((f) => ({ ...f, path: f.path.replace(partial, dir) }))).catch((error: unknown) => {
        rmSync(dir, { recursive: true, force: true });
        throw error;
      });
      return reply.status(202).send(publisher.addDraft(me, id, kind, partner, prepared, request.ip));
    } catch (error) {
      // Nothing of a refused upload stays: not a file, not a draft.
      rmSync(partial, { recursive: true, force: true });
      const { code } = error as { code?: string };
      if (code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
        throw new HttpError(413, `The upload is too large: at most two files of ${Math.round(deps.uploadMaxBytes / 1024 / 1024)} MB each and a few form fields.`);
      }
      if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') throw new HttpError(415, 'Send the upload as multipart/form-data.');
      if (error instanceof Error && /Unexpected end of (form|multipart)|Malformed part header|Part terminated early/i.test(error.message)) {
        throw badRequest('The upload was cut short before it arrived whole; send it again.');
      }
      throw error;
    }
  });

  const action = (path: string, summary: string, run: (request: FastifyRequest, reply: FastifyReply) => unknown, body?: typeof RejectBody) => {
    app.post(`/api/partner/drafts/:id/${path}`, { schema: { summary, params: Id, ...(body ? { body } : {}), response: { 200: Draft, 202: Draft, ...errors } } }, run);
  };
  action('publish', 'Approve a checked draft: builds and makes live a new release', (request, reply) => reply.status(202).send(publisher.publish(user(request), (request.params as { id: string }).id, request.ip)));
  action('reject', 'Turn a draft down, with a reason its uploader will read', (request) => publisher.reject(user(request), (request.params as { id: string }).id, (request.body as RejectBody).reason.trim(), request.ip), RejectBody);
  action('withdraw', 'Take back your own draft', (request) => publisher.withdraw(user(request), (request.params as { id: string }).id, request.ip));

  app.get('/api/partner/releases', { schema: { summary: 'The live release, the one a roll-back would restore, every release, and the running job', response: { 200: ReleasesReply, ...errors } } }, async () => publisher.releases());

  app.post('/api/partner/releases/rollback', { schema: { summary: 'Make the previous release live again (admins)', response: { 202: ReleasesReply, ...errors } } }, async (request, reply) => {
    const done = publisher.rollback(user(request), request.ip);
    done.catch((error: unknown) => request.log.error({ err: error }, 'roll-back failed'));
    // Roll-back only opens a file already built: wait for it, so the answer shows the new live release.
    await done;
    return reply.status(202).send(publisher.releases());
  });

  app.get('/api/partner/audit', {
    schema: {
      summary: 'The audit log, newest first (admins)',
      querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }), offset: Type.Integer({ minimum: 0, default: 0 }) }, { additionalProperties: false }),
      response: { 200: AuditReply, ...errors },
    },
  }, async (request) => {
    if (user(request).role !== 'admin') throw forbidden('Only admins can read the audit log.');
    const { limit, offset } = request.query as { limit: number; offset: number };
    return workspace.readAudit(limit, offset);
  });
}

/** The host an Origin header names; null for "null" (sandboxed, file:) or anything unparseable. */
function originHost(origin: string): string | null {
  try {
    return new URL(origin).host || null;
  } catch {
    return null;
  }
}

/** Uploaders send for their own partner only; approvers and admins name the partner. */
function partnerFor(user: PartnerUser, given: string | undefined): string {
  const named = given?.trim() ?? '';
  if (user.role === 'uploader') {
    if (named !== '' && named !== user.partner) throw forbidden(`You upload for ${user.partner} only, not ${named}.`);
    return user.partner!;
  }
  if (named === '') throw badRequest('Name the partner this upload is for (the field "partner").');
  if (named.length > 100 || /[\u0000-\u001f]/.test(named)) throw badRequest('The field "partner" must be a name of at most 100 characters.');
  return named;
}
