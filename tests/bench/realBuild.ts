/**
 * The real-data database a bench reads: run.ts's fresh build (BENCH_REAL_DB), else REAL_DB or the
 * given default, built from data/scotland when it is missing or of an older schema (the ETL's
 * --if-missing), so a bench never reads a file this checkout's server cannot open.
 */
import { ETL_NODE_FLAGS } from '../../etl/src/nodeFlags.ts';
import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from '../../server/src/config.ts';

export function realDatabase(fallback: string): string {
  const database = process.env.BENCH_REAL_DB ?? process.env.REAL_DB ?? fallback;
  const result = spawnSync(process.execPath, [...ETL_NODE_FLAGS, '--import', 'tsx', 'etl/src/cli.ts', 'data/scotland', '--out', database, '--if-missing'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`the ETL failed (exit ${result.status})`);
  return database;
}
