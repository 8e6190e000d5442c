import type { Database } from '../db.ts';
import { sumsForGroups } from '../queries/groups.ts';
import type { ZoneDeprivation } from '../queries/deprivation.ts';
import type { IndicatorRef, PeriodRef } from '../queries/rollup.ts';
import { slopeIndex } from '../stats/slopeIndex.ts';
import { rollUpValue, type AreaSums, type AreaValue } from './aggregate.ts';
import { SIMD_VINTAGE } from './reach.ts';
import { deprivationBands, type BandRanking, type BandScheme } from './deprivationBands.ts';

/** Fewer data zones than this give bands of one or two zones: too noisy to fit a gradient to. */
export const MIN_ZONES_FOR_INEQUALITY = 10;
export const MIN_BANDS_FOR_INEQUALITY = 3;

/** Aggregations whose band values are rates or averages, which a gradient across bands can compare. */
export const GRADIENT_AGGREGATIONS = new Set(['ratio', 'standardised_ratio', 'population_weighted_mean']);

export type Gradient = 'worse_in_more_deprived' | 'better_in_more_deprived' | 'higher_in_more_deprived' | 'lower_in_more_deprived' | 'no_clear_gradient' | 'not_tested';

export interface BandResult extends AreaValue {
  band: number;
  dataZones: number;
  population: number;
  populationShare: number;
  /** Midpoint of the band's cumulative population share (0 = most deprived end); null for an empty band. */
  ridit: number | null;
}

export interface InequalityResult {
  overall: AreaValue;
  bands: BandResult[];
  measures: {
    sii: number | null;
    siiLower: number | null;
    siiUpper: number | null;
    rii: number | null;
    riiLower: number | null;
    riiUpper: number | null;
    mostDeprivedVsAveragePercent: number | null;
    fittedMostDeprived: number | null;
    fittedLeastDeprived: number | null;
    mostDeprivedBand: number;
    leastDeprivedBand: number;
    absoluteGap: number | null;
    relativeGap: number | null;
    gradient: Gradient;
  };
  note: string | null;
}

/** Why an area cannot be described by deprivation band: the route answers 422 with this. */
export class TooFewZonesError extends Error {
  override name = 'TooFewZonesError';
}

/** An empty band: nothing to show, and nothing withheld. */
const NO_VALUE: AreaValue = {
  value: null, numerator: null, denominator: null, lowerConfidenceInterval: null, upperConfidenceInterval: null, suppressed: false, suppressionReason: null, note: null,
};

const NO_SUMS = (members: number): AreaSums => ({ members, observed: 0, withheld: 0, missing: 0, numerator: null, denominator: null, coveredDenominator: null, value: null });

/**
 * One indicator rolled up by deprivation band of an area's data zones, with the SII, RII and the
 * gap between the extreme bands. Every band value (and the area's own) comes from the shared
 * roll-up over summed parts, never from averaging data-zone rates.
 */
export async function inequalityByBand(db: Database, options: {
  indicator: IndicatorRef;
  period: PeriodRef;
  areaName: string;
  areaZones: readonly number[];
  zones: readonly ZoneDeprivation[];
  scheme: BandScheme;
  ranking: BandRanking;
}): Promise<InequalityResult> {
  const { indicator, period, areaZones, zones, scheme, ranking } = options;
  if (zones.length < MIN_ZONES_FOR_INEQUALITY) {
    throw new TooFewZonesError(`${options.areaName} has ${zones.length} data zone${zones.length === 1 ? '' : 's'} with a SIMD rank; inequality by deprivation band needs at least ${MIN_ZONES_FOR_INEQUALITY}. Try a larger area.`);
  }
  const bands = deprivationBands(zones, scheme, ranking);
  const filled = bands.filter((b) => b.dzIds.length > 0 && b.population > 0);
  if (filled.length < MIN_BANDS_FOR_INEQUALITY) {
    throw new TooFewZonesError(`${options.areaName}'s data zones fall in only ${filled.length} ${ranking === 'scotland' ? 'Scotland-wide' : 'local'} SIMD ${scheme}; a gradient needs people in at least ${MIN_BANDS_FOR_INEQUALITY}. Try ranking=local, which spreads the area's own data zones across every band.`);
  }

  const OVERALL = 0;
  const groups = [{ groupId: OVERALL, dzIds: [...areaZones] }, ...bands.filter((b) => b.dzIds.length > 0).map((b) => ({ groupId: b.band, dzIds: b.dzIds }))];
  const sums = new Map((await sumsForGroups(db, SIMD_VINTAGE, groups, [indicator.indicatorId], new Map([[indicator.indicatorId, period.periodId]]))).map((s) => [s.groupId, s]));
  const valueOf = (groupId: number, members: number) => rollUpValue(indicator, sums.get(groupId) ?? NO_SUMS(members), { nativeLevel: false });

  const overall = valueOf(OVERALL, areaZones.length);
  const total = filled.reduce((sum, b) => sum + b.population, 0);
  let before = 0;
  const results: BandResult[] = bands.map((b) => {
    const value = b.dzIds.length > 0 ? valueOf(b.band, b.dzIds.length) : { ...NO_VALUE, note: 'No data zones of this area fall in this band.' };
    const inRegression = b.dzIds.length > 0 && b.population > 0;
    const ridit = inRegression ? (before + b.population / 2) / total : null;
    if (inRegression) before += b.population;
    return { band: b.band, dataZones: b.dzIds.length, population: b.population, populationShare: total > 0 ? b.population / total : 0, ridit, ...value };
  });

  const used = results.filter((b) => b.ridit !== null);
  const most = used[0]!;
  const least = used.at(-1)!;
  const missing = used.filter((b) => b.value === null);
  const fit = missing.length === 0 ? slopeIndex(used.map((b) => ({ population: b.population, value: b.value! }))) : null;
  const average = overall.value !== null && overall.value !== 0 ? overall.value : null;
  const relative = (x: number | null) => (x === null || average === null ? null : x / average);
  const rii = fit ? relative(fit.sii) : null;

  let note: string | null = null;
  if (missing.length > 0) {
    const which = missing.length === 1 ? `band ${missing[0]!.band} has` : `bands ${missing.map((b) => b.band).join(', ')} have`;
    note = `No SII or RII: ${which} no figure, and a line through the other bands alone would be biased. ${missing.map((b) => `Band ${b.band}: ${b.note ?? 'no figure.'}`).join(' ')}`;
  } else if (average === null) {
    note = `No RII: ${options.areaName}'s overall figure is ${overall.value === 0 ? 'zero' : 'not available'}, so the SII cannot be expressed relative to it.`;
  }
  return {
    overall,
    bands: results,
    measures: {
      sii: fit?.sii ?? null,
      siiLower: fit?.lower ?? null,
      siiUpper: fit?.upper ?? null,
      rii,
      riiLower: fit ? relative(fit.lower) : null,
      riiUpper: fit ? relative(fit.upper) : null,
      mostDeprivedVsAveragePercent: rii === null ? null : rii * 0.5 * 100,
      fittedMostDeprived: fit?.fittedMostDeprived ?? null,
      fittedLeastDeprived: fit?.fittedLeastDeprived ?? null,
      mostDeprivedBand: most.band,
      leastDeprivedBand: least.band,
      absoluteGap: most.value !== null && least.value !== null ? most.value - least.value : null,
      relativeGap: most.value !== null && least.value !== null && least.value !== 0 ? most.value / least.value : null,
      gradient: gradientOf(fit, indicator.polarity),
    },
    note,
  };
}

/** A gradient is clear when the SII's 95% interval excludes zero; polarity says whether it is a burden on the more deprived. */
function gradientOf(fit: ReturnType<typeof slopeIndex>, polarity: IndicatorRef['polarity']): Gradient {
  if (!fit || fit.lower === null || fit.upper === null) return 'not_tested';
  if (fit.lower <= 0 && fit.upper >= 0) return 'no_clear_gradient';
  const higherInDeprived = fit.sii > 0;
  if (polarity === 'neither') return higherInDeprived ? 'higher_in_more_deprived' : 'lower_in_more_deprived';
  return higherInDeprived === (polarity === 'higher_is_worse') ? 'worse_in_more_deprived' : 'better_in_more_deprived';
}
