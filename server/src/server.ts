import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { ConfigError, loadConfig, REPO_ROOT } from './config.ts';
import { DatabaseMissingError } from './db.ts';
import { AccountsError } from './publishing/accounts.ts';
import { startService } from './publishing/service.ts';
import { WorkspaceError } from './publishing/workspace.ts';
import { BuildContractError } from './queries/build.ts';

/**
 * Starts the server: reads config, builds the service, listens, and closes cleanly on SIGINT/SIGTERM.
 * The HTTP server is ours rather than Fastify's because the app answering a request can change
 * while it runs (a partner publishes a release): see publishing/liveRelease.ts.
 */
async function main(): Promise<void> {
  // Values already in the environment win over the file.
  const envFile = join(REPO_ROOT, '.env');
  if (existsSync(envFile)) process.loadEnvFile(envFile);

  const config = loadConfig(process.env);
  const service = await startService(config);
  const log = service.partnerApp.log;
  // Fastify's own defaults for a server it creates: keep-alive a little longer than common proxies'.
  const server = createServer({ keepAliveTimeout: 72_000, requestTimeout: 0 }, service.handle);
  server.on('clientError', (error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    log.debug({ err: error }, 'client error');
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log.info({ signal }, 'shutting down');
      server.close();
      server.closeIdleConnections();
      service.close().then(
        () => process.exit(0),
        (error: unknown) => {
          log.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  const address = server.address();
  const where = typeof address === 'object' && address ? `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}` : String(address);
  log.info(`Server listening at ${where}; serving build ${service.live.buildId}${config.publishing ? ` from the publishing workspace ${config.publishing.dir} (${config.publishing.mode})` : ''}`);
}

main().catch((error: unknown) => {
  const expected = error instanceof ConfigError || error instanceof DatabaseMissingError || error instanceof BuildContractError || error instanceof WorkspaceError || error instanceof AccountsError;
  console.error(`AreaLens server did not start: ${expected ? (error as Error).message : String((error as Error)?.stack ?? error)}`);
  process.exit(1);
});
