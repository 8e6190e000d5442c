import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Manifest } from './manifest.ts';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const MINI_FIXTURE = join(REPO_ROOT, 'data/fixtures/mini');
/** The whole collection of real open data, beside the repository (not in it; absent on a fresh clone). */
export const REAL_DATA = resolve(REPO_ROOT, '../shared/data/real');
/** The official files the default build reads, carried in the repository (gzipped). */
export const SCOTLAND_DATA = join(REPO_ROOT, 'data/scotland');

/** A scratch copy of the mini fixture, with edits applied to some of its files. */
export function fixtureCopy(edits: Record<string, (text: string) => string> = {}): { dir: string; manifest: Manifest } {
  const dir = mkdtempSync(join(tmpdir(), 'arealens-fixture-'));
  cpSync(MINI_FIXTURE, dir, { recursive: true });
  for (const [file, edit] of Object.entries(edits)) writeFileSync(join(dir, file), edit(readFileSync(join(dir, file), 'utf8')));
  return { dir, manifest: JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest };
}

export function scratchFile(name: string): string {
  return join(mkdtempSync(join(tmpdir(), 'arealens-db-')), name);
}

/** Runs read-only queries against a built database file. */
export async function queryDatabase<T = Record<string, unknown>>(file: string, sql: string, params: (string | number)[] = []): Promise<T[]> {
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(sql, params);
    return reader.getRowObjectsJS() as T[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
