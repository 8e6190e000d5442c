/**
 * `npm run bench -- --scale [--indicators N] [--periods N] [--spend-rows N]`: synthetic partner
 * indicators on the real geography (every 2011 data zone of data/scotland), built by the project's
 * own ETL in a child process (wall time, peak RSS, file size), then questions timed cold against
 * the build through the real server over HTTP. Defaults: 400 indicators × 15 periods × 6,976 data
 * zones (41.9M observations) and 837,120 spend rows.
 *
 * Also: --seed TEXT (the generator's seed), --timeout-minutes N (the build's limit, default 20),
 * --keep (leave the generated files and the database in /tmp; by default both are deleted),
 * --database FILE (ask the questions of a scale build kept from an earlier run, without
 * generating or building).
 */
import { ETL_NODE_FLAGS } from '../../../etl/src/nodeFlags.ts';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { REPO_ROOT } from '../../../etl/src/testing.ts';
import { line } from '../timing.ts';
import { generateWorkload, type ScaleOptions } from './generate.ts';
import { measuredRun } from './measuredRun.ts';
import { askQuestions, workloadOf } from './questions.ts';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  if (at < 0) return fallback;
  const given = process.argv[at + 1];
  if (given === undefined || !/^[1-9]\d*$/.test(given)) {
    console.error(`${name} takes a whole number above 0, e.g. ${name} ${fallback}; got ${given === undefined ? 'nothing' : `"${given}"`}`);
    process.exit(2);
  }
  return Number(given);
}

const seedAt = process.argv.indexOf('--seed');
const options: ScaleOptions = {
  indicators: option('--indicators', 400),
  periods: option('--periods', 15),
  spendRows: option('--spend-rows', 837_120),
  ...(seedAt >= 0 && process.argv[seedAt + 1] ? { seed: process.argv[seedAt + 1]! } : {}),
};
const timeoutMinutes = option('--timeout-minutes', 20);
const keep = process.argv.includes('--keep');

const count = (n: number) => n.toLocaleString('en-GB');
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const seconds = (s: number) => `${s.toFixed(1)} s`;

const databaseAt = process.argv.indexOf('--database');
if (databaseAt >= 0) {
  const file = process.argv[databaseAt + 1];
  if (!file || !existsSync(file)) {
    console.error(`--database takes a scale build kept by --keep; got ${file === undefined ? 'nothing' : `"${file}", which does not exist`}`);
    process.exit(2);
  }
  await askQuestions(file, await workloadOf(file));
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), 'arealens-scale-'));
const out = join(dir, 'scale.duckdb');
console.log(`Scale bench: ${options.indicators} synthetic indicators × ${options.periods} periods on the real geography, ${count(options.spendRows)} spend rows (scratch: ${dir})\n`);
try {
  const workload = await generateWorkload(join(dir, 'sources'), options);
  line(`generated: ${count(workload.observationRows)} observations (${count(workload.dataZones.length)} data zones)`, seconds(workload.seconds));
  line('  withheld cells (*), small counts (1–4) written as they are', `${count(workload.withheldCells)}, ${count(workload.smallCounts)}`);
  line(`  spend rows; CSV written`, `${count(workload.spendRows)}; ${mb(workload.bytes)}`);

  console.log(`\nBuild: node ${ETL_NODE_FLAGS.join(' ')} --import tsx etl/src/cli.ts ${workload.manifestFile} --out ${out}`);
  const build = await measuredRun(process.execPath, [...ETL_NODE_FLAGS, '--import', 'tsx', 'etl/src/cli.ts', workload.manifestFile, '--out', out], {
    cwd: REPO_ROOT, timeoutMs: timeoutMinutes * 60_000, echo: (text) => console.log(`  │ ${text}`),
  });
  const built = build.status === 0 && !build.timedOut;
  line('build time (wall, child process)', seconds(build.seconds));
  line('build peak RSS (VmHWM, polled every 200 ms)', mb(build.peakRss));
  line("  node's heap limit (the child's too, unless NODE_OPTIONS)", mb(getHeapStatistics().heap_size_limit));
  if (built) {
    line('database file', mb(statSync(out).size));
  } else {
    const why = build.timedOut ? `stopped after the ${timeoutMinutes}-minute limit` : build.signal ? `killed by ${build.signal}` : `exit status ${build.status}`;
    const outOfHeap = build.stderrTail.some((text) => text.includes('heap out of memory'));
    line('BUILD FAILED', `${why}${outOfHeap ? ' (JavaScript heap out of memory)' : ''}`);
    console.log(`  the last step it reported: ${build.lastStdout?.trim() ?? 'none'}`);
    console.log('  last lines of its stderr:');
    for (const text of build.stderrTail) console.log(`    ${text}`);
    console.log('\nNo database, so no questions were asked.');
  }
  if (!keep) rmSync(workload.dir, { recursive: true, force: true });
  if (built) await askQuestions(out, workload);
  if (!built) process.exitCode = 1;
} finally {
  if (keep) console.log(`\nKept: ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
