import { describe, expect, it } from 'vitest';
import { parsePeriod } from './periods.ts';

describe('parsePeriod', () => {
  it.each([
    ['2019', 'calendar_year', '2019-01-01', '2019-12-31'],
    ['2019/20', 'financial_year', '2019-04-01', '2020-03-31'],
    ['1999/00', 'financial_year', '1999-04-01', '2000-03-31'],
    ['AY2019/20', 'school_year', '2019-08-01', '2020-07-31'],
    ['2017-2019', 'multi_year', '2017-01-01', '2019-12-31'],
    ['2014/15-2017/18', 'multi_year', '2014-04-01', '2018-03-31'],
    ['AY2015/16-2017/18', 'multi_year', '2015-08-01', '2018-07-31'],
    ['2020Q1', 'quarter', '2020-01-01', '2020-03-31'],
    ['2020Q4', 'quarter', '2020-10-01', '2020-12-31'],
    ['2020-02', 'month', '2020-02-01', '2020-02-29'],
  ])('reads %s', (label, kind, start, end) => {
    expect(parsePeriod(label)).toEqual({ label, kind, start, end });
  });

  it.each(['2019/21', '2017/18-2014/15', '2014/15-2017/19', '19/20', '2019-2019', '2020Q5', '2020-13', 'FY2019', '', '2019 '.repeat(2)])('refuses %j', (label) => {
    expect(parsePeriod(label)).toBeNull();
  });
});
