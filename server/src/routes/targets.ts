import type { FastifyInstance } from 'fastify';
import { badRequest, notFound } from '../httpErrors.ts';
import { sumsForGroups, zonesOfAreas, type GroupSums } from '../queries/groups.ts';
import { findArea } from '../queries/profileAreas.ts';
import { listIndicatorRefs, periodsByIndicator, type PeriodRef } from '../queries/rollup.ts';
import { listTargets, type TargetRow } from '../queries/targets.ts';
import { rollUpValue } from '../rollup/aggregate.ts';
import { reachOf, type Vintage } from '../rollup/reach.ts';
import { assessTarget, AT_RISK_SHARE, periodStart } from '../rollup/targets.ts';
import { buildRef, ErrorBody } from '../schemas/common.ts';
import { TargetsQuery, TargetsReply, type TargetItem } from '../schemas/targets.ts';

const errors = { 400: ErrorBody, 404: ErrorBody, 500: ErrorBody };

const METHOD = `Actual values are the indicator rolled up to the target's area by the usual rules. Achieved: the latest value already meets the target (for higher_is_worse, at or below it). Otherwise a Theil–Sen line (median pairwise slope; Theil 1950, Sen 1968) through the observed values, with period start dates as x, is read at the target period's start: on track if that meets the target, at risk if it misses by less than ${AT_RISK_SHARE * 100}% of |target − baseline|, off track otherwise. No data: no figure, or one figure that does not yet meet the target.`;

export async function targetRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: TargetsQuery; Reply: TargetsReply }>('/targets', {
    schema: {
      summary: "Targets with their baseline, the indicator's actual values for the area, a robust projection to the target period and a status",
      querystring: TargetsQuery, response: { 200: TargetsReply, ...errors },
    },
  }, async (request) => {
    const { level: levelKey, area: code } = request.query;
    if (levelKey === undefined && code !== undefined) throw badRequest(`Give the level of area "${code}" too, e.g. level=council&area=${code}.`);
    let areaId: number | null = null;
    if (levelKey !== undefined) {
      const level = app.levels.find((l) => l.key === levelKey);
      if (!level) throw badRequest(`Unknown level "${levelKey}". Levels in this build: ${app.levels.map((l) => l.key).join(', ')}.`);
      if (code !== undefined) {
        const area = await findArea(app.db, level.key, code);
        if (!area) throw notFound(`No ${level.label} with code "${code}" in this build. Find codes with /api/v1/areas?level=${level.key}&q=<name>.`);
        areaId = area.areaId;
      }
    }

    const rows = await listTargets(app.db, { level: levelKey ?? null, areaId });
    const indicators = new Map((await listIndicatorRefs(app.db, null)).map((i) => [i.indicatorId, i]));
    // Each target's indicator reaches its area through one set of data zones (reach.ts); one pass
    // over the fact table per set. A target on a level the indicator does not reach has no actuals.
    const reachOfRow = (row: TargetRow) => {
      const level = app.levels.find((l) => l.key === row.level);
      return level ? reachOf(level, indicators.get(row.indicatorId)!) : null;
    };
    const sums = new Map<string, GroupSums>();
    const periods = new Map<Vintage, Map<number, PeriodRef[]>>();
    const zones = new Map<Vintage, Map<number, number[]>>();
    for (const vintage of new Set(rows.map((r) => reachOfRow(r)?.vintage).filter((v): v is Vintage => v !== undefined))) {
      const ofVintage = rows.filter((r) => reachOfRow(r)?.vintage === vintage);
      const areaIds = [...new Set(ofVintage.map((r) => r.areaId))];
      periods.set(vintage, await periodsByIndicator(app.db, vintage));
      zones.set(vintage, await zonesOfAreas(app.db, areaIds, vintage));
      const groups = areaIds.map((id) => ({ groupId: id, dzIds: zones.get(vintage)!.get(id) ?? [], areaId: id }));
      for (const s of await sumsForGroups(app.db, vintage, groups, [...new Set(ofVintage.map((r) => r.indicatorId))])) {
        sums.set(`${s.groupId}:${s.indicatorId}:${s.periodId}`, s);
      }
    }

    const targets: TargetItem[] = rows.map((row) => {
      const indicator = indicators.get(row.indicatorId)!;
      const vintage = reachOfRow(row)?.vintage;
      const members = (vintage && zones.get(vintage)!.get(row.areaId)?.length) ?? 0;
      const nativeLevel = row.membership === 'base' && row.level === indicator.vintage;
      const actual = ((vintage && periods.get(vintage)!.get(row.indicatorId)) || []).map((p) => ({
        period: p.label, start: p.start,
        ...rollUpValue(indicator, sums.get(`${row.areaId}:${row.indicatorId}:${p.periodId}`)
          ?? { members, observed: 0, withheld: 0, missing: 0, numerator: null, denominator: null, coveredDenominator: null, value: null }, { nativeLevel }),
      }));
      const targetStart = periodStart(row.targetPeriod);
      const assessment = assessTarget({
        polarity: indicator.polarity, baselineValue: row.baselineValue, targetValue: row.targetValue, targetStart,
        observed: actual.filter((a) => !a.suppressed && a.value !== null).map((a) => ({ period: a.period, start: a.start, value: a.value! })),
      });
      return {
        indicator: { code: indicator.code, title: indicator.title, unit: indicator.unit, polarity: indicator.polarity },
        area: { level: row.level, levelLabel: row.levelLabel, code: row.code, name: row.name },
        baseline: { period: row.baselinePeriod, value: row.baselineValue },
        target: { period: row.targetPeriod, value: row.targetValue, start: targetStart },
        actual,
        ...assessment,
        source: row.sourceFile,
      };
    });
    return { build: buildRef(app.build), method: METHOD, atRiskShare: AT_RISK_SHARE, targets };
  });
}
