import { describe, expect, it } from 'vitest';
import type { InequalityReply, Theme } from '../api.ts';
import { embedSnippet, embedUrl, fullSiteUrl } from '../embed.ts';
import { parseZones, zonesParam } from './customAreas.ts';
import { differenceWords, inequalitySentences } from './inequality.ts';
import { runningHeads } from './printPage.ts';
import { chartDomain, groupByTheme, missingReason, ordinal, parseAreaList, rankWords, sparkPath, trendSentence, type ReportIndicator } from './report.ts';

const figure = (value: number | null, extra: Partial<ReportIndicator['trend'][number]> = {}) => ({
  period: '2021', value, numerator: null, denominator: null, lowerConfidenceInterval: null, upperConfidenceInterval: null,
  suppressed: false, suppressionReason: null, note: null, ...extra,
});

function indicator(code: string, theme: string, topic: string, extra: Partial<ReportIndicator> = {}): ReportIndicator {
  return {
    code, title: code, theme, topic, unit: '%', polarity: 'higher_is_worse', aggregation: 'ratio', source: 'test',
    latest: figure(10), trend: [figure(10)], comparators: [], rank: null, ...extra,
  };
}

const themes: Theme[] = [{ key: 'population', label: 'Population' }, { key: 'healthier', label: 'Healthier' }];

describe('groupByTheme', () => {
  it('orders themes as the catalogue does and keeps topics in the order the API gave them', () => {
    const groups = groupByTheme([
      indicator('a', 'healthier', 'Mortality'),
      indicator('b', 'population', 'Age'),
      indicator('c', 'healthier', 'Alcohol'),
      indicator('d', 'healthier', 'Mortality'),
    ], themes);
    expect(groups.map((g) => [g.key, g.label, g.count])).toEqual([['population', 'Population', 1], ['healthier', 'Healthier', 3]]);
    expect(groups[1]!.topics.map((t) => [t.topic, t.indicators.map((i) => i.code)])).toEqual([['Mortality', ['a', 'd']], ['Alcohol', ['c']]]);
  });
});

describe('ranks and missing figures in words', () => {
  it('writes ordinals', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111].map(ordinal)).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '23rd', '101st', '111th']);
  });

  it('says which way the rank runs (1 = highest)', () => {
    const among = 'wards in Fife';
    expect(rankWords({ rank: 3, of: 22, among })).toBe('3rd highest of 22 wards in Fife');
    expect(rankWords({ rank: 1, of: 22, among })).toBe('Highest of 22 wards in Fife');
    expect(rankWords({ rank: 22, of: 22, among })).toBe('Lowest of 22 wards in Fife');
    expect(rankWords(null)).toBeNull();
  });

  it('gives the API’s note for a withheld figure, the newest withheld period when there is no latest, and the aggregation otherwise', () => {
    const withheld = indicator('w', 'healthier', 'x', { latest: figure(null, { suppressed: true, note: 'Fewer than 10 events.' }) });
    expect(missingReason(withheld)).toBe('Fewer than 10 events.');
    const olderNote = indicator('o', 'healthier', 'x', { latest: null, trend: [figure(null, { suppressed: true, note: 'Cannot be combined.' })] });
    expect(missingReason(olderNote)).toBe('Cannot be combined.');
    const rank = indicator('r', 'healthier', 'x', { latest: null, trend: [], aggregation: 'none' });
    expect(missingReason(rank)).toMatch(/cannot be added up/);
  });
});

describe('charts', () => {
  it('spans zero to the top of the widest interval, ignoring withheld figures', () => {
    const [low, high] = chartDomain([
      { value: 10, lowerConfidenceInterval: 8, upperConfidenceInterval: 12, suppressed: false, note: null },
      { value: 50, lowerConfidenceInterval: null, upperConfidenceInterval: null, suppressed: true, note: null },
      null,
    ])!;
    expect(low).toBe(0);
    expect(high).toBeCloseTo(12.48);
    expect(chartDomain([null])).toBeNull();
  });

  it('draws a sparkline with a gap where a figure is withheld', () => {
    const d = sparkPath([{ period: 'a', value: 1 }, { period: 'b', value: 2 }, { period: 'c', value: null }, { period: 'd', value: 3 }], 100, 20, 0);
    expect(d).toBe('M0.0,20.0L33.3,10.0M100.0,0.0');
    expect(trendSentence('Trend', [{ period: '2019', value: 5 }, { period: '2020', value: null }, { period: '2021', value: 7 }], '%')).toBe(
      'Trend: 5% in 2019, up to 7% in 2021 (2 periods).',
    );
  });
});

describe('pasted lists', () => {
  it('sorts codes from postcodes and hands back what it does not understand', () => {
    expect(parseAreaList('S01900001\ns01900002, KY1 1XX;ky11xx\n\nS01900003 S01900004\nnot a code')).toEqual({
      dataZones: ['S01900001', 'S01900002', 'S01900003', 'S01900004'],
      postcodes: ['KY1 1XX', 'KY11XX'],
      unrecognised: ['not a code'],
    });
  });

  it('keeps a custom area’s zones in the address sorted and once each', () => {
    expect(zonesParam(['S01900003', 'S01900001', 'S01900003'])).toBe('S01900001 S01900003');
    expect(parseZones('s01900003+S01900001,S01900001')).toEqual(['S01900001', 'S01900003']);
    expect(parseZones(null)).toEqual([]);
  });
});

describe('inequality in words', () => {
  it('speaks of percentage points for percentages and of the units otherwise', () => {
    expect(differenceWords(31.79, '%')).toBe('31.8 percentage points');
    expect(differenceWords(-12.5, 'per 1,000 people')).toBe('12.5 per 1,000 people');
  });

  it('reads the slope index, the gradient, the relative index and the gap', () => {
    const band = (n: number, label: string, value: number) => ({
      band: n, label, dataZones: 4, population: 3000, populationShare: 0.2, ridit: 0.1 + 0.2 * (n - 1),
      value, numerator: null, denominator: null, lowerConfidenceInterval: null, upperConfidenceInterval: null, suppressed: false, suppressionReason: null, note: null,
    });
    const reply = {
      area: { name: 'Balockie Central' },
      indicator: { title: 'People who are income deprived (%)', unit: '%' },
      deprivation: { bands: 'quintiles' },
      overall: { value: 12.2 },
      bands: [band(1, 'Quintile 1 (most deprived)', 28.6), band(5, 'Quintile 5 (least deprived)', 4.33)],
      inequality: {
        sii: 31.79, siiLower: 5.51, siiUpper: 58.07, rii: 2.605, mostDeprivedBand: 1, leastDeprivedBand: 5,
        absoluteGap: 24.27, relativeGap: 6.61, gradient: 'worse_in_more_deprived',
      },
    } as unknown as InequalityReply;
    expect(inequalitySentences(reply)).toEqual([
      'In Balockie Central, “People who are income deprived (%)” is about 31.8 percentage points higher in the most deprived fifth than in the least deprived (slope index of inequality 31.8; 95% interval 5.51 to 58.1).',
      'The 95% interval is clear of zero: a real gradient that leaves people in more deprived areas worse off.',
      'That gap is 261% of Balockie Central’s overall figure of 12.2% (relative index of inequality 2.61).',
      'Measured directly, quintile 1 (most deprived) has 28.6% and quintile 5 (least deprived) 4.33%: a gap of 24.3 percentage points (6.61 times).',
    ]);
  });
});

describe('embedding and printing', () => {
  it('frames a view at /embed/ with embed=1, and links back to the full site without it', () => {
    const origin = 'https://arealens.example';
    expect(embedUrl('view=area-profiles&level=ward2017&area=S13900002&embed=1', origin)).toBe(`${origin}/embed/?view=area-profiles&level=ward2017&area=S13900002&embed=1`);
    expect(fullSiteUrl('view=area-profiles&embed=1&area=S1', origin)).toBe(`${origin}/?view=area-profiles&area=S1`);
    expect(embedSnippet(`${origin}/embed/?a=1&b="2"`, 'Profile of "X" & Y', 900)).toBe(
      `<iframe src="${origin}/embed/?a=1&amp;b=&quot;2&quot;" title="Profile of &quot;X&quot; &amp; Y" width="100%" height="900" style="border:0;max-width:100%" loading="lazy"></iframe>`,
    );
  });

  it('writes running heads as CSS strings, quotes escaped', () => {
    const css = runningHeads({ title: 'St "Andrews" \\ North', printed: '26 November 2026', build: 'abc', synthetic: true });
    expect(css).toContain('content: "AreaLens · St \\"Andrews\\" \\\\ North"');
    expect(css).toContain('Synthetic demo data');
    expect(css).toContain('"Printed 26 November 2026 · AreaLens build abc"');
    expect(runningHeads({ title: 'X', printed: 'today', build: null, synthetic: false })).not.toContain('Synthetic');
  });
});
