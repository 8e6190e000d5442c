/**
 * The typed client for the partner publishing API (/api/partner): sign-in, uploads, review,
 * releases and the audit log. Kept apart from lib/api.ts, the public API's client: these requests
 * carry a session cookie, and every unsafe one but sign-in carries the session's CSRF token.
 * Types come from the server's TypeBox schemas, type-only.
 */
import type { ErrorBody } from '../../../server/src/schemas/common.ts';
import type {
  AuditEntry, AuditReply, Draft, DraftKind, DraftStatus, DraftsReply, Issue, IndicatorChange, IndicatorsPreview, PartnerUser, Preview,
  Progress, Release, ReleasesReply, Role, SessionReply, SpendPreview,
} from '../../../server/src/schemas/publishing.ts';
import { ApiError, noticeBuild } from './api.ts';

export type {
  AuditEntry, AuditReply, Draft, DraftKind, DraftStatus, DraftsReply, Issue, IndicatorChange, IndicatorsPreview, PartnerUser, Preview,
  Progress, Release, ReleasesReply, Role, SessionReply, SpendPreview,
};

const BASE = '/api/partner';

/** The session's CSRF token, from the last session reply; sent back on every POST and DELETE. */
let csrfToken: string | null = null;

async function plainMessage(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as Partial<ErrorBody>;
    if (typeof body.message === 'string' && body.message) return body.message;
  } catch {
    // Not JSON (a proxy's page, say): fall through to the status.
  }
  if (response.status === 401) return 'You are not signed in, or your session has ended. Sign in again.';
  if (response.status === 403) return 'Your role does not allow this.';
  if (response.status >= 500) return 'The AreaLens server had a problem answering. Please try again in a moment.';
  return `The server answered ${response.status} ${response.statusText}.`;
}

interface Ask {
  method?: 'GET' | 'POST' | 'DELETE';
  json?: unknown;
  form?: FormData;
}

async function ask<T>(path: string, { method = 'GET', json, form }: Ask = {}): Promise<T> {
  const target = `${BASE}${path}`;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  // A FormData body sets its own multipart content type, boundary included.
  if (json !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(target, { method, headers, credentials: 'same-origin', body: form ?? (json === undefined ? undefined : JSON.stringify(json)) });
  } catch {
    throw new ApiError(0, 'Could not reach the AreaLens server. Check your connection, or that the server is running, and try again.', target);
  }
  noticeBuild(response);
  if (!response.ok) throw new ApiError(response.status, await plainMessage(response), target);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

function keepToken(reply: SessionReply): SessionReply {
  csrfToken = reply.csrfToken;
  return reply;
}

const draftPath = (id: string) => `/drafts/${encodeURIComponent(id)}`;

export const partnerApi = {
  /** Who is signed in: 401 when nobody is, 404 when this server does not publish. */
  session: () => ask<SessionReply>('/session').then(keepToken),
  signIn: (username: string, password: string) => ask<SessionReply>('/session', { method: 'POST', json: { username, password } }).then(keepToken),
  signOut: () =>
    ask<void>('/session', { method: 'DELETE' }).finally(() => {
      csrfToken = null;
    }),
  drafts: () => ask<DraftsReply>('/drafts'),
  draft: (id: string) => ask<Draft>(draftPath(id)),
  /** Files become a draft, checked in the background: the reply says `checking`. */
  upload: (form: FormData) => ask<Draft>('/drafts', { method: 'POST', form }),
  publish: (id: string) => ask<Draft>(`${draftPath(id)}/publish`, { method: 'POST' }),
  reject: (id: string, reason: string) => ask<Draft>(`${draftPath(id)}/reject`, { method: 'POST', json: { reason } }),
  withdraw: (id: string) => ask<Draft>(`${draftPath(id)}/withdraw`, { method: 'POST' }),
  releases: () => ask<ReleasesReply>('/releases'),
  rollback: () => ask<ReleasesReply>('/releases/rollback', { method: 'POST' }),
  audit: (limit = 100, offset = 0) => ask<AuditReply>(`/audit?limit=${limit}&offset=${offset}`),
};
