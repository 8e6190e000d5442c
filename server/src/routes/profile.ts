import type { FastifyInstance } from 'fastify';
import { bigJsonReply } from '../httpCaching.ts';
import { badRequest, notFound } from '../httpErrors.ts';
import { memberCounts } from '../queries/groups.ts';
import { listThemes } from '../queries/indicators.ts';
import { areasWithin, findArea, parentOn, type AreaRef } from '../queries/profileAreas.ts';
import { listIndicatorRefs } from '../queries/rollup.ts';
import { buildProfile, type ProfileGroup, type ProfileItem } from '../rollup/profile.ts';
import { howBuilt, leftOutSentence, reachOf, type Vintage } from '../rollup/reach.ts';
import { summarise } from '../rollup/summary.ts';
import { AreaParams } from '../schemas/areas.ts';
import { buildRef, ErrorBody } from '../schemas/common.ts';
import { ProfileQuery, ProfileReply, type ProfileIndicator } from '../schemas/profile.ts';

const errors = { 400: ErrorBody, 404: ErrorBody, 500: ErrorBody };

/** Levels above which siblings are all areas of the level, not those in the same council. */
const COUNCIL_OR_ABOVE = new Set(['council', 'health_board', 'hscp', 'scotland']);

export function profileItemJson(item: ProfileItem, among: string): ProfileIndicator {
  const i = item.indicator;
  return {
    code: i.code, title: i.title, theme: i.themeKey, topic: i.topic, unit: i.unit, polarity: i.polarity, aggregation: i.aggregation, source: i.source,
    latest: item.latest, trend: item.trend, comparators: item.comparators, rank: item.rank && { ...item.rank, among },
  };
}

/** How many data zones of each set every published area holds, for the sets their levels are made of. */
export async function publishedGroupSizes(app: FastifyInstance, areas: readonly Pick<AreaRef, 'areaId' | 'level'>[]): Promise<Map<Vintage, Map<number, number>>> {
  const sets = [...new Set(areas.flatMap((a) => levelOf(app, a.level)?.dataZoneVintages ?? []))];
  const ids = areas.map((a) => a.areaId);
  return new Map(await Promise.all(sets.map(async (v) => [v, await memberCounts(app.db, ids, v)] as const)));
}

const levelOf = (app: FastifyInstance, key: string) => app.levels.find((l) => l.key === key);

/** A published area as a profile group: summed by its area id over whichever set of its data zones each indicator reaches it through. */
export function publishedGroup(app: FastifyInstance, a: Pick<AreaRef, 'areaId' | 'level' | 'code' | 'name'>, sizes: ReadonlyMap<Vintage, ReadonlyMap<number, number>>): ProfileGroup {
  const vintages = levelOf(app, a.level)?.dataZoneVintages ?? [];
  const members = new Map(vintages.map((v) => [v, sizes.get(v)?.get(a.areaId) ?? 0]));
  return { groupId: a.areaId, areaId: a.areaId, dzIds: [], vintages, members, level: a.level, code: a.code, name: a.name };
}

/** The data zones an area is made of, as a profile states it: of the first set its level is made of (2011 where it is made of both). */
export const dataZonesOf = (group: ProfileGroup) => (group.vintages[0] ? group.members?.get(group.vintages[0]) ?? 0 : 0);

export async function profileRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: AreaParams; Querystring: ProfileQuery; Reply: ProfileReply }>('/areas/:level/:code/profile', {
    ...bigJsonReply,
    schema: {
      summary: "An area's profile: every indicator's latest value and trend, against its council and Scotland, with its rank among its siblings",
      params: AreaParams, querystring: ProfileQuery, response: { 200: ProfileReply, ...errors },
    },
  }, async (request) => {
    const level = app.levels.find((l) => l.key === request.params.level);
    if (!level) throw badRequest(`Unknown level "${request.params.level}". Levels in this build: ${app.levels.map((l) => l.key).join(', ')}.`);
    const theme = request.query.theme ?? null;
    if (theme !== null) {
      const themes = await listThemes(app.db);
      if (!themes.some((t) => t.key === theme)) throw badRequest(`Unknown theme "${theme}". Themes: ${themes.map((t) => t.key).join(', ')}.`);
    }
    const area = await findArea(app.db, level.key, request.params.code);
    if (!area) throw notFound(`No ${level.label} with code "${request.params.code}" in this build. Find codes with /api/v1/areas?level=${level.key}&q=<name>.`);

    const council = level.key === 'council' ? null : await parentOn(app.db, area.areaId, 'council');
    const scotland = level.key === 'scotland' ? null : await parentOn(app.db, area.areaId, 'scotland');
    const siblingsOf = COUNCIL_OR_ABOVE.has(level.key) || !council ? null : { level: 'council', areaId: council.areaId };
    const siblings = await areasWithin(app.db, level.key, siblingsOf);
    const comparatorAreas = [council, scotland].filter((a): a is AreaRef => a !== null);
    const sizes = await publishedGroupSizes(app, [area, ...comparatorAreas, ...siblings]);
    const group = (a: AreaRef): ProfileGroup => publishedGroup(app, a, sizes);

    const indicators = await listIndicatorRefs(app.db, theme);
    const items = await buildProfile(app.db, {
      subject: group(area),
      subjectIsDataZone: level.membership === 'base',
      comparators: comparatorAreas.map(group),
      siblings: siblings.map(group),
      siblingKey: `${level.key} in ${siblingsOf ? siblingsOf.areaId : 'all'}`,
      indicators,
    });
    const among = siblingsOf ? `${level.plural.toLowerCase()} in ${council!.name}` : `${level.plural.toLowerCase()}`;
    const summary = summarise(area.name, items);
    const unreached = indicators.filter((i) => !reachOf(level, i));
    if (unreached.length > 0) summary.push(leftOutSentence(unreached, howBuilt(level)));
    return {
      build: buildRef(app.build),
      area: { level: area.level, levelLabel: area.levelLabel, code: area.code, name: area.name, population: area.population, dataZones: dataZonesOf(group(area)) },
      theme,
      summary,
      indicators: items.map((item) => profileItemJson(item, among)),
    };
  });
}
