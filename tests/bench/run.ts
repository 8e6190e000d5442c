/**
 * `npm run bench`: builds the demo and the real-data databases and times them, then times the
 * API in-process (Fastify inject, no network) on both. Every figure is measured here, now.
 * Other benches in this folder (tiles, tables, spend, load) run after, if present.
 * `--soak [seconds]` runs only the memory soak (soak.ts); `--peer <name>` only a peer benchmark;
 * `--scale [--indicators N] [--periods N] [--spend-rows N]` only the scale bench (scale/run.ts).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDatabase } from '../../etl/src/build.ts';
import { manifestForFolder } from '../../etl/src/detect.ts';
import { writeDemoSources } from '../../etl/src/demo/index.ts';
import { REAL_DATA, SCOTLAND_DATA, scratchFile } from '../../etl/src/testing.ts';
import { buildApp } from '../../server/src/app.ts';
import { loadConfig } from '../../server/src/config.ts';
import { line, ms, timeRuns } from './timing.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const demoOut = resolve('/tmp/arealens-bench-demo.duckdb');
const realOut = resolve('/tmp/arealens-bench-real.duckdb');

// `npm run bench -- --peer postgres`: only that peer benchmark (tests/bench/peer/<name>.ts), on the builds above.
const peerAt = process.argv.indexOf('--peer');
if (peerAt >= 0) {
  const script = join(here, 'peer', `${process.argv[peerAt + 1]}.ts`);
  if (!existsSync(script)) {
    console.error('--peer needs the name of a script in tests/bench/peer/, e.g. --peer postgres');
    process.exit(2);
  }
  const result = spawnSync(process.execPath, ['--import', 'tsx', script, ...process.argv.slice(peerAt + 2)], {
    stdio: 'inherit', env: { ...process.env, BENCH_DEMO_DB: demoOut, BENCH_REAL_DB: realOut },
  });
  process.exit(result.status ?? 1);
}

// `npm run bench -- --scale …`: only the scale bench (tests/bench/scale/run.ts), synthetic indicators on the real geography.
const scaleAt = process.argv.indexOf('--scale');
if (scaleAt >= 0) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(here, 'scale', 'run.ts'), ...process.argv.slice(scaleAt + 1)], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}

// `npm run bench -- --soak [seconds]`: only the memory soak (tests/bench/soak.ts, default 300 s), on the demo build.
const soakAt = process.argv.indexOf('--soak');
if (soakAt >= 0) {
  const given = process.argv[soakAt + 1];
  if (given !== undefined && !/^[1-9]\d*$/.test(given)) {
    console.error(`--soak takes a whole number of seconds, e.g. --soak 600; got "${given}"`);
    process.exit(2);
  }
  if (!existsSync(demoOut)) {
    const dir = join(scratchFile('x'), '..', 'demo-sources');
    await buildDatabase({ manifest: await writeDemoSources(dir), baseDir: dir, out: demoOut });
  }
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(here, 'soak.ts')], {
    stdio: 'inherit', env: { ...process.env, BENCH_DEMO_DB: demoOut, ...(given ? { SOAK_SECONDS: given } : {}) },
  });
  process.exit(result.status ?? 1);
}

console.log('AreaLens bench (2 cores); times are wall-clock on this machine, now.\n');
console.log('ETL');
{
  const dir = join(scratchFile('x'), '..', 'demo-sources');
  const t0 = performance.now();
  const manifest = await writeDemoSources(dir);
  const generated = performance.now() - t0;
  const result = await buildDatabase({ manifest, baseDir: dir, out: demoOut });
  line('demo: generate sources', ms(generated));
  line(`demo: build (${result.dataZones} data zones, ${result.indicators} indicators, ${result.observations.toLocaleString('en-GB')} observations)`, `${result.seconds.toFixed(2)} s`);
}
{
  // The default build (what npm start serves): real Scotland from the repository's data/scotland.
  const result = await buildDatabase({ manifest: manifestForFolder(SCOTLAND_DATA), baseDir: SCOTLAND_DATA, out: realOut });
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
  const sources = readdirSync(SCOTLAND_DATA, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).reduce((n, e) => n + statSync(join(e.parentPath, e.name)).size, 0);
  line(`real: build from data/scotland (${mb(sources)} of gzipped sources)`, `${result.seconds.toFixed(2)} s`);
  line(`real: ${result.dataZones.toLocaleString('en-GB')} data zones (+${result.dataZones2022.toLocaleString('en-GB')} of 2022), ${result.levels} levels, ${result.indicators} indicators, ${result.periods} periods`, `${result.observations.toLocaleString('en-GB')} observations`);
  line(`real: postcodes placed, database size`, `${result.postcodes.toLocaleString('en-GB')}, ${mb(statSync(realOut).size)}`);
}
if (existsSync(REAL_DATA)) {
  const result = await buildDatabase({ manifest: manifestForFolder(REAL_DATA), baseDir: REAL_DATA, out: scratchFile('collection.duckdb') });
  line(`real: build from ../shared/data/real (${result.unread.length} files named and not read)`, `${result.seconds.toFixed(2)} s`);
}

async function apiBench(label: string, database: string, urls: Record<string, string>): Promise<void> {
  console.log(`\nAPI in-process on ${label} (inject, 50 runs after 5 warm-up; p50 / p99)`);
  const app = await buildApp(loadConfig({ DATABASE: database, LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '0', RATE_LIMIT_EXPENSIVE_PER_MINUTE: '0' }));
  try {
    for (const [name, url] of Object.entries(urls)) {
      const first = await app.inject({ url });
      if (first.statusCode !== 200) {
        line(name, `HTTP ${first.statusCode}: ${first.body.slice(0, 120)}`);
        continue;
      }
      for (let i = 0; i < 5; i++) await app.inject({ url });
      const t = await timeRuns(50, () => app.inject({ url }));
      line(name, `${ms(t.p50)} / ${ms(t.p99)}`);
    }
  } finally {
    await app.close();
  }
}

await apiBench('the demo', demoOut, {
  'one indicator × one period × all wards': '/api/v1/indicators/simd_income_deprived_pct/values?level=ward2017',
  'one indicator × all data zones': '/api/v1/indicators/simd_income_deprived_pct/values?level=dz2011',
  'area profile of a ward (all indicators)': '/api/v1/areas/ward2017/S13900001/profile',
  'area profile of the council (all indicators)': '/api/v1/areas/council/S12900001/profile',
  'area search "kirk"': '/api/v1/areas?q=kirk',
});
if (existsSync(realOut)) {
  await apiBench('the real data (Scotland)', realOut, {
    'one indicator × one period × all 354 wards': '/api/v1/indicators/simd_income_deprived_pct/values?level=ward2017',
    'one indicator × all 6,976 data zones': '/api/v1/indicators/simd_income_deprived_pct/values?level=dz2011',
    'area profile of a ward (46 indicators, all periods)': '/api/v1/areas/ward2017/S13002843/profile',
    'area profile of Fife (46 indicators, all periods)': '/api/v1/areas/council/S12000047/profile',
    'postcode lookup (Code-Point centroid)': '/api/v1/locate?postcode=KY1%201AB',
    'area search "kirk"': '/api/v1/areas?q=kirk',
  });
}

// Helpers, and the soak (minutes long; --soak runs it), are not benches of the default run.
const notBenches = ['run.ts', 'timing.ts', 'benchServer.ts', 'memoryProbe.ts', 'realBuild.ts', 'soak.ts'];
for (const script of readdirSync(here).filter((f) => f.endsWith('.ts') && !notBenches.includes(f)).sort()) {
  console.log(`\n${script}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(here, script)], {
    stdio: 'inherit', env: { ...process.env, BENCH_DEMO_DB: demoOut, BENCH_REAL_DB: realOut },
  });
  if (result.status !== 0) console.log(`${script} exited with ${result.status}`);
}
