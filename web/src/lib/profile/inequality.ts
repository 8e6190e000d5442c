/**
 * The slope and relative indices of inequality (ScotPHO's method, computed by the API) in words a
 * community group can quote: how far apart the most and least deprived fifths are, and whether the
 * interval is clear of zero.
 */
import type { InequalityReply } from '../api.ts';
import { formatNumber, formatValue } from '../format.ts';

/** A difference in the indicator's unit: percentage points for percentages. */
export function differenceWords(amount: number, unit: string): string {
  const size = Math.abs(amount);
  if (unit === '%') return `${formatNumber(size)} percentage point${formatNumber(size) === '1' ? '' : 's'}`;
  return formatValue(size, unit);
}

const gradientWords: Record<string, string> = {
  worse_in_more_deprived: 'The 95% interval is clear of zero: a real gradient that leaves people in more deprived areas worse off.',
  better_in_more_deprived: 'The 95% interval is clear of zero: a real gradient, with people in more deprived areas better off.',
  higher_in_more_deprived: 'The 95% interval is clear of zero: a real gradient, higher in more deprived areas.',
  lower_in_more_deprived: 'The 95% interval is clear of zero: a real gradient, lower in more deprived areas.',
  no_clear_gradient: 'The 95% interval includes zero, so these figures show no clear gradient by deprivation.',
  not_tested: 'There are too few bands with people in them to test for a gradient.',
};

export function inequalitySentences(reply: InequalityReply): string[] {
  const { inequality: q, indicator, area, bands } = reply;
  const unit = indicator.unit;
  const sentences: string[] = [];
  const most = bands.find((b) => b.band === q.mostDeprivedBand);
  const least = bands.find((b) => b.band === q.leastDeprivedBand);
  const fifth = reply.deprivation.bands === 'deciles' ? 'tenth' : 'fifth';
  if (q.sii !== null) {
    const interval = q.siiLower !== null && q.siiUpper !== null ? `; 95% interval ${formatNumber(q.siiLower)} to ${formatNumber(q.siiUpper)}` : '';
    sentences.push(
      q.sii === 0
        ? `“${indicator.title}” is the same at both ends of the deprivation scale in ${area.name} (slope index of inequality 0${interval}).`
        : `In ${area.name}, “${indicator.title}” is about ${differenceWords(q.sii, unit)} ${q.sii > 0 ? 'higher' : 'lower'} in the most deprived ${fifth} than in the least deprived (slope index of inequality ${formatNumber(q.sii)}${interval}).`,
    );
  }
  sentences.push(gradientWords[q.gradient] ?? '');
  if (q.rii !== null && reply.overall.value !== null) {
    sentences.push(
      `That gap is ${formatNumber(Math.abs(q.rii * 100), 0)}% of ${area.name}’s overall figure of ${formatValue(reply.overall.value, unit)} (relative index of inequality ${formatNumber(q.rii)}).`,
    );
  }
  if (most && least && most.value !== null && least.value !== null && q.absoluteGap !== null) {
    sentences.push(
      `Measured directly, ${most.label.toLowerCase()} has ${formatValue(most.value, unit)} and ${least.label.toLowerCase()} ${formatValue(least.value, unit)}: a gap of ${differenceWords(q.absoluteGap, unit)}${q.relativeGap !== null && Number.isFinite(q.relativeGap) ? ` (${formatNumber(q.relativeGap)} times)` : ''}.`,
    );
  }
  return sentences.filter(Boolean);
}

/** Indicators that can be split by deprivation band: rates, percentages, ratios and averages (not counts, medians or ranks). */
export const splittable = (indicator: { aggregation: string; latest: unknown }) =>
  indicator.latest !== null && indicator.aggregation !== 'none' && indicator.aggregation !== 'sum';

/** The first choice, where the build has it: income deprivation, the measure SIMD is built on. */
export const PREFERRED_INEQUALITY = ['income_deprived_pct', 'employment_deprived_pct', 'child_low_income_pct', 'premature_mortality_rate', 'emergency_admissions_rate'];
