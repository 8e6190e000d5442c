/**
 * Memory over a long run: the real server in its own process on the demo database, driven at
 * moderate concurrency by a mixed workload with far more distinct URLs than any cache keeps (see
 * soakPicker), while the bench samples the server's RSS and, after a full GC, its heap every few
 * seconds. Prints start, peak and end, and whether memory still grows over the second half (a
 * least-squares line through those samples): a cache without a bound shows as a steady climb.
 *
 *   npm run bench -- --soak [seconds]       (default 300; SOAK_CONNECTIONS, default 10)
 *
 * Not part of the default `npm run bench`: it takes minutes.
 */
import { existsSync } from 'node:fs';
import { driveMixedLoad, KINDS, soakPicker, startServer } from './benchServer.ts';
import { line } from './timing.ts';

const database = process.env.BENCH_DEMO_DB ?? '/tmp/arealens-bench-demo.duckdb';
if (!existsSync(database)) {
  console.log(`no demo database at ${database}: run npm run bench`);
  process.exit(0);
}
const seconds = Number(process.env.SOAK_SECONDS ?? 300);
const connections = Number(process.env.SOAK_CONNECTIONS ?? 10);
const SAMPLE_EVERY_MS = 5_000;

interface Sample {
  /** Seconds since the load began. */
  at: number;
  rss: number;
  heapUsed: number | null;
  external: number | null;
}

const server = await startServer(database, { memoryProbe: true });
const next = await soakPicker(server);
const samples: Sample[] = [];
const t0 = performance.now();
const sample = async () => {
  const at = (performance.now() - t0) / 1000;
  const rss = server.rss();
  const memory = await server.memory();
  samples.push({ at, rss, heapUsed: memory?.heapUsed ?? null, external: memory?.external ?? null });
};

await sample();
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
console.log(`soak: ${seconds} s, ${connections} connections, memory sampled every ${SAMPLE_EVERY_MS / 1000} s`);
let lastPrinted = 0;
const timer = setInterval(() => {
  sample().then(() => {
    const last = samples.at(-1)!;
    if (last.at - lastPrinted >= 60) {
      lastPrinted = last.at;
      console.log(`  ${last.at.toFixed(0).padStart(5)} s  RSS ${mb(last.rss)}, heap ${last.heapUsed === null ? '?' : mb(last.heapUsed)}`);
    }
  }, () => {});
}, SAMPLE_EVERY_MS);
const result = await driveMixedLoad(server.base, { connections, seconds, next });
clearInterval(timer);
await sample();
server.stop();

/** Least-squares slope of y over x, per second. */
function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return sxx === 0 ? 0 : points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0) / sxx;
}

/**
 * Growth over the second half, as MB a minute, and a verdict: flat when the fitted line rises by
 * less than 5% of the memory (or 8 MB, whichever is more) across that half.
 */
function verdict(label: string, values: { x: number; y: number }[]): void {
  const secondHalf = values.filter((p) => p.x >= seconds / 2);
  if (secondHalf.length < 3) return line(`${label}: growth over the second half`, 'too few samples');
  const perSecond = slope(secondHalf);
  const span = secondHalf.at(-1)!.x - secondHalf[0]!.x;
  const rise = perSecond * span;
  const mean = secondHalf.reduce((s, p) => s + p.y, 0) / secondHalf.length;
  const flat = rise < Math.max(0.05 * mean, 8 * 2 ** 20);
  line(`${label}: growth over the second half`, `${((perSecond * 60) / 2 ** 20).toFixed(2)} MB/min (${mb(rise)} over ${span.toFixed(0)} s): ${flat ? 'flat' : 'STILL GROWING'}`);
}

const peak = (values: number[]) => Math.max(...values);
const rss = samples.map((s) => s.rss);
const heap = samples.flatMap((s) => (s.heapUsed === null ? [] : [s.heapUsed]));
line('requests / req/s / errors / non-2xx / timeouts', `${result.total} / ${result.requestsPerSecond.toFixed(0)} / ${result.errors} / ${result.non2xx} / ${result.timeouts}`);
line('latency p50 / p99', `${result.p50} ms / ${result.p99} ms`);
for (const kind of KINDS) {
  const figures = result.byKind.get(kind);
  if (figures) line(`  ${kind}: requests, latency p50 / p99`, `${figures.count} · ${figures.p50} ms / ${figures.p99} ms`);
}
line('server RSS start / peak / end', `${mb(rss[0]!)} / ${mb(peak(rss))} / ${mb(rss.at(-1)!)}`);
if (heap.length > 0) line('server heap after GC start / peak / end', `${mb(heap[0]!)} / ${mb(peak(heap))} / ${mb(heap.at(-1)!)}`);
// Buffers outside the heap: the response cache's and the tiles' bytes live here.
const external = samples.flatMap((s) => (s.external === null ? [] : [s.external]));
if (external.length > 0) line('server external (Buffers) start / peak / end', `${mb(external[0]!)} / ${mb(peak(external))} / ${mb(external.at(-1)!)}`);
verdict('RSS', samples.map((s) => ({ x: s.at, y: s.rss })));
verdict('heap', samples.flatMap((s) => (s.heapUsed === null ? [] : [{ x: s.at, y: s.heapUsed }])));
