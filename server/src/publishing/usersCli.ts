/**
 * `npm run users -- <command>`: partner accounts in the publishing workspace's users.json.
 *
 *   add <username> --role uploader|approver|admin [--partner NAME] [--name "Display name"]
 *   password <username>        a new password for an existing account
 *   remove <username>
 *   list
 *
 * The workspace is --dir FOLDER, or PUBLISH_DIR, or data/publishing. A new password is read from
 * the environment variable AREALENS_PASSWORD if set (for scripts), otherwise generated and printed
 * once; only its scrypt hash is stored. A running server notices changes to users.json at the next sign-in or request.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { REPO_ROOT } from '../config.ts';
import type { Role } from '../schemas/publishing.ts';
import { accountProblem, Accounts, AccountsError, hashSecret, type Account } from './accounts.ts';

class UsageError extends Error {}

const USAGE = `Usage: npm run users -- add <username> --role uploader|approver|admin [--partner NAME] [--name "Display name"] [--dir FOLDER]
       npm run users -- password <username> | remove <username> | list   [--dir FOLDER]`;

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  if (at < 0) return undefined;
  const value = args[at + 1];
  if (!value || value.startsWith('--')) throw new UsageError(`${name} needs a value`);
  return value;
}

/** 20 characters from a 64-letter alphabet: 120 bits. */
const newPassword = () => randomBytes(15).toString('base64url');

export async function runUsersCommand(args: string[], env: Record<string, string | undefined> = process.env, print: (line: string) => void = console.log): Promise<void> {
  const dirGiven = option(args, '--dir') ?? env.PUBLISH_DIR ?? 'data/publishing';
  const dir = isAbsolute(dirGiven) ? dirGiven : resolve(REPO_ROOT, dirGiven);
  const accounts = new Accounts(join(dir, 'users.json'));
  const [command, username] = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
  const all = accounts.list();
  const password = async () => {
    const given = env.AREALENS_PASSWORD;
    if (given !== undefined && given.length < 12) throw new UsageError('AREALENS_PASSWORD must be at least 12 characters');
    const chosen = given ?? newPassword();
    if (given === undefined) print(`Password for ${username} (shown once; store it safely): ${chosen}`);
    return hashSecret(chosen);
  };
  switch (command) {
    case 'list':
      for (const a of all) print(`${a.username}\t${a.role}${a.partner ? `\t${a.partner}` : ''}${a.disabled ? '\t(disabled)' : ''}`);
      if (all.length === 0) print(`No accounts in ${dir}/users.json.`);
      return;
    case 'add': {
      if (!username) throw new UsageError('add needs a username');
      if (accounts.find(username) || all.some((a) => a.username.toLowerCase() === username.toLowerCase())) throw new UsageError(`${username} already exists; use "password" to change its password`);
      const role = option(args, '--role') as Role | undefined;
      // Checked with a placeholder secret first, so a mistake in the options costs no password.
      const account: Account = { username, displayName: option(args, '--name') ?? username, role: role!, partner: option(args, '--partner') ?? null, secret: 'scrypt$' };
      const problem = accountProblem(account);
      if (problem) throw new UsageError(problem);
      account.secret = await password();
      accounts.save([...all, account]);
      print(`Added ${username} (${account.role}${account.partner ? ` for ${account.partner}` : ''}) to ${dir}/users.json; they can sign in now.`);
      return;
    }
    case 'password': {
      const account = all.find((a) => a.username.toLowerCase() === username?.toLowerCase());
      if (!account) throw new UsageError(`no account ${username ?? ''}`);
      account.secret = await password();
      accounts.save(all);
      print(`Changed the password of ${account.username}. It takes effect at their next sign-in.`);
      return;
    }
    case 'remove': {
      if (!all.some((a) => a.username.toLowerCase() === username?.toLowerCase())) throw new UsageError(`no account ${username ?? ''}`);
      accounts.save(all.filter((a) => a.username.toLowerCase() !== username!.toLowerCase()));
      print(`Removed ${username}. Their sessions end with their next request.`);
      return;
    }
    case 'demo': {
      // Accounts for trying publishing on the synthetic demo (npm run start:publishing): made once,
      // passwords written beside users.json for the person at the keyboard.
      if (all.length > 0) return;
      const people: Omit<Account, 'secret'>[] = [
        { username: 'admin', displayName: 'Demo administrator', role: 'admin', partner: null },
        { username: 'approver', displayName: 'Demo approver', role: 'approver', partner: null },
        { username: 'nhs', displayName: 'Demo uploader (NHS Firthshire)', role: 'uploader', partner: 'NHS Firthshire' },
        { username: 'council', displayName: 'Demo uploader (Firthshire Council)', role: 'uploader', partner: 'Firthshire Council' },
      ];
      const made = await Promise.all(people.map(async (person) => ({ person, password: newPassword() })));
      accounts.save(await Promise.all(made.map(async ({ person, password: chosen }) => ({ ...person, secret: await hashSecret(chosen) }))));
      const text = made.map(({ person, password: chosen }) => `${person.username}\t${chosen}\t${person.role}${person.partner ? ` for ${person.partner}` : ''}`).join('\n');
      writeFileSync(join(dir, 'demo-accounts.txt'), `${text}\n`, { mode: 0o600 });
      print(`Demo partner accounts (also in ${join(dir, 'demo-accounts.txt')}):\n${text}`);
      return;
    }
    default:
      throw new UsageError(command ? `unknown command "${command}"` : 'say what to do');
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runUsersCommand(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof UsageError || error instanceof AccountsError ? `${error.message}\n\n${USAGE}` : error);
    process.exit(1);
  });
}
