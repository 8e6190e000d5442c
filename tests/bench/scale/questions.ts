/**
 * The scale bench's questions, asked of the real server over HTTP on the scale build. Every
 * figure is a cold answer: the first request for its URL since the server started, so no
 * response cache holds it (each sample asks about another area, indicator or period). The first
 * question of all also pays for reading the file from disk. Bodies are read to the end, so a
 * streamed table is timed until its last byte.
 */
import { openDatabase } from '../../../server/src/db.ts';
import { zoneFacts } from '../../../server/src/queries/zoneFacts.ts';
import { customAreaFactsReady, startServer } from '../benchServer.ts';
import { line, ms } from '../timing.ts';
import { COLUMNS } from '../../../server/src/tables/columns.ts';
import { DEFAULT_MAX_CELLS } from '../../../server/src/tables/limits.ts';
import type { ScaleWorkload } from './generate.ts';

/** Samples per question: distinct areas (or indicators) each, cold. Tables are slower: fewer. */
const SAMPLES = 5;
const TABLE_SAMPLES = 3;
const TABLE_INDICATORS = 20;
const CUSTOM_AREA_ZONES = 200;

interface Answer {
  milliseconds: number;
  status: number;
  bytes: number;
  text: string;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Every `count`th item, spread over the list (so the samples are different councils, not neighbours). */
function spread<T>(items: readonly T[], count: number, offset = 0): T[] {
  return Array.from({ length: Math.min(count, items.length) }, (_, i) => items[(offset + Math.floor((i * items.length) / count)) % items.length]!);
}

/** What the questions need of a workload, read back from a kept scale build. */
export async function workloadOf(file: string): Promise<Pick<ScaleWorkload, 'indicators' | 'periods' | 'dataZones'>> {
  const db = await openDatabase(file);
  try {
    const indicators = await db.query<ScaleWorkload['indicators'][number]>(`SELECT code, aggregation, split_part(code, '_', 3) AS kind FROM indicator WHERE code LIKE 'scale\\_%' ESCAPE '\\' ORDER BY code`);
    if (indicators.length === 0) throw new Error(`${file} is not a scale build: it has no scale_ indicators`);
    const periods = (await db.query<{ label: string }>(`
      SELECT DISTINCT p.label FROM indicator_period ip JOIN period p USING (period_id) JOIN indicator i USING (indicator_id)
      WHERE i.code LIKE 'scale\\_%' ESCAPE '\\' ORDER BY p.label`)).map((r) => r.label);
    const dataZones = (await db.query<{ code: string }>(`SELECT code FROM data_zone WHERE vintage = 'dz2011' ORDER BY code`)).map((r) => r.code);
    return { indicators, periods, dataZones };
  } finally {
    await db.close();
  }
}

export async function askQuestions(database: string, workload: Pick<ScaleWorkload, 'indicators' | 'periods' | 'dataZones'>): Promise<void> {
  // The 354 wards × 20 indicators × every period table is over the default cell limit at 15 periods.
  const tableIndicators = Math.min(TABLE_INDICATORS, workload.indicators.length);
  const tableCells = 354 * tableIndicators * workload.periods.length * COLUMNS.length;
  process.env.TABLE_MAX_CELLS = String(Math.max(DEFAULT_MAX_CELLS, 2 * tableCells));
  const t0 = performance.now();
  const server = await startServer(database);
  const started = performance.now() - t0;
  const ask = async (path: string, body?: object): Promise<Answer> => {
    const t = performance.now();
    const response = await fetch(server.base + path, body === undefined ? {} : {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    const bytes = new Uint8Array(await response.arrayBuffer());
    return { milliseconds: performance.now() - t, status: response.status, bytes: bytes.length, text: response.ok ? '' : Buffer.from(bytes).toString().slice(0, 200) };
  };
  /** Asks each request in turn and prints the median of their cold times (and the range). */
  const question = async (name: string, requests: { path: string; body?: object }[]) => {
    const answers: Answer[] = [];
    for (const request of requests) {
      const answer = await ask(request.path, request.body);
      if (answer.status !== 200) {
        line(name, `HTTP ${answer.status} for ${request.path}: ${answer.text}`);
        return;
      }
      answers.push(answer);
    }
    const times = answers.map((a) => a.milliseconds);
    const size = median(answers.map((a) => a.bytes));
    line(name, `${ms(median(times))} (${answers.length} cold: ${ms(Math.min(...times))}–${ms(Math.max(...times))}; ${(size / 1e3).toFixed(0)} kB)`);
  };

  try {
    console.log(`\nQuestions, cold, over HTTP (p50 of distinct areas or indicators; the range; the answer's size uncompressed)`);
    line('server start on the scale build (until /health answers)', `${(started / 1000).toFixed(1)} s`);
    // Custom areas are summed from zone-major facts the server loads in the background at start;
    // the questions wait for them, so that the load (a pass over the fact table) does not share the
    // cores with the answers being timed.
    const facts = await customAreaFactsReady(server);
    line('custom-area facts in the server (zone-major typed arrays)', facts.facts === 'ready' ? `${((facts.bytes ?? 0) / 2 ** 20).toFixed(0)} MiB, loaded in ${(facts.seconds ?? 0).toFixed(1)} s after start` : 'not loaded after 3 minutes');
    const councils = (await server.get('/api/v1/areas?level=council&limit=100')).areas as { code: string }[];
    const wards = (await server.get('/api/v1/areas?level=ward2017&limit=100')).areas as { code: string }[];
    const rollable = workload.indicators.filter((i) => i.aggregation !== 'population_weighted_mean');
    const periodOf = (i: number) => workload.periods[workload.periods.length - 1 - (i % workload.periods.length)]!;

    await question('one indicator × one period × 354 wards', spread(rollable, SAMPLES).map((indicator, i) => ({
      path: `/api/v1/indicators/${indicator.code}/values?level=ward2017&period=${periodOf(i)}`,
    })));
    await question('one indicator × one period × 6,976 data zones', spread(rollable, SAMPLES, 1).map((indicator, i) => ({
      path: `/api/v1/indicators/${indicator.code}/values?level=dz2011&period=${periodOf(i)}`,
    })));
    await question('council profile (every indicator, every period)', spread(councils, SAMPLES).map((council) => ({
      path: `/api/v1/areas/council/${council.code}/profile`,
    })));
    await question('ward profile (every indicator, every period)', spread(wards, SAMPLES).map((ward) => ({
      path: `/api/v1/areas/ward2017/${ward.code}/profile`,
    })));
    await question(`custom area of ${CUSTOM_AREA_ZONES} data zones, profile`, spread(workload.dataZones.slice(0, -CUSTOM_AREA_ZONES), SAMPLES).map((first) => {
      const at = workload.dataZones.indexOf(first);
      return { path: '/api/v1/custom-areas/profile', body: { dataZones: workload.dataZones.slice(at, at + CUSTOM_AREA_ZONES), name: `Scale bench area from ${first}` } };
    }));
    await question(`CSV table: 354 wards × ${tableIndicators} indicators × ${workload.periods.length} periods`, Array.from({ length: TABLE_SAMPLES }, (_, i) => ({
      path: `/api/v1/tables?format=csv&level=ward2017&indicators=${spread(workload.indicators, tableIndicators, i).map((x) => x.code).join(',')}&periods=${workload.periods.join(',')}`,
    })));
    line('server memory (RSS) after the questions', `${(server.rss() / 2 ** 20).toFixed(0)} MiB`);
  } finally {
    server.stop();
  }
  await tightLoopLimits(database, workload);
}

/**
 * The limit the answers are measured against: a plain loop over zone-major typed arrays in this
 * process, summing numerators and denominators for every indicator × period over a council's
 * zones and over the custom area's 200 (no flags, no rounding, no JSON): the least work any
 * answer must do. The arrays are loaded (untimed) by the server's own loader.
 */
async function tightLoopLimits(database: string, workload: Pick<ScaleWorkload, 'dataZones'>): Promise<void> {
  const db = await openDatabase(database);
  try {
    const facts = (await zoneFacts(db, 'dz2011'))!;
    const codeToId = new Map((await db.query<{ code: string; id: number }>(`SELECT code, dz_id AS id FROM data_zone WHERE vintage = 'dz2011'`)).map((r) => [r.code, r.id]));
    const councils = await db.query<{ zones: number[] }>(`SELECT list(dz_id) AS zones FROM membership WHERE level_key = 'council' GROUP BY area_id ORDER BY area_id`);
    const sum = (zones: readonly number[]) => {
      const numerators = new Float64Array(facts.slots);
      const denominators = new Float64Array(facts.slots);
      for (const dz of zones) {
        const base = facts.zoneOf[dz]! * facts.slots;
        for (let s = 0; s < facts.slots; s++) {
          const n = facts.numerator[base + s]!;
          if (n === n) numerators[s]! += n;
          const d = facts.denominator[base + s]!;
          if (d === d) denominators[s]! += d;
        }
      }
      return numerators[0]! + denominators[0]!;
    };
    const time = (zoneSets: number[][]) => {
      for (const zones of zoneSets) sum(zones); // warm the loop
      return median(zoneSets.map((zones) => {
        const t = performance.now();
        sum(zones);
        return performance.now() - t;
      }));
    };
    console.log(`\nThe limit: a plain loop over typed arrays in one process (p50, ${facts.slots.toLocaleString('en-GB')} indicator × period cells per zone)`);
    line('council profile (all its zones × every cell)', ms(time(spread(councils, SAMPLES).map((c) => c.zones))));
    const customAreas = spread(workload.dataZones.slice(0, -CUSTOM_AREA_ZONES), SAMPLES).map((first) => {
      const at = workload.dataZones.indexOf(first);
      return workload.dataZones.slice(at, at + CUSTOM_AREA_ZONES).map((code) => codeToId.get(code)!);
    });
    line(`custom area of ${CUSTOM_AREA_ZONES} data zones`, ms(time(customAreas)));
  } finally {
    await db.close();
  }
}
