import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDatabase } from '../../etl/src/build.ts';
import type { Manifest } from '../../etl/src/manifest.ts';
import { REPO_ROOT, scratchFile } from '../../etl/src/testing.ts';

/** Six 2011 and eight 2022 data zones in two councils, with indicators on each set (README.md there). */
export const DZ2022_FIXTURE = join(REPO_ROOT, 'data/fixtures/dz2022');

/** Builds a scratch copy of the 2022 data zones fixture, with edits applied to some of its files. */
export async function buildDz2022Database(edits: Record<string, (text: string) => string> = {}): Promise<{ file: string; buildId: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'arealens-dz2022-'));
  cpSync(DZ2022_FIXTURE, dir, { recursive: true });
  for (const [name, edit] of Object.entries(edits)) writeFileSync(join(dir, name), edit(readFileSync(join(dir, name), 'utf8')));
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  const file = scratchFile('dz2022.duckdb');
  const { buildId } = await buildDatabase({ manifest, baseDir: dir, out: file });
  return { file, buildId };
}
