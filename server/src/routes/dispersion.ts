import type { FastifyInstance } from 'fastify';
import { badRequest, notFound } from '../httpErrors.ts';
import { sumsForGroups, zonesOfAreas } from '../queries/groups.ts';
import { areasWithin } from '../queries/profileAreas.ts';
import type { IndicatorRef } from '../queries/rollup.ts';
import { rollUpValue, type AreaSums } from '../rollup/aggregate.ts';
import { reachOf, unreachedMessage } from '../rollup/reach.ts';
import { dispersion } from '../stats/dispersion.ts';
import { AreaParams } from '../schemas/areas.ts';
import { buildRef } from '../schemas/common.ts';
import { DispersionQuery, DispersionReply } from '../schemas/inequality.ts';
import type { BuildLevel } from '../queries/levels.ts';
import { analysisErrors, areaJson, indicatorJson, periodJson, requireArea, requireIndicator, requirePeriod, requireReach, UnprocessableError, withZones, type FoundArea } from './analysisContext.ts';

/** Fewer parts than this give percentiles that are just the extreme parts. */
export const MIN_CHILDREN_FOR_DISPERSION = 3;

const METHODS = [
  "Each part's value is rolled up from its data zones like any area's (summed parts, suppression after aggregation); parts with no figure are left out.",
  "Weights are the parts' latest population estimates. Coefficient of variation = population-weighted standard deviation ÷ population-weighted mean of the parts' values (the mean of the parts' values, which for a rate on a base other than total population can differ a little from the area's own figure).",
  'Parts on a best-fit level (wards, localities) belong to the area holding most of their people, and count whole.',
  "Percentiles are population-weighted: each part stands at the midpoint of its cumulative population share and values in between are interpolated linearly; the 90:10 ratio is the 90th percentile ÷ the 10th.",
];

const NO_SUMS = (members: number): AreaSums => ({ members, observed: 0, withheld: 0, missing: 0, numerator: null, denominator: null, coveredDenominator: null, value: null });

const INTERMEDIATE_ZONES = ['iz2011', 'iz2022'];

/**
 * The level of the parts: the one asked for, or intermediate zones where they lie in the area
 * (of the set of data zones the indicator was published on), else data zones; in either case one
 * the indicator's data zones reach.
 */
function childLevelOf(app: FastifyInstance, area: FoundArea, indicator: IndicatorRef, wanted: string | undefined): BuildLevel {
  const inside = app.levels.filter((l) => l.parents.includes(area.level));
  if (wanted !== undefined) {
    const level = app.levels.find((l) => l.key === wanted);
    if (!level) throw badRequest(`Unknown level "${wanted}" (query parameter "childLevel"). Levels in this build: ${app.levels.map((l) => l.key).join(', ')}.`);
    if (!inside.includes(level)) {
      throw badRequest(`${level.plural} are not linked to ${area.levelRef.plural.toLowerCase()} in this build, so they cannot be the parts of ${area.name}. Levels inside a ${area.levelRef.label.toLowerCase()}: ${inside.map((l) => l.key).join(', ') || 'none'}.`);
    }
    return level;
  }
  const reached = inside.filter((l) => reachOf(l, indicator) !== null);
  const intermediate = reached.filter((l) => INTERMEDIATE_ZONES.includes(l.key));
  const preferred = intermediate.find((l) => reachOf(l, indicator)!.vintage === indicator.vintage) ?? intermediate[0] ?? reached.find((l) => l.membership === 'base');
  if (!preferred) {
    if (inside.length > 0) throw notFound(unreachedMessage(inside[0]!, indicator, app.levels));
    throw badRequest(`No level lies inside a ${area.levelRef.label.toLowerCase()} in this build, so ${area.name} has no parts to compare.`);
  }
  return preferred;
}

export async function dispersionRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: AreaParams; Querystring: DispersionQuery; Reply: DispersionReply }>('/areas/:level/:code/dispersion', {
    schema: {
      summary: "How unequal an area's parts are on one indicator: population-weighted coefficient of variation and 90:10 percentile ratio across its intermediate zones (or another level inside it)",
      params: AreaParams, querystring: DispersionQuery, response: { 200: DispersionReply, ...analysisErrors },
    },
  }, async (request) => {
    const found = await requireArea(app, request.params.level, request.params.code);
    const indicator = await requireIndicator(app, request.query.indicator);
    const childLevel = childLevelOf(app, found, indicator, request.query.childLevel);
    const nativeLevel = childLevel.membership === 'base' && childLevel.key === indicator.vintage;
    if (indicator.aggregation === 'sum') {
      throw badRequest(`${indicator.code} is a count (${indicator.unit}): bigger parts have bigger counts, so their spread measures size, not inequality. Choose a rate, percentage, ratio or average.`);
    }
    if (indicator.aggregation === 'none' && !nativeLevel) {
      throw badRequest(`${indicator.code} is a ${indicator.measureType} published for ${indicator.vintage} data zones only; use childLevel=${indicator.vintage} to compare its data zones.`);
    }
    // The parts and the area are summed over the same set of data zones: the one reaching the parts.
    const { vintage } = requireReach(app, childLevel, indicator);
    if (!found.levelRef.dataZoneVintages.includes(vintage)) throw notFound(unreachedMessage(found.levelRef, indicator, app.levels));
    const { period, periods } = await requirePeriod(app, indicator, vintage, request.query.period);
    const area = await withZones(app, found, vintage);

    const children = await areasWithin(app.db, childLevel.key, { level: area.level, areaId: area.areaId });
    const zones = await zonesOfAreas(app.db, [area.areaId, ...children.map((c) => c.areaId)], vintage);
    const groups = [area, ...children].map((a) => ({ groupId: a.areaId, dzIds: zones.get(a.areaId) ?? [], areaId: a.areaId }));
    const sums = new Map((await sumsForGroups(app.db, vintage, groups, [indicator.indicatorId], new Map([[indicator.indicatorId, period.periodId]]))).map((s) => [s.groupId, s]));
    const valueOf = (areaId: number, native: boolean) => rollUpValue(indicator, sums.get(areaId) ?? NO_SUMS(zones.get(areaId)?.length ?? 0), { nativeLevel: native });

    const childValues = children
      .map((c) => ({ code: c.code, name: c.name, population: c.population, ...valueOf(c.areaId, nativeLevel) }))
      .sort((a, b) => (b.value ?? -Infinity) - (a.value ?? -Infinity) || a.code.localeCompare(b.code));
    if (children.length > 0 && children.every((c) => c.population === null)) {
      throw new UnprocessableError(`${childLevel.plural} have no population estimates in this build (the estimates are on 2011 data zones), so the spread of their figures cannot be weighted by population.`);
    }
    const measured = childValues.filter((c) => c.value !== null && (c.population ?? 0) > 0);
    if (measured.length < MIN_CHILDREN_FOR_DISPERSION) {
      throw new UnprocessableError(`Only ${measured.length} of the ${children.length} ${childLevel.plural.toLowerCase()} in ${area.name} have a figure for ${indicator.code} in ${period.label}; a spread needs at least ${MIN_CHILDREN_FOR_DISPERSION}. Try childLevel=${vintage} or a larger area.`);
    }
    const spread = dispersion(measured.map((c) => ({ value: c.value!, weight: c.population! })))!;
    const left = children.length - measured.length;
    return {
      build: buildRef(app.build),
      area: areaJson(area),
      indicator: indicatorJson(indicator),
      period: periodJson(period),
      periods: periods.map((p) => p.label),
      childLevel: { key: childLevel.key, label: childLevel.label, plural: childLevel.plural },
      areaValue: valueOf(area.areaId, area.levelRef.membership === 'base' && area.level === indicator.vintage),
      dispersion: { children: children.length, childrenWithValue: measured.length, ...spread },
      children: childValues,
      note: left > 0 ? `${left} of the ${children.length} ${childLevel.plural.toLowerCase()} have no figure (withheld, incomplete or without people) and are left out.` : null,
      methods: METHODS,
    };
  });
}
