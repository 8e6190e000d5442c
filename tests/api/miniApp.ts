import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildDatabase } from '../../etl/src/build.ts';
import { fixtureCopy, MINI_FIXTURE, scratchFile } from '../../etl/src/testing.ts';
import { buildApp, type AppOptions } from '../../server/src/app.ts';
import { loadConfig, type Config } from '../../server/src/config.ts';

/** Builds the mini fixture (8 data zones) into a scratch database file, the way the ETL always does. */
export async function buildMiniDatabase(): Promise<{ file: string; buildId: string }> {
  const { dir, manifest } = fixtureCopy();
  const file = scratchFile('mini.duckdb');
  const { buildId } = await buildDatabase({ manifest, baseDir: dir, out: file });
  return { file, buildId };
}

/** The app over a database file, quiet, serving the built-in page unless told otherwise. */
export function appFor(file: string, overrides: Partial<Config> = {}, options: AppOptions = {}): Promise<FastifyInstance> {
  return buildApp({ ...loadConfig({ DATABASE: file, LOG_LEVEL: 'silent' }), webDist: null, ...overrides }, options);
}

/** Rows of a fixture CSV (these files quote no commas), keyed by header, quotes removed. */
export function fixtureRows(file: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(join(MINI_FIXTURE, file), 'utf8').trim().split(/\r?\n/);
  const header = head!.split(',').map((cell) => cell.replaceAll('"', ''));
  return lines.map((line) => {
    const cells = line.split(',').map((cell) => cell.replaceAll('"', ''));
    return Object.fromEntries(header.map((name, i) => [name, cells[i] ?? '']));
  });
}

/** A data zone's total population as the fixture's population file gives it. */
export function fixturePopulation(dataZones: string[]): number {
  const totals = new Map(fixtureRows('population_2020.csv').filter((r) => r.sex === 'All').map((r) => [r.dz11_code!, Number(r.total_population)]));
  return dataZones.reduce((sum, dz) => sum + totals.get(dz)!, 0);
}
