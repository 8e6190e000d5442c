import { describe, expect, it } from 'vitest';
import type { AreaValue } from './aggregate.ts';
import { normalCdf, testChange } from './change.ts';

const figure = (numerator: number, denominator: number | null, value: number, interval: [number, number] | null = null): AreaValue => ({
  value, numerator, denominator, lowerConfidenceInterval: interval?.[0] ?? null, upperConfidenceInterval: interval?.[1] ?? null,
  suppressed: false, suppressionReason: null, note: null,
});
const withheld: AreaValue = { ...figure(0, null, 0), value: null, numerator: null, suppressed: true, suppressionReason: 'withheld_at_source' };

describe('testChange', () => {
  it('tests a rate by the log ratio of Poisson counts over fixed denominators', () => {
    const rate = { aggregation: 'ratio' as const, measureType: 'rate', polarity: 'higher_is_worse' as const };
    const change = testChange(rate, figure(50, 10000, 50), figure(80, 10000, 80));
    const z = Math.log(80 / 50) / Math.sqrt(1 / 50 + 1 / 80);
    expect(change).toMatchObject({ method: 'poisson_log_ratio_z', significance: 'worse', difference: 30 });
    expect(change.zScore).toBeCloseTo(z, 12);
    expect(change.pValue).toBeCloseTo(2 * (1 - normalCdf(z)), 12);
  });

  it('says higher or lower where there is no better or worse', () => {
    const share = { aggregation: 'ratio' as const, measureType: 'proportion', polarity: 'neither' as const };
    expect(testChange(share, figure(100, 1000, 10), figure(60, 1000, 6)).significance).toBe('lower');
    expect(testChange(share, figure(100, 1000, 10), figure(98, 1000, 9.8)).significance).toBe('similar');
  });

  it('does not test averages, medians or withheld figures', () => {
    const mean = { aggregation: 'population_weighted_mean' as const, measureType: 'score', polarity: 'higher_is_better' as const };
    expect(testChange(mean, figure(0, 100, 6), figure(0, 100, 7))).toMatchObject({ significance: 'not_tested', method: 'none', difference: 1 });
    const rate = { aggregation: 'standardised_ratio' as const, measureType: 'standardised_ratio', polarity: 'higher_is_worse' as const };
    expect(testChange(rate, withheld, figure(10, 9, 111))).toMatchObject({ significance: 'not_tested', difference: null });
    expect(testChange(rate, figure(0, 9, 0), figure(10, 9, 111)).note).toContain('at least one event');
  });

  it('reports whether the intervals overlap', () => {
    const share = { aggregation: 'ratio' as const, measureType: 'proportion', polarity: 'higher_is_worse' as const };
    expect(testChange(share, figure(100, 1000, 10, [8.3, 12]), figure(140, 1000, 14, [11.9, 16.3])).intervalsOverlap).toBe(true);
    expect(testChange(share, figure(100, 1000, 10, [8.3, 12]), figure(160, 1000, 16, [13.9, 18.4])).intervalsOverlap).toBe(false);
  });

  it('has a normal CDF within the 7.5e-8 Abramowitz & Stegun promise', () => {
    expect(Math.abs(normalCdf(1.959963984540054) - 0.975)).toBeLessThan(7.5e-8);
    expect(Math.abs(normalCdf(-1) - 0.15865525393145707)).toBeLessThan(7.5e-8);
  });
});
