import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import type { Staging } from '../staging.ts';

/** The file's SHA-256, read a block at a time (observation files can be gigabytes). */
export function fileChecksum(file: string): string {
  const hash = createHash('sha256');
  const block = Buffer.allocUnsafe(1 << 20);
  const fd = openSync(file, 'r');
  try {
    for (let n = readSync(fd, block); n > 0; n = readSync(fd, block)) hash.update(block.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
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
