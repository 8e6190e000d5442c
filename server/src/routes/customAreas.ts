import { indicatorSummary, periodSummary } from '../rollup/describe.ts';
import { bigJsonReply } from '../httpCaching.ts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { RecentAreas } from '../customAreas/recentAreas.ts';
import { checkDifferencing, protect, protectSignificance } from '../customAreas/protection.ts';
import { CustomAreaError, resolveArea, type AreaDefinition } from '../customAreas/resolve.ts';
import { loadCustomAreaSettings, type CustomAreaSettings } from '../customAreas/settings.ts';
import { badRequest, notFound } from '../httpErrors.ts';
import { mainCouncil, scotlandArea, type MemberZone, type PublishedArea } from '../queries/customAreas.ts';
import { sumsForGroups } from '../queries/groups.ts';
import { listThemes } from '../queries/indicators.ts';
import { findIndicator, indicatorPeriods, listIndicatorRefs } from '../queries/rollup.ts';
import { compare, isComparable, rollUpValue, type AreaSums } from '../rollup/aggregate.ts';
import { buildProfile, type ProfileGroup, type ProfileItem } from '../rollup/profile.ts';
import { CUSTOM_AREA_VINTAGE, leftOutSentence, NOT_LINKED, setName, vintageFor } from '../rollup/reach.ts';
import { summarise } from '../rollup/summary.ts';
import { sumsOfPublishedAreas } from '../rollup/sumsCache.ts';
import { buildRef, ErrorBody } from '../schemas/common.ts';
import {
  CustomProfileBody, CustomProfileReply, CustomValuesQuery, CustomValuesReply, TooSmallBody, CustomAreaDefinition,
  type CustomAreaSummary, type TooSmallBody as TooSmall,
} from '../schemas/customAreas.ts';
import { profileItemJson, publishedGroup, publishedGroupSizes } from './profile.ts';

/** Bodies larger than this are refused before they are read: 2,000 codes take about 30 kB, 10,000 vertices about 400 kB. */
export const BODY_LIMIT = 1_048_576;

const errors = { 400: ErrorBody, 404: ErrorBody, 413: ErrorBody, 422: TooSmallBody, 500: ErrorBody };

/** The custom area is group -1: published areas' ids are never negative. */
const CUSTOM_GROUP = -1;

const NO_SUMS = (members: number): AreaSums => ({ members, observed: 0, withheld: 0, missing: 0, numerator: null, denominator: null, coveredDenominator: null, value: null });

const zones = (n: number) => (n === 1 ? '1 data zone' : `${n} data zones`);

/** A custom area's members and where they came from, as every answer (the 422 too) gives them. */
interface Area {
  name: string;
  members: MemberZone[];
  summary: CustomAreaSummary;
  council: PublishedArea | null;
}

export async function customAreaRoutes(app: FastifyInstance, options: { settings?: CustomAreaSettings } = {}): Promise<void> {
  const settings = options.settings ?? loadCustomAreaSettings();
  const recent = new RecentAreas();

  const refuseLargeBodies = async (request: { headers: Record<string, unknown> }) => {
    const length = Number(request.headers['content-length']);
    if (length > BODY_LIMIT) {
      throw new CustomAreaError(413, `The request body is ${(length / 1_048_576).toFixed(1)} MB; custom areas accept at most 1 MB. Send at most 2,000 codes or postcodes, or a polygon simplified to at most 10,000 vertices.`);
    }
  };

  /** Resolves the area; answers 422 itself (with the members) when it is too small, and returns null. */
  async function customArea(body: CustomAreaDefinition, reply: FastifyReply): Promise<Area | null> {
    const { members, resolution } = await resolveArea(app.db, body as AreaDefinition);
    const dzIds = members.map((m) => m.dzId);
    const council = await mainCouncil(app.db, dzIds);
    const populations = members.map((m) => m.population).filter((p): p is number => p !== null);
    const years = members.map((m) => m.populationYear).filter((y): y is number => y !== null);
    const name = body.name ?? 'Custom area';
    const summary: CustomAreaSummary = {
      name,
      dataZones: members.length,
      population: populations.length > 0 ? populations.reduce((a, b) => a + b, 0) : null,
      populationYear: years.length > 0 ? Math.max(...years) : null,
      members: members.map(({ code, name: zoneName, population }) => ({ code, name: zoneName, population })),
      resolution,
      council: council && { level: council.level, levelLabel: council.levelLabel, code: council.code, name: council.name, share: council.share },
    };
    if (members.length < settings.minDataZones) {
      const hint = resolution.input === 'polygon' ? ' Draw a larger area.' : ' Add more data zones or postcodes.';
      const answer: TooSmall = {
        error: 'Unprocessable Entity',
        message: `This area holds ${zones(members.length)}; custom areas need at least ${settings.minDataZones} so that no one's figures can be singled out.${hint}`,
        area: summary,
      };
      await reply.status(422).send(answer);
      return null;
    }
    return { name, members, summary, council };
  }

  /** The main council and Scotland, as published areas: their sums come from the remembered sums, not summed again per request. */
  async function comparatorGroups(council: PublishedArea | null): Promise<ProfileGroup[]> {
    const scotland = await scotlandArea(app.db);
    const areas = [council, scotland].filter((a): a is PublishedArea => a !== null);
    const sizes = await publishedGroupSizes(app, areas);
    return areas.map((a) => publishedGroup(app, a, sizes));
  }

  const subjectOf = (area: Area): ProfileGroup => ({ groupId: CUSTOM_GROUP, dzIds: area.members.map((m) => m.dzId), vintages: [CUSTOM_AREA_VINTAGE], level: 'custom', code: 'custom', name: area.name });

  app.post<{ Body: CustomProfileBody; Reply: CustomProfileReply | TooSmall }>('/custom-areas/profile', {
    ...bigJsonReply,
    bodyLimit: BODY_LIMIT,
    onRequest: refuseLargeBodies,
    schema: {
      summary: 'The profile of an area a user defines by data zones, postcodes or a polygon: every indicator against its main council and Scotland',
      body: CustomProfileBody, response: { 200: CustomProfileReply, ...errors },
    },
  }, async (request, reply) => {
    const theme = request.body.theme ?? null;
    if (theme !== null) {
      const themes = await listThemes(app.db);
      if (!themes.some((t) => t.key === theme)) throw badRequest(`Unknown theme "${theme}". Themes: ${themes.map((t) => t.key).join(', ')}.`);
    }
    const area = await customArea(request.body, reply);
    if (!area) return reply;
    // Independent questions, asked at once on the pool's connections.
    const [disclosure, comparators, indicators] = await Promise.all([
      checkDifferencing(app.db, recent, area.members.map((m) => m.dzId), settings),
      comparatorGroups(area.council),
      listIndicatorRefs(app.db, theme),
    ]);

    const items = await buildProfile(app.db, { subject: subjectOf(area), subjectIsDataZone: false, comparators, siblings: [], indicators });
    const unreached = indicators.filter((i) => !vintageFor(i, [CUSTOM_AREA_VINTAGE]));
    const shown = items.map((item) => {
      const latest = item.latest && protect(item.latest, item.indicator, disclosure);
      return {
        item,
        latest,
        trend: item.trend.map((t) => protect(t, item.indicator, disclosure)),
        comparators: item.comparators.map((c) => ({ ...c, significance: latest ? protectSignificance(c.significance, latest) : c.significance })),
      };
    });
    // summarise reads values and significance, never the suppression reason, so the one extra
    // reason ('differencing') is safe to hand it.
    const forSummary = shown.map(({ item, latest, trend, comparators }) => ({ ...item, latest, trend, comparators })) as unknown as ProfileItem[];
    return {
      build: buildRef(app.build),
      area: area.summary,
      theme,
      disclosure,
      summary: [...summarise(area.name, forSummary), ...(unreached.length > 0 ? [leftOutSentence(unreached, `custom areas are made of ${setName(CUSTOM_AREA_VINTAGE)}`)] : [])],
      indicators: shown.map(({ item, latest, trend, comparators }) => ({ ...profileItemJson(item, ''), latest, trend, comparators, rank: null })),
    };
  });

  app.post<{ Querystring: CustomValuesQuery; Body: CustomAreaDefinition; Reply: CustomValuesReply | TooSmall }>('/custom-areas/values', {
    bodyLimit: BODY_LIMIT,
    onRequest: refuseLargeBodies,
    schema: {
      summary: "One indicator's figure for an area a user defines, with its main council and Scotland",
      querystring: CustomValuesQuery, body: CustomAreaDefinition, response: { 200: CustomValuesReply, ...errors },
    },
  }, async (request, reply) => {
    const indicator = await findIndicator(app.db, request.query.indicator);
    if (!indicator) throw notFound(`No indicator "${request.query.indicator}" in this build. The catalogue is at /api/v1/indicators.`);
    if (vintageFor(indicator, [CUSTOM_AREA_VINTAGE]) !== CUSTOM_AREA_VINTAGE) {
      throw notFound(`${indicator.title} (${indicator.code}) is published on ${setName(indicator.vintage)}, and custom areas are made of ${setName(CUSTOM_AREA_VINTAGE)}. ${NOT_LINKED}`);
    }
    const periods = await indicatorPeriods(app.db, indicator.indicatorId, CUSTOM_AREA_VINTAGE);
    if (periods.length === 0) throw notFound(`${indicator.title} has no figures on ${setName(CUSTOM_AREA_VINTAGE)}, so none for custom areas.`);
    const wanted = request.query.period;
    const period = wanted === undefined ? periods.at(-1)! : periods.find((p) => p.label === wanted);
    if (!period) throw badRequest(`${indicator.code} has no period "${wanted}". Periods: ${periods.map((p) => p.label).join(', ')}.`);

    const area = await customArea(request.body, reply);
    if (!area) return reply;
    const [disclosure, comparators] = await Promise.all([
      checkDifferencing(app.db, recent, area.members.map((m) => m.dzId), settings),
      comparatorGroups(area.council),
    ]);
    const subject = subjectOf(area);
    const [subjectSums, comparatorSums] = await Promise.all([
      sumsForGroups(app.db, CUSTOM_AREA_VINTAGE, [subject], [indicator.indicatorId], new Map([[indicator.indicatorId, period.periodId]])),
      sumsOfPublishedAreas(app.db, comparators.map((c) => c.areaId!), CUSTOM_AREA_VINTAGE),
    ]);
    const sums = [...subjectSums, ...comparatorSums.filter((s) => s.indicatorId === indicator.indicatorId && s.periodId === period.periodId)];
    const valueOf = (group: ProfileGroup) =>
      rollUpValue(indicator, sums.find((s) => s.groupId === group.groupId) ?? NO_SUMS(group.members?.get(CUSTOM_AREA_VINTAGE) ?? group.dzIds.length), { nativeLevel: false });
    const raw = valueOf(subject);
    const value = protect(raw, indicator, disclosure);
    const comparable = isComparable(indicator);
    return {
      build: buildRef(app.build),
      indicator: indicatorSummary(indicator),
      period: periodSummary(period),
      periods: periods.map((p) => p.label),
      area: area.summary,
      disclosure,
      value,
      comparators: comparators.map((group) => {
        const comparator = valueOf(group);
        const significance = comparable && !comparator.suppressed && !value.suppressed ? compare(raw, comparator.value, indicator.polarity) : 'not_tested';
        return { level: group.level, code: group.code, name: group.name, significance: protectSignificance(significance, value), ...comparator };
      }),
    };
  });
}
