import type { BuildDatabase } from './duckdb.ts';
import type { Staging } from './staging.ts';
import type { AreaIds } from './write.ts';

/** Dissolves data-zone boundaries into every level (filled in with the geographies module). */
export async function writeShapes(_db: BuildDatabase, staging: Staging, _ids: AreaIds, _log: (line: string) => void): Promise<void> {
  if (!staging.boundaries.has('dz2011')) return;
}
