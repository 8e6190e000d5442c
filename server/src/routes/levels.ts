import type { FastifyInstance } from 'fastify';
import { buildRef, ErrorBody } from '../schemas/common.ts';
import { LevelsReply } from '../schemas/levels.ts';

export async function levelRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Reply: LevelsReply }>('/levels', {
    schema: { summary: 'Geography levels in this build, smallest first', response: { 200: LevelsReply, 500: ErrorBody } },
  }, async () => ({ build: buildRef(app.build), levels: app.levels }));
}
