import { Type, type Static } from '@sinclair/typebox';
import { BuildRef, LevelKey, Nullable } from './common.ts';
import { RolledUpValue } from './values.ts';

const AreaCode = Type.String({ minLength: 1, maxLength: 40, description: 'an area code at `level`, e.g. S12000015; the whole build when omitted with `level`' });
const Partner = Type.String({ minLength: 1, maxLength: 120, description: 'a partner as named in the spend file; every partner when omitted' });
const Service = Type.String({ minLength: 1, maxLength: 120, description: 'a service as named in the spend file; every service when omitted' });
const FinancialYear = Type.String({ minLength: 1, maxLength: 20, description: "a financial year such as '2020/21'; the latest with spend when omitted" });

export const SpendQuery = Type.Object({
  level: Type.Optional(LevelKey),
  area: Type.Optional(AreaCode),
});
export type SpendQuery = Static<typeof SpendQuery>;

export const SpendByDeprivationQuery = Type.Object({
  level: Type.Optional(LevelKey),
  area: Type.Optional(AreaCode),
  partner: Type.Optional(Partner),
  service: Type.Optional(Service),
  year: Type.Optional(FinancialYear),
  edition: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: "a SIMD edition such as 'SIMD 2020v2'; the newest when omitted" })),
});
export type SpendByDeprivationQuery = Static<typeof SpendByDeprivationQuery>;

export const SpendAgainstNeedQuery = Type.Object({
  level: LevelKey,
  need: Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z][a-z0-9_]*$', description: 'the indicator code of the need measure, from /api/v1/indicators' }),
  period: Type.Optional(Type.String({ minLength: 1, maxLength: 20, description: "the need indicator's period; its latest when omitted" })),
  year: Type.Optional(FinancialYear),
  partner: Type.Optional(Partner),
  service: Type.Optional(Service),
  withinLevel: Type.Optional(LevelKey),
  within: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'with withinLevel: only the areas of `level` inside this area (e.g. withinLevel=council&within=S12000047); every area of the level when both are omitted' })),
});
export type SpendAgainstNeedQuery = Static<typeof SpendAgainstNeedQuery>;

const SpendArea = Nullable(Type.Object({
  level: Type.String(),
  levelLabel: Type.String(),
  code: Type.String(),
  name: Type.String(),
}, { description: 'null: the whole build' }));

const PerHead = Nullable(Type.Number({ description: '£ per person: Σ spend ÷ Σ people of the population year; null where nobody lives' }));

export const SpendReply = Type.Object({
  build: BuildRef,
  area: SpendArea,
  totals: Type.Array(Type.Object({
    financialYear: Type.String(),
    amount: Type.Number({ description: '£ placed in the data zones of the area' }),
    populationYear: Nullable(Type.Integer({ description: 'the mid-year population estimate divided by: the one nearest the financial year' })),
    population: Nullable(Type.Number()),
    spendPerHead: PerHead,
  })),
  byPartner: Type.Array(Type.Object({ partner: Type.String(), financialYear: Type.String(), amount: Type.Number(), spendPerHead: PerHead })),
  byService: Type.Array(Type.Object({ partner: Type.String(), service: Type.String(), financialYear: Type.String(), amount: Type.Number(), spendPerHead: PerHead })),
  unitCosts: Type.Array(Type.Object({
    service: Type.String(),
    financialYear: Type.String(),
    activityUnit: Nullable(Type.String()),
    amount: Type.Number({ description: '£ over the rows that report activity only' }),
    activity: Type.Number(),
    unitCost: Nullable(Type.Number({ description: 'Σ amount ÷ Σ activity, £ per activity unit' })),
    rowsWithActivity: Type.Integer(),
    rowsWithoutActivity: Type.Integer({ description: 'rows of this service and year that report no activity, left out of the unit cost' }),
  })),
  unallocated: Type.Object({
    rule: Type.String({ description: 'which unallocated spend this answer lists, in plain words' }),
    total: Type.Number(),
    lines: Type.Array(Type.Object({ partner: Type.String(), service: Type.String(), financialYear: Type.String(), amount: Type.Number() })),
  }),
  notes: Type.Array(Type.String()),
});
export type SpendReply = Static<typeof SpendReply>;

const Band = Type.Object({
  band: Type.Integer({ description: '1 = most deprived' }),
  dataZones: Type.Integer(),
  population: Type.Number(),
  amount: Type.Number(),
  spendPerHead: PerHead,
  shareOfSpend: Nullable(Type.Number({ description: "the band's share of the spend in ranked data zones, 0–1" })),
  shareOfPopulation: Nullable(Type.Number({ description: "the band's share of the people in ranked data zones, 0–1" })),
  relativeToAverage: Nullable(Type.Number({ description: "spend per head ÷ the area's; = share of spend ÷ share of population" })),
});

export const SpendByDeprivationReply = Type.Object({
  build: BuildRef,
  area: SpendArea,
  partner: Nullable(Type.String()),
  service: Nullable(Type.String()),
  financialYear: Type.String(),
  edition: Type.String(),
  populationYear: Type.Integer(),
  total: Type.Object({ dataZones: Type.Integer(), population: Type.Number(), amount: Type.Number(), spendPerHead: PerHead }),
  deciles: Type.Array(Band, { description: 'national SIMD deciles, 1 = the most deprived 10% of Scotland\'s data zones' }),
  quintiles: Type.Array(Band),
  unranked: Type.Object({ dataZones: Type.Integer(), population: Type.Number(), amount: Type.Number() }, { description: 'data zones this SIMD edition does not rank (e.g. another vintage): outside the bands' }),
  concentrationIndex: Type.Object({
    value: Nullable(Type.Number()),
    dataZones: Type.Integer({ description: 'data zones that entered the index (ranked, with people)' }),
    method: Type.String(),
    signConvention: Type.String(),
    interpretation: Nullable(Type.String()),
  }),
  notes: Type.Array(Type.String()),
});
export type SpendByDeprivationReply = Static<typeof SpendByDeprivationReply>;

export const SpendAgainstNeedReply = Type.Object({
  build: BuildRef,
  level: Type.Object({ key: Type.String(), label: Type.String() }),
  within: SpendArea,
  need: Type.Object({
    code: Type.String(), title: Type.String(), unit: Type.String(), polarity: Type.String(), aggregation: Type.String(), period: Type.String(),
  }),
  partner: Nullable(Type.String()),
  service: Nullable(Type.String()),
  financialYear: Type.String(),
  populationYear: Type.Integer(),
  areas: Type.Array(Type.Object({
    code: Type.String(),
    name: Type.String(),
    amount: Type.Number(),
    population: Type.Number(),
    spendPerHead: PerHead,
    need: RolledUpValue,
  })),
  correlation: Type.Object({
    areas: Type.Integer({ description: 'areas with both a spend per head and a need value' }),
    pearson: Nullable(Type.Number()),
    spearman: Nullable(Type.Number()),
    note: Type.String(),
  }),
  notes: Type.Array(Type.String()),
});
export type SpendAgainstNeedReply = Static<typeof SpendAgainstNeedReply>;
