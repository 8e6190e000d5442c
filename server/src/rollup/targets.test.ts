import { describe, expect, it } from 'vitest';
import { assessTarget, decimalYear, periodStart } from './targets.ts';

const years = (values: number[], from = 2019) => values.map((value, i) => ({ period: String(from + i), start: `${from + i}-01-01`, value }));

describe('periodStart', () => {
  it('reads every published form, and refuses others', () => {
    expect(['2025', '2025/26', 'AY2025/26', '2017-2019', '2025Q3', '2025-03'].map(periodStart))
      .toEqual(['2025-01-01', '2025-04-01', '2025-08-01', '2017-01-01', '2025-07-01', '2025-03-01']);
    expect(periodStart('2025-13')).toBeNull();
    expect(periodStart('next year')).toBeNull();
  });
});

describe('assessTarget', () => {
  const base = { polarity: 'higher_is_better', baselineValue: 50, targetValue: 60, targetStart: '2025-01-01' };

  it('projects a straight series to the target date', () => {
    const result = assessTarget({ ...base, observed: years([50, 52, 54]) });
    expect(result.projection!.slopePerYear).toBeCloseTo(2, 2);
    // Leap years make calendar years 365 or 366 days long, so the line is 2 a year only to 2 decimals.
    expect(result.projection!.value).toBeCloseTo(62, 1);
    expect(decimalYear('2025-01-01') - decimalYear('2021-01-01')).toBeCloseTo(4, 2);
    expect(result.status).toBe('on_track'); // ≈ 62 ≥ 60
  });

  it('puts a small miss at risk and a large one off track (25% of the planned change)', () => {
    expect(assessTarget({ ...base, observed: years([50, 51.5, 53]) }).status).toBe('at_risk'); // ≈ 59: 1 short of a 10-point change
    expect(assessTarget({ ...base, observed: years([50, 50.5, 51]) }).status).toBe('off_track'); // ≈ 53
  });

  it('takes direction from polarity, and from baseline to target when polarity is neither', () => {
    expect(assessTarget({ ...base, polarity: 'higher_is_worse', targetValue: 40, observed: years([50, 45, 40]) }).status).toBe('achieved');
    expect(assessTarget({ ...base, polarity: 'higher_is_worse', targetValue: 40, observed: years([50, 52, 54]) }).status).toBe('off_track');
    expect(assessTarget({ ...base, polarity: 'neither', targetValue: 40, observed: years([50, 45, 41]) }).status).toBe('on_track');
    expect(assessTarget({ ...base, polarity: 'neither', observed: years([50, 55, 61]) }).status).toBe('achieved');
  });

  it('has no data without figures, or with one that misses', () => {
    expect(assessTarget({ ...base, observed: [] })).toMatchObject({ status: 'no_data', latest: null, projection: null });
    expect(assessTarget({ ...base, observed: years([55]) })).toMatchObject({ status: 'no_data', latest: { value: 55 } });
    expect(assessTarget({ ...base, observed: years([61]) }).status).toBe('achieved');
    expect(assessTarget({ ...base, targetStart: null, observed: years([50, 52]) }).statusNote).toContain('not a date');
  });
});
