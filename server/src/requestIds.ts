import { randomBytes } from 'node:crypto';

/**
 * Request ids unique across the whole process: the partner app and every release's public app
 * (a swap starts a new one) each count from 1 with Fastify's default, so "req-1" would name
 * several requests in one log. A random prefix per process keeps replicas' ids apart too.
 */
const prefix = randomBytes(3).toString('hex');
let next = 0;

export const nextRequestId = (): string => `${prefix}-${(++next).toString(36)}`;
