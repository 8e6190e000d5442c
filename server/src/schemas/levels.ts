import { Type, type Static } from '@sinclair/typebox';
import { BuildRef, Nullable } from './common.ts';

export const Level = Type.Object({
  key: Type.String({ examples: ['ward2017'] }),
  label: Type.String(),
  plural: Type.String(),
  membership: Type.String({ description: "how data zones belong to its areas: 'base', 'nested' or 'best_fit'" }),
  userDefined: Type.Boolean(),
  areaCount: Type.Integer(),
  parents: Type.Array(Type.String(), { description: 'levels this build links its areas to, nearest first (the registry order)' }),
  source: Nullable(Type.String({ description: 'the file its memberships came from' })),
  notes: Nullable(Type.String()),
});
export type Level = Static<typeof Level>;

export const LevelsReply = Type.Object({
  build: BuildRef,
  levels: Type.Array(Level),
});
export type LevelsReply = Static<typeof LevelsReply>;
