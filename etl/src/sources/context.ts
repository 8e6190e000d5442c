import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { Staging } from '../staging.ts';

/** Digests already made in this process, by path, with the size and time they were made for. */
const digests = new Map<string, { size: number; mtimeMs: number; digest: string }>();

/**
 * The file's SHA-256, read a block at a time (observation files can be gigabytes). A build asks
 * for each input's digest twice (its source run, and the inputs digest written with the build),
 * and `--if-missing` once more before it: an unchanged file (same size and modification time) is
 * read once.
 */
export function fileChecksum(file: string): string {
  const path = resolve(file);
  const { size, mtimeMs } = statSync(path);
  const known = digests.get(path);
  if (known && known.size === size && known.mtimeMs === mtimeMs) return known.digest;
  const hash = createHash('sha256');
  const block = Buffer.allocUnsafe(1 << 20);
  const fd = openSync(path, 'r');
  try {
    for (let n = readSync(fd, block); n > 0; n = readSync(fd, block)) hash.update(block.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  const digest = hash.digest('hex');
  digests.set(path, { size, mtimeMs, digest });
  return digest;
}

/**
 * Runs one source's reader and records it for the etl_run table: checksum, rows read, loaded and
 * rejected (rows with at least one issue), and how long it took.
 */
export function recordSource(staging: Staging, kind: string, file: string, read: () => { rowsRead: number; rowsLoaded: number }): void {
  const startedAt = new Date();
  const t0 = performance.now();
  const issuesBefore = staging.issues.countFor(basename(file));
  record(staging, kind, file, read(), startedAt, t0, issuesBefore);
}

/** recordSource for a reader that streams its file. */
export async function recordSourceAsync(staging: Staging, kind: string, file: string, read: () => Promise<{ rowsRead: number; rowsLoaded: number }>): Promise<void> {
  const startedAt = new Date();
  const t0 = performance.now();
  const issuesBefore = staging.issues.countFor(basename(file));
  record(staging, kind, file, await read(), startedAt, t0, issuesBefore);
}

function record(staging: Staging, kind: string, file: string, { rowsRead, rowsLoaded }: { rowsRead: number; rowsLoaded: number }, startedAt: Date, t0: number, issuesBefore: number): void {
  staging.runs.push({
    kind,
    file: basename(file),
    checksum: fileChecksum(file),
    rowsRead,
    rowsLoaded,
    rowsRejected: Math.min(rowsRead, staging.issues.countFor(basename(file)) - issuesBefore),
    startedAt,
    durationMs: performance.now() - t0,
  });
}
