import { describe, expect, it } from 'vitest';
import type { ProfileIndicator, ProfileReply, TargetItem } from '../api.ts';
import { dashboardTiles, periodStart, projectionLine } from './tiles.ts';

const figure = (value: number | null) => ({
  value, numerator: null, denominator: null, lowerConfidenceInterval: null, upperConfidenceInterval: null,
  suppressed: value === null, suppressionReason: null, note: null,
});

function indicator(code: string, values: (number | null)[]): ProfileIndicator {
  const trend = values.map((v, i) => ({ period: String(2015 + i), ...figure(v) }));
  return {
    code, title: code, theme: 't', topic: 't', unit: '%', polarity: 'higher_is_worse', aggregation: 'ratio', source: 's',
    latest: trend.at(-1)!, trend,
    comparators: [{ level: 'scotland', code: 'S92000003', name: 'Scotland', period: '2018', significance: 'worse', ...figure(10) }],
    rank: null,
  };
}

function target(code: string, status: TargetItem['status'], at = '2022-01-01'): TargetItem {
  return {
    indicator: { code, title: code, unit: '%', polarity: 'higher_is_worse' },
    area: { level: 'council', levelLabel: 'Council area', code: 'S1', name: 'A' },
    baseline: { period: '2015', value: 20 },
    target: { period: at.slice(0, 4), value: 15, start: at },
    actual: [2015, 2016, 2017, 2018].map((y, i) => ({ period: String(y), start: `${y}-01-01`, ...figure(20 - i) })),
    latest: { period: '2018', value: 17 },
    projection: { method: 'theil_sen', points: 4, slopePerYear: -1, value: 13, at },
    status, statusNote: '', source: 'targets.csv',
  };
}

describe('dashboard tiles', () => {
  it('puts indicators with targets first, furthest off track first, then the key indicators', () => {
    const profile = { indicators: [indicator('income_deprived_pct', [1, 2]), indicator('a', [3]), indicator('b', [4])] } as unknown as ProfileReply;
    const tiles = dashboardTiles(profile, [target('a', 'achieved'), target('b', 'off_track')], [], 'council');
    expect(tiles.map((t) => t.code)).toEqual(['b', 'a', 'income_deprived_pct']);
    // No council comparator in this profile: Scotland stands in.
    expect(tiles[0]!.comparator).toMatchObject({ name: 'Scotland', significance: 'worse' });
  });

  it('keeps withheld figures as gaps and places periods by their start', () => {
    const tile = dashboardTiles({ indicators: [indicator('income_deprived_pct', [5, null, 7])] } as unknown as ProfileReply, [], [], 'scotland')[0]!;
    expect(tile.points.map((p) => p.value)).toEqual([5, null, 7]);
    expect(periodStart('2019/20', [{ label: '2019/20', start: '2019-04-01' }])).toBe(Date.UTC(2019, 3, 1));
    expect(periodStart('AY2019/20', undefined)).toBe(Date.UTC(2019, 0, 1));
  });

  it('draws the projection from the last figure to the target date along the API’s slope', () => {
    const line = projectionLine(target('a', 'on_track', '2022-01-01'))!;
    expect(line.to).toEqual({ x: Date.parse('2022-01-01'), value: 13 });
    expect(line.from.x).toBe(Date.parse('2018-01-01'));
    // Four years (of 365.25 days, near enough) before the target at −1 a year.
    expect(line.from.value).toBeCloseTo(17, 2);
  });
});
