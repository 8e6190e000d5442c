import { describe, expect, it } from 'vitest';
import type { ProfileIndicator, ProfileReply } from './api.ts';
import { ageBands, keyIndicators } from './profileSections.ts';

const figure = (value: number, numerator: number) => ({
  value, numerator, denominator: 1000, lowerConfidenceInterval: null, upperConfidenceInterval: null, suppressed: false, suppressionReason: null, note: null,
});

function indicator(code: string, value: number, numerator: number, scotland: number, polarity = 'neither', theme = 'population'): ProfileIndicator {
  return {
    code, title: code, theme, topic: 'Age', unit: '%', polarity, aggregation: 'ratio', source: 'test',
    latest: { period: '2021', ...figure(value, numerator) },
    trend: [],
    comparators: [{ level: 'scotland', code: 'S92000003', name: 'Scotland', period: '2021', significance: 'similar', ...figure(scotland, 0) }],
    rank: null,
  };
}

const profile = (indicators: ProfileIndicator[]): ProfileReply => ({
  build: { id: 'x', label: 'test', synthetic: true },
  area: { level: 'ward2017', levelLabel: 'Ward', code: 'S13000001', name: 'Test', population: 1000, dataZones: 3 },
  theme: null,
  summary: [],
  indicators,
});

describe('ageBands', () => {
  it('splits 65 and over into bands by differences of the nested shares', () => {
    const { bands, period } = ageBands(profile([
      indicator('pop_children_pct', 20, 200, 18),
      indicator('pop_working_age_pct', 60, 600, 62),
      indicator('pop_65plus_pct', 20, 200, 20),
      indicator('pop_75plus_pct', 8, 80, 9),
      indicator('older_85_pct', 2, 20, 2.5),
    ]));
    expect(period).toBe('2021');
    expect(bands.map((b) => [b.label, b.share, b.people])).toEqual([
      ['0 to 15', 20, 200], ['16 to 64', 60, 600], ['65 to 74', 12, 120], ['75 to 84', 6, 60], ['85 and over', 2, 20],
    ]);
    expect(bands[2]!.scotlandShare).toBe(11);
  });

  it('keeps 65 and over whole when the build has no finer shares', () => {
    const { bands } = ageBands(profile([indicator('children_0_15_pct', 20, 200, 18), indicator('older_65_pct', 20, 200, 20)]));
    expect(bands.map((b) => b.label)).toEqual(['0 to 15', '65 and over']);
  });
});

describe('keyIndicators', () => {
  it('falls back to two better-or-worse indicators per theme when none of the chosen codes exist', () => {
    const list = keyIndicators(profile([
      indicator('a', 1, 1, 1, 'higher_is_worse', 'health'),
      indicator('b', 1, 1, 1, 'neither', 'health'),
      indicator('c', 1, 1, 1, 'higher_is_better', 'health'),
      indicator('d', 1, 1, 1, 'higher_is_better', 'health'),
    ]));
    expect(list.map((i) => i.code)).toEqual(['a', 'c']);
  });
});
