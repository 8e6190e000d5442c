import { Type, type Static } from '@sinclair/typebox';
import { BuildRef, ErrorBody, Nullable } from './common.ts';
import { PostcodePlacement } from './locate.ts';
import { ProfileIndicator } from './profile.ts';
import { IndicatorCodeParams, IndicatorSummary, PeriodSummary, RolledUpValue, Significance } from './values.ts';

/** One way of defining an area; the route checks that exactly one is given. */
export const CustomAreaDefinition = Type.Object({
  dataZones: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 20 }), { description: '2011 data zone codes such as S01000001; at most 2,000' })),
  postcodes: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 16 }), { description: "postcodes such as 'KY1 1XX' (case and spacing are normalised); at most 2,000" })),
  polygon: Type.Optional(Type.Unknown({ description: 'a GeoJSON Polygon or MultiPolygon, or a Feature of one, in WGS84 longitude/latitude; at most 10,000 vertices, edges must not cross' })),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'what to call the area in the answer' })),
});
export type CustomAreaDefinition = Static<typeof CustomAreaDefinition>;

export const CustomProfileBody = Type.Composite([
  CustomAreaDefinition,
  Type.Object({ theme: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'a theme key from /api/v1/indicators; all themes when omitted' })) }),
]);
export type CustomProfileBody = Static<typeof CustomProfileBody>;

export const CustomValuesQuery = Type.Object({
  indicator: IndicatorCodeParams.properties.indicator,
  period: Type.Optional(Type.String({ minLength: 1, maxLength: 20, description: "a period label such as '2020' or '2019/20'; the latest when omitted" })),
});
export type CustomValuesQuery = Static<typeof CustomValuesQuery>;

/** The shared reasons, and one more that only custom areas have. */
export const CustomSuppressionReason = Nullable(Type.Union([
  Type.Literal('small_count'), Type.Literal('withheld_at_source'), Type.Literal('incomplete'), Type.Literal('not_aggregable'), Type.Literal('no_denominator'),
  Type.Literal('differencing'),
], { description: "'differencing': the area differs from another by so few data zones that subtracting one from the other would reveal small figures" }));

export const CustomRolledUpValue = Type.Composite([Type.Omit(RolledUpValue, ['suppressionReason']), Type.Object({ suppressionReason: CustomSuppressionReason })]);
export type CustomRolledUpValue = Static<typeof CustomRolledUpValue>;

const PeriodValue = Type.Composite([Type.Object({ period: Type.String() }), CustomRolledUpValue]);
const ComparatorValue = Type.Composite([
  Type.Object({ level: Type.String(), code: Type.String(), name: Type.String(), period: Type.String(), significance: Significance }),
  CustomRolledUpValue,
]);

/** profile.ts's indicator, with the custom area's values able to say 'differencing'. */
export const CustomProfileIndicator = Type.Composite([
  Type.Omit(ProfileIndicator, ['latest', 'trend', 'comparators']),
  Type.Object({
    latest: Nullable(PeriodValue),
    trend: Type.Array(PeriodValue, { description: 'every period, oldest first' }),
    comparators: Type.Array(ComparatorValue, { description: 'the council holding most of the area’s people, and Scotland, in the latest period' }),
  }),
]);
export type CustomProfileIndicator = Static<typeof CustomProfileIndicator>;

export const PublishedAreaRef = Type.Object({ level: Type.String(), levelLabel: Type.String(), code: Type.String(), name: Type.String() });

export const Resolution = Type.Object({
  input: Type.Union([Type.Literal('dataZones'), Type.Literal('postcodes'), Type.Literal('polygon')]),
  given: Type.Integer({ description: 'entries sent; for a polygon, its vertices' }),
  resolved: Type.Integer({ description: 'entries placed in a data zone; for a polygon, data zones whose centre is inside' }),
  duplicates: Type.Integer({ description: 'entries sent more than once (counted once)' }),
  unknown: Type.Array(Type.String(), { description: 'entries that are not in this build, as normalised' }),
  postcodes: Type.Optional(Type.Array(Type.Composite([
    Type.Object({ postcode: Type.String(), dataZone: Type.String(), deleted: Type.Boolean() }),
    PostcodePlacement,
  ]), { description: 'each known postcode, the 2011 data zone it was placed in and how' })),
  notes: Type.Array(Type.String()),
});

export const CustomAreaSummary = Type.Object({
  name: Type.String(),
  dataZones: Type.Integer(),
  population: Nullable(Type.Number({ description: 'sum of the member data zones’ latest population estimates' })),
  populationYear: Nullable(Type.Integer()),
  members: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), population: Nullable(Type.Number()) })),
  resolution: Resolution,
  council: Nullable(Type.Composite([PublishedAreaRef, Type.Object({ share: Nullable(Type.Number({ description: 'share of the area’s people in this council' })) })])),
});
export type CustomAreaSummary = Static<typeof CustomAreaSummary>;

export const Disclosure = Type.Object({
  minDataZones: Type.Integer(),
  minDifference: Type.Integer(),
  sameAs: Type.Union([PublishedAreaRef, Type.Null()], { description: 'the published area made of exactly these data zones, if there is one' }),
  differencing: Nullable(Type.Object({
    difference: Type.Integer({ description: 'data zones in one area and not the other' }),
    against: Type.Union([Type.Literal('published'), Type.Literal('recent')]),
    area: Type.Union([PublishedAreaRef, Type.Null()], { description: 'the published area; never another user’s custom area' }),
  })),
  note: Nullable(Type.String()),
});
export type Disclosure = Static<typeof Disclosure>;

export const CustomProfileReply = Type.Object({
  build: BuildRef,
  area: CustomAreaSummary,
  theme: Nullable(Type.String()),
  disclosure: Disclosure,
  summary: Type.Array(Type.String(), { description: 'plain-language sentences a community group can quote' }),
  indicators: Type.Array(CustomProfileIndicator),
});
export type CustomProfileReply = Static<typeof CustomProfileReply>;

export const CustomValuesReply = Type.Object({
  build: BuildRef,
  indicator: IndicatorSummary,
  period: PeriodSummary,
  periods: Type.Array(Type.String(), { description: 'every period this indicator has, oldest first' }),
  area: CustomAreaSummary,
  disclosure: Disclosure,
  value: CustomRolledUpValue,
  comparators: Type.Array(Type.Composite([Type.Object({ level: Type.String(), code: Type.String(), name: Type.String(), significance: Significance }), CustomRolledUpValue])),
});
export type CustomValuesReply = Static<typeof CustomValuesReply>;

/** 422: the area was understood but is too small to show; it says which data zones it held. */
export const TooSmallBody = Type.Composite([ErrorBody, Type.Object({ area: Type.Optional(CustomAreaSummary) })]);
export type TooSmallBody = Static<typeof TooSmallBody>;
