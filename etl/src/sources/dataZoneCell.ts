import type { DataZoneVintage } from '../../../geographies/src/levels.ts';
import { cell, type CsvRow, type CsvTable } from '../csv.ts';
import type { Staging } from '../staging.ts';

/** Reads a data zone code cell and checks it is a data zone this build knows; reports if not. */
export function dataZoneCell(staging: Staging, table: CsvTable, row: CsvRow, column: string, vintage: DataZoneVintage = 'dz2011'): string | null {
  const dz = cell(table, row, column);
  if (staging.dataZones.get(vintage)?.has(dz)) return dz;
  const message = /^S01\d{6}$/.test(dz)
    ? `data zone ${dz} is not in the data zone lookup (${vintage})`
    : `"${dz}" is not a data zone code (expected S01 followed by six digits)`;
  staging.issues.add({ file: table.name, row: row.row, column, message });
  return null;
}

/** Reports data zones a data-zone-keyed file should cover but does not (codes listed, first ten). */
export function checkCompleteCoverage(staging: Staging, fileName: string, seen: Set<string>, what: string, vintage: DataZoneVintage = 'dz2011'): void {
  const all = staging.dataZones.get(vintage);
  if (!all) return;
  const missing = [...all.keys()].filter((dz) => !seen.has(dz));
  if (missing.length > 0) {
    staging.issues.add({
      file: fileName,
      message: `${what} is missing ${missing.length} of the ${all.size} data zones in the lookup (e.g. ${missing.slice(0, 10).join(', ')})`,
    });
  }
}
