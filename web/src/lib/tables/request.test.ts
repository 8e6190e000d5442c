import { describe, expect, it } from 'vitest';
import { apiQuery, downloadHref, readPeriods, readRequest, writePeriods } from './request.ts';

const from = (search: string) => {
  const params = new URLSearchParams(search);
  return (key: string) => params.get(key);
};

describe('advanced table requests', () => {
  it('needs a level and at least one indicator', () => {
    expect(readRequest(from('level=ward2017'))).toBeNull();
    expect(readRequest(from('indicators=a'))).toBeNull();
    expect(readRequest(from('level=ward2017&indicators=a,b'))).toEqual({ level: 'ward2017', areas: null, indicators: ['a', 'b'], periods: { kind: 'latest' } });
  });

  it('drops blanks and repeats from lists', () => {
    expect(readRequest(from('level=iz2011&indicators=a,,b,a&areas=S1, S2,S1'))).toMatchObject({ indicators: ['a', 'b'], areas: ['S1', 'S2'] });
  });

  it('reads and writes the period choice', () => {
    expect(readPeriods(null)).toEqual({ kind: 'latest' });
    expect(readPeriods('all')).toEqual({ kind: 'all' });
    expect(readPeriods('2019/20,2020/21')).toEqual({ kind: 'some', periods: ['2019/20', '2020/21'] });
    expect(writePeriods({ kind: 'latest' })).toBeNull();
    expect(writePeriods({ kind: 'some', periods: ['2019', '2020'] })).toBe('2019,2020');
  });

  it('asks the API for the same table the URL names: all periods by leaving them out', () => {
    const request = readRequest(from('level=ward2017&indicators=a,b&periods=all'))!;
    expect(apiQuery(request)).toBe('level=ward2017&indicators=a%2Cb');
    const latest = readRequest(from('level=ward2017&indicators=a&areas=S1,S2'))!;
    expect(new URLSearchParams(apiQuery(latest)).get('periods')).toBe('latest');
    expect(new URLSearchParams(apiQuery(latest)).get('areas')).toBe('S1,S2');
    expect(downloadHref(latest, 'csv')).toMatch(/^\/api\/v1\/tables\?level=ward2017&areas=.*&format=csv$/);
  });
});
