import { Type, type Static } from '@sinclair/typebox';
import { BuildRef, Nullable } from './common.ts';
import { Choice } from './inequality.ts';
import { ProfileArea } from './profile.ts';
import { IndicatorSummary, RolledUpValue, Significance } from './values.ts';

const PeriodValue = Type.Composite([Type.Object({ period: Type.String() }), RolledUpValue]);

export const ChangeTest = Type.Object({
  difference: Nullable(Type.Number({ description: 'later minus earlier, in the indicator unit' })),
  relativeChangePercent: Nullable(Type.Number()),
  intervalsOverlap: Nullable(Type.Boolean({ description: 'whether the two 95% intervals overlap (the conservative reading)' })),
  method: Type.Union([Type.Literal('two_proportion_z'), Type.Literal('poisson_log_ratio_z'), Type.Literal('none')]),
  zScore: Nullable(Type.Number()),
  pValue: Nullable(Type.Number({ description: 'two-sided' })),
  significance: Significance,
  note: Nullable(Type.String()),
});

export const ChangeQuery = Type.Object({
  indicator: Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z][a-z0-9_]*$', description: 'an indicator code from /api/v1/indicators' }),
  from: Type.Optional(Type.String({ minLength: 1, maxLength: 20, description: 'the earlier period; the one before `to` when omitted' })),
  to: Type.Optional(Type.String({ minLength: 1, maxLength: 20, description: 'the later period; the latest when omitted' })),
});
export type ChangeQuery = Static<typeof ChangeQuery>;

export const ChangeReply = Type.Object({
  build: BuildRef,
  area: ProfileArea,
  indicator: IndicatorSummary,
  periods: Type.Array(Type.String()),
  from: PeriodValue,
  to: PeriodValue,
  change: ChangeTest,
  summary: Type.String(),
  methods: Type.Array(Type.String()),
});
export type ChangeReply = Static<typeof ChangeReply>;

export const TriageQuery = Type.Object({
  comparator: Choice(['scotland', 'council'] as const, { default: 'scotland', description: "compare with Scotland or with the area's council" }),
});
export type TriageQuery = Static<typeof TriageQuery>;

export const TriageItem = Type.Object({
  code: Type.String(),
  title: Type.String(),
  unit: Type.String(),
  polarity: Type.String(),
  latest: PeriodValue,
  previous: PeriodValue,
  comparator: PeriodValue,
  significance: Significance,
  worseByPercent: Type.Number({ description: "how far the area's latest value is worse than the comparator's, as % of the comparator's" }),
  change: ChangeTest,
});

export const TriageReply = Type.Object({
  build: BuildRef,
  area: ProfileArea,
  comparator: Type.Object({ level: Type.String(), code: Type.String(), name: Type.String() }),
  counts: Type.Object({
    tested: Type.Integer({ description: 'rates and ratios with a direction (polarity), two or more periods and an interval in the latest' }),
    worseThanComparator: Type.Integer(),
    gettingWorse: Type.Integer(),
    worseAndGettingWorse: Type.Integer(),
  }),
  indicators: Type.Array(TriageItem, { description: 'significantly worse than the comparator AND significantly worse than the period before; furthest worse first' }),
  summary: Type.String(),
  methods: Type.Array(Type.String()),
});
export type TriageReply = Static<typeof TriageReply>;
