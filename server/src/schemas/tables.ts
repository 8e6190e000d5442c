import { Type, type Static } from '@sinclair/typebox';
import { BuildRef, LevelKey } from './common.ts';

export const TABLE_FORMATS = ['json', 'csv', 'xlsx', 'arrow'] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];

const FormatText = Type.String({ minLength: 1, maxLength: 10, description: `one of ${TABLE_FORMATS.join(', ')}; json when omitted` });
const CodeText = Type.String({ minLength: 1, maxLength: 64 });

export const TablesQuery = Type.Object({
  level: LevelKey,
  areas: Type.Optional(Type.String({ maxLength: 16_000, description: 'comma-separated area codes at the level; every area of the level when omitted (POST the request for long lists)' })),
  indicators: Type.Optional(Type.String({ maxLength: 8_000, description: 'comma-separated indicator codes from /api/v1/indicators, at most 100' })),
  periods: Type.Optional(Type.String({ maxLength: 2_000, description: "comma-separated period labels and/or 'latest'; every period each indicator has when omitted" })),
  format: Type.Optional(FormatText),
});
export type TablesQuery = Static<typeof TablesQuery>;

export const TablesBody = Type.Object({
  level: LevelKey,
  areas: Type.Optional(Type.Array(CodeText, { maxItems: 20_000, description: 'area codes at the level; every area of the level when omitted' })),
  indicators: Type.Array(CodeText, { maxItems: 1_000, description: 'indicator codes from /api/v1/indicators, at most 100' }),
  periods: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 20 }), { maxItems: 500, description: "period labels and/or 'latest'; every period when omitted" })),
  format: Type.Optional(FormatText),
}, { additionalProperties: false });
export type TablesBody = Static<typeof TablesBody>;

export const TablesPostQuery = Type.Object({ format: Type.Optional(FormatText) });
export type TablesPostQuery = Static<typeof TablesPostQuery>;

export const TableColumn = Type.Object({
  name: Type.String(),
  type: Type.Union([Type.Literal('string'), Type.Literal('number'), Type.Literal('boolean')]),
  description: Type.String(),
});

export const TablesJsonReply = Type.Object({
  build: BuildRef,
  columns: Type.Array(TableColumn, { description: 'the columns, in the order of every row' }),
  rows: Type.Array(Type.Array(Type.Unknown()), { description: 'one array per area × indicator × period, in column order; null where a cell is empty' }),
  truncated: Type.Boolean({ description: 'always false: a table over the cell limit is refused with 413, never cut short' }),
});
export type TablesJsonReply = Static<typeof TablesJsonReply>;
