/**
 * An advanced table's request, as the page's URL holds it and as the API reads it. The page keeps
 * `level`, `areas`, `indicators` and `periods` in its own query string; the API's query string is
 * built from them, so a download link and the table on screen always ask for the same thing.
 */
export const MAX_INDICATORS = 100;
/** Chosen areas travel in the URL; 200 codes keep it well under the server's 8 KB limit. */
export const MAX_AREAS = 200;

export type PeriodChoice = { kind: 'latest' } | { kind: 'all' } | { kind: 'some'; periods: string[] };

export interface TableRequest {
  level: string;
  /** null: every area of the level. */
  areas: string[] | null;
  indicators: string[];
  periods: PeriodChoice;
}

export const splitList = (text: string | null): string[] =>
  text === null ? [] : [...new Set(text.split(',').map((s) => s.trim()).filter((s) => s !== ''))];

/** The page's parameters → a request; null until a level and an indicator are chosen. */
export function readRequest(get: (key: string) => string | null): TableRequest | null {
  const level = get('level');
  const indicators = splitList(get('indicators')).slice(0, MAX_INDICATORS);
  if (!level || indicators.length === 0) return null;
  const areaList = splitList(get('areas')).slice(0, MAX_AREAS);
  return { level, areas: areaList.length ? areaList : null, indicators, periods: readPeriods(get('periods')) };
}

export function readPeriods(text: string | null): PeriodChoice {
  if (text === null || text === 'latest') return { kind: 'latest' };
  if (text === 'all') return { kind: 'all' };
  const periods = splitList(text).filter((p) => p !== 'latest' && p !== 'all');
  return periods.length ? { kind: 'some', periods } : { kind: 'latest' };
}

/** The value of the page's `periods` parameter: absent for the latest (the default). */
export function writePeriods(choice: PeriodChoice): string | null {
  if (choice.kind === 'latest') return null;
  if (choice.kind === 'all') return 'all';
  return choice.periods.join(',');
}

/** The API's query string (without `format`): GET /api/v1/tables?<this>&format=… */
export function apiQuery(request: TableRequest): string {
  const params = new URLSearchParams({ level: request.level });
  if (request.areas) params.set('areas', request.areas.join(','));
  params.set('indicators', request.indicators.join(','));
  // The API gives every period when `periods` is left out.
  if (request.periods.kind === 'latest') params.set('periods', 'latest');
  if (request.periods.kind === 'some') params.set('periods', request.periods.periods.join(','));
  return params.toString();
}

export const downloadHref = (request: TableRequest, format: 'csv' | 'xlsx' | 'arrow') => `/api/v1/tables?${apiQuery(request)}&format=${format}`;
