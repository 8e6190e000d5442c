import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../etl/src/testing.ts';

/** Starts server/src/server.ts as `npm start` does; every case here fails before it would listen. */
function boot(env: Record<string, string>) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'server/src/server.ts'], {
    cwd: REPO_ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000,
  });
}

describe('booting the server', () => {
  it('stops on a bad PORT with a message naming PORT', () => {
    const result = boot({ PORT: 'http' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('AreaLens server did not start: PORT must be a whole number from 0 to 65535; got "http". See .env.example.');
  });

  it('stops on a missing database with a message naming the file and the command that builds one', () => {
    const missing = join(REPO_ROOT, 'data/build/no-such-build.duckdb');
    const result = boot({ DATABASE: missing, PORT: '0' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`No AreaLens database at ${missing}. Build real Scotland with \`npm run etl -- data/scotland --out data/build/scotland.duckdb\``);
  });
});
