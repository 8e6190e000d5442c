import type { RolledUpValue } from '../api.ts';

export interface TrendPoint {
  period: string;
  value: number | null;
  lower?: number | null;
  upper?: number | null;
  withheld?: boolean;
}

export interface TrendSeries {
  name: string;
  points: TrendPoint[];
}

/** A trend point from an API figure: withheld figures are gaps in the line, never zeros. */
export const trendPoint = (period: string, v: RolledUpValue): TrendPoint => ({
  period,
  value: v.suppressed ? null : v.value,
  lower: v.lowerConfidenceInterval,
  upper: v.upperConfidenceInterval,
  withheld: v.suppressed,
});
