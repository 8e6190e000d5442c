/** Numbers as people read them in UK statistics: thousands separators, sensible decimals, the unit. */

const byDigits = new Map<number, Intl.NumberFormat>();
function formatter(digits: number): Intl.NumberFormat {
  let format = byDigits.get(digits);
  if (!format) {
    format = new Intl.NumberFormat('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
    byDigits.set(digits, format);
  }
  return format;
}

/** Decimals that keep three or so significant figures without showing noise on large values. */
export function decimalsFor(value: number): number {
  if (Number.isInteger(value)) return 0;
  const size = Math.abs(value);
  if (size >= 100) return 0;
  if (size >= 10) return 1;
  if (size >= 1) return 2;
  return 3;
}

export function formatNumber(value: number, digits = decimalsFor(value)): string {
  return formatter(digits).format(value);
}

export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined ? '–' : formatter(0).format(value);
}

/** A value with its unit: 12.2%, £3,624, 543 per 100,000 people, 0.124 (proportion). */
export function formatValue(value: number | null | undefined, unit: string, digits?: number): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  const number = formatNumber(value, digits ?? decimalsFor(value));
  if (unit === '%') return `${number}%`;
  if (unit.startsWith('£')) {
    const rest = unit.slice(1).trim();
    return `£${formatNumber(value, digits ?? (Math.abs(value) >= 100 ? 0 : 2))}${rest ? ` ${rest}` : ''}`;
  }
  if (unit === 'rank' || unit === 'score' || unit === 'proportion' || unit === '') return number;
  return `${number} ${unit}`;
}

/** The unit to print beside a column heading, or nothing when values carry it themselves. */
export function unitHeading(unit: string): string {
  return unit === '%' || unit === '' ? '' : ` (${unit})`;
}

export function formatShare(share: number): string {
  return `${formatNumber(share * 100, 1)}%`;
}

export const plural = (count: number, one: string, many = `${one}s`) => `${formatCount(count)} ${count === 1 ? one : many}`;

/** A value for a table whose heading or row label already gives the unit: symbols stay (%, £), words go. */
export function formatFigure(value: number | null | undefined, unit: string): string {
  if (unit === '%' || unit.startsWith('£')) return formatValue(value, unit.startsWith('£') ? '£' : unit);
  return formatValue(value, '');
}

/** The unit as words to print beside a figure shown without it, or '' when the figure carries it. */
export const unitWords = (unit: string): string => (unit === '%' || unit === '£' || unit === '' ? '' : unit);
