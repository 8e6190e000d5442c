/**
 * What the load and soak benches share: the real server started in its own process on a free
 * loopback port, the mixed workload's URLs, and an autocannon run that spreads the connections
 * over those URLs. Not a bench itself (run.ts skips it).
 */
// @ts-expect-error autocannon ships no types
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export interface BenchServer {
  base: string;
  process: ChildProcess;
  /** Resident set size of the server process, in bytes (/proc/<pid>/status VmRSS). */
  rss(): number;
  /** The server's own process.memoryUsage() after a full GC, when started with `memoryProbe`. */
  memory(): Promise<NodeJS.MemoryUsage | null>;
  get<T = any>(path: string): Promise<T>;
  stop(): void;
}

/**
 * Starts server/src/server.ts on the database with the rate limits off (a load test from one
 * address would only measure 429s) and waits until /api/v1/health answers. With `memoryProbe`,
 * tests/bench/memoryProbe.ts is loaded into the server so the bench can ask for its heap figures.
 */
export async function startServer(database: string, options: { memoryProbe?: boolean } = {}): Promise<BenchServer> {
  const port = await freePort();
  const probe = fileURLToPath(new URL('./memoryProbe.ts', import.meta.url));
  const server = spawn(process.execPath, [
    ...(options.memoryProbe ? ['--expose-gc', '--import', 'tsx', '--import', probe] : ['--import', 'tsx']),
    'server/src/server.ts',
  ], {
    env: { ...process.env, DATABASE: database, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '0', RATE_LIMIT_EXPENSIVE_PER_MINUTE: '0' },
    // Log lines go to stdout and are dropped (at warn, they are the errors of requests cut off when
    // the bench stops the server); a server that fails to start says why on stderr.
    stdio: ['ignore', 'ignore', 'inherit', ...(options.memoryProbe ? ['ipc' as const] : [])],
  });
  const stop = () => {
    if (server.exitCode === null) server.kill();
  };
  process.on('exit', stop);
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/api/v1/health`)).ok) break;
    } catch {
      if (i > 300 || server.exitCode !== null) throw new Error('the server did not start');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const memory = () => new Promise<NodeJS.MemoryUsage | null>((resolve) => {
    if (!server.connected) return resolve(null);
    const timer = setTimeout(() => resolve(null), 5_000);
    server.once('message', (message) => {
      clearTimeout(timer);
      resolve(message as NodeJS.MemoryUsage);
    });
    server.send('memory');
  });
  return {
    base,
    process: server,
    rss: () => Number(readFileSync(`/proc/${server.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)![1]) * 1024,
    memory,
    get: async (path) => (await fetch(base + path)).json(),
    stop,
  };
}

/** The kinds of request in the mixed workload, in the order the figures are printed. */
export const KINDS = ['values', 'profile', 'search', 'tile', 'table', 'custom'] as const;
export type Kind = (typeof KINDS)[number];

export const kindOf = (path: string): Kind =>
  path.startsWith('POST ') ? 'custom' : path.startsWith('/tiles/') ? 'tile' : path.includes('/tables') ? 'table' : path.includes('/profile') ? 'profile' : path.includes('/values') ? 'values' : 'search';

/**
 * A custom-area request in the workload's list of "paths": `POST <path> <JSON body>`. Custom areas
 * are POSTed (their definitions are long), and each one is summed afresh from its data zones.
 */
export const customArea = (path: string, body: object) => `POST ${path} ${JSON.stringify(body)}`;

function asRequest(entry: string): { method: 'GET' | 'POST'; path: string; body?: string } {
  if (!entry.startsWith('POST ')) return { method: 'GET', path: entry };
  const space = entry.indexOf(' ', 5);
  return { method: 'POST', path: entry.slice(5, space), body: entry.slice(space + 1) };
}

/** Runs of neighbouring data zones (consecutive codes lie together in the demo), for custom areas. */
function zoneRuns(codes: readonly string[], count: number, size: number, start = 0): string[][] {
  const sorted = [...codes].sort();
  return Array.from({ length: count }, (_, i) => {
    const from = (start + i * Math.floor(sorted.length / count)) % Math.max(1, sorted.length - size);
    return sorted.slice(from, from + size);
  });
}

interface Indicator {
  code: string;
  aggregation: string;
}

/** The slippy-map tile (XYZ, Web Mercator) holding a point. */
function tileAt(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const phi = (lat * Math.PI) / 180;
  return [Math.floor(((lon + 180) / 360) * n), Math.floor(((1 - Math.asinh(Math.tan(phi)) / Math.PI) / 2) * n)];
}

/**
 * The load bench's URLs: map values for 40 indicators over four levels, up to 100 ward profiles,
 * five searches, 18 tiles around the middle of the region at zooms 10 and 12, one CSV table of
 * five indicators over the wards, and six custom areas (two whole profiles, four single
 * indicators). Few enough that, after the first pass, all but the table and the custom areas are
 * answered from the caches.
 */
export async function loadPaths(server: BenchServer): Promise<string[]> {
  const wards = (await server.get('/api/v1/areas?level=ward2017&limit=100')).areas as { code: string }[];
  const indicators = ((await server.get('/api/v1/indicators')).indicators as Indicator[]).filter((i) => i.aggregation !== 'none');
  const paths: string[] = [];
  for (const [i, indicator] of indicators.slice(0, 40).entries()) {
    paths.push(`/api/v1/indicators/${indicator.code}/values?level=${['ward2017', 'iz2011', 'dz2011', 'locality'][i % 4]}`);
  }
  for (const ward of wards) paths.push(`/api/v1/areas/ward2017/${ward.code}/profile`);
  for (const q of ['kirk', 'brae', 'north', 'mill', 'S019']) paths.push(`/api/v1/areas?q=${q}`);
  const [lon, lat] = (await server.get('/tiles/dz2011.json')).center as [number, number];
  for (const z of [10, 12]) {
    const [x, y] = tileAt(lon, lat, z);
    for (let dx = -1; dx <= 1; dx++) for (let dy = -1; dy <= 1; dy++) paths.push(`/tiles/dz2011/${z}/${x + dx}/${y + dy}.pbf`);
  }
  paths.push(`/api/v1/tables?level=ward2017&indicators=${indicators.slice(0, 5).map((i) => i.code).join(',')}&format=csv`);
  // Custom areas of 20 neighbouring data zones: one indicator's figure for each, and two whole profiles.
  const zones = ((await server.get(`/api/v1/indicators/${indicators[0]!.code}/values?level=dz2011`)).areas as { code: string }[]).map((a) => a.code);
  for (const [i, run] of zoneRuns(zones, 6, 20).entries()) {
    paths.push(i < 2
      ? customArea('/api/v1/custom-areas/profile', { dataZones: run, name: `Bench area ${i + 1}` })
      : customArea(`/api/v1/custom-areas/values?indicator=${indicators[i]!.code}`, { dataZones: run }));
  }
  return paths;
}

/** A small seeded generator (mulberry32), so a soak asks the same questions each run. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The soak's URLs: drawn at random, with far more distinct URLs than any cache keeps (every
 * indicator × level, profiles of every area of several levels, made-up searches, tiles anywhere
 * in the region at zooms 8–14, and small tables), so that each cache must reach its bound and stay
 * there. A tenth are custom areas of 10–50 neighbouring data zones and a twentieth tables: answers
 * no cache holds.
 */
export async function soakPicker(server: BenchServer, seed = 1): Promise<() => string> {
  const random = seeded(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const indicators = ((await server.get('/api/v1/indicators')).indicators as Indicator[]).filter((i) => i.aggregation !== 'none');
  const levels = ['ward2017', 'iz2011', 'dz2011', 'locality', 'council'];
  // Every area of a level, as a map of values lists them (the area search stops at 100).
  const areas = new Map<string, string[]>();
  for (const level of ['ward2017', 'iz2011', 'dz2011', 'locality']) {
    areas.set(level, ((await server.get(`/api/v1/indicators/${indicators[0]!.code}/values?level=${level}`)).areas as { code: string }[]).map((a) => a.code));
  }
  const [west, south, east, north] = (await server.get('/tiles/dz2011.json')).bounds as [number, number, number, number];
  const letters = 'abcdefghiklmnoprstuw';
  return () => {
    const roll = random();
    if (roll < 0.3) return `/api/v1/indicators/${pick(indicators).code}/values?level=${pick(levels)}`;
    if (roll < 0.55) {
      const level = pick([...areas.keys()]);
      return `/api/v1/areas/${level}/${pick(areas.get(level)!)}/profile`;
    }
    if (roll < 0.65) return `/api/v1/areas?q=${pick([...letters])}${pick([...letters])}${pick([...letters])}`;
    if (roll < 0.85) {
      const z = 8 + Math.floor(random() * 7);
      const [x, y] = tileAt(west + random() * (east - west), south + random() * (north - south), z);
      return `/tiles/dz2011/${z}/${x}/${y}.pbf`;
    }
    if (roll < 0.95) {
      const run = zoneRuns(areas.get('dz2011')!, 1, 10 + Math.floor(random() * 40), Math.floor(random() * 10_000))[0]!;
      return customArea(`/api/v1/custom-areas/values?indicator=${pick(indicators).code}`, { dataZones: run });
    }
    const chosen = Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(indicators).code);
    return `/api/v1/tables?level=${pick(['ward2017', 'iz2011', 'locality'])}&indicators=${[...new Set(chosen)].join(',')}&format=csv`;
  };
}

export interface KindLatency {
  count: number;
  p50: number;
  p99: number;
}

export interface MixedResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  total: number;
  errors: number;
  non2xx: number;
  timeouts: number;
  byKind: Map<Kind, KindLatency>;
}

/**
 * Drives the server with autocannon, each request taking the next URL from `next`. Every
 * connection draws from the one sequence, so at any moment the connections are asking different
 * questions, as a crowd of users would. (Given a list, autocannon sends every connection through
 * it in the same order from the same start: all 50 asked for the same URL at the same moment, and
 * in 60 s never got past the profiles to the searches, tiles and table.)
 */
export async function driveMixedLoad(base: string, options: { connections: number; seconds: number; next: () => string }): Promise<MixedResult> {
  const latencies = new Map<Kind, number[]>(KINDS.map((kind) => [kind, []]));
  const instance = autocannon({
    url: base,
    connections: options.connections,
    duration: options.seconds,
    // As browsers ask: gzip when it helps.
    headers: { 'accept-encoding': 'gzip' },
    requests: [{
      method: 'GET',
      // The context is the connection's own, and still holds this path when its response arrives.
      setupRequest: (request: { headers?: Record<string, string> }, context: { path?: string }) => {
        context.path = options.next();
        const { method, path, body } = asRequest(context.path);
        return body === undefined
          ? { ...request, method, path }
          : { ...request, method, path, body, headers: { ...request.headers, 'content-type': 'application/json' } };
      },
    }],
  });
  instance.on('response', (client: { requestIterator: { context: { path?: string } } }, _status: number, _bytes: number, time: number) => {
    const path = client.requestIterator.context.path;
    if (path) latencies.get(kindOf(path))!.push(time);
  });
  const result = await instance;
  const byKind = new Map<Kind, KindLatency>();
  for (const [kind, times] of latencies) {
    if (times.length === 0) continue;
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
    byKind.set(kind, { count: times.length, p50: Math.round(at(0.5)), p99: Math.round(at(0.99)) });
  }
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    errors: result.errors,
    non2xx: result.non2xx,
    timeouts: result.timeouts,
    byKind,
  };
}

/** Takes the URLs in turn, round and round: every URL equally often. */
export function roundRobin(paths: readonly string[]): () => string {
  let turn = 0;
  return () => paths[turn++ % paths.length]!;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Waits until the server has loaded its custom-area facts (server/src/queries/zoneFacts.ts, a pass
 * over the fact table it makes in the background at start), so that a bench's timed answers do
 * not share the cores with that load. Returns what /health says of them.
 */
export async function customAreaFactsReady(server: BenchServer, timeoutMs = 180_000): Promise<{ facts: string; bytes: number | null; seconds: number | null }> {
  const started = performance.now();
  for (;;) {
    const health = await server.get('/api/v1/health');
    if (health.customAreas?.facts === 'ready' || performance.now() - started > timeoutMs) return health.customAreas;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
