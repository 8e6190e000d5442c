import { theilSen } from '../stats/theilSen.ts';

/**
 * "At risk" rather than "off track": the projection misses the target by less than this share of
 * the distance from baseline to target. 25% is our choice (a quarter of the planned change still to
 * find), in the spirit of the red/amber/green tolerances in Scottish community planning performance
 * reports; it is a parameter of judgement, not a statistical test.
 */
export const AT_RISK_SHARE = 0.25;

export type TargetStatus = 'achieved' | 'on_track' | 'at_risk' | 'off_track' | 'no_data';

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The first day of a period label in the forms partners publish ('2019', '2019/20', 'AY2019/20',
 * '2017-2019', '2020Q1', '2020-03'): target periods need not be in the build's period table.
 */
export function periodStart(label: string): string | null {
  let m: RegExpMatchArray | null;
  if ((m = label.match(/^(\d{4})$/)) || (m = label.match(/^(\d{4})-\d{4}$/))) return `${m[1]}-01-01`;
  if ((m = label.match(/^(AY)?(\d{4})\/\d{2}$/))) return `${m[2]}-${m[1] ? '08' : '04'}-01`;
  if ((m = label.match(/^(\d{4})Q([1-4])$/))) return `${m[1]}-${pad(Number(m[2]) * 3 - 2)}-01`;
  if ((m = label.match(/^(\d{4})-(\d{2})$/)) && Number(m[2]) >= 1 && Number(m[2]) <= 12) return `${m[1]}-${m[2]}-01`;
  return null;
}

/** A date as a decimal year (365.25-day years from 1970): the x of the trend, so slopes are per year. */
export const decimalYear = (isoDate: string): number => 1970 + Date.parse(`${isoDate}T00:00:00Z`) / (365.25 * 86_400_000);

export interface TargetAssessment {
  latest: { period: string; value: number } | null;
  projection: { method: 'theil_sen'; points: number; slopePerYear: number; value: number; at: string } | null;
  status: TargetStatus;
  statusNote: string;
}

/**
 * Judges a target from the indicator's observed values (oldest first; suppressed ones left out).
 * Direction comes from the indicator's polarity (higher_is_worse: the value must fall to the
 * target or below); for 'neither' from baseline to target. Achieved: the latest value already meets
 * it. Otherwise a Theil–Sen line through the observed values (period start dates as x) is projected
 * to the target period's start: on track if the projection meets the target, at risk if it misses
 * by less than AT_RISK_SHARE of |target − baseline|, off track otherwise.
 */
export function assessTarget(input: {
  polarity: string;
  baselineValue: number;
  targetValue: number;
  targetStart: string | null;
  observed: { period: string; start: string; value: number }[];
}): TargetAssessment {
  const { baselineValue: baseline, targetValue: target, observed } = input;
  const lowerIsBetter = input.polarity === 'higher_is_worse' || (input.polarity === 'neither' && target < baseline);
  const meets = (v: number) => (lowerIsBetter ? v <= target : v >= target);
  const way = lowerIsBetter ? 'at or below' : 'at or above';
  const last = observed.at(-1);
  const latest = last ? { period: last.period, value: last.value } : null;
  const fit = theilSen(observed.map((o) => ({ x: decimalYear(o.start), y: o.value })));
  const projection = fit && input.targetStart
    ? { method: 'theil_sen' as const, points: fit.points, slopePerYear: fit.slope, value: fit.intercept + fit.slope * decimalYear(input.targetStart), at: input.targetStart }
    : null;

  if (!latest) return { latest, projection, status: 'no_data', statusNote: 'No figure for this area in any period, so progress cannot be judged.' };
  if (meets(latest.value)) return { latest, projection, status: 'achieved', statusNote: `The latest figure (${latest.period}) is already ${way} the target.` };
  if (!projection) {
    return {
      latest, projection, status: 'no_data',
      statusNote: input.targetStart === null
        ? 'The target period is not a date we can read, so no projection can be made.'
        : `Only one period (${latest.period}) has a figure and it does not yet meet the target: a trend needs at least two.`,
    };
  }
  if (meets(projection.value)) return { latest, projection, status: 'on_track', statusNote: `The trend projects ${way} the target by its period.` };
  const shortfall = Math.abs(projection.value - target);
  const distance = Math.abs(target - baseline);
  if (distance > 0 && shortfall < AT_RISK_SHARE * distance) {
    return { latest, projection, status: 'at_risk', statusNote: `The trend projects a miss by ${pct(shortfall / distance)} of the planned change (under ${pct(AT_RISK_SHARE)}).` };
  }
  return { latest, projection, status: 'off_track', statusNote: distance > 0 ? `The trend projects a miss by ${pct(shortfall / distance)} of the planned change.` : 'The trend projects a miss.' };
}

const pct = (share: number) => `${Math.round(share * 100)}%`;
