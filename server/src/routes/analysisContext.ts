import type { FastifyInstance } from 'fastify';
import { badRequest, notFound } from '../httpErrors.ts';
import { zonesOfAreas } from '../queries/groups.ts';
import { findArea, type AreaRef } from '../queries/profileAreas.ts';
import { findIndicator, indicatorPeriods, type IndicatorRef, type PeriodRef } from '../queries/rollup.ts';
import { ErrorBody } from '../schemas/common.ts';
import type { BuildLevel } from '../queries/levels.ts';
import { reachOf, unreachedMessage, type Reach, type Vintage } from '../rollup/reach.ts';

/**
 * What the area-analysis routes (inequality, dispersion, similar areas, triage, change) share:
 * turning the path and query into a level, an area with its data zones, an indicator and a
 * period, each refused with a message that says what to fix.
 */

export const analysisErrors = { 400: ErrorBody, 404: ErrorBody, 422: ErrorBody, 500: ErrorBody };

/** A well-formed request the data cannot answer (too few data zones, one area in the level): 422. */
export class UnprocessableError extends Error {
  override name = 'UnprocessableError';
  readonly statusCode = 422;
}

/** An area with its level and its data zones of one set. */
export interface AnalysedArea extends FoundArea {
  vintage: Vintage;
  zones: number[];
}

export interface FoundArea extends AreaRef {
  levelRef: BuildLevel;
}

export function requireLevel(app: FastifyInstance, key: string): BuildLevel {
  const level = app.levels.find((l) => l.key === key);
  if (!level) throw badRequest(`Unknown level "${key}". Levels in this build: ${app.levels.map((l) => l.key).join(', ')}.`);
  return level;
}

export async function requireArea(app: FastifyInstance, levelKey: string, code: string): Promise<FoundArea> {
  const level = requireLevel(app, levelKey);
  const area = await findArea(app.db, level.key, code);
  if (!area) throw notFound(`No ${level.label} with code "${code}" in this build. Find codes with /api/v1/areas?level=${level.key}&q=<name>.`);
  return { ...area, levelRef: level };
}

/** The area's data zones of one set (by default the first its level is made of: 2011 where it is made of both). */
export async function withZones(app: FastifyInstance, area: FoundArea, vintage: Vintage | undefined = area.levelRef.dataZoneVintages[0]): Promise<AnalysedArea> {
  if (!vintage) return { ...area, vintage: 'dz2011', zones: [] };
  const zones = (await zonesOfAreas(app.db, [area.areaId], vintage)).get(area.areaId) ?? [];
  return { ...area, vintage, zones };
}

export async function requireIndicator(app: FastifyInstance, code: string): Promise<IndicatorRef> {
  const indicator = await findIndicator(app.db, code);
  if (!indicator) throw notFound(`No indicator "${code}" in this build. The catalogue is at /api/v1/indicators.`);
  return indicator;
}

/** How an indicator reaches a level (reach.ts), or a 404 saying why it does not. */
export function requireReach(app: FastifyInstance, level: BuildLevel, indicator: IndicatorRef): Reach {
  const reach = reachOf(level, indicator);
  if (!reach) throw notFound(unreachedMessage(level, indicator, app.levels));
  return reach;
}

/** The indicator's periods, and the one asked for (the latest when `label` is undefined). */
export async function requirePeriod(app: FastifyInstance, indicator: IndicatorRef, vintage: string, label: string | undefined, parameter = 'period'): Promise<{ period: PeriodRef; periods: PeriodRef[] }> {
  const periods = await indicatorPeriods(app.db, indicator.indicatorId, vintage);
  if (periods.length === 0) throw notFound(`${indicator.title} has no figures on ${vintage} data zones.`);
  const period = label === undefined ? periods.at(-1)! : periods.find((p) => p.label === label);
  if (!period) throw badRequest(`${indicator.code} has no period "${label}" (query parameter "${parameter}"). Periods: ${periods.map((p) => p.label).join(', ')}.`);
  return { period, periods };
}

export const areaJson = (area: AnalysedArea) => ({
  level: area.level, levelLabel: area.levelLabel, code: area.code, name: area.name, population: area.population, dataZones: area.zones.length,
});

export const indicatorJson = (i: IndicatorRef) => ({
  code: i.code, title: i.title, unit: i.unit, aggregation: i.aggregation, measureType: i.measureType, multiplier: i.multiplier, polarity: i.polarity, source: i.source, licence: i.licence,
});

export const periodJson = (p: PeriodRef) => ({ label: p.label, kind: p.kind, start: p.start, end: p.end });

/** A figure for a sentence: whole from 100, one decimal from 10, else two (no trailing zeros). */
export function formatNumber(x: number): string {
  const digits = Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 10 ? 1 : 2;
  return x.toLocaleString('en-GB', { maximumFractionDigits: digits });
}
