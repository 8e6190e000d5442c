import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig, REPO_ROOT } from './config.ts';
import { DatabaseMissingError } from './db.ts';
import { BuildContractError } from './queries/build.ts';

/** Starts the server: reads config, builds the app, listens, and closes cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  // Values already in the environment win over the file.
  const envFile = join(REPO_ROOT, '.env');
  if (existsSync(envFile)) process.loadEnvFile(envFile);

  const config = loadConfig(process.env);
  const app = await buildApp(config);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      app.log.info({ signal }, 'shutting down');
      app.close().then(
        () => process.exit(0),
        (error: unknown) => {
          app.log.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
  await app.listen({ port: config.port, host: config.host });
}

main().catch((error: unknown) => {
  const expected = error instanceof ConfigError || error instanceof DatabaseMissingError || error instanceof BuildContractError;
  console.error(`AreaLens server did not start: ${expected ? (error as Error).message : String((error as Error)?.stack ?? error)}`);
  process.exit(1);
});
