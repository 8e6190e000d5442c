import { cell, checkColumns, numberCell, readCsv, type CsvRow, type CsvTable } from '../csv.ts';
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

/** A row's Postcode cell, normalised; null (and the problem reported) when it is not a UK postcode. */
function postcodeCell(staging: Staging, table: CsvTable, row: CsvRow): string | null {
  const postcode = normalisePostcode(cell(table, row, 'Postcode'));
  if (!postcode) staging.issues.add({ file: table.name, row: row.row, column: 'Postcode', message: `"${cell(table, row, 'Postcode')}" is not a UK postcode` });
  return postcode;
}

/** Scottish Postcode Directory with a header row (Postcode, DataZone2011Code, Latitude, Longitude, DateOfDeletion). */
export function readPostcodes(staging: Staging, file: string): void {
  recordSource(staging, 'postcodes', file, () => {
    const table = readCsv(file);
    if (!checkColumns(table, { required: ['Postcode', 'DataZone2011Code'], allowExtra: true }, staging.issues)) return { rowsRead: table.rows.length, rowsLoaded: 0 };
    let loaded = 0;
    for (const row of table.rows) {
      const postcode = postcodeCell(staging, table, row);
      if (!postcode) continue;
      const dz = dataZoneCell(staging, table, row, 'DataZone2011Code');
      if (!dz) continue;
      const deleted = cell(table, row, 'DateOfDeletion') !== '';
      const existing = staging.postcodes.get(postcode);
      // A split postcode appears once per part; keep a live part over a deleted one.
      if (existing && (!existing.deleted || deleted)) continue;
      const lat = numberCell(cell(table, row, 'Latitude'));
      const lon = numberCell(cell(table, row, 'Longitude'));
      staging.postcodes.set(postcode, {
        postcode, dz, deleted, method: 'directory',
        latitude: lat.kind === 'number' ? lat.value : null,
        longitude: lon.kind === 'number' ? lon.value : null,
      });
      loaded += 1;
    }
    return { rowsRead: table.rows.length, rowsLoaded: loaded };
  });
}

/**
 * OS Code-Point Open: one centroid per postcode (Postcode, Positional_quality_indicator,
 * Latitude, Longitude, …) and no data zone. The centroids are kept until the data-zone
 * boundaries are read, then placed by point in polygon (placePostcodeCentroids in build.ts).
 * Positional quality 90 means no coordinates: such postcodes are counted, not placed.
 */
export function readCodePoint(staging: Staging, file: string): void {
  recordSource(staging, 'codepoint', file, () => {
    const table = readCsv(file);
    if (!checkColumns(table, { required: ['Postcode', 'Latitude', 'Longitude'], allowExtra: true }, staging.issues)) return { rowsRead: table.rows.length, rowsLoaded: 0 };
    const points: { postcode: string; lon: number; lat: number }[] = [];
    let withoutCoordinates = 0;
    for (const row of table.rows) {
      const postcode = postcodeCell(staging, table, row);
      if (!postcode) continue;
      const lat = numberCell(cell(table, row, 'Latitude'));
      const lon = numberCell(cell(table, row, 'Longitude'));
      if (lat.kind === 'empty' || lon.kind === 'empty') {
        withoutCoordinates += 1;
        continue;
      }
      if (lat.kind !== 'number' || lat.value < 54 || lat.value > 61.5) {
        staging.issues.add({ file: table.name, row: row.row, column: 'Latitude', message: `"${cell(table, row, 'Latitude')}" is not a latitude in Scotland` });
        continue;
      }
      if (lon.kind !== 'number' || lon.value < -9.5 || lon.value > -0.5) {
        staging.issues.add({ file: table.name, row: row.row, column: 'Longitude', message: `"${cell(table, row, 'Longitude')}" is not a longitude in Scotland` });
        continue;
      }
      points.push({ postcode, lon: lon.value, lat: lat.value });
    }
    if (staging.postcodeCentroids) staging.issues.add({ file: table.name, message: `a second postcode centroid file (the first is ${staging.postcodeCentroids.file})` });
    staging.postcodeCentroids = { file: table.name, points, withoutCoordinates };
    return { rowsRead: table.rows.length, rowsLoaded: points.length };
  });
}

/**
 * Places Code-Point centroids in data zones with the project's point index, on the data-zone
 * boundaries of this build. A postcode the directory (SPD) already places keeps the directory's
 * data zone; agreement between the two is reported. Points outside every boundary (coast, islands
 * at generalised resolution) go to the nearest zone within 5 km; beyond that they are left out.
 */
export function placePostcodeCentroids(staging: Staging, locate: (points: { code: string; lon: number; lat: number }[]) => { assigned: Map<string, { areaCode: string; distanceKm: number }>; unassigned: string[] }): { placed: number; nearest: number; unplaced: number; compared: number; agreed: number } | null {
  const centroids = staging.postcodeCentroids;
  if (!centroids) return null;
  const { assigned, unassigned } = locate(centroids.points.map((p) => ({ code: p.postcode, lon: p.lon, lat: p.lat })));
  let placed = 0;
  let nearest = 0;
  let compared = 0;
  let agreed = 0;
  for (const point of centroids.points) {
    const found = assigned.get(point.postcode);
    if (!found) continue;
    const directory = staging.postcodes.get(point.postcode);
    if (directory?.method === 'directory') {
      compared += 1;
      if (directory.dz === found.areaCode) agreed += 1;
      continue;
    }
    const method = found.distanceKm > 0 ? 'nearest_zone' : 'point_in_polygon';
    if (method === 'nearest_zone') nearest += 1;
    else placed += 1;
    staging.postcodes.set(point.postcode, { postcode: point.postcode, dz: found.areaCode, method, latitude: point.lat, longitude: point.lon, deleted: false });
  }
  const summary = { placed, nearest, unplaced: unassigned.length + centroids.withoutCoordinates, compared, agreed };
  staging.warnings.push({
    kind: 'codepoint', file: centroids.file,
    message: `${(placed + nearest).toLocaleString('en-GB')} postcodes placed in data zones by their Code-Point centroid (${nearest} outside every boundary, given to the nearest zone); ${summary.unplaced} without coordinates or more than 5 km from any zone left out. `
      + (compared > 0 ? `Against the postcode directory's own data zones: ${agreed} of ${compared} agree (${((agreed / compared) * 100).toFixed(1)}%). ` : '')
      + 'A centroid near a zone edge can fall in the neighbouring zone, so these assignments are approximate at zone edges.',
  });
  return summary;
}
