import { ConfigError } from '../config.ts';

/**
 * How big a table download may be. 2,000,000 cells is about 74,000 rows of the 27 columns: every
 * ward in Scotland × 20 indicators × 10 periods, or a CSV of roughly 25 MB. Larger requests are
 * refused (413) with a message saying how to narrow them, rather than tying up the two-core
 * server for minutes.
 */
export const DEFAULT_MAX_CELLS = 2_000_000;
/** A table names at most this many indicators; the catalogue is smaller than this today. */
export const MAX_INDICATORS = 100;

export interface TableLimits {
  maxCells: number;
  maxIndicators: number;
}

/**
 * Reads TABLE_MAX_CELLS (a whole number of cells, rows × columns) once, when the routes are
 * registered at boot: a bad value stops the server with a message naming the key.
 */
export function tableLimits(env: Record<string, string | undefined> = process.env): TableLimits {
  const given = env.TABLE_MAX_CELLS?.trim();
  if (given === undefined || given === '') return { maxCells: DEFAULT_MAX_CELLS, maxIndicators: MAX_INDICATORS };
  const maxCells = Number(given);
  if (!/^\d+$/.test(given) || !Number.isSafeInteger(maxCells) || maxCells < 1) {
    throw new ConfigError(`TABLE_MAX_CELLS must be a whole number of cells of at least 1 (default ${DEFAULT_MAX_CELLS}); got ${JSON.stringify(given)}.`);
  }
  return { maxCells, maxIndicators: MAX_INDICATORS };
}
