import { formatNumber, formatValue } from '../format.ts';

/** Sums of money as budget papers print them: £1.37bn, £281.0m, £93,764. */
export function formatPounds(amount: number | null | undefined): string {
  if (amount === null || amount === undefined || !Number.isFinite(amount)) return '–';
  const size = Math.abs(amount);
  if (size >= 1e9) return `£${formatNumber(amount / 1e9, 2)}bn`;
  if (size >= 1e6) return `£${formatNumber(amount / 1e6, 1)}m`;
  return formatValue(Math.round(amount), '£');
}
