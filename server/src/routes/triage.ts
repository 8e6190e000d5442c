import type { FastifyInstance } from 'fastify';
import { badRequest } from '../httpErrors.ts';
import { sumsForGroups, zonesOfAreas, type GroupSums } from '../queries/groups.ts';
import { parentOn } from '../queries/profileAreas.ts';
import { listIndicatorRefs, periodsByIndicator, type PeriodRef } from '../queries/rollup.ts';
import { compare, isComparable, rollUpValue, type AreaSums } from '../rollup/aggregate.ts';
import { testChange } from '../rollup/change.ts';
import { AreaParams } from '../schemas/areas.ts';
import { buildRef } from '../schemas/common.ts';
import { TriageQuery, TriageReply } from '../schemas/triage.ts';
import { setOfEach } from '../rollup/reach.ts';
import { analysisErrors, areaJson, requireArea, UnprocessableError, withZones } from './analysisContext.ts';
import { CHANGE_METHODS } from './change.ts';

const METHODS = [
  "An indicator is listed when, in its latest period, the area is significantly worse than the comparator (the comparator's value lies outside the area's 95% interval, polarity-aware, as on the profile page) AND significantly worse than in the period before (the z-test of /change, 5% level).",
  'Only rates, percentages and standardised ratios with a direction (higher is better or worse) and at least two periods are considered: counts depend on size, and averages carry no interval.',
  'Sorted by how far worse than the comparator, as a % of the comparator\'s value.',
  ...CHANGE_METHODS.slice(1, 2),
];

const NO_SUMS = (members: number): AreaSums => ({ members, observed: 0, withheld: 0, missing: 0, numerator: null, denominator: null, coveredDenominator: null, value: null });

export async function triageRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: AreaParams; Querystring: TriageQuery; Reply: TriageReply }>('/areas/:level/:code/triage', {
    schema: {
      summary: 'The indicators on which an area is significantly worse than its council or Scotland and getting significantly worse, furthest worse first',
      params: AreaParams, querystring: TriageQuery, response: { 200: TriageReply, ...analysisErrors },
    },
  }, async (request) => {
    const area = await requireArea(app, request.params.level, request.params.code);
    const wanted = request.query.comparator;
    if (area.level === wanted) throw badRequest(`${area.name} is itself a ${area.levelRef.label.toLowerCase()}: compare it with ${wanted === 'council' ? 'comparator=scotland' : 'nothing larger'} instead.`);
    const comparator = await parentOn(app.db, area.areaId, wanted);
    if (!comparator) {
      throw new UnprocessableError(`${area.name} does not lie in one ${wanted === 'council' ? 'council' : 'Scotland area'} in this build${wanted === 'council' ? '; use comparator=scotland' : ''}.`);
    }
    const comparatorLevel = app.levels.find((l) => l.key === comparator.level);

    // Each indicator is read on the set of data zones that reaches the area (reach.ts), where the
    // comparator is made of that set too; one pass over the fact table per set.
    const candidates = (await listIndicatorRefs(app.db, null)).filter((i) => isComparable(i) && i.polarity !== 'neither');
    const sets = area.levelRef.dataZoneVintages.filter((v) => comparatorLevel?.dataZoneVintages.includes(v));
    const periodsOn = new Map(await Promise.all(sets.map(async (v) => [v, await periodsByIndicator(app.db, v)] as const)));
    const vintageOf = setOfEach(candidates, sets, periodsOn, 2);
    const indicators = candidates.filter((i) => vintageOf.has(i.indicatorId));
    const sums = new Map<string, GroupSums>();
    const sizes = new Map<string, number>();
    const key = (group: number, indicator: number, period: number) => `${group}:${indicator}:${period}`;
    const SUBJECT = 0;
    const COMPARATOR = 1;
    await Promise.all([...new Set(vintageOf.values())].map(async (vintage) => {
      const zones = await zonesOfAreas(app.db, [area.areaId, comparator.areaId], vintage);
      const subjectZones = zones.get(area.areaId) ?? [];
      const comparatorZones = zones.get(comparator.areaId) ?? [];
      sizes.set(`${vintage}:${SUBJECT}`, subjectZones.length);
      sizes.set(`${vintage}:${COMPARATOR}`, comparatorZones.length);
      const ids = indicators.filter((i) => vintageOf.get(i.indicatorId) === vintage).map((i) => i.indicatorId);
      for (const row of await sumsForGroups(app.db, vintage, [{ groupId: SUBJECT, dzIds: subjectZones, areaId: area.areaId }, { groupId: COMPARATOR, dzIds: comparatorZones, areaId: comparator.areaId }], ids)) {
        sums.set(key(row.groupId, row.indicatorId, row.periodId), row);
      }
    }));
    const subjectIsNative = (vintage: string) => area.levelRef.membership === 'base' && area.level === vintage;

    let tested = 0;
    let worseThanComparator = 0;
    let gettingWorse = 0;
    const listed: TriageReply['indicators'] = [];
    for (const indicator of indicators) {
      const vintage = vintageOf.get(indicator.indicatorId)!;
      const [previous, latest] = periodsOn.get(vintage)!.get(indicator.indicatorId)!.slice(-2) as [PeriodRef, PeriodRef];
      const valueOf = (group: number, periodId: number, native: boolean) =>
        rollUpValue(indicator, sums.get(key(group, indicator.indicatorId, periodId)) ?? NO_SUMS(sizes.get(`${vintage}:${group}`) ?? 0), { nativeLevel: native });
      const current = valueOf(SUBJECT, latest.periodId, subjectIsNative(indicator.vintage));
      const before = valueOf(SUBJECT, previous.periodId, subjectIsNative(indicator.vintage));
      const comparatorValue = valueOf(COMPARATOR, latest.periodId, false);
      const significance = comparatorValue.suppressed ? 'not_tested' : compare(current, comparatorValue.value, indicator.polarity);
      const change = testChange(indicator, before, current);
      if (significance !== 'not_tested') tested++;
      if (significance === 'worse') worseThanComparator++;
      if (change.significance === 'worse') gettingWorse++;
      if (significance !== 'worse' || change.significance !== 'worse' || !comparatorValue.value) continue;
      const ratio = current.value! / comparatorValue.value;
      listed.push({
        code: indicator.code, title: indicator.title, unit: indicator.unit, polarity: indicator.polarity,
        latest: { period: latest.label, ...current },
        previous: { period: previous.label, ...before },
        comparator: { period: latest.label, ...comparatorValue },
        significance,
        worseByPercent: (indicator.polarity === 'higher_is_worse' ? ratio - 1 : 1 - ratio) * 100,
        change,
      });
    }
    listed.sort((a, b) => b.worseByPercent - a.worseByPercent || a.code.localeCompare(b.code));
    const where = wanted === 'council' ? comparator.name : 'Scotland';
    const summary = listed.length === 0
      ? `Of the ${tested} indicators that could be tested, none is both significantly worse in ${area.name} than in ${where} and getting significantly worse.`
      : `Of the ${tested} indicators that could be tested, ${listed.length} ${listed.length === 1 ? 'is' : 'are'} significantly worse in ${area.name} than in ${where} and getting significantly worse: ${listed.map((i) => i.title).join('; ')}.`;
    return {
      build: buildRef(app.build),
      area: areaJson(await withZones(app, area)),
      comparator: { level: comparator.level, code: comparator.code, name: comparator.name },
      counts: { tested, worseThanComparator, gettingWorse, worseAndGettingWorse: listed.length },
      indicators: listed,
      summary,
      methods: METHODS,
    };
  });
}
