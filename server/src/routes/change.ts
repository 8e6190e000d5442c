import type { FastifyInstance } from 'fastify';
import { badRequest } from '../httpErrors.ts';
import { sumsForGroups } from '../queries/groups.ts';
import { rollUpValue, type AreaSums } from '../rollup/aggregate.ts';
import { testChange } from '../rollup/change.ts';
import { AreaParams } from '../schemas/areas.ts';
import { buildRef } from '../schemas/common.ts';
import { ChangeQuery, ChangeReply } from '../schemas/triage.ts';
import { analysisErrors, areaJson, formatNumber, indicatorJson, requireArea, requireIndicator, requirePeriod, requireReach, UnprocessableError, withZones } from './analysisContext.ts';

export const CHANGE_METHODS = [
  'Both figures are rolled up from data zones like any figure, with their 95% intervals (Wilson for proportions, Byar for rates and ratios).',
  "Significance at the 5% level by a z-test on the difference: for proportions the pooled two-proportion test on the summed numerators and denominators; for rates, standardised ratios and counts the log ratio of two Poisson counts over fixed denominators, SE = √(1/O₁ + 1/O₂). Treating the two periods as independent ignores the positive correlation between an area's figures over time, which makes the test conservative.",
  'Whether the two 95% intervals overlap is also given: non-overlap is a much stricter test (about p < 0.006 for similar intervals; Schenker & Gentleman, The American Statistician 2001;55:182–186), so overlapping intervals do not by themselves mean no change.',
  'Population-weighted averages and medians carry no sampling error in the data and are not tested. Polarity turns higher/lower into better/worse.',
];

const NO_SUMS = (members: number): AreaSums => ({ members, observed: 0, withheld: 0, missing: 0, numerator: null, denominator: null, coveredDenominator: null, value: null });

export async function changeRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: AreaParams; Querystring: ChangeQuery; Reply: ChangeReply }>('/areas/:level/:code/change', {
    schema: {
      summary: 'An area against itself in an earlier period: both figures with intervals, the difference and whether it is significant',
      params: AreaParams, querystring: ChangeQuery, response: { 200: ChangeReply, ...analysisErrors },
    },
  }, async (request) => {
    const found = await requireArea(app, request.params.level, request.params.code);
    const indicator = await requireIndicator(app, request.query.indicator);
    const reach = requireReach(app, found.levelRef, indicator);
    const area = await withZones(app, found, reach.vintage);
    const { period: to, periods } = await requirePeriod(app, indicator, reach.vintage, request.query.to, 'to');
    const toIndex = periods.indexOf(to);
    let from;
    if (request.query.from === undefined) {
      if (toIndex === 0) throw new UnprocessableError(`${indicator.code} has no period before ${to.label} (periods: ${periods.map((p) => p.label).join(', ')}), so there is nothing to compare with.`);
      from = periods[toIndex - 1]!;
    } else {
      from = (await requirePeriod(app, indicator, reach.vintage, request.query.from, 'from')).period;
      if (periods.findIndex((p) => p.periodId === from!.periodId) >= toIndex) throw badRequest(`"from" (${from.label}) must be earlier than "to" (${to.label}).`);
    }

    const sums = await sumsForGroups(app.db, reach.vintage, [{ groupId: area.areaId, dzIds: area.zones, areaId: area.areaId }], [indicator.indicatorId]);
    const nativeLevel = area.levelRef.membership === 'base' && area.level === indicator.vintage;
    const valueIn = (periodId: number) => rollUpValue(indicator, sums.find((s) => s.periodId === periodId) ?? NO_SUMS(area.zones.length), { nativeLevel });
    const earlier = valueIn(from.periodId);
    const later = valueIn(to.periodId);
    const change = testChange(indicator, earlier, later);

    let summary: string;
    if (change.difference === null) {
      summary = `${indicator.title} for ${area.name} cannot be compared between ${from.label} and ${to.label}: ${change.note}`;
    } else {
      const verdict = {
        better: 'a significant improvement', worse: 'a significant worsening', higher: 'a significant rise', lower: 'a significant fall',
        similar: 'not a significant change', not_tested: 'not tested for significance',
      }[change.significance];
      const p = change.pValue === null ? '' : ` (z = ${change.zScore!.toFixed(2)}, p ${change.pValue < 0.001 ? '< 0.001' : `= ${change.pValue.toFixed(3)}`})`;
      summary = `${indicator.title} in ${area.name} went from ${formatNumber(earlier.value!)} in ${from.label} to ${formatNumber(later.value!)} in ${to.label}: ${verdict}${p}.`;
    }
    return {
      build: buildRef(app.build),
      area: areaJson(area),
      indicator: indicatorJson(indicator),
      periods: periods.map((p) => p.label),
      from: { period: from.label, ...earlier },
      to: { period: to.label, ...later },
      change,
      summary,
      methods: CHANGE_METHODS,
    };
  });
}
