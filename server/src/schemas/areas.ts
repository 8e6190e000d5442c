import { Type, type Static } from '@sinclair/typebox';
import { LevelKey, Nullable, SearchText } from './common.ts';

export const AreaSearchQuery = Type.Object({
  q: Type.Optional(SearchText),
  level: Type.Optional(LevelKey),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20, description: 'how many areas to return, 1 to 100' }),
});
export type AreaSearchQuery = Static<typeof AreaSearchQuery>;

export const AreaSummary = Type.Object({
  level: Type.String(),
  levelLabel: Type.String(),
  code: Type.String(),
  name: Type.String(),
  population: Nullable(Type.Number()),
});
export type AreaSummary = Static<typeof AreaSummary>;

export const AreaSearchReply = Type.Object({
  areas: Type.Array(AreaSummary, { description: 'exact and prefix matches first, larger geographies before smaller' }),
  truncated: Type.Boolean({ description: 'true when more areas match than the limit' }),
});
export type AreaSearchReply = Static<typeof AreaSearchReply>;

export const AreaParams = Type.Object({
  level: LevelKey,
  code: Type.String({ minLength: 1, maxLength: 40, description: 'the area code, e.g. S13002516' }),
});
export type AreaParams = Static<typeof AreaParams>;

export const AreaParent = Type.Object({
  level: Type.String(),
  levelLabel: Type.String(),
  code: Type.String(),
  name: Type.String(),
  share: Type.Number({ description: "share of the area's population inside this parent (1 where it nests)" }),
});

export const AreaChildren = Type.Object({
  level: Type.String(),
  levelLabel: Type.String(),
  count: Type.Integer({ description: 'areas of this level whose parent (on the area’s level) is this area' }),
});

export const AreaProfile = Type.Object({
  level: Type.String(),
  levelLabel: Type.String(),
  code: Type.String(),
  name: Type.String(),
  population: Nullable(Type.Number()),
  populationYear: Nullable(Type.Integer()),
  areaKm2: Nullable(Type.Number()),
  centroid: Nullable(Type.Tuple([Type.Number(), Type.Number()], { description: '[longitude, latitude], WGS84' })),
  bbox: Nullable(Type.Tuple([Type.Number(), Type.Number(), Type.Number(), Type.Number()], { description: '[west, south, east, north], WGS84' })),
  dataZones: Type.Integer({ description: 'member data zones (1 for a data zone itself)' }),
  parents: Type.Array(AreaParent, { description: 'nearest first' }),
  children: Type.Array(AreaChildren, { description: 'nearest level first' }),
});
export type AreaProfile = Static<typeof AreaProfile>;
