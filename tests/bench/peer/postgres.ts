/**
 * The peer benchmark: what a council GIS team would otherwise build is PostgreSQL with the same
 * tables. This starts a throwaway PostgreSQL, copies the real-data and demo builds into it, asks
 * both engines the same roll-up questions with the same sums, checks that they agree, and times
 * each, database only: DuckDB through @duckdb/node-api in this process (READ_ONLY, the server's own
 * query functions), PostgreSQL through `pg` over loopback. No HTTP on either side.
 *
 *   npm run bench -- --peer postgres [--explain]
 *
 * --explain prints PostgreSQL's plan (auto_explain, with ANALYZE) for one run of each question.
 * PEER_RUNS (default 30) sets the timed runs per question and engine, after 5 warm-up runs.
 */
import { ETL_NODE_FLAGS } from '../../../etl/src/nodeFlags.ts';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { openDatabase, type Database } from '../../../server/src/db.ts';
import { sumsForGroups, type GroupZones } from '../../../server/src/queries/groups.ts';
import { findIndicator, indicatorPeriods, sumsByArea } from '../../../server/src/queries/rollup.ts';
import { populationYears, simdEditions, spendCatalogue, zoneSpend, type SpendFilter } from '../../../server/src/queries/spend.ts';
import { populationYearFor, spendByBand } from '../../../server/src/rollup/spend.ts';
import { ms } from '../timing.ts';
import { startCluster, type Cluster } from './cluster.ts';
import { INDEXES, loadIntoPostgres } from './loadPostgres.ts';
import { sumsByAreaPg, sumsForGroupsPg, zoneSpendPg } from './postgresQueries.ts';
import { checksum, firstDifference, type Row } from './sameAnswer.ts';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const REAL_DB = process.env.BENCH_REAL_DB ?? '/tmp/arealens-bench-real.duckdb';
const DEMO_DB = process.env.BENCH_DEMO_DB ?? '/tmp/arealens-bench-demo.duckdb';
const RUNS = Number(process.env.PEER_RUNS ?? 30);
const WARM_UP = 5;
const EXPLAIN = process.argv.includes('--explain');

interface Question {
  label: string;
  /** Columns that identify a row, for putting both answers in the same order. */
  keys: string[];
  /** The PostgreSQL connection to the matching build. */
  client: pg.Client;
  duckdb: () => Promise<Row[]>;
  postgres: () => Promise<Row[]>;
}

function ensureBuilt(path: string, args: string[]): void {
  if (existsSync(path)) return;
  console.log(`${path} is missing: building it (npx tsx etl/src/cli.ts ${args.join(' ')} --out ${path})…`);
  const result = spawnSync(process.execPath, [...ETL_NODE_FLAGS, '--import', 'tsx', 'etl/src/cli.ts', ...args, '--out', path], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`the ETL failed (exit ${result.status})`);
}

/** The server reads `value` only for a one-zone area; for larger ones any_value() and min() may differ, and nothing reads them. */
const withoutUnreadValues = (rows: Row[]): Row[] => rows.map(({ value, ...rest }) => (rest.members === 1 ? { ...rest, value } : rest));

async function realQuestions(duck: Database, pgClient: pg.Client): Promise<Question[]> {
  const indicator = await findIndicator(duck, 'simd_income_deprived_pct');
  if (!indicator) throw new Error('the real build has no simd_income_deprived_pct');
  const period = (await indicatorPeriods(duck, indicator.indicatorId, 'dz2011')).at(-1)!;
  const [wards] = await duck.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM area WHERE level_key = 'ward2017'`);
  const indicators = (await duck.query<{ id: number }>('SELECT indicator_id AS id FROM indicator ORDER BY indicator_id')).map((r) => r.id);
  const [fife] = await duck.query<{ id: number; zones: number }>(`
    SELECT a.area_id AS id, count(*)::INTEGER AS zones FROM area a JOIN membership m USING (area_id)
    WHERE a.level_key = 'council' AND a.code = 'S12000047' GROUP BY a.area_id`);
  // A custom area: the first 200 data zones of Glasgow City by code (a fixed, contiguous-ish list).
  const custom = (await duck.query<{ dz: number }>(`
    SELECT m.dz_id AS dz FROM membership m JOIN area a USING (area_id) JOIN data_zone d ON d.dz_id = m.dz_id
    WHERE a.level_key = 'council' AND a.code = 'S12000049' ORDER BY d.code LIMIT 200`)).map((r) => r.dz);
  if (!fife || custom.length !== 200) throw new Error('the real build lacks Fife or 200 Glasgow data zones');
  const profile: GroupZones[] = [{ groupId: fife.id, areaId: fife.id, dzIds: [] }];
  const customArea: GroupZones[] = [{ groupId: 1, dzIds: custom }];
  const groupKeys = ['groupId', 'indicatorId', 'periodId'];
  return [
    {
      label: `(a) 1 indicator × 1 period × all ${wards!.n} wards (real)`,
      keys: ['areaId'],
      client: pgClient,
      duckdb: async () => withoutUnreadValues([...(await sumsByArea(duck, indicator.indicatorId, period.periodId, 'ward2017', { vintage: 'dz2011', base: false }))].map(([areaId, sums]) => ({ areaId, ...sums }))),
      postgres: async () => withoutUnreadValues(await sumsByAreaPg(pgClient, indicator.indicatorId, period.periodId, 'ward2017') as unknown as Row[]),
    },
    {
      label: `(b) profile of Fife: all ${indicators.length} indicators × all periods, ${fife.zones} zones (real)`,
      keys: groupKeys,
      client: pgClient,
      duckdb: async () => withoutUnreadValues(await sumsForGroups(duck, 'dz2011', profile, indicators) as unknown as Row[]),
      postgres: async () => withoutUnreadValues(await sumsForGroupsPg(pgClient, profile, indicators) as unknown as Row[]),
    },
    {
      label: `(c) custom area of 200 zones × all ${indicators.length} indicators × all periods (real)`,
      keys: groupKeys,
      client: pgClient,
      duckdb: async () => withoutUnreadValues(await sumsForGroups(duck, 'dz2011', customArea, indicators) as unknown as Row[]),
      postgres: async () => withoutUnreadValues(await sumsForGroupsPg(pgClient, customArea, indicators) as unknown as Row[]),
    },
  ];
}

async function demoQuestions(duck: Database, pgClient: pg.Client): Promise<Question[]> {
  const indicators = (await duck.query<{ id: number }>('SELECT indicator_id AS id FROM indicator ORDER BY indicator_id LIMIT 60')).map((r) => r.id);
  const [council] = await duck.query<{ id: number; zones: number }>(`
    SELECT a.area_id AS id, count(*)::INTEGER AS zones FROM area a JOIN membership m USING (area_id)
    WHERE a.level_key = 'council' GROUP BY a.area_id ORDER BY a.area_id LIMIT 1`);
  const profile: GroupZones[] = [{ groupId: council!.id, areaId: council!.id, dzIds: [] }];
  // What /spend/by-deprivation asks by default: every partner and service, the latest year, the
  // population estimate nearest it and the newest SIMD edition.
  const years = [...new Set((await spendCatalogue(duck)).map((r) => r.financialYear))].sort();
  const financialYear = years.at(-1)!;
  const filter: SpendFilter = { partner: null, service: null, financialYear };
  const populationYear = populationYearFor(financialYear, await populationYears(duck))!;
  const edition = (await simdEditions(duck))[0]!;
  const byDecile = (zones: Awaited<ReturnType<typeof zoneSpend>>) => spendByBand(zones, 'decile', 10) as unknown as Row[];
  return [
    {
      label: `(b′) profile of the council: ${indicators.length} indicators × all periods, ${council!.zones} zones (demo)`,
      keys: ['groupId', 'indicatorId', 'periodId'],
      client: pgClient,
      duckdb: async () => withoutUnreadValues(await sumsForGroups(duck, 'dz2011', profile, indicators) as unknown as Row[]),
      postgres: async () => withoutUnreadValues(await sumsForGroupsPg(pgClient, profile, indicators) as unknown as Row[]),
    },
    {
      label: `(d) spend per head by SIMD decile, whole build, ${financialYear} (demo)`,
      keys: ['band'],
      client: pgClient,
      duckdb: async () => byDecile(await zoneSpend(duck, null, filter, populationYear, edition)),
      postgres: async () => byDecile(await zoneSpendPg(pgClient, filter, populationYear, edition)),
    },
  ];
}

/** Prints PostgreSQL's plan for one run, through auto_explain at NOTICE level (we are superuser in our own cluster). */
async function explain(question: Question): Promise<void> {
  const pgClient = question.client;
  const notices: string[] = [];
  const onNotice = (notice: { message?: string }) => notices.push(notice.message ?? '');
  pgClient.on('notice', onNotice);
  await pgClient.query(`LOAD 'auto_explain'`);
  await pgClient.query(`SET auto_explain.log_min_duration = 0; SET auto_explain.log_analyze = on; SET auto_explain.log_buffers = on; SET auto_explain.log_level = notice`);
  await question.postgres();
  await pgClient.query('SET auto_explain.log_min_duration = -1');
  pgClient.off('notice', onNotice);
  console.log(`\nPostgreSQL plan, ${question.label}:\n${notices.join('\n')}`);
}

interface Timing {
  label: string;
  duckdb: { p50: number; p99: number };
  postgres: { p50: number; p99: number };
}

async function ask(question: Question): Promise<Timing> {
  const [fromDuck, fromPostgres] = [await question.duckdb(), await question.postgres()];
  const difference = firstDifference(fromDuck, fromPostgres, question.keys);
  if (difference) throw new Error(`${question.label}: the engines disagree, ${difference}`);
  console.log(`${question.label}\n  same answer: ${fromDuck.length} rows, checksum ${checksum(fromDuck, question.keys)} (DuckDB) = ${checksum(fromPostgres, question.keys)} (PostgreSQL)`);
  if (EXPLAIN) await explain(question);
  for (let i = 0; i < WARM_UP; i++) {
    await question.duckdb();
    await question.postgres();
  }
  // Turn about, one run each, so that both engines meet the same noise from the shared machine.
  const duckdb: number[] = [];
  const postgres: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    for (const [run, times] of [[question.duckdb, duckdb], [question.postgres, postgres]] as const) {
      const t0 = performance.now();
      await run();
      times.push(performance.now() - t0);
    }
  }
  return { label: question.label, duckdb: percentiles(duckdb), postgres: percentiles(postgres) };
}

function percentiles(times: number[]): { p50: number; p99: number } {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: at(0.5), p99: at(0.99) };
}

function printTable(timings: Timing[]): void {
  const header = ['question', 'DuckDB p50 / p99', 'PostgreSQL p50 / p99', 'PostgreSQL ÷ DuckDB (p50)'];
  const rows = timings.map((t) => [t.label, `${ms(t.duckdb.p50)} / ${ms(t.duckdb.p99)}`, `${ms(t.postgres.p50)} / ${ms(t.postgres.p99)}`, `${(t.postgres.p50 / t.duckdb.p50).toFixed(2)}×`]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const format = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  console.log(`\n${format(header)}\n|${widths.map((w, i) => (i === 0 ? `${'-'.repeat(w + 2)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  for (const row of rows) console.log(format(row));
}

async function main(): Promise<void> {
  ensureBuilt(REAL_DB, ['data/scotland']);
  ensureBuilt(DEMO_DB, ['--demo']);
  let cluster: Cluster | null = null;
  // Stop and delete the cluster however this ends: normally, on an error or on Ctrl-C.
  const cleanUp = () => cluster?.stop();
  process.on('exit', cleanUp);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      console.log(`\n${signal}: stopping PostgreSQL and deleting its directory…`);
      cleanUp();
      process.exit(130);
    });
  }

  const real = await openDatabase(REAL_DB);
  const demo = await openDatabase(DEMO_DB);
  const clients: pg.Client[] = [];
  try {
    cluster = await startCluster();
    console.log(`${cluster.version}: throwaway cluster on ${cluster.host}:${cluster.port}`);
    console.log(`  settings: ${Object.entries(cluster.settings).filter(([k]) => !['listen_addresses', 'port', 'unix_socket_directories'].includes(k)).map(([k, v]) => `${k}=${v.replace(/'/g, '')}`).join(', ')}`);
    console.log('  fsync, full_page_writes and synchronous_commit are off: a throwaway benchmark cluster; they affect the load, not the timed reads.');
    const [duckVersion] = await real.query<{ v: string; threads: string }>(`SELECT version() AS v, current_setting('threads') AS threads`);
    console.log(`DuckDB ${duckVersion!.v} in this process, READ_ONLY, ${duckVersion!.threads} threads`);

    for (const [name, duck] of [['arealens_real', real], ['arealens_demo', demo]] as const) {
      const { client, report } = await loadIntoPostgres(duck, cluster, name);
      clients.push(client);
      console.log(`loaded ${name}: ${Object.entries(report.rows).map(([t, n]) => `${t} ${n.toLocaleString('en-GB')}`).join(', ')}`);
      console.log(`  DuckDB COPY TO csv ${report.exportSeconds.toFixed(1)} s, PostgreSQL COPY FROM ${report.copySeconds.toFixed(1)} s, keys + indexes + CLUSTER + VACUUM ANALYZE ${report.indexSeconds.toFixed(1)} s`);
    }
    console.log(`  indexes beyond schema.sql's keys: ${INDEXES.map((s) => s.replace(/^(ALTER TABLE|CREATE INDEX) /, '')).join('; ')}`);

    console.log(`\nEach question: answered once by both and compared, then ${WARM_UP} warm-up and ${RUNS} timed runs per engine, taking turns (p99 of ${RUNS} runs is the slowest).\n`);
    const questions = [...await realQuestions(real, clients[0]!), ...await demoQuestions(demo, clients[1]!)];
    const timings: Timing[] = [];
    const load = loadavg()[0]!;
    for (const question of questions) timings.push(await ask(question));
    printTable(timings);
    console.log(`\nload average (1 min) on this 2-core machine: ${load.toFixed(1)} at the first question, ${loadavg()[0]!.toFixed(1)} at the end`);
  } finally {
    for (const client of clients) await client.end().catch(() => undefined);
    cleanUp();
    await real.close();
    await demo.close();
  }
}

await main();
