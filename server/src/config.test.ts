import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS, ConfigError, loadConfig, REPO_ROOT } from './config.ts';

describe('loadConfig', () => {
  it('fills every key with its default, resolving paths from the repository root', () => {
    const webDist = join(REPO_ROOT, 'web/dist');
    expect(loadConfig({})).toEqual({
      database: join(REPO_ROOT, 'data/build/scotland.duckdb'),
      port: 8080,
      host: '0.0.0.0',
      logLevel: 'info',
      webDist: existsSync(webDist) ? webDist : null, // the default folder is optional
      rateLimitPerMinute: 600,
      expensiveRateLimitPerMinute: 60,
      trustProxy: false,
      embedAncestors: '*',
      publishing: null,
    });
  });

  it('reads given values, treating empty ones as absent', () => {
    const dist = mkdtempSync(join(tmpdir(), 'arealens-web-'));
    expect(loadConfig({ DATABASE: 'data/build/arealens.duckdb', PORT: '3000', HOST: '127.0.0.1', LOG_LEVEL: 'debug', WEB_DIST: dist })).toEqual({
      database: join(REPO_ROOT, 'data/build/arealens.duckdb'), port: 3000, host: '127.0.0.1', logLevel: 'debug', webDist: dist,
      rateLimitPerMinute: 600, expensiveRateLimitPerMinute: 60, trustProxy: false, embedAncestors: '*', publishing: null,
    });
    expect(loadConfig({ DATABASE: '/srv/arealens.duckdb', PORT: '', HOST: ' ' })).toMatchObject({ database: '/srv/arealens.duckdb', port: 8080, host: '0.0.0.0' });
  });

  it.each(['http', '70000', '-1', '80.5', '8080x'])('stops on PORT=%s with a message naming PORT', (port) => {
    expect(() => loadConfig({ PORT: port })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: port })).toThrow(`PORT must be a whole number from 0 to 65535; got "${port}". See .env.example.`);
  });

  it('stops on an unknown LOG_LEVEL, listing the levels', () => {
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow('LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; got "loud".');
  });

  it('stops when a WEB_DIST someone named is not a folder', () => {
    expect(() => loadConfig({ WEB_DIST: '/no/such/web/dist' })).toThrow('WEB_DIST must be a folder holding the built web app; /no/such/web/dist is not a folder.');
  });

  it('switches partner publishing on with PUBLISH_DIR, with its limits', () => {
    expect(loadConfig({ PUBLISH_DIR: 'data/publishing', SESSION_IDLE_MINUTES: '15', UPLOAD_MAX_MB: '20' }).publishing).toEqual({
      dir: join(REPO_ROOT, 'data/publishing'), mode: 'primary', sessionIdleMs: 900_000, sessionMaxMs: 8 * 3_600_000, signInPerMinute: 10,
      uploadMaxBytes: 20 * 1024 * 1024, keepReleases: 5, buildTimeoutMs: 30 * 60_000,
    });
    expect(() => loadConfig({ PUBLISH_DIR: 'x', PUBLISH_MODE: 'leader' })).toThrow('PUBLISH_MODE must be primary (takes uploads');
    expect(() => loadConfig({ PUBLISH_DIR: 'x', KEEP_RELEASES: '1' })).toThrow('KEEP_RELEASES must be a whole number from 2');
  });

  it('is documented in .env.example: every key, with a comment, and the values there load', () => {
    const lines = readFileSync(join(REPO_ROOT, '.env.example'), 'utf8').split('\n');
    for (const key of CONFIG_KEYS) {
      const at = lines.findIndex((line) => new RegExp(`^(# )?${key}=`).test(line));
      expect(at, key).toBeGreaterThan(0);
      expect(lines[at - 1], `the line above ${key}`).toMatch(/^#/);
    }
    const set = Object.fromEntries(lines.filter((line) => /^[A-Z_]+=/.test(line)).map((line) => line.split('=', 2) as [string, string]));
    expect(() => loadConfig(set)).not.toThrow();
  });
});
