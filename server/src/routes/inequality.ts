import type { FastifyInstance } from 'fastify';
import { badRequest, notFound } from '../httpErrors.ts';
import { simdEditions, zoneDeprivation } from '../queries/deprivation.ts';
import type { IndicatorRef } from '../queries/rollup.ts';
import type { BandRanking, BandScheme } from '../rollup/deprivationBands.ts';
import { GRADIENT_AGGREGATIONS, inequalityByBand, MIN_BANDS_FOR_INEQUALITY, MIN_ZONES_FOR_INEQUALITY, TooFewZonesError, type InequalityResult } from '../rollup/inequality.ts';
import { AreaParams } from '../schemas/areas.ts';
import { buildRef } from '../schemas/common.ts';
import { InequalityQuery, InequalityReply } from '../schemas/inequality.ts';
import { analysisErrors, areaJson, formatNumber, indicatorJson, periodJson, requireArea, requireIndicator, requirePeriod, requireReach, UnprocessableError, withZones } from './analysisContext.ts';
import { NOT_LINKED, setName, SIMD_VINTAGE, vintageFor } from '../rollup/reach.ts';

export const INEQUALITY_METHODS = [
  "Band values are rolled up from the band's data zones like any area's: counts and denominators summed, then divided (never an average of data-zone rates); suppression applies after aggregation.",
  "Scotland-wide bands are the Scottish Government's equal-count SIMD deciles or quintiles of all 6,976 data zones. Local bands re-rank the area's own data zones by SIMD rank and give each to the band holding the midpoint of its cumulative population share, so each band holds about the same number of people.",
  "Slope index of inequality (SII): band values regressed on each band's ridit (the midpoint of its cumulative population share, 0 = most deprived, 1 = least deprived) by least squares weighted by band population; SII = fitted value at the most deprived end minus that at the least deprived end, so a positive SII means higher values in more deprived areas. Its 95% interval comes from the regression's residual error on (bands − 2) degrees of freedom. As ScotPHO (Public Health Scotland, scotpho-indicator-production: calculate_inequality_measures.R; ScotPHO 'Measuring inequalities' technical notes), after Low & Low, J Public Health 2004;26:388–395.",
  "Relative index of inequality (RII) = SII ÷ the area's overall value, as ScotPHO reports it; RII × ½ × 100 reads as how far (in %) the most deprived end lies above the area's average.",
  'Absolute gap = most deprived band minus least deprived band; relative gap = most deprived ÷ least deprived (ScotPHO\'s "range" measures), using the extreme bands that have people in them.',
  `An area needs at least ${MIN_ZONES_FOR_INEQUALITY} data zones with a SIMD rank and people in at least ${MIN_BANDS_FOR_INEQUALITY} bands.`,
];

function refuseAggregation(indicator: IndicatorRef): void {
  if (GRADIENT_AGGREGATIONS.has(indicator.aggregation)) return;
  if (indicator.aggregation === 'sum') {
    throw badRequest(`${indicator.code} is a count (${indicator.unit}). A band's count grows with the number of people in it, not with how deprived it is, so a gradient across bands would measure band size. Choose a rate, percentage or ratio indicator.`);
  }
  throw badRequest(`${indicator.code} is a ${indicator.measureType} that cannot be combined across data zones (aggregation "${indicator.aggregation}"), so it has no value for a deprivation band. Choose a rate, percentage, ratio or average.`);
}

const bandName = (scheme: BandScheme, ranking: BandRanking) => `${ranking === 'local' ? 'local ' : ''}${scheme === 'deciles' ? 'decile' : 'quintile'}`;

function bandLabel(band: number, count: number, scheme: BandScheme, ranking: BandRanking): string {
  const name = bandName(scheme, ranking);
  const label = `${name[0]!.toUpperCase()}${name.slice(1)} ${band}`;
  return band === 1 ? `${label} (most deprived)` : band === count ? `${label} (least deprived)` : label;
}

function summarise(areaName: string, indicator: IndicatorRef, result: InequalityResult, scheme: BandScheme, ranking: BandRanking, edition: string): string[] {
  const m = result.measures;
  const count = result.bands.length;
  const most = result.bands.find((b) => b.band === m.mostDeprivedBand)!;
  const least = result.bands.find((b) => b.band === m.leastDeprivedBand)!;
  const name = bandName(scheme, ranking);
  const unit = indicator.unit === '%' ? ' percentage points' : indicator.unit && !/ratio|score|index|rank/i.test(indicator.unit) ? ` ${indicator.unit}` : '';
  const which = (band: number, end: number) => (band === end ? '' : ` with people in it (${band})`);
  const sentences: string[] = [];
  if (most.value !== null && least.value !== null) {
    sentences.push(`In ${areaName}, "${indicator.title}" is ${formatNumber(most.value)} in the most deprived ${name}${which(most.band, 1)} and ${formatNumber(least.value)} in the least deprived${which(least.band, count)} (${ranking === 'local' ? `${areaName}'s own data zones ranked into ${scheme} of equal population` : `Scotland-wide ${scheme}`}, ${edition}).`);
  }
  if (m.sii !== null) {
    const interval = m.siiLower !== null && m.siiUpper !== null ? `; 95% interval ${formatNumber(m.siiLower)} to ${formatNumber(m.siiUpper)}` : '';
    const direction = m.sii >= 0 ? 'higher' : 'lower';
    const reading = {
      worse_in_more_deprived: 'a clear gradient that leaves more deprived areas worse off',
      better_in_more_deprived: 'a clear gradient in favour of more deprived areas',
      higher_in_more_deprived: 'a clear gradient',
      lower_in_more_deprived: 'a clear gradient',
      no_clear_gradient: 'the interval includes zero, so there is no clear gradient',
      not_tested: 'too few bands to say how certain that is',
    }[m.gradient];
    sentences.push(`Across all the bands, the fitted value is ${formatNumber(Math.abs(m.sii))}${unit} ${direction} at the most deprived end than at the least deprived (slope index of inequality ${formatNumber(m.sii)}${interval}): ${reading}.`);
    if (m.rii !== null && result.overall.value !== null) {
      sentences.push(`That gap is ${formatNumber(Math.abs(m.rii) * 100)}% of ${areaName}'s overall figure of ${formatNumber(result.overall.value)} (relative index of inequality ${formatNumber(m.rii)}).`);
    }
  }
  if (result.note) sentences.push(result.note);
  return sentences;
}

export async function inequalityRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: AreaParams; Querystring: InequalityQuery; Reply: InequalityReply }>('/areas/:level/:code/inequality', {
    schema: {
      summary: "An indicator by SIMD band of an area's data zones, with the slope and relative indices of inequality (ScotPHO's method) and the gap between the extreme bands",
      params: AreaParams, querystring: InequalityQuery, response: { 200: InequalityReply, ...analysisErrors },
    },
  }, async (request) => {
    const { bands: scheme, ranking } = request.query;
    const found = await requireArea(app, request.params.level, request.params.code);
    const indicator = await requireIndicator(app, request.query.indicator);
    refuseAggregation(indicator);
    requireReach(app, found.levelRef, indicator);
    const vintage = vintageFor(indicator, found.levelRef.dataZoneVintages.filter((v) => v === SIMD_VINTAGE));
    if (!vintage) {
      throw notFound(`${indicator.title} (${indicator.code}) is published on ${setName(indicator.vintage)}, and SIMD ranks ${setName(SIMD_VINTAGE)}, so its figures cannot be put into deprivation bands. ${NOT_LINKED}`);
    }
    const area = await withZones(app, found, vintage);
    const { period, periods } = await requirePeriod(app, indicator, vintage, request.query.period);
    const editions = await simdEditions(app.db);
    if (editions.length === 0) throw notFound('This build has no SIMD ranks, so data zones cannot be put into deprivation bands.');
    const edition = request.query.edition ?? editions[0]!;
    if (!editions.includes(edition)) throw badRequest(`Unknown SIMD edition "${edition}". Editions in this build: ${editions.join(', ')}.`);

    const zones = await zoneDeprivation(app.db, area.zones, edition);
    let result: InequalityResult;
    try {
      result = await inequalityByBand(app.db, { indicator, period, areaName: area.name, areaZones: area.zones, zones, scheme, ranking });
    } catch (error) {
      if (error instanceof TooFewZonesError) throw new UnprocessableError(error.message);
      throw error;
    }
    const count = result.bands.length;
    return {
      build: buildRef(app.build),
      area: areaJson(area),
      indicator: indicatorJson(indicator),
      period: periodJson(period),
      periods: periods.map((p) => p.label),
      deprivation: { edition, bands: scheme, ranking, dataZonesRanked: zones.length, dataZonesWithoutRank: area.zones.length - zones.length },
      overall: result.overall,
      bands: result.bands.map((b) => ({ ...b, label: bandLabel(b.band, count, scheme, ranking) })),
      inequality: result.measures,
      note: result.note,
      summary: summarise(area.name, indicator, result, scheme, ranking, edition),
      methods: INEQUALITY_METHODS,
    };
  });
}
