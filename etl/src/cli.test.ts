import { spawnSync } from 'node:child_process';
import { appendFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureCopy, REPO_ROOT, scratchFile } from './testing.ts';

const etl = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'etl/src/cli.ts', ...args], { cwd: REPO_ROOT, encoding: 'utf8' });

describe('npm run etl -- … --if-missing', () => {
  it('leaves a database built from the same files alone, and rebuilds it when a file changes', () => {
    const { dir } = fixtureCopy();
    const out = scratchFile('if-missing.duckdb');
    const first = etl(join(dir, 'manifest.json'), '--out', out, '--if-missing');
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^Built /m);
    const built = statSync(out).mtimeMs;
    const again = etl(join(dir, 'manifest.json'), '--out', out, '--if-missing');
    expect(again.stdout).toContain('up to date with');
    expect(statSync(out).mtimeMs).toBe(built);
    appendFileSync(join(dir, 'spend.csv'), 'Testshire Council,Libraries,2020/21,S01000001,,1,,\n');
    const changed = etl(join(dir, 'manifest.json'), '--out', out, '--if-missing');
    expect(changed.status, changed.stderr).toBe(0);
    expect(changed.stdout).toMatch(/^Built /m);
  });
});
