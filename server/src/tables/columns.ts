/**
 * The columns of an AreaLens table download, in order: one row per area × indicator × period (long
 * format). Every export (JSON, CSV, XLSX, Arrow) writes exactly these names and types.
 */
export type ColumnType = 'string' | 'number' | 'boolean';

export interface Column {
  name: keyof TableRow;
  type: ColumnType;
  description: string;
}

export interface TableRow {
  geography_level: string;
  geography_level_label: string;
  area_code: string;
  area_name: string;
  indicator_code: string;
  indicator_title: string;
  unit: string;
  period: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  lower_confidence_interval: number | null;
  upper_confidence_interval: number | null;
  suppressed: boolean;
  suppression_reason: string | null;
  note: string | null;
  comparator_code: string | null;
  comparator_name: string | null;
  comparator_value: number | null;
  council_code: string | null;
  council_name: string | null;
  council_value: number | null;
  aggregation: string;
  source: string;
  licence: string;
  build_id: string;
  synthetic: boolean;
}

export const COLUMNS: readonly Column[] = [
  { name: 'geography_level', type: 'string', description: 'level key, e.g. ward2017' },
  { name: 'geography_level_label', type: 'string', description: 'level name, e.g. Multi-member ward (2017)' },
  { name: 'area_code', type: 'string', description: 'official area code (GSS), or the code the level uses' },
  { name: 'area_name', type: 'string', description: 'area name' },
  { name: 'indicator_code', type: 'string', description: 'indicator code from /api/v1/indicators' },
  { name: 'indicator_title', type: 'string', description: 'indicator title' },
  { name: 'unit', type: 'string', description: 'unit of value' },
  { name: 'period', type: 'string', description: "period as published: '2020', '2019/20', '2017-2019'" },
  { name: 'value', type: 'number', description: 'the figure for the area, rolled up from its data zones; empty when suppressed' },
  { name: 'numerator', type: 'number', description: 'summed numerator (count, or observed for standardised ratios); empty for means and when suppressed' },
  { name: 'denominator', type: 'number', description: 'summed denominator (population, expected, or weight for means); empty when suppressed' },
  { name: 'lower_confidence_interval', type: 'number', description: '95% lower limit: Wilson for proportions, Byar for counts, rates and standardised ratios' },
  { name: 'upper_confidence_interval', type: 'number', description: '95% upper limit' },
  { name: 'suppressed', type: 'boolean', description: 'true when no figure can be published for this cell' },
  { name: 'suppression_reason', type: 'string', description: 'small_count, withheld_at_source, incomplete, not_aggregable or no_denominator' },
  { name: 'note', type: 'string', description: 'plain words on suppression or partial coverage' },
  { name: 'comparator_code', type: 'string', description: 'Scotland, the comparator for every area (empty for the Scotland level itself)' },
  { name: 'comparator_name', type: 'string', description: 'comparator name' },
  { name: 'comparator_value', type: 'number', description: "Scotland's figure for the same indicator and period; empty when suppressed" },
  { name: 'council_code', type: 'string', description: "the area's council, for levels below council (for best-fit levels, the council holding most of its people)" },
  { name: 'council_name', type: 'string', description: 'council name' },
  { name: 'council_value', type: 'number', description: "the council's figure for the same indicator and period; empty when suppressed" },
  { name: 'aggregation', type: 'string', description: 'how data zones roll up: sum, ratio, standardised_ratio, population_weighted_mean or none' },
  { name: 'source', type: 'string', description: 'where the figures come from' },
  { name: 'licence', type: 'string', description: 'the licence the figures are published under' },
  { name: 'build_id', type: 'string', description: 'the AreaLens build that produced the table (X-AreaLens-Build)' },
  { name: 'synthetic', type: 'boolean', description: 'true for generated demo data, which must not be read as real' },
];
