import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Staging } from '../staging.ts';

export function fileChecksum(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/**
 * Runs one source's reader and records it for the etl_run table: checksum, rows read, loaded and
 * rejected (rows with at least one issue), and how long it took.
 */
export function recordSource(staging: Staging, kind: string, file: string, read: () => { rowsRead: number; rowsLoaded: number }): void {
  const startedAt = new Date();
  const t0 = performance.now();
  const issuesBefore = staging.issues.countFor(basename(file));
  const { rowsRead, rowsLoaded } = read();
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
