/**
 * Throughput under concurrent load on loopback: the real server (listening on 127.0.0.1, a free
 * port) on the demo database, a mixed workload of map values, profiles, searches, tiles and a
 * table, driven by autocannon. LOAD_SECONDS (default 60) and LOAD_CONNECTIONS (default 50).
 * Requests are bounded in time and go only to this machine.
 */
import { existsSync } from 'node:fs';
// @ts-expect-error autocannon ships no types
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { line } from './timing.ts';

const database = process.env.BENCH_DEMO_DB ?? '/tmp/arealens-bench-demo.duckdb';
if (!existsSync(database)) {
  console.log(`no demo database at ${database}: run npm run bench`);
  process.exit(0);
}
const seconds = Number(process.env.LOAD_SECONDS ?? 60);
const connections = Number(process.env.LOAD_CONNECTIONS ?? 50);

// The server runs in its own process, as in production, so the load generator (autocannon, here)
// does not share its event loop. The rate limits are for the public: a load test from one
// address would only measure 429s.
const port = await freePort();
const server = spawn(process.execPath, ['--import', 'tsx', 'server/src/server.ts'], {
  env: { ...process.env, DATABASE: database, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '0', RATE_LIMIT_EXPENSIVE_PER_MINUTE: '0' },
  stdio: ['ignore', 'inherit', 'inherit'],
});
process.on('exit', () => server.kill());
const base = `http://127.0.0.1:${port}`;
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${base}/api/v1/health`)).ok) break;
  } catch {
    if (i > 300) throw new Error('the server did not start');
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
}
const get = async (path: string) => (await fetch(base + path)).json();
const rss = () => Number(readFileSync(`/proc/${server.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)![1]) * 1024;

// A spread of real questions, with enough distinct URLs that the cache is not the whole story.
const wards = (await get('/api/v1/areas?level=ward2017&limit=100')).areas as { code: string }[];
const indicators = ((await get('/api/v1/indicators')).indicators as { code: string; aggregation: string }[]).filter((i) => i.aggregation !== 'none');
const paths: string[] = [];
for (const [i, indicator] of indicators.slice(0, 40).entries()) {
  paths.push(`/api/v1/indicators/${indicator.code}/values?level=${['ward2017', 'iz2011', 'dz2011', 'locality'][i % 4]}`);
}
for (const ward of wards) paths.push(`/api/v1/areas/ward2017/${ward.code}/profile`);
for (const q of ['kirk', 'brae', 'north', 'mill', 'S019']) paths.push(`/api/v1/areas?q=${q}`);
// Tiles around the middle of the region at zoom 10 and 12.
const [lon, lat] = (await get('/tiles/dz2011.json')).center as [number, number];
for (const z of [10, 12]) {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const y = Math.floor(((1 - Math.log(Math.tan((lat * Math.PI) / 180) + 1 / Math.cos((lat * Math.PI) / 180)) / Math.PI) / 2) * n);
  for (let dx = -1; dx <= 1; dx++) for (let dy = -1; dy <= 1; dy++) paths.push(`/tiles/dz2011/${z}/${x + dx}/${y + dy}.pbf`);
}
paths.push(`/api/v1/tables?level=ward2017&indicators=${indicators.slice(0, 5).map((i) => i.code).join(',')}&format=csv`);

const memoryBefore = rss();
const result = await autocannon({
  url: base,
  connections,
  // As browsers ask: gzip when it helps.
  headers: { 'accept-encoding': 'gzip' },
  duration: seconds,
  requests: paths.map((path) => ({ method: 'GET', path })),
});
const memoryAfter = rss();
server.kill();

line(`mixed load, ${connections} connections, ${seconds} s, ${paths.length} distinct URLs`, `${result.requests.average.toFixed(0)} req/s`);
line('latency p50 / p99', `${result.latency.p50} ms / ${result.latency.p99} ms`);
line('requests / errors / non-2xx / timeouts', `${result.requests.total} / ${result.errors} / ${result.non2xx} / ${result.timeouts}`);
line('server memory (RSS) before / after', `${(memoryBefore / 2 ** 20).toFixed(0)} MB / ${(memoryAfter / 2 ** 20).toFixed(0)} MB`);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
