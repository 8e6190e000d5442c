import { Type, type Static } from '@sinclair/typebox';
import { BuildRef, Nullable } from './common.ts';
import { ProfileArea } from './profile.ts';
import { IndicatorSummary, PeriodSummary, RolledUpValue } from './values.ts';

const IndicatorCode = Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z][a-z0-9_]*$', description: 'an indicator code from /api/v1/indicators' });
const PeriodLabel = Type.String({ minLength: 1, maxLength: 20, description: "a period label such as '2020' or '2019/20'; the latest when omitted" });

/** A choice of words: a pattern rather than an enum, so a wrong value's message lists the right ones. */
export const Choice = <const T extends string>(values: readonly T[], options: { default: NoInfer<T>; description: string }) =>
  Type.Unsafe<T>({ type: 'string', pattern: `^(${values.join('|')})$`, ...options });

export const InequalityQuery = Type.Object({
  indicator: IndicatorCode,
  period: Type.Optional(PeriodLabel),
  bands: Choice(['deciles', 'quintiles'] as const, { default: 'quintiles', description: 'SIMD deciles or quintiles' }),
  ranking: Choice(['scotland', 'local'] as const, {
    default: 'scotland',
    description: "'scotland': the SG's national bands; 'local': the area's own data zones re-ranked and cut into bands of equal population",
  }),
  edition: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: "a SIMD edition such as 'SIMD 2020v2'; the newest when omitted" })),
});
export type InequalityQuery = Static<typeof InequalityQuery>;

export const Gradient = Type.Union(
  ['worse_in_more_deprived', 'better_in_more_deprived', 'higher_in_more_deprived', 'lower_in_more_deprived', 'no_clear_gradient', 'not_tested'].map((g) => Type.Literal(g)),
  { description: "whether the SII's 95% interval excludes zero, and (by the indicator's polarity) who bears the gap" },
);

const Band = Type.Composite([
  Type.Object({
    band: Type.Integer({ description: '1 = most deprived' }),
    label: Type.String(),
    dataZones: Type.Integer(),
    population: Type.Number({ description: "people in the band (the data zones' latest estimates): the regression weight" }),
    populationShare: Type.Number(),
    ridit: Nullable(Type.Number({ description: "midpoint of the band's cumulative population share, 0 = most deprived end, 1 = least deprived; null for an empty band" })),
  }),
  RolledUpValue,
]);

export const InequalityReply = Type.Object({
  build: BuildRef,
  area: ProfileArea,
  indicator: IndicatorSummary,
  period: PeriodSummary,
  periods: Type.Array(Type.String()),
  deprivation: Type.Object({
    edition: Type.String(),
    bands: Type.String(),
    ranking: Type.String(),
    dataZonesRanked: Type.Integer({ description: "the area's data zones with a rank in this edition" }),
    dataZonesWithoutRank: Type.Integer(),
  }),
  overall: RolledUpValue,
  bands: Type.Array(Band, { description: 'most deprived first; every band listed, empty ones too' }),
  inequality: Type.Object({
    sii: Nullable(Type.Number({ description: 'slope index of inequality: fitted value at the most deprived end minus that at the least deprived end (positive = higher in more deprived areas)' })),
    siiLower: Nullable(Type.Number()),
    siiUpper: Nullable(Type.Number()),
    rii: Nullable(Type.Number({ description: "relative index of inequality: SII ÷ the area's overall value (ScotPHO)" })),
    riiLower: Nullable(Type.Number()),
    riiUpper: Nullable(Type.Number()),
    mostDeprivedVsAveragePercent: Nullable(Type.Number({ description: "RII × ½ × 100: how far the most deprived end lies above (or below) the area's average, in % (ScotPHO's reading)" })),
    fittedMostDeprived: Nullable(Type.Number()),
    fittedLeastDeprived: Nullable(Type.Number()),
    mostDeprivedBand: Type.Integer({ description: 'the most deprived band with people in it' }),
    leastDeprivedBand: Type.Integer(),
    absoluteGap: Nullable(Type.Number({ description: 'most deprived band minus least deprived band' })),
    relativeGap: Nullable(Type.Number({ description: 'most deprived band ÷ least deprived band' })),
    gradient: Gradient,
  }),
  note: Nullable(Type.String()),
  summary: Type.Array(Type.String(), { description: 'plain-language sentences' }),
  methods: Type.Array(Type.String(), { description: 'how the figures were made, with sources' }),
});
export type InequalityReply = Static<typeof InequalityReply>;

export const DispersionQuery = Type.Object({
  indicator: IndicatorCode,
  period: Type.Optional(PeriodLabel),
  childLevel: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'the level of the parts, e.g. iz2011; intermediate zones where they lie in the area, else data zones' })),
});
export type DispersionQuery = Static<typeof DispersionQuery>;

export const DispersionReply = Type.Object({
  build: BuildRef,
  area: ProfileArea,
  indicator: IndicatorSummary,
  period: PeriodSummary,
  periods: Type.Array(Type.String()),
  childLevel: Type.Object({ key: Type.String(), label: Type.String(), plural: Type.String() }),
  areaValue: RolledUpValue,
  dispersion: Type.Object({
    children: Type.Integer(),
    childrenWithValue: Type.Integer({ description: 'parts with a figure and people: the ones measured' }),
    weightedMean: Nullable(Type.Number({ description: "population-weighted mean of the parts' values" })),
    weightedSd: Nullable(Type.Number()),
    coefficientOfVariation: Nullable(Type.Number({ description: 'weighted SD ÷ weighted mean' })),
    p10: Nullable(Type.Number({ description: "10th population-weighted percentile of the parts' values" })),
    p90: Nullable(Type.Number()),
    p90p10Ratio: Nullable(Type.Number()),
  }),
  children: Type.Array(Type.Composite([Type.Object({ code: Type.String(), name: Type.String(), population: Nullable(Type.Number()) }), RolledUpValue]), { description: 'highest value first; withheld ones last' }),
  note: Nullable(Type.String()),
  methods: Type.Array(Type.String()),
});
export type DispersionReply = Static<typeof DispersionReply>;
