import type { FastifyInstance } from 'fastify';
import { changeRoutes } from './change.ts';
import { dispersionRoutes } from './dispersion.ts';
import { inequalityRoutes } from './inequality.ts';
import { similarRoutes } from './similar.ts';
import { triageRoutes } from './triage.ts';

/** Questions about one area beyond its profile: inequality within it, areas like it, what is worsening. */
export async function areaAnalysisRoutes(app: FastifyInstance): Promise<void> {
  await app.register(inequalityRoutes);
  await app.register(dispersionRoutes);
  await app.register(similarRoutes);
  await app.register(triageRoutes);
  await app.register(changeRoutes);
}
