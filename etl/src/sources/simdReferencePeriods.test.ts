import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../periods.ts';
import { SIMD_INDICATOR_CODES, simdIndicatorsAbsent } from './simdIndicators.ts';
import { simdReferencePeriods } from './simdReferencePeriods.ts';

describe('SIMD reference periods', () => {
  it.each(['2016', '2020v2'])('SIMD %s gives every indicator it has a period of its data that parses, and none it lacks', (edition) => {
    const periods = simdReferencePeriods(edition);
    const expected = SIMD_INDICATOR_CODES.filter((code) => !simdIndicatorsAbsent(edition).includes(code)).sort();
    expect(Object.keys(periods).sort()).toEqual(expected);
    for (const [code, { period }] of Object.entries(periods)) expect(parsePeriod(period), `${code} ${period}`).not.toBeNull();
  });

  it('dates each edition before its release: data of 2017–2019 for SIMD 2020v2, of 2011–2015 for SIMD 2016 (the 2011 Census apart)', () => {
    const latest = (edition: string) => Object.values(simdReferencePeriods(edition)).map(({ period }) => parsePeriod(period)!.end).sort().at(-1)!;
    expect(latest('2020v2') < '2020-01-01').toBe(true);
    expect(latest('2016') < '2016-01-01').toBe(true);
  });
});
