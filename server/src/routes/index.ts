import type { FastifyInstance } from 'fastify';
import { areaAnalysisRoutes } from './areaAnalysis.ts';
import { areaRoutes } from './areas.ts';
import { buildRoutes } from './build.ts';
import { customAreaRoutes } from './customAreas.ts';
import { healthRoutes } from './health.ts';
import { indicatorRoutes } from './indicators.ts';
import { levelRoutes } from './levels.ts';
import { locateRoutes } from './locate.ts';
import { valueRoutes } from './values.ts';
import { profileRoutes } from './profile.ts';
import { spendRoutes } from './spend.ts';
import { targetRoutes } from './targets.ts';
import { tableRoutes } from './tables.ts';

/** Everything under /api/v1. The web app is this API's first client. */
export async function apiV1(app: FastifyInstance): Promise<void> {
  await app.register(buildRoutes);
  await app.register(levelRoutes);
  await app.register(areaRoutes);
  await app.register(indicatorRoutes);
  await app.register(healthRoutes);
  await app.register(valueRoutes);
  await app.register(locateRoutes);
  await app.register(profileRoutes);
  await app.register(customAreaRoutes);
  await app.register(spendRoutes);
  await app.register(targetRoutes);
  await app.register(tableRoutes);
  await app.register(areaAnalysisRoutes);
}
