/**
 * A throwaway PostgreSQL for the peer benchmark: Debian's server binaries, `initdb` into a fresh
 * temporary directory, listening on 127.0.0.1 only, on a free port, behind a random password.
 * `stop()` shuts it down and deletes the directory; the caller runs it on exit, error and Ctrl-C.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Cluster {
  host: string;
  port: number;
  user: string;
  password: string;
  /** Readable by the server process: where COPY ... FROM may find its files. */
  shareDir: string;
  version: string;
  /** The settings we changed from PostgreSQL's defaults, as written to postgresql.conf. */
  settings: Record<string, string>;
  /** Stops the server and deletes its directory. Safe to call twice. */
  stop(): void;
}

const BIN_ROOT = '/usr/lib/postgresql';

/** The newest installed server's bin directory, installing Debian's package first when there is none. */
function serverBinaries(): string {
  const find = () => existsSync(BIN_ROOT)
    ? readdirSync(BIN_ROOT).filter((v) => existsSync(join(BIN_ROOT, v, 'bin', 'postgres'))).sort((a, b) => Number(b) - Number(a))
    : [];
  if (find().length === 0) {
    if (process.getuid?.() !== 0) throw new Error(`No PostgreSQL under ${BIN_ROOT}: install Debian's package (apt-get install -y postgresql) and run again.`);
    console.log('Installing PostgreSQL from Debian (apt-get install -y postgresql)…');
    const update = spawnSync('apt-get', ['update'], { stdio: 'inherit' });
    const install = spawnSync('apt-get', ['install', '-y', 'postgresql'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (update.status !== 0 || install.status !== 0) throw new Error('apt-get could not install postgresql');
  }
  const [newest] = find();
  if (!newest) throw new Error(`apt-get ran but there is still no ${BIN_ROOT}/*/bin/postgres`);
  return join(BIN_ROOT, newest, 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Settings for a 24 GiB, 2-core machine, from the PostgreSQL manual's starting points: shared_buffers
 * a quarter of memory, effective_cache_size three quarters. fsync, full_page_writes and
 * synchronous_commit are OFF: this cluster lives for one benchmark and is deleted after, so crash
 * safety buys nothing, and they only affect writes (the load), never the timed read-only queries.
 */
function settingsFor(port: number): Record<string, string> {
  const mb = Math.floor(totalmem() / 2 ** 20);
  return {
    listen_addresses: "'127.0.0.1'",
    port: String(port),
    unix_socket_directories: "''", // TCP on loopback only: no socket file anywhere
    shared_buffers: `'${Math.floor(mb / 4)}MB'`,
    effective_cache_size: `'${Math.floor((mb * 3) / 4)}MB'`,
    work_mem: "'64MB'",
    maintenance_work_mem: "'1GB'",
    random_page_cost: '1.1', // everything is in memory after the load; the default 4 assumes spinning disks
    max_parallel_workers_per_gather: '2', // the default, and the machine's two cores
    fsync: 'off',
    full_page_writes: 'off',
    synchronous_commit: 'off',
  };
}

export async function startCluster(): Promise<Cluster> {
  const bin = serverBinaries();
  const root = process.getuid?.() === 0;
  // PostgreSQL refuses to run as root: as root, run it as Debian's `postgres` user.
  const owner = root ? { uid: Number(run('id', ['-u', 'postgres']).stdout.trim()), gid: Number(run('id', ['-g', 'postgres']).stdout.trim()) } : null;
  // From '/', so that the server's user is not left in a directory it may not read.
  const asServer = (command: string, args: string[]) => (root ? run('runuser', ['-u', 'postgres', '--', command, ...args], '/') : run(command, args, '/'));

  const dir = mkdtempSync(join(tmpdir(), 'arealens-peer-pg-'));
  const dataDir = join(dir, 'data');
  const shareDir = join(dir, 'csv');
  const password = randomBytes(18).toString('base64url');
  const user = 'arealens';
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    // postmaster.pid exists while a server runs, including one whose start timed out.
    if (existsSync(join(dataDir, 'postmaster.pid'))) asServer(join(bin, 'pg_ctl'), ['stop', '-D', dataDir, '-m', 'fast', '-w']);
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    if (owner) chownSync(dir, owner.uid, owner.gid); // 0700: only the server's user (and root) can look inside
    mkdirSync(shareDir);
    chmodSync(shareDir, 0o755);
    const pwfile = join(dir, 'pwfile');
    writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
    if (owner) chownSync(pwfile, owner.uid, owner.gid);
    const init = asServer(join(bin, 'initdb'), ['-D', dataDir, '-U', user, `--pwfile=${pwfile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--locale=C.UTF-8']);
    if (init.status !== 0) throw new Error(`initdb failed:\n${init.stderr}`);
    rmSync(pwfile);

    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const settings = settingsFor(port);
      appendFileSync(join(dataDir, 'postgresql.conf'), `\n# AreaLens peer benchmark\n${Object.entries(settings).map(([k, v]) => `${k} = ${v}`).join('\n')}\n`);
      const log = join(dir, 'server.log');
      const start = asServer(join(bin, 'pg_ctl'), ['start', '-D', dataDir, '-l', log, '-w', '-t', '60']);
      if (start.status === 0) {
        const version = run(join(bin, 'postgres'), ['--version']).stdout.trim();
        return { host: '127.0.0.1', port, user, password, shareDir, version, settings, stop };
      }
      // Another process may have taken the port between our probe and the server's bind: try another.
      const why = existsSync(log) ? readFileSync(log, 'utf8') : start.stderr;
      if (attempt === 3 || !/could not bind|Address already in use/.test(why)) throw new Error(`PostgreSQL did not start:\n${why}`);
    }
  } catch (error) {
    stop();
    throw error;
  }
}

function run(command: string, args: string[], cwd?: string): SpawnSyncReturns<string> {
  return spawnSync(command, args, { encoding: 'utf8', cwd });
}
