import { indicatorSummary, periodSummary } from '../rollup/describe.ts';
import { bigJsonReply } from '../httpCaching.ts';
import type { FastifyInstance } from 'fastify';
import { badRequest, notFound } from '../httpErrors.ts';
import type { Database } from '../db.ts';
import type { IndicatorRef, PeriodRef } from '../queries/rollup.ts';
import { compare, isComparable, rollUpValue, type Significance } from '../rollup/aggregate.ts';
import { areasOf, indicatorByCode, periodsOf } from '../rollup/catalogue.ts';
import { reachOf, setName, unreachedMessage, type Vintage } from '../rollup/reach.ts';
import { sumsOfPublishedAreas } from '../rollup/sumsCache.ts';
import { valuesForLevel } from '../rollup/values.ts';
import { buildRef, ErrorBody } from '../schemas/common.ts';
import { IndicatorCodeParams, ValuesQuery, ValuesReply } from '../schemas/values.ts';

const errors = { 400: ErrorBody, 404: ErrorBody, 500: ErrorBody };

export async function valueRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: IndicatorCodeParams; Querystring: ValuesQuery; Reply: ValuesReply }>('/indicators/:indicator/values', {
    ...bigJsonReply,
    schema: {
      summary: 'One indicator for one period across every area of a level: value, interval, suppression and rank',
      params: IndicatorCodeParams, querystring: ValuesQuery, response: { 200: ValuesReply, ...errors },
    },
  }, async (request) => {
    const indicator = await indicatorByCode(app.db, request.params.indicator);
    if (!indicator) throw notFound(`No indicator "${request.params.indicator}" in this build. The catalogue is at /api/v1/indicators.`);
    const level = app.levels.find((l) => l.key === request.query.level);
    if (!level) throw badRequest(`Unknown level "${request.query.level}". Levels in this build: ${app.levels.map((l) => l.key).join(', ')}.`);
    const reach = reachOf(level, indicator);
    if (!reach) throw notFound(unreachedMessage(level, indicator, app.levels));
    const periods = await periodsOf(app.db, indicator.indicatorId, reach.vintage);
    if (periods.length === 0) throw notFound(`${indicator.title} has no figures on ${setName(reach.vintage)}, so none for ${level.plural.toLowerCase()}.`);
    const wanted = request.query.period;
    const period = wanted === undefined ? periods.at(-1)! : periods.find((p) => p.label === wanted);
    if (!period) throw badRequest(`${indicator.code} has no period "${wanted}". Periods: ${periods.map((p) => p.label).join(', ')}.`);

    const scotlandLevel = app.levels.find((l) => l.key === 'scotland');
    const scotlandReach = scotlandLevel && !reach.base ? reachOf(scotlandLevel, indicator) : null;
    const [{ areas }, scotland] = await Promise.all([
      valuesForLevel(app.db, indicator, period, level.key, reach, await areasOf(app.db, level.key)),
      scotlandReach ? scotlandValue(app.db, indicator, period, scotlandReach.vintage) : undefined,
    ]);
    const comparable = isComparable(indicator);
    const comparatorValue = comparable && scotland?.suppressed === false ? scotland.value : null;
    // The rows gain their significance in place.
    const rows = areas as (typeof areas[number] & { significance: Significance })[];
    for (const row of rows) row.significance = compare(row, comparatorValue, indicator.polarity);
    return {
      build: buildRef(app.build),
      indicator: indicatorSummary(indicator),
      period: periodSummary(period),
      periods: periods.map((p) => p.label),
      level: { key: level.key, label: level.label },
      comparator: scotland ? { level: 'scotland', code: scotland.code, name: scotland.name, ...strip(scotland) } : null,
      areas: rows,
    };
  });
}

/** Scotland's figure, from the remembered sums of the Scotland area over one set of data zones (every indicator, every period). */
async function scotlandValue(db: Database, indicator: IndicatorRef, period: PeriodRef, vintage: Vintage) {
  const [scotland] = await areasOf(db, 'scotland');
  if (!scotland) return undefined;
  const sums = (await sumsOfPublishedAreas(db, [scotland.areaId], vintage)).find((s) => s.indicatorId === indicator.indicatorId && s.periodId === period.periodId);
  const value = rollUpValue(indicator, sums ?? { members: 0, observed: 0, withheld: 0, missing: 0, numerator: null, denominator: null, coveredDenominator: null, value: null }, { nativeLevel: false });
  return { ...scotland, rank: null, ...value };
}

function strip<T extends { areaId: number; code: string; name: string; rank: number | null }>(row: T): Omit<T, 'areaId' | 'code' | 'name' | 'rank'> {
  const { areaId: _a, code: _c, name: _n, rank: _r, ...rest } = row;
  return rest;
}
