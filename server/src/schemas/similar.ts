import { Type, type Static } from '@sinclair/typebox';
import { BuildRef, Nullable } from './common.ts';
import { ProfileArea } from './profile.ts';

export const SimilarQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 50, default: 10, description: 'how many similar areas to return, 1 to 50' }),
});
export type SimilarQuery = Static<typeof SimilarQuery>;

export const SimilarFeature = Type.Object({
  code: Type.String({ description: "an indicator code, or 'population'" }),
  title: Type.String(),
  unit: Type.String(),
  period: Nullable(Type.String()),
  transform: Type.Union([Type.Literal('log10'), Type.Literal('none')], { description: 'population is compared on a log scale, so doubling counts the same at any size' }),
  mean: Type.Number({ description: 'across the compared areas, after the transform' }),
  sd: Type.Number({ description: 'sample standard deviation across the compared areas, after the transform' }),
  value: Type.Number({ description: "this area's value (before the transform)" }),
  z: Type.Number(),
});

export const SimilarReply = Type.Object({
  build: BuildRef,
  area: ProfileArea,
  features: Type.Array(SimilarFeature),
  skipped: Type.Array(Type.Object({ code: Type.String(), reason: Type.String() })),
  compared: Type.Integer({ description: 'areas of this level with every feature (this one included)' }),
  similar: Type.Array(Type.Object({
    code: Type.String(),
    name: Type.String(),
    population: Nullable(Type.Number()),
    distance: Type.Number({ description: 'Euclidean distance between z-score vectors; 0 = identical on every feature' }),
    values: Type.Array(Type.Object({ code: Type.String(), value: Type.Number(), z: Type.Number() })),
  }), { description: 'nearest first' }),
  methods: Type.Array(Type.String()),
});
export type SimilarReply = Static<typeof SimilarReply>;
