import { basename } from 'node:path';
import { BoundaryFileError, readBoundaries } from '../../../geographies/src/boundaries.ts';
import type { Staging } from '../staging.ts';
import { fileChecksum } from './context.ts';

/** Data-zone (or other level) polygons; shapes of every level are dissolved from them at build. */
export async function readBoundarySource(staging: Staging, file: string, level: string, codeProperty: string, nameProperty?: string): Promise<void> {
  const startedAt = new Date();
  const t0 = performance.now();
  const name = basename(file);
  try {
    const { features } = await readBoundaries(file, { codeProperty, nameProperty });
    staging.boundaries.set(level, { file: name, features });
    staging.runs.push({ kind: 'boundaries', file: name, checksum: fileChecksum(file), rowsRead: features.length, rowsLoaded: features.length, rowsRejected: 0, startedAt, durationMs: performance.now() - t0 });
  } catch (error) {
    if (!(error instanceof BoundaryFileError)) throw error;
    staging.issues.add({ file: name, message: error.message.replace(`${error.file}: `, '') });
  }
}
