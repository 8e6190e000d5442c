import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

/**
 * Relative paths are resolved from the repository root, not the working directory: `npm start`
 * runs from the root but `npm run -w server …` runs from server/, and both should find the same file.
 */
export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The environment the server reads. Each description says what a good value is; .env.example repeats them. */
const Environment = Type.Object({
  DATABASE: Type.String({ minLength: 1, default: 'data/build/demo.duckdb', description: 'a path to a database built by the ETL' }),
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8080, description: 'a whole number from 0 to 65535' }),
  HOST: Type.String({ minLength: 1, default: '0.0.0.0', description: 'an interface address such as 0.0.0.0 or 127.0.0.1' }),
  LOG_LEVEL: Type.Union(LOG_LEVELS.map((level) => Type.Literal(level)), { default: 'info', description: `one of ${LOG_LEVELS.join(', ')}` }),
  WEB_DIST: Type.String({ minLength: 1, default: 'web/dist', description: 'a folder holding the built web app' }),
});
type Environment = Static<typeof Environment>;
/** Every key the server reads, in .env.example order. */
export const CONFIG_KEYS = Object.keys(Environment.properties) as (keyof Environment)[];

export interface Config {
  /** Absolute path of the DuckDB file, opened read-only. */
  database: string;
  port: number;
  host: string;
  logLevel: LogLevel;
  /** Absolute path of the built web app, or null to serve the built-in page. */
  webDist: string | null;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const fromRoot = (path: string) => (isAbsolute(path) ? path : resolve(REPO_ROOT, path));

/** Reads and checks the configuration once, at boot. Throws ConfigError naming the first bad key. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty values (`PORT=` in a .env file) mean "use the default", as if the key were absent.
  const given = Object.fromEntries(CONFIG_KEYS.filter((key) => env[key] !== undefined && env[key]!.trim() !== '').map((key) => [key, env[key]!.trim()]));
  const values = Value.Convert(Environment, Value.Default(Environment, { ...given })) as Record<string, unknown>;
  const invalid = Value.Errors(Environment, values).First()?.path.split('/')[1];
  // Conversion must be lossless too: TypeBox would quietly turn PORT=80.5 into 80.
  const lossy = CONFIG_KEYS.find((k) => given[k] !== undefined && String(values[k]) !== given[k]);
  const key = (invalid ?? lossy) as keyof Environment | undefined;
  if (key) {
    throw new ConfigError(`${key} must be ${Environment.properties[key].description}; got ${JSON.stringify(given[key] ?? '')}. See .env.example.`);
  }
  const environment = values as Environment;

  const webDist = fromRoot(environment.WEB_DIST);
  const webDistPresent = existsSync(webDist) && statSync(webDist).isDirectory();
  // The default folder is optional (the web app may not be built yet); a folder someone named must exist.
  if (!webDistPresent && given.WEB_DIST !== undefined) {
    throw new ConfigError(`WEB_DIST must be ${Environment.properties.WEB_DIST.description}; ${webDist} is not a folder. Build the web app or unset WEB_DIST.`);
  }
  return {
    database: fromRoot(environment.DATABASE),
    port: environment.PORT,
    host: environment.HOST,
    logLevel: environment.LOG_LEVEL,
    webDist: webDistPresent ? webDist : null,
  };
}
