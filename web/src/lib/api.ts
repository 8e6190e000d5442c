/**
 * The typed client for AreaLens's own API: every page reaches data through these functions and
 * nothing else. Reply types come from the server's TypeBox schemas as type-only imports, so they
 * cannot drift from what the server validates, and no server code reaches the browser bundle.
 */
import type { AreaProfile, AreaSearchReply, AreaSummary } from '../../../server/src/schemas/areas.ts';
import type { BuildReply } from '../../../server/src/schemas/build.ts';
import type { BuildRef, ErrorBody } from '../../../server/src/schemas/common.ts';
import type { Indicator, IndicatorReply, IndicatorsReply, Period, Theme } from '../../../server/src/schemas/indicators.ts';
import type { Level, LevelsReply } from '../../../server/src/schemas/levels.ts';
import type { LocateReply } from '../../../server/src/schemas/locate.ts';
import type { TileJson } from '../../../server/src/schemas/maps.ts';
import type { CustomProfileBody, CustomProfileIndicator, CustomProfileReply, TooSmallBody } from '../../../server/src/schemas/customAreas.ts';
import type { InequalityReply } from '../../../server/src/schemas/inequality.ts';
import type { ProfileIndicator, ProfileReply } from '../../../server/src/schemas/profile.ts';
import type { AreaValue, RolledUpValue, ValuesReply } from '../../../server/src/schemas/values.ts';
import type { DispersionReply } from '../../../server/src/schemas/inequality.ts';
import type { SpendAgainstNeedReply, SpendByDeprivationReply, SpendReply } from '../../../server/src/schemas/spend.ts';
import type { TablesJsonReply } from '../../../server/src/schemas/tables.ts';
import type { TargetItem, TargetsReply } from '../../../server/src/schemas/targets.ts';
import type { TriageItem, TriageReply } from '../../../server/src/schemas/triage.ts';

export type {
  AreaProfile, AreaSearchReply, AreaSummary, AreaValue, BuildRef, BuildReply, Indicator, IndicatorsReply, Level, LevelsReply,
  Period, ProfileIndicator, ProfileReply, RolledUpValue, Theme, TileJson, ValuesReply,
};
export type {
  DispersionReply, SpendAgainstNeedReply, SpendByDeprivationReply, SpendReply, TablesJsonReply, TargetItem, TargetsReply, TriageItem, TriageReply,
};
export type { CustomProfileBody, CustomProfileIndicator, CustomProfileReply, InequalityReply, TooSmallBody };
export type Significance = AreaValue['significance'];
export type Comparator = ProfileIndicator['comparators'][number];

/**
 * Population by SIMD band from `/areas/:level/:code/inequality`. That route's schema is not yet in
 * the committed server, so the few fields read here are written out; when it lands, import
 * `InequalityReply` from server/src/schemas/inequality.ts instead.
 */
export interface DeprivationBands {
  deprivation: { edition: string; bands: string; dataZonesRanked: number; dataZonesWithoutRank: number };
  bands: { band: number; label: string; dataZones: number; population: number; populationShare: number }[];
}

/** A failed request, in words a person can act on. `status` is 0 when the server could not be reached. */
export class ApiError extends Error {
  override name = 'ApiError';
  /** `body` is the error reply as parsed, for the routes whose errors carry more than a message (a custom area's 422 lists its data zones). */
  constructor(readonly status: number, message: string, readonly path: string, readonly body?: unknown) {
    super(message);
  }
  get notFound(): boolean {
    return this.status === 404;
  }
}

type Query = Record<string, string | number | undefined | null>;

/** Which spend to count: one partner, one of its services, one financial year; null for all (the latest year). */
export interface SpendFilter {
  partner: string | null;
  service: string | null;
  year: string | null;
}

function url(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

async function plainMessage(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as Partial<ErrorBody>;
    if (typeof body.message === 'string' && body.message) return body.message;
  } catch {
    // Not JSON (a proxy's page, say): fall through to the status.
  }
  if (response.status >= 500) return 'The AreaLens server had a problem answering. Please try again in a moment.';
  return `The server answered ${response.status} ${response.statusText}.`;
}

async function getJson<T>(path: string, query: Query = {}, signal?: AbortSignal): Promise<T> {
  const target = url(path, query);
  let response: Response;
  try {
    response = await fetch(target, { signal, headers: { accept: 'application/json' } });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'Could not reach the AreaLens server. Check your connection, or that the server is running, and try again.', target);
  }
  noticeBuild(response);
  if (!response.ok) throw new ApiError(response.status, await plainMessage(response), target);
  return (await response.json()) as T;
}

/** A JSON POST (custom areas): the same plain-words errors as getJson, keeping the error body. */
async function postJson<T>(path: string, body: unknown, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { method: 'POST', signal, headers: { accept: 'application/json', 'content-type': 'application/json' }, body: JSON.stringify(body) });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'Could not reach the AreaLens server. Check your connection, or that the server is running, and try again.', path);
  }
  noticeBuild(response);
  if (!response.ok) {
    const parsed = (await response.json().catch(() => null)) as Partial<ErrorBody> | null;
    const message = typeof parsed?.message === 'string' && parsed.message
      ? parsed.message
      : response.status >= 500 ? 'The AreaLens server had a problem answering. Please try again in a moment.' : `The server answered ${response.status} ${response.statusText}.`;
    throw new ApiError(response.status, message, path, parsed);
  }
  return (await response.json()) as T;
}

/**
 * Replies that cannot change while the server serves one read-only build are kept until it serves
 * another (noticeBuild): the catalogue, levels and build are asked for once however many views need them.
 */
const kept = new Map<string, Promise<unknown>>();
function once<T>(key: string, load: () => Promise<T>): Promise<T> {
  let promise = kept.get(key) as Promise<T> | undefined;
  if (!promise) {
    promise = load();
    kept.set(key, promise);
    promise.catch(() => kept.delete(key));
  }
  return promise;
}

/**
 * Publishing a partner's data swaps the server's build while pages are open. Every response names
 * its build; when one names a build other than the one last heard of, what was kept is dropped
 * (replies from two builds must not mix) and the build is asked for again. Whoever shows the build
 * (liveBuild.svelte.ts: the footer, the "new data" notice) watches for the replies.
 */
let knownBuild: string | null = null;
let askingForBuild = false;
const buildWatchers = new Set<(reply: BuildReply) => void>();

export function watchBuild(watcher: (reply: BuildReply) => void): () => void {
  buildWatchers.add(watcher);
  return () => buildWatchers.delete(watcher);
}

export function noticeBuild(response: Response): void {
  const heard = response.headers.get('x-arealens-build');
  if (!heard || heard === knownBuild) return;
  if (knownBuild === null) {
    knownBuild = heard;
    return;
  }
  if (askingForBuild) return;
  askingForBuild = true;
  kept.clear();
  api.build().then(
    () => (askingForBuild = false),
    () => (askingForBuild = false),
  );
}

function builtFrom(reply: BuildReply): BuildReply {
  knownBuild = reply.build.id;
  for (const watcher of buildWatchers) watcher(reply);
  return reply;
}

export const api = {
  build: () => once('build', () => getJson<BuildReply>('/api/v1/build').then(builtFrom)),
  levels: () => once('levels', () => getJson<LevelsReply>('/api/v1/levels')),
  /** One indicator's metadata, with the levels it can be shown at (and why not the others). */
  indicator: (code: string) => once(`indicator:${code}`, () => getJson<IndicatorReply>(`/api/v1/indicators/${encodeURIComponent(code)}`)),
  /** The whole catalogue with its themes. */
  catalogue: () => once('catalogue', () => getJson<IndicatorsReply>('/api/v1/indicators')),
  searchIndicators: (q: string, theme: string | null) =>
    once(`indicators:${q.trim().toLowerCase()}:${theme ?? ''}`, () => getJson<IndicatorsReply>('/api/v1/indicators', { q: q.trim(), theme })),
  searchAreas: (q: string, level: string | null, limit = 10, signal?: AbortSignal) =>
    getJson<AreaSearchReply>('/api/v1/areas', { q: q.trim(), level, limit }, signal),
  /** The data zone holding a postcode, and every area that contains it. */
  locatePostcode: (postcode: string, signal?: AbortSignal) => getJson<LocateReply>('/api/v1/locate', { postcode: postcode.trim() }, signal),
  area: (level: string, code: string, signal?: AbortSignal) =>
    getJson<AreaProfile>(`/api/v1/areas/${encodeURIComponent(level)}/${encodeURIComponent(code)}`, {}, signal),
  // Profiles and values are kept too (the build cannot change under them), so going back to a view is instant.
  profile: (level: string, code: string, theme: string | null = null) =>
    once(`profile:${level}:${code}:${theme ?? ''}`, () =>
      getJson<ProfileReply>(`/api/v1/areas/${encodeURIComponent(level)}/${encodeURIComponent(code)}/profile`, { theme })),
  values: (indicator: string, level: string, period: string | null) =>
    once(`values:${indicator}:${level}:${period ?? ''}`, () =>
      getJson<ValuesReply>(`/api/v1/indicators/${encodeURIComponent(indicator)}/values`, { level, period })),
  deprivationBands: (level: string, code: string, indicator: string, signal?: AbortSignal) =>
    getJson<DeprivationBands>(`/api/v1/areas/${encodeURIComponent(level)}/${encodeURIComponent(code)}/inequality`, { indicator, bands: 'quintiles' }, signal),
  /** One indicator by SIMD quintile inside an area, with the slope and relative indices of inequality. */
  inequality: (level: string, code: string, indicator: string) =>
    once(`inequality:${level}:${code}:${indicator}`, () =>
      getJson<InequalityReply>(`/api/v1/areas/${encodeURIComponent(level)}/${encodeURIComponent(code)}/inequality`, { indicator, bands: 'quintiles' })),
  /**
   * The profile of an area a person defines. Not kept here: each request is remembered by the server
   * for its differencing check, so the page decides when to ask (and keeps what it was told).
   */
  customProfile: (body: CustomProfileBody, signal?: AbortSignal) => postJson<CustomProfileReply>('/api/v1/custom-areas/profile', body, signal),
  tileJson: (level: string) => once(`tilejson:${level}`, () => getJson<TileJson>(`/tiles/${encodeURIComponent(level)}.json`).then(sameOrigin)),
  /** Targets for one area: baseline, target, the indicator's actual values, a projection and a status. */
  targets: (level: string, code: string) => once(`targets:${level}:${code}`, () => getJson<TargetsReply>('/api/v1/targets', { level, area: code })),
  /** Indicators on which an area is significantly worse than its council or Scotland and getting worse. */
  triage: (level: string, code: string, comparator: 'council' | 'scotland') =>
    once(`triage:${level}:${code}:${comparator}`, () =>
      getJson<TriageReply>(`/api/v1/areas/${encodeURIComponent(level)}/${encodeURIComponent(code)}/triage`, { comparator })),
  /** An area's parts at a level inside it, with one indicator's value for each. */
  dispersion: (level: string, code: string, indicator: string, childLevel: string) =>
    once(`dispersion:${level}:${code}:${indicator}:${childLevel}`, () =>
      getJson<DispersionReply>(`/api/v1/areas/${encodeURIComponent(level)}/${encodeURIComponent(code)}/dispersion`, { indicator, childLevel })),
  /** Spend placed in an area: totals, partners, services and unit costs for every financial year. */
  spend: (level: string, code: string) => once(`spend:${level}:${code}`, () => getJson<SpendReply>('/api/v1/spend', { level, area: code })),
  spendByDeprivation: (level: string, code: string, filter: SpendFilter) =>
    once(`spend-simd:${level}:${code}:${filter.partner ?? ''}:${filter.service ?? ''}:${filter.year ?? ''}`, () =>
      getJson<SpendByDeprivationReply>('/api/v1/spend/by-deprivation', { level, area: code, ...filter })),
  /** Spend per head beside a need measure across a level's areas, or only those inside `within`. */
  spendAgainstNeed: (level: string, need: string, filter: SpendFilter, within: { level: string; code: string } | null = null) =>
    once(`spend-need:${level}:${need}:${filter.partner ?? ''}:${filter.service ?? ''}:${filter.year ?? ''}:${within?.level ?? ''}:${within?.code ?? ''}`, () =>
      getJson<SpendAgainstNeedReply>('/api/v1/spend/against-need', { level, need, ...filter, withinLevel: within?.level, within: within?.code })),
  /** An advanced table as JSON. Not kept: a table can be large, and its page keeps the few it shows. */
  table: (query: string, signal?: AbortSignal) => getJson<TablesJsonReply>(`/api/v1/tables?${query}&format=json`, {}, signal),
};

/**
 * TileJSON's tile URLs are absolute, built from the Host the server saw. Behind a proxy (Vite's
 * dev server, a reverse proxy) that is not the origin the browser is on, and the tiles would be
 * cross-origin requests; the page's own origin always reaches the same server.
 */
function sameOrigin(tileJson: TileJson): TileJson {
  const origin = typeof location === 'undefined' ? '' : location.origin;
  return { ...tileJson, tiles: tileJson.tiles.map((template) => template.replace(/^https?:\/\/[^/]+(?=\/tiles\/)/, origin)) };
}

/** Levels a person can pick from: every level in the build except the one-area ones at the top. */
export function mappableLevels(levels: Level[]): Level[] {
  return levels.filter((level) => level.areaCount > 1);
}
