import { cell, checkColumns, numberCell, readCsv } from '../csv.ts';
import type { Staging } from '../staging.ts';
import { recordSource } from './context.ts';
import { dataZoneCell } from './dataZoneCell.ts';

/** Upper case, single spaces, and one space before the inward code (the last three characters). */
export function normalisePostcode(raw: string): string | null {
  const compact = raw.toUpperCase().replace(/\s+/g, '');
  if (!/^[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2}[A-Z]?$/.test(compact)) return null;
  // Split postcodes in the SPD carry a fourth inward letter (e.g. PA31 8UAB); they are one postcode.
  const core = /[A-Z]{2}[A-Z]$/.test(compact) && compact.length > 7 ? compact.slice(0, -1) : compact;
  return `${core.slice(0, -3)} ${core.slice(-3)}`;
}

/** Scottish Postcode Directory with a header row (Postcode, DataZone2011Code, Latitude, Longitude, DateOfDeletion). */
export function readPostcodes(staging: Staging, file: string): void {
  recordSource(staging, 'postcodes', file, () => {
    const table = readCsv(file);
    if (!checkColumns(table, { required: ['Postcode', 'DataZone2011Code'], allowExtra: true }, staging.issues)) return { rowsRead: table.rows.length, rowsLoaded: 0 };
    let loaded = 0;
    for (const row of table.rows) {
      const postcode = normalisePostcode(cell(table, row, 'Postcode'));
      if (!postcode) {
        staging.issues.add({ file: table.name, row: row.row, column: 'Postcode', message: `"${cell(table, row, 'Postcode')}" is not a UK postcode` });
        continue;
      }
      const dz = dataZoneCell(staging, table, row, 'DataZone2011Code');
      if (!dz) continue;
      const deleted = cell(table, row, 'DateOfDeletion') !== '';
      const existing = staging.postcodes.get(postcode);
      // A split postcode appears once per part; keep a live part over a deleted one.
      if (existing && (!existing.deleted || deleted)) continue;
      const lat = numberCell(cell(table, row, 'Latitude'));
      const lon = numberCell(cell(table, row, 'Longitude'));
      staging.postcodes.set(postcode, {
        postcode, dz, deleted,
        latitude: lat.kind === 'number' ? lat.value : null,
        longitude: lon.kind === 'number' ? lon.value : null,
      });
      loaded += 1;
    }
    return { rowsRead: table.rows.length, rowsLoaded: loaded };
  });
}
