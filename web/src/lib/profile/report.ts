/**
 * Reading a profile reply for the Area Profiles report: indicators grouped by theme and topic,
 * ranks and missing figures in words, the scale of a comparison chart, and the sources to cite.
 * Published and custom areas share it: a custom area's indicator is a published one whose figures
 * may also be withheld for 'differencing'.
 */
import type { CustomProfileIndicator, Indicator, RolledUpValue, Theme } from '../api.ts';
import { formatValue } from '../format.ts';

export type ReportIndicator = CustomProfileIndicator;
export type Figure = Pick<RolledUpValue, 'value' | 'lowerConfidenceInterval' | 'upperConfidenceInterval' | 'suppressed' | 'note'> & { suppressionReason?: string | null };

export interface TopicGroup {
  topic: string;
  indicators: ReportIndicator[];
}
export interface ThemeGroup {
  key: string;
  label: string;
  topics: TopicGroup[];
  count: number;
}

/** Themes in the catalogue's order, topics in the order the API lists their first indicator. */
export function groupByTheme(indicators: readonly ReportIndicator[], themes: readonly Theme[]): ThemeGroup[] {
  const order = new Map(themes.map((t, i) => [t.key, i]));
  const byTheme = new Map<string, Map<string, ReportIndicator[]>>();
  for (const indicator of indicators) {
    const topics = byTheme.get(indicator.theme) ?? new Map<string, ReportIndicator[]>();
    byTheme.set(indicator.theme, topics);
    const list = topics.get(indicator.topic) ?? [];
    topics.set(indicator.topic, [...list, indicator]);
  }
  return [...byTheme.entries()]
    .sort(([a], [b]) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity))
    .map(([key, topics]) => ({
      key,
      label: themes.find((t) => t.key === key)?.label ?? key,
      topics: [...topics.entries()].map(([topic, list]) => ({ topic, indicators: list })),
      count: [...topics.values()].reduce((sum, list) => sum + list.length, 0),
    }));
}

/** 1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st. */
export function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th'}`;
}

/** "7th highest of 23 multi-member wards (2017) in Fife": the API ranks 1 = highest value. */
export function rankWords(rank: { rank: number; of: number; among: string } | null): string | null {
  if (!rank) return null;
  if (rank.rank === 1) return `Highest of ${rank.of} ${rank.among}`;
  if (rank.rank === rank.of) return `Lowest of ${rank.of} ${rank.among}`;
  return `${ordinal(rank.rank)} highest of ${rank.of} ${rank.among}`;
}

/** The latest figure to show, or the newest withheld one with its reason: never a withheld 0. */
export function latestOrWithheld(indicator: ReportIndicator): (Figure & { period: string }) | null {
  return indicator.latest ?? indicator.trend.at(-1) ?? null;
}

/** Why there is no figure, in the API's words where it gave some. */
export function missingReason(indicator: ReportIndicator, catalogue?: Indicator | null): string {
  const figure = latestOrWithheld(indicator);
  if (figure?.note) return figure.note;
  const comparatorNote = indicator.comparators.find((c) => c.note)?.note;
  if (comparatorNote) return comparatorNote;
  if ((catalogue?.aggregation ?? indicator.aggregation) === 'none') return 'This measure cannot be added up across data zones; see it for single data zones only.';
  return 'No figure has been published for this area.';
}

/** A figure as text, with its 95% interval when it has one: "12.2% (11.7% to 12.7%)". */
export function figureWords(figure: Figure | null | undefined, unit: string): string {
  if (!figure) return 'no figure';
  if (figure.suppressed) return 'withheld';
  if (figure.value === null) return 'no figure';
  const value = formatValue(figure.value, unit);
  const { lowerConfidenceInterval: lower, upperConfidenceInterval: upper } = figure;
  return lower !== null && upper !== null ? `${value} (95% interval ${formatValue(lower, unit)} to ${formatValue(upper, unit)})` : value;
}

/** The span a bar chart of these figures needs: from zero (or the lowest negative) to the highest end of any interval. */
export function chartDomain(figures: readonly (Figure | null | undefined)[]): [number, number] | null {
  const numbers = figures.flatMap((f) =>
    !f || f.suppressed || f.value === null ? [] : [f.value, f.lowerConfidenceInterval, f.upperConfidenceInterval].filter((n): n is number => n !== null && Number.isFinite(n)),
  );
  if (numbers.length === 0) return null;
  const low = Math.min(0, ...numbers);
  const high = Math.max(0, ...numbers);
  if (high === low) return [low, low + 1];
  return [low, high + (high - low) * 0.04];
}

export interface SparkPoint {
  period: string;
  value: number | null;
}

/** An SVG path through the known points of a trend, with gaps where figures are withheld. */
export function sparkPath(points: readonly SparkPoint[], width: number, height: number, pad = 3): string {
  const known = points.filter((p) => p.value !== null).map((p) => p.value!);
  if (known.length === 0) return '';
  const low = Math.min(...known);
  const high = Math.max(...known);
  const x = (i: number) => pad + (points.length <= 1 ? (width - 2 * pad) / 2 : (i * (width - 2 * pad)) / (points.length - 1));
  const y = (v: number) => pad + (high === low ? (height - 2 * pad) / 2 : (1 - (v - low) / (high - low)) * (height - 2 * pad));
  let d = '';
  let pen = false;
  points.forEach((p, i) => {
    if (p.value === null) {
      pen = false;
      return;
    }
    d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${y(p.value).toFixed(1)}`;
    pen = true;
  });
  return d;
}

/** One sentence on a trend for a screen reader: first and last figures, and the lowest and highest. */
export function trendSentence(title: string, points: readonly SparkPoint[], unit: string): string {
  const known = points.filter((p) => p.value !== null);
  if (known.length === 0) return `${title}: no figures over time.`;
  const first = known[0]!;
  const last = known.at(-1)!;
  if (known.length === 1) return `${title}: ${formatValue(first.value, unit)} in ${first.period}; no earlier figures.`;
  const direction = last.value! > first.value! ? 'up' : last.value! < first.value! ? 'down' : 'unchanged';
  return `${title}: ${formatValue(first.value, unit)} in ${first.period}, ${direction === 'unchanged' ? 'the same' : direction === 'up' ? 'up to' : 'down to'} ${formatValue(last.value, unit)} in ${last.period} (${known.length} periods).`;
}

export interface SourceNote {
  source: string;
  publisher: string | null;
  licence: string | null;
  published: string | null;
  indicators: number;
}

/** The sources behind the indicators shown, each once, with publisher and licence from the catalogue. */
export function sourcesOf(indicators: readonly ReportIndicator[], catalogue: readonly Indicator[]): SourceNote[] {
  const byCode = new Map(catalogue.map((i) => [i.code, i]));
  const notes = new Map<string, SourceNote>();
  for (const indicator of indicators) {
    const meta = byCode.get(indicator.code);
    const key = `${indicator.source}|${meta?.publisher ?? ''}|${meta?.licence ?? ''}`;
    const note = notes.get(key);
    if (note) {
      note.indicators++;
      if (meta?.datePublished && (!note.published || meta.datePublished > note.published)) note.published = meta.datePublished;
    } else {
      notes.set(key, { source: indicator.source, publisher: meta?.publisher ?? null, licence: meta?.licence ?? null, published: meta?.datePublished ?? null, indicators: 1 });
    }
  }
  return [...notes.values()].sort((a, b) => b.indicators - a.indicators || a.source.localeCompare(b.source));
}

const DATA_ZONE = /^S01\d{6}$/;
/** A full UK postcode, with or without the space. */
const POSTCODE = /^[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$/;

/**
 * A pasted list: data zone codes and postcodes, one a line or separated by commas or semicolons
 * (postcodes keep their inner space). Anything else is handed back so the page can say so.
 */
export function parseAreaList(text: string): { dataZones: string[]; postcodes: string[]; unrecognised: string[] } {
  const dataZones: string[] = [];
  const postcodes: string[] = [];
  const unrecognised: string[] = [];
  for (const raw of text.split(/[\n,;\t]+/)) {
    const entry = raw.trim().toUpperCase().replace(/\s+/g, ' ');
    if (!entry) continue;
    // A line of several codes separated by spaces.
    const words = entry.split(' ');
    if (words.length > 1 && words.every((w) => DATA_ZONE.test(w))) {
      dataZones.push(...words);
      continue;
    }
    if (DATA_ZONE.test(entry)) dataZones.push(entry);
    else if (POSTCODE.test(entry)) postcodes.push(entry);
    else unrecognised.push(raw.trim());
  }
  return { dataZones: [...new Set(dataZones)], postcodes: [...new Set(postcodes)], unrecognised };
}

export const isDataZoneCode = (text: string) => DATA_ZONE.test(text.trim().toUpperCase());
