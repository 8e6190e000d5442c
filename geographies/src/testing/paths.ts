/** For tests and benchmarks: where fixtures and the shared real open data live. */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Small committed fixtures: data/fixtures/boundaries. */
export const fixtureFile = (name: string) => resolve(repoRoot, 'data/fixtures/boundaries', name);

/**
 * The real open data in `../shared/data/real` beside the repository root. They are read in
 * place and never copied into the repository.
 */
export const REAL_DATA_DIR = resolve(repoRoot, '../shared/data/real');

export const hasRealData = existsSync(REAL_DATA_DIR);

export const realFile = (relativePath: string) => resolve(REAL_DATA_DIR, relativePath);

/** A describe() title that says why the block is skipped when the real data are absent. */
export const realDataTitle = (title: string) =>
  hasRealData ? title : `${title} [skipped: real data folder ${REAL_DATA_DIR} not found]`;
