/**
 * Throughput under concurrent load on loopback: the real server (listening on 127.0.0.1, a free
 * port) on the demo database, a mixed workload of map values, profiles, searches, tiles and a
 * table, driven by autocannon. LOAD_SECONDS (default 60) and LOAD_CONNECTIONS (default 50).
 * Requests are bounded in time and go only to this machine.
 */
import { existsSync } from 'node:fs';
import { customAreaFactsReady, driveMixedLoad, KINDS, loadPaths, roundRobin, startServer } from './benchServer.ts';
import { line } from './timing.ts';

const database = process.env.BENCH_DEMO_DB ?? '/tmp/arealens-bench-demo.duckdb';
if (!existsSync(database)) {
  console.log(`no demo database at ${database}: run npm run bench`);
  process.exit(0);
}
const seconds = Number(process.env.LOAD_SECONDS ?? 60);
const connections = Number(process.env.LOAD_CONNECTIONS ?? 50);

// The server runs in its own process, as in production, so the load generator (autocannon, here)
// does not share its event loop.
const server = await startServer(database);
const facts = await customAreaFactsReady(server);
const paths = await loadPaths(server);
const memoryBefore = server.rss();
const result = await driveMixedLoad(server.base, { connections, seconds, next: roundRobin(paths) });
const memoryAfter = server.rss();
server.stop();

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
line(`mixed load, ${connections} connections, ${seconds} s, ${paths.length} distinct URLs`, `${result.requestsPerSecond.toFixed(0)} req/s`);
line('latency p50 / p99', `${result.p50} ms / ${result.p99} ms`);
line('requests / errors / non-2xx / timeouts', `${result.total} / ${result.errors} / ${result.non2xx} / ${result.timeouts}`);
for (const kind of KINDS) {
  const figures = result.byKind.get(kind);
  line(`  ${kind}: requests, latency p50 / p99`, figures ? `${figures.count} · ${figures.p50} ms / ${figures.p99} ms` : 'none answered');
}
line('server memory (RSS) before / after', `${mb(memoryBefore)} / ${mb(memoryAfter)}`);
line('  of which custom-area facts (loaded before the load began)', facts.facts === 'ready' ? `${mb(facts.bytes ?? 0)}, in ${(facts.seconds ?? 0).toFixed(1)} s` : 'not loaded');
