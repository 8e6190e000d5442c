import { mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { accountProblem, Accounts, AccountsError, hashSecret, verifySecret } from './accounts.ts';
import { runUsersCommand } from './usersCli.ts';

describe('secrets', () => {
  it('hash with a fresh salt each time and verify only the right password', async () => {
    const [a, b] = [await hashSecret('correct horse'), await hashSecret('correct horse')];
    expect(a).not.toBe(b);
    expect(await verifySecret('correct horse', a)).toBe(true);
    expect(await verifySecret('correct horse', b)).toBe(true);
    expect(await verifySecret('correct hors', a)).toBe(false);
    expect(await verifySecret('correct horse', 'plain text')).toBe(false);
  });
});

describe('accounts', () => {
  const base = { username: 'nina', displayName: 'Nina', secret: 'scrypt$1$1$1$a$b' };
  it('name what is wrong with a record', () => {
    expect(accountProblem({ ...base, role: 'uploader', partner: 'NHS Fife' })).toBeNull();
    expect(accountProblem({ ...base, role: 'approver', partner: null })).toBeNull();
    expect(accountProblem({ ...base, role: 'uploader', partner: null })).toBe('an uploader needs the partner it uploads for');
    expect(accountProblem({ ...base, role: 'admin', partner: 'NHS Fife' })).toBe('only uploaders belong to a partner');
    expect(accountProblem({ ...base, role: 'owner' as never })).toBe('role must be one of uploader, approver, admin');
    expect(accountProblem({ ...base, role: 'admin', secret: 'hunter2' })).toBe('secret must be a scrypt hash made by `npm run users`');
    expect(accountProblem({ ...base, username: 'a b', role: 'admin' })).toMatch(/^username must be/);
  });

  it('refuse a users.json with a bad record, naming it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'arealens-users-')), 'users.json');
    writeFileSync(file, JSON.stringify({ users: [{ ...base, role: 'uploader' }] }));
    expect(() => new Accounts(file)).toThrow(AccountsError);
    expect(() => new Accounts(file)).toThrow(`${file}: user 1 (nina): an uploader needs the partner it uploads for`);
  });

  it('follow edits to users.json without a restart, and keep the last good accounts if it breaks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'arealens-users-'));
    const env = { PUBLISH_DIR: dir, AREALENS_PASSWORD: 'a long enough password' };
    const printed: string[] = [];
    await runUsersCommand(['add', 'ada', '--role', 'admin', '--name', 'Ada Lovelace'], env, (line) => printed.push(line));
    const errors: Error[] = [];
    const accounts = new Accounts(join(dir, 'users.json'), (error) => errors.push(error));
    expect(await accounts.signIn('ADA', 'a long enough password')).toMatchObject({ username: 'ada', displayName: 'Ada Lovelace', role: 'admin' });
    expect(readFileSync(join(dir, 'users.json'), 'utf8')).not.toContain('a long enough password');

    await runUsersCommand(['add', 'nina', '--role', 'uploader', '--partner', 'NHS Fife'], { PUBLISH_DIR: dir }, (line) => printed.push(line));
    const generated = printed.find((line) => line.startsWith('Password for nina'))!.split(': ').at(-1)!;
    expect(generated).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(await accounts.signIn('nina', generated)).toMatchObject({ partner: 'NHS Fife' });

    await expect(runUsersCommand(['add', 'bob', '--role', 'uploader'], env)).rejects.toThrow('an uploader needs the partner it uploads for');
    await expect(runUsersCommand(['add', 'ada', '--role', 'admin'], env)).rejects.toThrow('ada already exists');
    await runUsersCommand(['remove', 'nina'], env, () => {});
    expect(accounts.find('nina')).toBeNull();

    writeFileSync(join(dir, 'users.json'), '{ broken');
    utimesSync(join(dir, 'users.json'), new Date(), new Date(Date.now() + 5000));
    expect(accounts.find('ada')).not.toBeNull();
    expect(errors).toHaveLength(1);
  });
});
