import { Type, type Static } from '@sinclair/typebox';
import { BuildRef, Nullable } from './common.ts';
import { RolledUpValue, Significance } from './values.ts';

export const ProfileQuery = Type.Object({
  theme: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'a theme key from /api/v1/indicators; all themes when omitted' })),
});
export type ProfileQuery = Static<typeof ProfileQuery>;

const PeriodValue = Type.Composite([Type.Object({ period: Type.String() }), RolledUpValue]);

export const ProfileIndicator = Type.Object({
  code: Type.String(),
  title: Type.String(),
  theme: Type.String(),
  topic: Type.String(),
  unit: Type.String(),
  polarity: Type.String(),
  aggregation: Type.String(),
  source: Type.String(),
  latest: Nullable(PeriodValue),
  trend: Type.Array(PeriodValue, { description: 'every period, oldest first' }),
  comparators: Type.Array(Type.Composite([
    Type.Object({ level: Type.String(), code: Type.String(), name: Type.String(), period: Type.String(), significance: Significance }),
    RolledUpValue,
  ]), { description: 'the parent council and Scotland in the latest period; significance says how the area compares (95% intervals, polarity-aware)' }),
  rank: Nullable(Type.Object({ rank: Type.Integer(), of: Type.Integer(), among: Type.String() }, { description: '1 = highest value among its siblings' })),
});
export type ProfileIndicator = Static<typeof ProfileIndicator>;

export const ProfileArea = Type.Object({
  level: Type.String(),
  levelLabel: Type.String(),
  code: Type.String(),
  name: Type.String(),
  population: Nullable(Type.Number()),
  dataZones: Type.Integer(),
});

export const ProfileReply = Type.Object({
  build: BuildRef,
  area: ProfileArea,
  theme: Nullable(Type.String()),
  summary: Type.Array(Type.String(), { description: 'plain-language sentences a community group can quote' }),
  indicators: Type.Array(ProfileIndicator),
});
export type ProfileReply = Static<typeof ProfileReply>;
