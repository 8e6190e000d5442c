import { Type, type Static } from '@sinclair/typebox';
import { BuildRef, LevelKey, Nullable } from './common.ts';

export const IndicatorCodeParams = Type.Object({
  indicator: Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z][a-z0-9_]*$', description: 'an indicator code from /api/v1/indicators' }),
});
export type IndicatorCodeParams = Static<typeof IndicatorCodeParams>;

export const ValuesQuery = Type.Object({
  level: LevelKey,
  period: Type.Optional(Type.String({ minLength: 1, maxLength: 20, description: "a period label such as '2020' or '2019/20'; the latest when omitted" })),
});
export type ValuesQuery = Static<typeof ValuesQuery>;

export const SuppressionReason = Nullable(Type.Union([
  Type.Literal('small_count'), Type.Literal('withheld_at_source'), Type.Literal('incomplete'), Type.Literal('not_aggregable'), Type.Literal('no_denominator'),
]));

/** One area's figure: what the map colours and the table lists. */
export const RolledUpValue = Type.Object({
  value: Nullable(Type.Number()),
  numerator: Nullable(Type.Number()),
  denominator: Nullable(Type.Number()),
  lowerConfidenceInterval: Nullable(Type.Number({ description: '95% interval: Wilson for proportions, Byar for counts, rates and standardised ratios' })),
  upperConfidenceInterval: Nullable(Type.Number()),
  suppressed: Type.Boolean(),
  suppressionReason: SuppressionReason,
  note: Nullable(Type.String({ description: 'plain words on suppression or partial coverage' })),
});
export type RolledUpValue = Static<typeof RolledUpValue>;

export const Significance = Type.Union(['better', 'worse', 'similar', 'higher', 'lower', 'not_tested'].map((s) => Type.Literal(s)));

export const AreaValue = Type.Composite([
  Type.Object({
    code: Type.String(),
    name: Type.String(),
    rank: Nullable(Type.Integer({ description: '1 = highest value among the areas of this level with a value' })),
    significance: Significance,
  }),
  RolledUpValue,
]);
export type AreaValue = Static<typeof AreaValue>;

export const IndicatorSummary = Type.Object({
  code: Type.String(),
  title: Type.String(),
  unit: Type.String(),
  aggregation: Type.String(),
  measureType: Type.String(),
  multiplier: Type.Number(),
  polarity: Type.String(),
  source: Type.String(),
  licence: Type.String(),
});

export const PeriodSummary = Type.Object({ label: Type.String(), kind: Type.String(), start: Type.String(), end: Type.String() });

export const ValuesReply = Type.Object({
  build: BuildRef,
  indicator: IndicatorSummary,
  period: PeriodSummary,
  periods: Type.Array(Type.String(), { description: 'every period this indicator has, oldest first' }),
  level: Type.Object({ key: Type.String(), label: Type.String() }),
  comparator: Nullable(Type.Composite([Type.Object({ level: Type.String(), code: Type.String(), name: Type.String() }), RolledUpValue])),
  areas: Type.Array(AreaValue),
});
export type ValuesReply = Static<typeof ValuesReply>;
