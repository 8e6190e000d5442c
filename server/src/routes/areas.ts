import type { FastifyInstance } from 'fastify';
import { badRequest, notFound } from '../httpErrors.ts';
import { getAreaProfile, searchAreas } from '../queries/areas.ts';
import { AreaParams, AreaProfile, AreaSearchQuery, AreaSearchReply } from '../schemas/areas.ts';
import { ErrorBody } from '../schemas/common.ts';
import type { BuildLevel } from '../queries/levels.ts';

const errors = { 400: ErrorBody, 404: ErrorBody, 500: ErrorBody };

/** Levels are data: which exist depends on the build, so they are checked here rather than in the schema. */
function requireLevel(levels: BuildLevel[], key: string): BuildLevel {
  const level = levels.find((l) => l.key === key);
  if (!level) throw badRequest(`Unknown level "${key}". Levels in this build: ${levels.map((l) => l.key).join(', ')}.`);
  return level;
}

export async function areaRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: AreaSearchQuery; Reply: AreaSearchReply }>('/areas', {
    schema: { summary: 'Find areas by name or code', querystring: AreaSearchQuery, response: { 200: AreaSearchReply, ...errors } },
  }, async (request) => {
    const { q = '', level, limit } = request.query;
    if (level !== undefined) requireLevel(app.levels, level);
    return searchAreas(app.db, { q: q.trim(), level: level ?? null, limit });
  });

  app.get<{ Params: AreaParams; Reply: AreaProfile }>('/areas/:level/:code', {
    schema: { summary: "One area: its population, parents, children and member data zones", params: AreaParams, response: { 200: AreaProfile, ...errors } },
  }, async (request) => {
    const level = requireLevel(app.levels, request.params.level);
    const area = await getAreaProfile(app.db, level.key, request.params.code);
    if (!area) {
      throw notFound(`No ${level.label} with code "${request.params.code}" in this build. Find codes with /api/v1/areas?level=${level.key}&q=<name>.`);
    }
    return area;
  });
}
