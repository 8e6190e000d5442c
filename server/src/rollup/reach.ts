import type { BuildLevel } from '../queries/levels.ts';

/**
 * Which data zones an indicator's figures reach a level through. A build holds two sets of data
 * zones: the 2011 ones (the `membership` table lists the areas they make up) and the 2022 ones
 * (`membership_dz2022`). Wards, councils, boards, HSCPs and Scotland are reached from both;
 * 2022 intermediate zones from 2022 zones only; every other level from 2011 zones only. No
 * official lookup links the two sets, so an indicator rolls up through the set it was published
 * on, and reaches no level that set does not make up (unless a crosswalk the build was given
 * apportioned it to the other set). Every roll-up asks here; nothing else chooses a table.
 */

export type Vintage = 'dz2011' | 'dz2022';

export const VINTAGES: readonly Vintage[] = ['dz2011', 'dz2022'];

/**
 * The table listing each area's member data zones of one set (level_key, area_id, dz_id). Table
 * names cannot be bound as parameters: they are spliced into SQL from this closed list only.
 */
const MEMBERSHIP_TABLES: Record<Vintage, string> = { dz2011: 'membership', dz2022: 'membership_dz2022' };

export const membershipTable = (vintage: Vintage): string => MEMBERSHIP_TABLES[vintage];

/**
 * What else is on one set: SIMD ranks 2011 data zones (so deprivation bands are sets of them),
 * spend files and the postcode lookup place things in 2011 data zones, and custom areas are made
 * of them.
 */
export const SIMD_VINTAGE: Vintage = 'dz2011';
export const SPEND_VINTAGE: Vintage = 'dz2011';
export const CUSTOM_AREA_VINTAGE: Vintage = 'dz2011';

/** Both membership tables as one relation with a `vintage` column, for questions about both sets at once (how many zones of each an area holds). */
export const ALL_MEMBERSHIPS = `(${VINTAGES.map((v) => `SELECT '${v}' AS vintage, level_key, area_id, dz_id FROM ${MEMBERSHIP_TABLES[v]}`).join(' UNION ALL ')})`;

/** What reach needs to know of an indicator: the set it was published on and any set a crosswalk apportioned it to. */
export interface FigureVintages {
  vintage: string;
  convertedTo: string | null;
}

/** How an indicator's figures reach the areas of a level. */
export interface Reach {
  /** The set of data zones summed, and so the membership table read. */
  vintage: Vintage;
  /** The level's areas are data zones of that set, each its own single member. */
  base: boolean;
}

const isVintage = (v: string | null): v is Vintage => v === 'dz2011' || v === 'dz2022';

/**
 * The set an indicator's figures come from for areas built from `reachedBy`: the set it was
 * published on where that builds them, else the one a crosswalk apportioned it to; null when
 * neither does.
 */
export function vintageFor(indicator: FigureVintages, reachedBy: readonly Vintage[]): Vintage | null {
  const own = [indicator.vintage, indicator.convertedTo].filter(isVintage);
  return own.find((v) => reachedBy.includes(v)) ?? null;
}

/**
 * For a group of areas made of `sets`: the set each indicator is read on, for the indicators that
 * reach them and have at least `minPeriods` periods there (indicator id → set).
 */
export function setOfEach(
  indicators: readonly (FigureVintages & { indicatorId: number })[], sets: readonly Vintage[],
  periodsOn: ReadonlyMap<Vintage, ReadonlyMap<number, readonly unknown[]>>, minPeriods = 1,
): Map<number, Vintage> {
  const setOf = new Map<number, Vintage>();
  for (const indicator of indicators) {
    const vintage = vintageFor(indicator, sets);
    if (vintage && (periodsOn.get(vintage)?.get(indicator.indicatorId)?.length ?? 0) >= minPeriods) setOf.set(indicator.indicatorId, vintage);
  }
  return setOf;
}

/** How an indicator reaches a level, or null when its data zones make up no area of the level. */
export function reachOf(level: Pick<BuildLevel, 'membership' | 'dataZoneVintages'>, indicator: FigureVintages): Reach | null {
  const vintage = vintageFor(indicator, level.dataZoneVintages);
  return vintage && { vintage, base: level.membership === 'base' };
}

/** The levels an indicator can be shown at: those its data zones reach; a median or rank only at its own data zones. */
export function levelsReached<L extends Pick<BuildLevel, 'key' | 'membership' | 'dataZoneVintages'>>(levels: readonly L[], indicator: FigureVintages & { aggregation: string }): L[] {
  if (indicator.aggregation === 'none') return levels.filter((l) => l.membership === 'base' && l.key === indicator.vintage);
  return levels.filter((l) => reachOf(l, indicator) !== null);
}

/** A level's plural label inside a sentence: lower case unless it is a name (UK Parliament constituencies, Police Scotland divisions). */
export const levelInWords = (level: Pick<BuildLevel, 'plural'>): string =>
  /^(Scotland|Scottish)\b/.test(level.plural) || /^\S*[A-Z]{2}/.test(level.plural) || /\s[A-Z]/.test(level.plural) ? level.plural : level.plural.charAt(0).toLowerCase() + level.plural.slice(1);

const SET_NAMES: Record<Vintage, string> = { dz2011: '2011 data zones', dz2022: '2022 data zones' };

export const setName = (vintage: string): string => (isVintage(vintage) ? SET_NAMES[vintage] : `${vintage} data zones`);

export const NOT_LINKED = '2022 and 2011 data zones are not linked: no official lookup between them is published in the data this build holds, so figures on one set are never moved onto the other.';

/** What a level's areas are made of, as a clause: 'intermediate zones (2022) are built from 2022 data zones only'. */
export function howBuilt(level: Pick<BuildLevel, 'key' | 'plural' | 'membership' | 'dataZoneVintages'>): string {
  if (level.membership === 'base') return `${levelInWords(level)} are ${setName(level.key)} themselves`;
  if (level.dataZoneVintages.length === 0) return `${levelInWords(level)} have no member data zones in this build`;
  return `${levelInWords(level)} are built from ${level.dataZoneVintages.map(setName).join(' and ')}${level.dataZoneVintages.length < VINTAGES.length ? ' only' : ''}`;
}

/** Why an indicator has no figures for a level, in words that say what to do instead. */
export function unreachedMessage(level: BuildLevel, indicator: FigureVintages & { code: string; title: string; aggregation: string }, levels: readonly BuildLevel[]): string {
  const built = howBuilt(level);
  const shown = levelsReached(levels, indicator).map((l) => l.key);
  const instead = shown.length > 0 ? ` It can be shown at: ${shown.join(', ')}.` : '';
  return `${indicator.title} (${indicator.code}) is published on ${setName(indicator.vintage)}, and ${built}. ${NOT_LINKED}${instead}`;
}

/** For a profile: the indicators it leaves out because their data zones do not make up the area, in one sentence. */
export function leftOutSentence(indicators: readonly FigureVintages[], built: string): string {
  const sets = [...new Set(indicators.map((i) => setName(i.vintage)))].join(' and ');
  const n = indicators.length;
  return `${n} ${n === 1 ? 'indicator' : 'indicators'} published on ${sets} ${n === 1 ? 'is' : 'are'} not shown: ${built}, and 2022 and 2011 data zones are not linked.`;
}

/** For an indicator's metadata: which levels it cannot reach and why, or null when it reaches every level of the build. */
export function reachNote(indicator: FigureVintages & { aggregation: string }, levels: readonly BuildLevel[]): string | null {
  const shown = new Set(levelsReached(levels, indicator).map((l) => l.key));
  if (indicator.aggregation === 'none') {
    return levels.length > shown.size ? 'A median or rank cannot be combined across data zones, so it is shown for the data zones it was published on only.' : null;
  }
  const missing = levels.filter((l) => !shown.has(l.key));
  if (missing.length === 0) return null;
  const own = isVintage(indicator.vintage) ? indicator.vintage : null;
  const through = own ? `Published on ${SET_NAMES[own]}: it rolls up to the levels they make up.` : '';
  const names = missing.map(levelInWords);
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return `${through} ${NOT_LINKED} So it has no figures for ${list}.`.trim();
}
