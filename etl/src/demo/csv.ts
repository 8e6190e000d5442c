/** CSV text in the two quoting styles the official files use, and stable number formatting. */

export type Cell = string | number | null | undefined;

/** RFC 4180: quote only when the text needs it (the SG lookup and partner templates). */
export function minimalField(value: Cell): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? formatNumber(value) : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Always quoted, as R's write.csv writes text columns (the SIMD and NRS files). */
export function quotedField(value: string): string {
  return `"${value.replaceAll('"', '""')}"`;
}

export function csvLine(cells: readonly Cell[]): string {
  return cells.map(minimalField).join(',');
}

/** Shortest round-trip text of a number; never exponent notation for the magnitudes used here. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`cannot write ${value} to CSV`);
  return Object.is(value, -0) ? '0' : String(value);
}

/** Round to a number of decimal places (half away from zero), as a number. */
export function round(value: number, places = 0): number {
  const factor = 10 ** places;
  const scaled = Math.abs(value) * factor;
  const rounded = Math.round(scaled + 1e-9) / factor;
  return value < 0 ? -rounded : rounded;
}

/** Fixed decimals, as published money and rates are written (e.g. 152340.50). */
export function fixed(value: number, places: number): string {
  return round(value, places).toFixed(places);
}

/** Lines joined with the given ending, with a final line ending. */
export function csvText(lines: readonly string[], eol = '\n'): string {
  return lines.join(eol) + eol;
}
