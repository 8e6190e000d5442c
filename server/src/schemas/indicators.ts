import { Type, type Static } from '@sinclair/typebox';
import { BuildRef, Nullable, SearchText } from './common.ts';

export const IndicatorQuery = Type.Object({
  q: Type.Optional(SearchText),
  theme: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'a theme key, e.g. healthier' })),
});
export type IndicatorQuery = Static<typeof IndicatorQuery>;

export const Period = Type.Object({
  label: Type.String({ description: "as published: '2019', '2019/20', '2017-2019', '2020Q1'" }),
  kind: Type.String(),
  start: Type.String({ format: 'date' }),
  end: Type.String({ format: 'date' }),
});
export type Period = Static<typeof Period>;

export const Indicator = Type.Object({
  code: Type.String(),
  title: Type.String(),
  theme: Type.String(),
  themeLabel: Type.String(),
  topic: Type.String(),
  unit: Type.String(),
  measureType: Type.String(),
  aggregation: Type.String({ description: 'how data zones roll up: sum, ratio, standardised_ratio, population_weighted_mean or none' }),
  multiplier: Type.Number(),
  polarity: Type.String(),
  source: Type.String(),
  publisher: Type.String(),
  licence: Type.String(),
  datePublished: Nullable(Type.String()),
  notes: Nullable(Type.String()),
  keywords: Type.Array(Type.String()),
  disclosureThreshold: Type.Integer(),
  nativeLevel: Type.String(),
  vintage: Type.String(),
  synthetic: Type.Boolean(),
  revisions: Type.Array(Type.String(), { description: 'editions loaded, e.g. SIMD 2020v2' }),
  periods: Type.Array(Period, { description: 'periods with observations, earliest first' }),
});
export type Indicator = Static<typeof Indicator>;

export const Theme = Type.Object({ key: Type.String(), label: Type.String() });
export type Theme = Static<typeof Theme>;

export const IndicatorsReply = Type.Object({
  build: BuildRef,
  themes: Type.Array(Theme),
  indicators: Type.Array(Indicator, { description: 'in theme order, then topic and title' }),
});
export type IndicatorsReply = Static<typeof IndicatorsReply>;

export const IndicatorParams = Type.Object({
  indicator: Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z][a-z0-9_]*$', description: 'an indicator code' }),
});
export type IndicatorParams = Static<typeof IndicatorParams>;

export const IndicatorReply = Type.Object({
  build: BuildRef,
  indicator: Indicator,
  levels: Type.Array(Type.String(), {
    description: 'levels this indicator can be shown at: those the data zones it was published on (see each level\'s dataZoneVintages) make up, for aggregable measures; its own data zones only, for medians and ranks',
  }),
  levelsNote: Nullable(Type.String({ description: 'in words, why the levels of this build missing from "levels" have no figures (e.g. 2022 and 2011 data zones are not linked); null when it reaches every level' })),
});
export type IndicatorReply = Static<typeof IndicatorReply>;
