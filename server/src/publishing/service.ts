import { unwatchFile, watchFile } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import { inject as lightInject, type InjectOptions, type Response } from 'light-my-request';
import { buildApp, serverOptions, type AppOptions } from '../app.ts';
import type { Config, PublishingConfig } from '../config.ts';
import { registerErrorHandling } from '../plugins/errors.ts';
import { registerSecurity } from '../plugins/security.ts';
import type { PartnerUser } from '../schemas/publishing.ts';
import { Accounts } from './accounts.ts';
import { JobRunner } from './jobs.ts';
import { LiveRelease } from './liveRelease.ts';
import { Publisher } from './publisher.ts';
import { partnerRoutes } from './routes.ts';
import { SessionStore } from './sessions.ts';
import { Workspace } from './workspace.ts';

/**
 * The whole server behind one HTTP handler: /api/partner/* goes to the partner app (sign-in,
 * uploads, review, releases), everything else to the live release's public app, which a publish
 * or roll-back swaps without a restart. With publishing off, the live release is DATABASE and
 * never changes; a replica follows the primary's releases.json.
 */

export interface Service {
  handle(request: IncomingMessage, response: ServerResponse): void;
  /** The same handler through light-my-request, for tests: no port. */
  inject(options: InjectOptions | string): Promise<Response>;
  live: LiveRelease;
  partnerApp: FastifyInstance;
  publisher: Publisher | null;
  jobs: JobRunner | null;
  workspace: Workspace | null;
  close(): Promise<void>;
}

const isPartnerPath = (url: string | undefined) => url !== undefined && (url === '/api/partner' || url.startsWith('/api/partner/') || url.startsWith('/api/partner?'));

async function newPartnerApp(config: Config, live: () => string, options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify(serverOptions(config, options));
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('x-arealens-build', live());
    reply.header('cache-control', 'no-store');
  });
  await registerSecurity(app, config);
  // The sign-in route's own limit needs the plugin even when the public limits are off.
  if (!app.hasDecorator('createRateLimit')) await app.register(rateLimit, { global: false });
  const routes: string[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push(`${method} ${route.url}`);
  });
  registerErrorHandling(app, () => routes);
  return app;
}

function disabled(app: FastifyInstance, message: string): void {
  app.all('/api/partner', async (_request, reply) => reply.status(404).send({ error: 'Not Found', message }));
  app.all('/api/partner/*', async (_request, reply) => reply.status(404).send({ error: 'Not Found', message }));
}

export async function startService(config: Config, options: AppOptions = {}): Promise<Service> {
  const publishing = config.publishing;
  const workspace = publishing ? new Workspace(publishing.dir) : null;
  const open = (database: string) => buildApp({ ...config, database }, options);
  const live = new LiveRelease(await open(workspace ? workspace.releaseFile(workspace.current.buildId) : config.database), open);
  const partnerApp = await newPartnerApp(config, () => live.buildId, options);
  const log = (message: string, detail: object = {}) => partnerApp.log.warn(detail, message);

  let publisher: Publisher | null = null;
  let jobs: JobRunner | null = null;
  let stopWatching = () => {};
  if (!publishing || !workspace) {
    disabled(partnerApp, 'Partner publishing is not switched on on this server. An administrator turns it on with PUBLISH_DIR (see the README, "Partner publishing").');
  } else if (publishing.mode === 'replica') {
    disabled(partnerApp, 'This server is a read-only replica: partners publish on the primary server.');
    stopWatching = followReleases(workspace, live, log);
  } else {
    workspace.prepareForWriting();
    ({ publisher, jobs } = await primary(partnerApp, workspace, live, publishing, log));
  }
  await partnerApp.ready();
  await live.app.ready();

  const handle = (request: IncomingMessage, response: ServerResponse) => (isPartnerPath(request.url) ? partnerApp.routing(request, response) : live.handle(request, response));
  return {
    handle,
    inject: (injectOptions) => lightInject(handle, injectOptions),
    live,
    partnerApp,
    publisher,
    jobs,
    workspace,
    async close() {
      stopWatching();
      jobs?.stop();
      await partnerApp.close();
      await live.closeAll();
    },
  };
}

async function primary(app: FastifyInstance, workspace: Workspace, live: LiveRelease, publishing: PublishingConfig, log: (message: string, detail?: object) => void) {
  const accounts = new Accounts(workspace.path('users.json'), (error) => log('users.json could not be read; the accounts before it changed still apply', { err: error }));
  if (accounts.size === 0) log('partner publishing is on but there are no accounts: add one with `npm run users -- add <username> --role admin`');
  const jobs = new JobRunner(workspace.path('jobs'), publishing.buildTimeoutMs, log);
  const publisher = new Publisher({ workspace, jobs, goLive: (file) => live.swapTo(file), keepReleases: publishing.keepReleases, log });
  publisher.recover();
  const sessions = new SessionStore<PartnerUser>({ idleMs: publishing.sessionIdleMs, absoluteMs: publishing.sessionMaxMs });
  await app.register(partnerRoutes, { publisher, accounts, sessions, workspace, signInPerMinute: publishing.signInPerMinute, uploadMaxBytes: publishing.uploadMaxBytes });
  return { publisher, jobs };
}

/** A replica polls releases.json (every 2 s; fs.watch is unreliable on network file systems) and swaps when it changes. */
function followReleases(workspace: Workspace, live: LiveRelease, log: (message: string, detail?: object) => void): () => void {
  const file = workspace.path('releases.json');
  watchFile(file, { interval: 2000 }, () => {
    try {
      if (!workspace.reload()) return;
    } catch (error) {
      log('releases.json could not be read; still serving the release before', { err: error });
      return;
    }
    const buildId = workspace.current.buildId;
    live.swapTo(workspace.releaseFile(buildId)).then(
      () => log(`now serving release ${buildId}`),
      (error: unknown) => log(`release ${buildId} could not be opened; still serving ${live.buildId}`, { err: error }),
    );
  });
  return () => unwatchFile(file);
}
