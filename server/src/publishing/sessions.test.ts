import { describe, expect, it } from 'vitest';
import { sameToken, SessionStore } from './sessions.ts';

describe('SessionStore', () => {
  const minutes = (n: number) => n * 60_000;

  it('ends a session left unused past the idle limit, and any session past the absolute limit', () => {
    let now = 0;
    const store = new SessionStore<string>({ idleMs: minutes(30), absoluteMs: minutes(60) }, () => now);
    const { token } = store.create('ada');
    now = minutes(29);
    expect(store.get(token)?.user).toBe('ada'); // used: the idle clock restarts
    now = minutes(58);
    expect(store.get(token)?.user).toBe('ada');
    now = minutes(61);
    expect(store.get(token)).toBeNull(); // used recently, but past the absolute limit

    const idle = store.create('bea').token;
    now += minutes(31);
    expect(store.get(idle)).toBeNull();
  });

  it('says when a session ends and how long its cookie should live', () => {
    let now = 1_000_000;
    const store = new SessionStore<string>({ idleMs: minutes(30), absoluteMs: minutes(60) }, () => now);
    const { session } = store.create('ada');
    expect(store.expiresAt(session).getTime()).toBe(1_000_000 + minutes(30));
    expect(store.cookieSeconds(session)).toBe(3600);
    now += minutes(45);
    store.get(store.create('x').token);
    expect(store.cookieSeconds(session)).toBe(900);
  });

  it('keeps only a digest of each token, so the store cannot be read back as cookies', () => {
    const store = new SessionStore<string>({ idleMs: 1000, absoluteMs: 1000 });
    const { token } = store.create('ada');
    const keys = [...(store as unknown as { sessions: Map<string, unknown> }).sessions.keys()];
    expect(keys).toHaveLength(1);
    expect(keys[0]).not.toContain(token);
    expect(keys[0]).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives every session its own random token and CSRF token, and ends them on request', () => {
    const store = new SessionStore<string>({ idleMs: 60_000, absoluteMs: 60_000 });
    const a = store.create('ada');
    const b = store.create('ada');
    expect(a.token).not.toBe(b.token);
    expect(a.session.csrfToken).not.toBe(b.session.csrfToken);
    store.end(a.token);
    expect(store.get(a.token)).toBeNull();
    expect(store.get(b.token)).not.toBeNull();
    store.endFor((user) => user === 'ada');
    expect(store.size).toBe(0);
    expect(store.get(undefined)).toBeNull();
  });

  it('compares tokens whole, whatever their lengths', () => {
    expect(sameToken('abc', 'abc')).toBe(true);
    expect(sameToken('abc', 'abd')).toBe(false);
    expect(sameToken('abc', 'abcd')).toBe(false);
    expect(sameToken('', 'abc')).toBe(false);
  });
});
