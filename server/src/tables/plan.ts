import type { Database } from '../db.ts';
import { badRequest } from '../httpErrors.ts';
import { periodsByIndicator, type PeriodRef } from '../queries/rollup.ts';
import { howBuilt, NOT_LINKED, reachOf, setName, type Reach } from '../rollup/reach.ts';
import { indicatorCodes, indicatorsByCode, tableAreas, type TableArea, type TableIndicator } from '../queries/tables.ts';
import type { BuildLevel } from '../queries/levels.ts';
import { COLUMNS } from './columns.ts';
import type { TableLimits } from './limits.ts';

/** What an analyst asked for, with lists already split and trimmed. */
export interface TableRequest {
  level: string;
  /** Area codes at the level, or null for every area of the level. */
  areas: string[] | null;
  indicators: string[];
  /** Period labels and/or 'latest', or null for every period each indicator has. */
  periods: string[] | null;
}

export interface TablePlan {
  level: BuildLevel;
  /** Whether the analyst named the areas (else: every area of the level). */
  areasNamed: boolean;
  areas: TableArea[];
  /** In the order asked for, each with how it reaches the level and the periods it contributes, oldest first. */
  indicators: { indicator: TableIndicator; reach: Reach; periods: PeriodRef[] }[];
  periodsAsked: string[] | null;
  rowCount: number;
  cellCount: number;
}

/** A table that would be too big to send: the route answers 413 with this message. */
export class TableTooLargeError extends Error {
  override name = 'TableTooLargeError';
  readonly statusCode = 413;
}

export const LATEST = 'latest';
/** How many unknown codes an error message quotes before saying "and N more". */
const QUOTE_AT_MOST = 5;

const unique = (items: readonly string[]) => [...new Set(items)];
const quote = (items: readonly string[]) =>
  items.slice(0, QUOTE_AT_MOST).map((s) => `"${s}"`).join(', ') + (items.length > QUOTE_AT_MOST ? ` and ${items.length - QUOTE_AT_MOST} more` : '');
const count = (n: number) => n.toLocaleString('en-GB');

/**
 * Checks a table request against the build and sizes it before any figure is read: unknown
 * levels, areas, indicators and periods are 400s that list what is valid; a table over the cell
 * limit is a 413 that says how big it would be and how to narrow it.
 */
export async function planTable(db: Database, levels: readonly BuildLevel[], request: TableRequest, limits: TableLimits): Promise<TablePlan> {
  const level = levels.find((l) => l.key === request.level);
  if (!level) throw badRequest(`Unknown level "${request.level}". Levels in this build: ${levels.map((l) => l.key).join(', ')}.`);

  const codes = unique(request.indicators);
  if (codes.length === 0) throw badRequest('Name at least one indicator, e.g. indicators=pop_total,simd_income_deprived_pct. The catalogue is at /api/v1/indicators.');
  if (codes.length > limits.maxIndicators) {
    throw badRequest(`A table can hold at most ${limits.maxIndicators} indicators; this request names ${codes.length}. Split it into several tables.`);
  }
  const found = new Map((await indicatorsByCode(db, codes)).map((i) => [i.code, i]));
  const unknownIndicators = codes.filter((c) => !found.has(c));
  if (unknownIndicators.length > 0) {
    const valid = await indicatorCodes(db);
    throw badRequest(`Unknown indicator${unknownIndicators.length > 1 ? 's' : ''} ${quote(unknownIndicators)}. Indicators in this build: ${valid.join(', ')}.`);
  }

  const areaCodes = request.areas === null ? null : unique(request.areas);
  if (areaCodes !== null && areaCodes.length === 0) throw badRequest(`"areas" lists no area codes. Leave it out for every ${level.label.toLowerCase()}, or name codes such as those from /api/v1/areas?level=${level.key}.`);
  const areas = await tableAreas(db, level.key, areaCodes);
  if (areaCodes !== null) {
    const known = new Set(areas.map((a) => a.code));
    const unknownAreas = areaCodes.filter((c) => !known.has(c));
    if (unknownAreas.length > 0) {
      throw badRequest(`No ${level.label} with code${unknownAreas.length > 1 ? 's' : ''} ${quote(unknownAreas)} in this build (${unknownAreas.length} of ${areaCodes.length} codes unknown). Find codes with /api/v1/areas?level=${level.key}&q=<name>.`);
    }
    // Keep the order the analyst gave.
    const order = new Map(areaCodes.map((c, i) => [c, i]));
    areas.sort((a, b) => order.get(a.code)! - order.get(b.code)!);
  }

  // Each indicator reaches the level through the set of data zones it was published on (reach.ts).
  const indicators = codes.map((c) => found.get(c)!);
  const reaches = new Map(indicators.map((i) => [i.indicatorId, reachOf(level, i)]));
  const periodsOn = new Map(await Promise.all(level.dataZoneVintages.map(async (v) => [v, await periodsByIndicator(db, v)] as const)));
  const periodsFor = (i: TableIndicator) => {
    const reach = reaches.get(i.indicatorId);
    return reach ? periodsOn.get(reach.vintage)!.get(i.indicatorId) : undefined;
  };
  const without = indicators.filter((i) => !periodsFor(i));
  if (without.length > 0) {
    const sets = level.dataZoneVintages.map((v) => `${v} data zones`).join(' or ') || 'any data zones';
    const unlinked = without.filter((i) => !reaches.get(i.indicatorId));
    const why = unlinked.length === 0 ? '' : ` ${quote(unlinked.map((i) => i.code))} ${unlinked.length > 1 ? 'are' : 'is'} published on ${[...new Set(unlinked.map((i) => setName(i.vintage)))].join(' and ')}, and ${howBuilt(level)}. ${NOT_LINKED}`;
    throw badRequest(`No figures on ${sets} for ${quote(without.map((i) => i.code))}, so none for ${level.plural.toLowerCase()}.${why} Leave ${without.length > 1 ? 'them' : 'it'} out or choose another level.`);
  }

  const asked = request.periods === null ? null : unique(request.periods.map((p) => (p.toLowerCase() === LATEST ? LATEST : p)));
  if (asked !== null && asked.length === 0) throw badRequest('"periods" lists no periods. Leave it out for every period, or name labels such as 2020, 2019/20 or latest.');
  const offered = unique(indicators.flatMap((i) => periodsFor(i)!.map((p) => p.label)));
  if (asked !== null) {
    const unknownPeriods = asked.filter((p) => p !== LATEST && !offered.includes(p));
    if (unknownPeriods.length > 0) {
      throw badRequest(`Unknown period${unknownPeriods.length > 1 ? 's' : ''} ${quote(unknownPeriods)} for ${codes.length > 1 ? 'these indicators' : codes[0]}. Periods they have: ${offered.join(', ')}; or "latest".`);
    }
  }
  const selected = indicators.map((indicator) => {
    const all = periodsFor(indicator)!;
    const periods = asked === null ? all : all.filter((p, i) => asked.includes(p.label) || (asked.includes(LATEST) && i === all.length - 1));
    return { indicator, reach: reaches.get(indicator.indicatorId)!, periods };
  });

  const rowCount = areas.length * selected.reduce((n, s) => n + s.periods.length, 0);
  const cellCount = rowCount * COLUMNS.length;
  if (cellCount > limits.maxCells) {
    throw new TableTooLargeError(
      `This table would have ${count(cellCount)} cells (${count(rowCount)} rows × ${COLUMNS.length} columns); the limit is ${count(limits.maxCells)}. ` +
      `Narrow it: name fewer areas (areas=code,code,…), fewer indicators, or fewer periods (e.g. periods=latest), or choose a level with fewer areas.`);
  }
  return { level, areasNamed: areaCodes !== null, areas, indicators: selected, periodsAsked: asked, rowCount, cellCount };
}
