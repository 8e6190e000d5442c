import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Signed-in partner sessions, held in this process's memory: a restart signs everyone out, which
 * is the safe failure. The cookie carries a random 256-bit token; the store keeps only its SHA-256,
 * so a heap dump cannot be replayed as a cookie. Each session has its own CSRF token, which every
 * POST and DELETE must echo in a header (a cross-site form cannot read it), on top of the cookie's
 * SameSite=Strict.
 */

export interface Session<User> {
  user: User;
  csrfToken: string;
  createdAt: number;
  lastSeen: number;
}

export interface SessionLimits {
  /** A session unused for this long ends. */
  idleMs: number;
  /** A session ends this long after sign-in, used or not. */
  absoluteMs: number;
}

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

export const sameToken = (a: string, b: string): boolean => {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
};

export class SessionStore<User> {
  private readonly sessions = new Map<string, Session<User>>();

  constructor(private readonly limits: SessionLimits, private readonly now: () => number = Date.now) {}

  /** Starts a session; returns the token for the cookie. */
  create(user: User): { token: string; session: Session<User> } {
    this.sweep();
    const token = randomBytes(32).toString('base64url');
    const at = this.now();
    const session = { user, csrfToken: randomBytes(32).toString('base64url'), createdAt: at, lastSeen: at };
    this.sessions.set(digest(token), session);
    return { token, session };
  }

  /** The live session for a cookie token (and marks it used), or null. */
  get(token: string | undefined): Session<User> | null {
    if (!token) return null;
    const key = digest(token);
    const session = this.sessions.get(key);
    if (!session) return null;
    const at = this.now();
    if (at - session.lastSeen > this.limits.idleMs || at - session.createdAt > this.limits.absoluteMs) {
      this.sessions.delete(key);
      return null;
    }
    session.lastSeen = at;
    return session;
  }

  expiresAt(session: Session<User>): Date {
    return new Date(Math.min(session.lastSeen + this.limits.idleMs, session.createdAt + this.limits.absoluteMs));
  }

  /** Seconds until the session's absolute end: the cookie's Max-Age. */
  cookieSeconds(session: Session<User>): number {
    return Math.max(0, Math.ceil((session.createdAt + this.limits.absoluteMs - this.now()) / 1000));
  }

  end(token: string | undefined): void {
    if (token) this.sessions.delete(digest(token));
  }

  /** Ends every session of one user (their account was changed or removed). */
  endFor(matches: (user: User) => boolean): void {
    for (const [key, session] of this.sessions) if (matches(session.user)) this.sessions.delete(key);
  }

  private sweep(): void {
    const at = this.now();
    for (const [key, session] of this.sessions) {
      if (at - session.lastSeen > this.limits.idleMs || at - session.createdAt > this.limits.absoluteMs) this.sessions.delete(key);
    }
  }

  get size(): number {
    return this.sessions.size;
  }
}
