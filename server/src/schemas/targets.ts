import { Type, type Static } from '@sinclair/typebox';
import { BuildRef, LevelKey, Nullable } from './common.ts';
import { RolledUpValue } from './values.ts';

export const TargetsQuery = Type.Object({
  level: Type.Optional(LevelKey),
  area: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'an area code at `level`; every area of the level when omitted' })),
});
export type TargetsQuery = Static<typeof TargetsQuery>;

const Status = Type.Union(['achieved', 'on_track', 'at_risk', 'off_track', 'no_data'].map((s) => Type.Literal(s)));

export const TargetItem = Type.Object({
  indicator: Type.Object({ code: Type.String(), title: Type.String(), unit: Type.String(), polarity: Type.String() }),
  area: Type.Object({ level: Type.String(), levelLabel: Type.String(), code: Type.String(), name: Type.String() }),
  baseline: Type.Object({ period: Type.String(), value: Type.Number() }),
  target: Type.Object({ period: Type.String(), value: Type.Number(), start: Nullable(Type.String({ description: "the target period's first day: where the projection is read" })) }),
  actual: Type.Array(Type.Composite([Type.Object({ period: Type.String(), start: Type.String() }), RolledUpValue]), { description: 'the rolled-up value in every period, oldest first' }),
  latest: Nullable(Type.Object({ period: Type.String(), value: Type.Number() })),
  projection: Nullable(Type.Object({
    method: Type.Literal('theil_sen'),
    points: Type.Integer(),
    slopePerYear: Type.Number({ description: 'median of the pairwise slopes, in indicator units per year' }),
    value: Type.Number({ description: 'the line read at the target period start' }),
    at: Type.String(),
  })),
  status: Status,
  statusNote: Type.String(),
  source: Type.String(),
});
export type TargetItem = Static<typeof TargetItem>;

export const TargetsReply = Type.Object({
  build: BuildRef,
  method: Type.String(),
  atRiskShare: Type.Number({ description: 'at risk: the projection misses by less than this share of |target − baseline|' }),
  targets: Type.Array(TargetItem),
});
export type TargetsReply = Static<typeof TargetsReply>;
