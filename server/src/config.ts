import { existsSync, statSync } from 'node:fs';
import { isIP } from 'node:net';
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
  DATABASE: Type.String({ minLength: 1, default: 'data/build/scotland.duckdb', description: 'a path to a database built by the ETL (npm start builds data/build/scotland.duckdb from data/scotland)' }),
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8080, description: 'a whole number from 0 to 65535' }),
  HOST: Type.String({ minLength: 1, default: '0.0.0.0', description: 'an interface address such as 0.0.0.0 or 127.0.0.1' }),
  LOG_LEVEL: Type.Union(LOG_LEVELS.map((level) => Type.Literal(level)), { default: 'info', description: `one of ${LOG_LEVELS.join(', ')}` }),
  WEB_DIST: Type.String({ minLength: 1, default: 'web/dist', description: 'a folder holding the built web app' }),
  RATE_LIMIT_PER_MINUTE: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 600, description: 'a whole number of requests a minute one address may make (0 turns the limit off)' }),
  RATE_LIMIT_EXPENSIVE_PER_MINUTE: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 60, description: 'a whole number of table and custom-area requests a minute one address may make (0 turns the limit off)' }),
  TRUST_PROXY: Type.String({ minLength: 1, default: 'false', description: 'false, true, a number of proxy hops, or a comma-separated list of proxy addresses (CIDR ranges allowed)' }),
  EMBED_ANCESTORS: Type.String({
    minLength: 1, maxLength: 1000, default: '*',
    // Sources only: no ";" or "," that would start another directive or header value.
    pattern: "^('none'|('self'|[^\\s;,'\"]+)( +('self'|[^\\s;,'\"]+))*)$",
    description: "the sites that may frame /embed pages, as a CSP source list: * (any), 'none', 'self' or origins such as https://www.fife.gov.uk",
  }),
  PUBLISH_DIR: Type.String({ default: '', description: 'empty (partner publishing off), or a publishing workspace folder made by `npm run publishing -- init`' }),
  PUBLISH_MODE: Type.Union([Type.Literal('primary'), Type.Literal('replica')], { default: 'primary', description: 'primary (takes uploads and builds releases) or replica (serves the workspace\'s live release read-only and follows it)' }),
  SESSION_IDLE_MINUTES: Type.Integer({ minimum: 1, maximum: 1440, default: 30, description: 'a whole number of minutes from 1 to 1440 after which an unused partner session ends' }),
  SESSION_MAX_HOURS: Type.Integer({ minimum: 1, maximum: 168, default: 8, description: 'a whole number of hours from 1 to 168 after which any partner session ends' }),
  SIGN_IN_PER_MINUTE: Type.Integer({ minimum: 1, maximum: 1000, default: 10, description: 'a whole number of sign-in attempts a minute one address may make' }),
  UPLOAD_MAX_MB: Type.Integer({ minimum: 1, maximum: 2000, default: 100, description: 'a whole number of megabytes: the largest file a partner may upload' }),
  KEEP_RELEASES: Type.Integer({ minimum: 2, maximum: 1000, default: 5, description: 'a whole number from 2: release databases kept on disk for roll-back' }),
  BUILD_TIMEOUT_MINUTES: Type.Integer({ minimum: 1, maximum: 1440, default: 30, description: 'a whole number of minutes after which a check or build is stopped' }),
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
  /** Requests a minute one client address may make to any route; 0 for no limit. */
  rateLimitPerMinute: number;
  /** Requests a minute one client address may make to the tables and custom-area routes together; 0 for no limit. */
  expensiveRateLimitPerMinute: number;
  /** Fastify's trustProxy: whether, and from which proxies, to believe X-Forwarded-For and X-Forwarded-Proto. */
  trustProxy: boolean | number | string;
  /** CSP frame-ancestors sources for /embed pages; every other page may not be framed. */
  embedAncestors: string;
  /** Partner publishing, or null when it is off (the server serves DATABASE). */
  publishing: PublishingConfig | null;
}

export interface PublishingConfig {
  /** Absolute path of the workspace; its live release is served instead of DATABASE. */
  dir: string;
  mode: 'primary' | 'replica';
  sessionIdleMs: number;
  sessionMaxMs: number;
  signInPerMinute: number;
  uploadMaxBytes: number;
  keepReleases: number;
  buildTimeoutMs: number;
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
    rateLimitPerMinute: environment.RATE_LIMIT_PER_MINUTE,
    expensiveRateLimitPerMinute: environment.RATE_LIMIT_EXPENSIVE_PER_MINUTE,
    trustProxy: trustProxy(environment.TRUST_PROXY),
    embedAncestors: environment.EMBED_ANCESTORS,
    publishing: environment.PUBLISH_DIR === '' ? null : {
      dir: fromRoot(environment.PUBLISH_DIR),
      mode: environment.PUBLISH_MODE,
      sessionIdleMs: environment.SESSION_IDLE_MINUTES * 60_000,
      sessionMaxMs: environment.SESSION_MAX_HOURS * 3_600_000,
      signInPerMinute: environment.SIGN_IN_PER_MINUTE,
      uploadMaxBytes: environment.UPLOAD_MAX_MB * 1024 * 1024,
      keepReleases: environment.KEEP_RELEASES,
      buildTimeoutMs: environment.BUILD_TIMEOUT_MINUTES * 60_000,
    },
  };
}

/** TRUST_PROXY as Fastify takes it; a bad address stops the server here rather than deep inside proxy-addr. */
function trustProxy(given: string): boolean | number | string {
  if (given === 'true' || given === 'false') return given === 'true';
  if (/^\d{1,2}$/.test(given)) return Number(given);
  const addresses = given.split(',').map((entry) => entry.trim());
  const valid = addresses.every((entry) => {
    const [address = '', bits, extra] = entry.split('/');
    const family = isIP(address);
    return family !== 0 && extra === undefined && (bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128)));
  });
  if (!valid) throw new ConfigError(`TRUST_PROXY must be ${Environment.properties.TRUST_PROXY.description}; got ${JSON.stringify(given)}. See .env.example.`);
  return addresses.join(',');
}
