import { IssueCollector } from '../errors.ts';
import type { SourceEntry } from '../manifest.ts';
import { readIndicators } from '../sources/indicators.ts';
import { readSpend } from '../sources/spend.ts';
import { observationContext } from '../derive.ts';
import { ObservationStore } from '../observations.ts';
import type { IndicatorMeta, SpendRow, Staging } from '../staging.ts';

/**
 * What a partner's draft would change: the partner's current files against the draft, each read by
 * the same source readers the build uses, so the preview counts exactly what would be loaded.
 * The shapes match server/src/schemas/publishing.ts (Preview), which the ETL may not import.
 */

export interface BeforeAfter {
  before: number;
  after: number;
}

export interface SpendPreview {
  total: BeforeAfter;
  unallocated: BeforeAfter;
  byService: ({ service: string; financialYear: string } & BeforeAfter)[];
  byArea: ({ level: string; code: string; name: string } & BeforeAfter)[];
}

export interface IndicatorChange {
  id: string;
  title: string;
  periods: string[];
  changedFields: string[];
  periodsAdded: string[];
  periodsRemoved: string[];
  valuesAdded: number;
  valuesRemoved: number;
  valuesChanged: number;
}

export interface IndicatorsPreview {
  added: IndicatorChange[];
  revised: IndicatorChange[];
  removed: { id: string; title: string }[];
  unchanged: string[];
}

export interface Preview {
  basedOn: string;
  rows: BeforeAfter;
  spend?: SpendPreview;
  indicators?: IndicatorsPreview;
}

/** Levels the spend preview totals by: the council, and the newest ward level the build has. */
const AREA_LEVELS = [['council'], ['ward2022', 'ward2017', 'ward2007']];

/** A staging that shares the build's lookups (data zones, postcodes) but holds nothing read yet. */
function scratch(staging: Staging): Staging {
  const into: Staging = { ...staging, issues: new IssueCollector(), indicators: new Map(), spend: [], targets: [], runs: [], revisions: [], warnings: [] };
  into.observations = ObservationStore.inMemory(observationContext(into));
  return into;
}

/** Reads one partner source into a scratch staging. Its problems were already reported by the full build's checks. */
export async function readPartnerEntry(staging: Staging, entry: SourceEntry | null): Promise<Staging> {
  const into = scratch(staging);
  if (entry?.kind === 'spend') await readSpend(into, entry.file, { only: entry.onlyPartners, except: entry.exceptPartners });
  else if (entry?.kind === 'indicators') await readIndicators(into, entry.metadata, entry.observations);
  else if (entry) throw new Error(`a partner file is spend or indicators, not ${entry.kind}`);
  return into;
}

const pounds = (amount: number) => Math.round(amount * 100) / 100;

function sumBy<K>(rows: SpendRow[], key: (row: SpendRow) => K | null): Map<K, number> {
  const sums = new Map<K, number>();
  for (const row of rows) {
    const k = key(row);
    if (k !== null) sums.set(k, (sums.get(k) ?? 0) + row.amount);
  }
  return sums;
}

function compareSums<K>(before: Map<K, number>, after: Map<K, number>): [K, BeforeAfter][] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].map((k) => [k, { before: pounds(before.get(k) ?? 0), after: pounds(after.get(k) ?? 0) }]);
}

const bySizeOfChange = (a: BeforeAfter, b: BeforeAfter) => Math.abs(b.after - b.before) - Math.abs(a.after - a.before);

export function spendPreview(staging: Staging, before: SpendRow[], after: SpendRow[]): SpendPreview {
  const total = (rows: SpendRow[]) => pounds(rows.reduce((sum, row) => sum + row.amount, 0));
  const unallocated = (rows: SpendRow[]) => total(rows.filter((row) => row.dz === null));
  const byService = compareSums(
    sumBy(before, (row) => `${row.service}\u0000${row.financialYear}`),
    sumBy(after, (row) => `${row.service}\u0000${row.financialYear}`),
  ).map(([key, sums]) => {
    const [service = '', financialYear = ''] = key.split('\u0000');
    return { service, financialYear, ...sums };
  }).sort((a, b) => a.service.localeCompare(b.service) || a.financialYear.localeCompare(b.financialYear));

  const byArea: SpendPreview['byArea'] = [];
  for (const candidates of AREA_LEVELS) {
    const level = candidates.map((key) => staging.levels.get(key)).find((l) => l !== undefined);
    if (!level) continue;
    const areaOf = (row: SpendRow) => (row.dz === null ? null : (level.members.get(row.dz)?.areaCode ?? null));
    const areas = compareSums(sumBy(before, areaOf), sumBy(after, areaOf))
      .map(([code, sums]) => ({ level: level.key, code, name: level.areas.get(code)?.name ?? code, ...sums }))
      .sort(bySizeOfChange);
    byArea.push(...areas);
  }
  return {
    total: { before: total(before), after: total(after) },
    unallocated: { before: unallocated(before), after: unallocated(after) },
    byService,
    byArea,
  };
}

const META_FIELDS: (keyof IndicatorMeta)[] = [
  'title', 'theme', 'topic', 'unit', 'measureType', 'aggregation', 'multiplier', 'polarity', 'source', 'publisher', 'licence',
  'datePublished', 'notes', 'keywords', 'disclosureThreshold', 'vintage',
];

/** The template's column for each metadata field, so a reviewer reads the names they uploaded. */
const COLUMN: Partial<Record<keyof IndicatorMeta, string>> = {
  measureType: 'measure_type', datePublished: 'date_published', disclosureThreshold: 'disclosure_threshold',
};

type Values = Map<string, { period: string; cell: string }>;

/** indicator → (period, data zone) → the published figures as text, so equal numbers compare equal. */
function valuesByIndicator(observations: ObservationStore): Map<string, Values> {
  const out = new Map<string, Values>();
  for (const row of observations.rows()) {
    let values = out.get(row.indicator);
    if (!values) out.set(row.indicator, (values = new Map()));
    values.set(`${row.period}\u0000${row.dz}`, { period: row.period, cell: `${row.numerator}|${row.denominator}|${row.value}|${row.suppressed}` });
  }
  return out;
}

export function indicatorsPreview(before: Staging, after: Staging): IndicatorsPreview {
  const oldValues = valuesByIndicator(before.observations);
  const newValues = valuesByIndicator(after.observations);
  const preview: IndicatorsPreview = { added: [], revised: [], removed: [], unchanged: [] };
  for (const [id, meta] of after.indicators) {
    const now = newValues.get(id) ?? new Map();
    const was = oldValues.get(id) ?? new Map();
    const periods = (values: Values) => new Set([...values.values()].map((v) => v.period));
    const [periodsNow, periodsWas] = [periods(now), periods(was)];
    let valuesAdded = 0;
    let valuesChanged = 0;
    for (const [key, value] of now) {
      const old = was.get(key);
      if (!old) valuesAdded += 1;
      else if (old.cell !== value.cell) valuesChanged += 1;
    }
    const valuesRemoved = [...was.keys()].filter((key) => !now.has(key)).length;
    const oldMeta = before.indicators.get(id);
    const change: IndicatorChange = {
      id,
      title: meta.title,
      periods: [...periodsNow].sort(),
      changedFields: oldMeta ? META_FIELDS.filter((f) => String(oldMeta[f]) !== String(meta[f])).map((f) => COLUMN[f] ?? f) : [],
      periodsAdded: [...periodsNow].filter((p) => !periodsWas.has(p)).sort(),
      periodsRemoved: [...periodsWas].filter((p) => !periodsNow.has(p)).sort(),
      valuesAdded,
      valuesRemoved,
      valuesChanged,
    };
    if (!oldMeta) preview.added.push(change);
    else if (change.changedFields.length + valuesAdded + valuesRemoved + valuesChanged > 0) preview.revised.push(change);
    else preview.unchanged.push(id);
  }
  for (const [id, meta] of before.indicators) if (!after.indicators.has(id)) preview.removed.push({ id, title: meta.title });
  return preview;
}

/** The whole preview for one draft: `staging` is the checked build with the draft in it. */
export async function draftPreview(staging: Staging, basedOn: string, draft: SourceEntry, previous: SourceEntry | null): Promise<Preview> {
  const before = await readPartnerEntry(staging, previous);
  const after = await readPartnerEntry(staging, draft);
  if (draft.kind === 'spend') {
    return { basedOn, rows: { before: before.spend.length, after: after.spend.length }, spend: spendPreview(staging, before.spend, after.spend) };
  }
  return { basedOn, rows: { before: before.observations.length, after: after.observations.length }, indicators: indicatorsPreview(before, after) };
}
