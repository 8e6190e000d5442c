import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { PartnerUser, Role } from '../schemas/publishing.ts';
import { writeFileAtomic } from './workspace.ts';

/**
 * Partner accounts, from users.json in the publishing workspace. Secrets are stored as scrypt
 * hashes (N=2^15, r=8, p=1: OWASP's minimum for scrypt, ~60 ms here) with a random salt each;
 * the file never holds a password. `npm run users` adds, changes and removes accounts.
 */

export interface Account extends PartnerUser {
  /** scrypt$N$r$p$salt(base64)$hash(base64) */
  secret: string;
  disabled?: boolean;
}

const ROLES: Role[] = ['uploader', 'approver', 'admin'];
const PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_BYTES = 32;

function scrypt(password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCallback(password, salt, keylen, options, (error, key) => (error ? reject(error) : resolve(key))));
}

export async function hashSecret(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, KEY_BYTES, { ...PARAMS, maxmem: 64 * 1024 * 1024 });
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

export async function verifySecret(password: string, secret: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = secret.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p), maxmem: 64 * 1024 * 1024 });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A hash to check against when the username is unknown, so a wrong name takes as long as a wrong password. */
let decoy: Promise<string> | null = null;

export class AccountsError extends Error {
  override name = 'AccountsError';
}

/** Checks one account record; returns what is wrong with it, or null. */
export function accountProblem(account: Partial<Account>): string | null {
  if (typeof account.username !== 'string' || !/^[a-z0-9][a-z0-9._@-]{1,62}$/i.test(account.username)) return 'username must be 2–63 letters, digits, dots, dashes, underscores or @';
  if (!ROLES.includes(account.role as Role)) return `role must be one of ${ROLES.join(', ')}`;
  if (account.role === 'uploader' && (typeof account.partner !== 'string' || account.partner.trim() === '')) return 'an uploader needs the partner it uploads for';
  if (account.role !== 'uploader' && account.partner) return 'only uploaders belong to a partner';
  if (typeof account.secret !== 'string' || !account.secret.startsWith('scrypt$')) return 'secret must be a scrypt hash made by `npm run users`';
  return null;
}

export class Accounts {
  private accounts: Map<string, Account>;
  private readAt = -1;

  constructor(private readonly file: string, private readonly onReloadError: (error: Error) => void = () => {}) {
    this.accounts = this.read();
  }

  private modified(): number {
    return existsSync(this.file) ? statSync(this.file).mtimeMs : 0;
  }

  /** Follows edits to users.json (by `npm run users`) without a restart; a broken file keeps the accounts before. */
  private fresh(): Map<string, Account> {
    if (this.modified() !== this.readAt) {
      try {
        this.accounts = this.read();
      } catch (error) {
        this.readAt = this.modified();
        this.onReloadError(error as Error);
      }
    }
    return this.accounts;
  }

  private read(): Map<string, Account> {
    this.readAt = this.modified();
    if (!existsSync(this.file)) return new Map();
    const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as { users?: Partial<Account>[] };
    const accounts = new Map<string, Account>();
    for (const [i, account] of (parsed.users ?? []).entries()) {
      const problem = accountProblem(account);
      if (problem) throw new AccountsError(`${this.file}: user ${i + 1} (${account.username ?? 'no username'}): ${problem}`);
      accounts.set(account.username!.toLowerCase(), { displayName: account.username!, partner: null, ...account } as Account);
    }
    return accounts;
  }

  get size(): number {
    return this.fresh().size;
  }

  list(): Account[] {
    return [...this.fresh().values()];
  }

  find(username: string): Account | null {
    const account = this.fresh().get(username.toLowerCase());
    return account && !account.disabled ? account : null;
  }

  /** The account if the password is right; null otherwise, in about the same time either way. */
  async signIn(username: string, password: string): Promise<Account | null> {
    const account = this.find(username);
    if (!account) {
      await verifySecret(password, await (decoy ??= hashSecret(randomBytes(16).toString('hex'))));
      return null;
    }
    return (await verifySecret(password, account.secret)) ? account : null;
  }

  save(accounts: Account[]): void {
    for (const account of accounts) {
      const problem = accountProblem(account);
      if (problem) throw new AccountsError(`user ${account.username}: ${problem}`);
    }
    writeFileAtomic(this.file, `${JSON.stringify({ users: accounts }, null, 2)}\n`);
    this.accounts = this.read();
  }
}

export const publicUser = ({ username, displayName, role, partner }: Account): PartnerUser => ({ username, displayName, role, partner: partner ?? null });
