import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { BuildRecord } from '../queries/build.ts';
import { COLUMNS, type TableRow } from './columns.ts';
import type { TablePlan } from './plan.ts';

const AGGREGATION_WORDS: Record<string, string> = {
  sum: 'Counts: the data zones’ counts are added up.',
  ratio: 'Rate or percentage: the data zones’ numerators and denominators are each summed, then divided (never an average of rates).',
  standardised_ratio: 'Standardised ratio: observed and expected counts are each summed, then divided.',
  population_weighted_mean: 'Population-weighted mean of the data zones’ figures.',
  none: 'Not aggregable (a median or rank): given for single data zones only.',
};

export const SUPPRESSION_NOTES: [string, string][] = [
  ['small_count', 'The count (or the count behind a rate) is from 1 to the disclosure threshold minus 1, after adding up the data zones: withheld to protect confidentiality. Zero is not disclosive and is shown.'],
  ['withheld_at_source', 'The publisher withheld the figure for at least one member data zone. A withheld figure is never counted as zero, so no total containing it is given.'],
  ['incomplete', 'Figures are missing for some member data zones (for averages, for more than a fifth of the population), so a total would be wrong.'],
  ['not_aggregable', 'Medians and ranks cannot be combined across data zones; they are given for single data zones only.'],
  ['no_denominator', 'The base population is zero, so no rate can be given.'],
];

export const METHOD_NOTES: string[] = [
  'Each row is one area × indicator × period. Figures for areas larger than a data zone are rolled up from their data zones by AreaLens, with the same rules as the map and /api/v1/indicators/:indicator/values.',
  'Rates and percentages are re-derived from summed numerators and denominators; they are never averages of data-zone rates.',
  'Confidence intervals are 95%: Wilson score intervals for proportions; Byar’s approximation to the exact Poisson interval for counts, rates and standardised ratios.',
  'Suppression is applied after aggregation, on unrounded figures. A suppressed row has suppressed = TRUE, a suppression_reason, a note in plain words, and empty value, numerator, denominator and intervals.',
  'comparator_* columns give Scotland’s figure for the same indicator and period. council_* columns give the area’s council (for levels below council; for best-fit levels such as localities, the council holding most of the area’s people). A suppressed comparator figure is left empty, never zero.',
  'Figures are unrounded: round them only for presentation.',
  'Text cells are written as plain text, never as formulas, even where they begin with =, +, - or @.',
];

/**
 * The table as an Excel workbook, written as a stream: a Data sheet (one row per area × indicator
 * × period, the same columns as the CSV), a Metadata sheet (the build, the request, and each
 * indicator's definition, source and licence) and a Notes sheet (suppression and methods).
 * Strings go into the shared-string table as plain text cells, so a name beginning with "=" is
 * shown as text and never evaluated.
 */
export function xlsxStream(rows: Iterable<TableRow>, plan: TablePlan, build: BuildRecord): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: true, useStyles: true });
  workbook.creator = 'AreaLens';
  workbook.created = new Date(build.createdAt);

  const write = async () => {
    const data = workbook.addWorksheet('Data', { views: [{ state: 'frozen', ySplit: 1 }] });
    data.columns = COLUMNS.map((c) => ({ header: c.name, key: c.name, width: c.type === 'string' ? 22 : 14 }));
    data.getRow(1).font = { bold: true };
    data.getRow(1).commit();
    for (const row of rows) {
      data.addRow(COLUMNS.map((c) => row[c.name] ?? undefined)).commit();
    }
    data.commit();

    const metadata = workbook.addWorksheet('Metadata');
    metadata.columns = [{ width: 28 }, { width: 60 }, ...Array.from({ length: 12 }, () => ({ width: 24 }))];
    const about: [string, string | number | boolean][] = [
      ['Build id', build.id],
      ['Build', build.label],
      ['Synthetic (demo) data', build.synthetic],
      ['Built at (UTC)', build.createdAt],
      ['Level', `${plan.level.label} (${plan.level.key})`],
      ['Areas', plan.areasNamed ? plan.areas.map((a) => a.code).join(', ') : `all ${plan.areas.length} ${plan.level.plural.toLowerCase()}`],
      ['Periods asked for', plan.periodsAsked?.join(', ') ?? 'all periods each indicator has'],
      ['Rows', plan.rowCount],
    ];
    for (const line of about) metadata.addRow(line).commit();
    metadata.addRow([]).commit();
    const header = metadata.addRow(['indicator_code', 'title', 'unit', 'measure_type', 'aggregation', 'how it rolls up', 'multiplier', 'polarity',
      'disclosure_threshold', 'periods_in_table', 'source', 'publisher', 'licence', 'date_published', 'notes', 'data_zone_vintage', 'synthetic']);
    header.font = { bold: true };
    header.commit();
    for (const { indicator: i, periods } of plan.indicators) {
      metadata.addRow([i.code, i.title, i.unit, i.measureType, i.aggregation, AGGREGATION_WORDS[i.aggregation] ?? '', i.multiplier, i.polarity,
        i.disclosureThreshold, periods.map((p) => p.label).join(', '), i.source, i.publisher, i.licence, i.datePublished ?? undefined,
        i.notes ?? undefined, i.vintage, build.synthetic || i.synthetic]).commit();
    }
    metadata.commit();

    const notes = workbook.addWorksheet('Notes');
    notes.columns = [{ width: 22 }, { width: 120 }];
    const title = notes.addRow(['Suppression', 'Why a figure may be withheld (suppression_reason)']);
    title.font = { bold: true };
    title.commit();
    for (const line of SUPPRESSION_NOTES) notes.addRow(line).commit();
    notes.addRow([]).commit();
    const methods = notes.addRow(['Methods']);
    methods.font = { bold: true };
    methods.commit();
    for (const line of METHOD_NOTES) notes.addRow(['', line]).commit();
    if (build.synthetic) notes.addRow(['Synthetic data', 'This build holds generated demo data: the figures describe no real place.']).commit();
    notes.commit();
    await workbook.commit();
  };
  write().catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
  return out;
}
