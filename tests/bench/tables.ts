/**
 * How long advanced-table downloads take on the real build, through app.inject() as a client
 * would see them (query, roll-up, formatting and, for CSV, streaming the body).
 *
 *   npx tsx tests/bench/tables.ts [--http]
 *
 * With --http the app listens on a free local port and the bench fetches over HTTP instead:
 * inject() keeps every chunk of a streamed body (and decodes it to a string), which a real
 * socket does not, so for the largest tables the HTTP figures are the fairer ones.
 *
 * Reads REAL_DB (default /tmp/real-tables.duckdb), building it from data/scotland first when
 * it is missing (about a minute on a shared two-core machine).
 */
import { buildApp } from '../../server/src/app.ts';
import { loadConfig } from '../../server/src/config.ts';
import { realDatabase } from './realBuild.ts';

const DATABASE = realDatabase('/tmp/real-tables.duckdb');
const RUNS = 5;
const OVER_HTTP = process.argv.includes('--http');

/** Ten real indicators, each asked for at its latest period (most now have two or three), so rows = areas × indicators. */
const INDICATORS = [
  'simd_income_deprived_pct', 'simd_employment_deprived_pct', 'pop_total', 'pop_65plus_pct', 'pop_children_pct',
  'simd_crime_rate', 'simd_smr', 'simd_cif', 'census22_social_rented_pct', 'census22_flats_pct',
];

const CASES: { label: string; query: string; formats: string[]; runs?: number }[] = [
  { label: '355 wards × 1 indicator (9,585 cells)', query: `level=ward2022&indicators=${INDICATORS[0]}&periods=latest`, formats: ['csv', 'arrow', 'json', 'xlsx'] },
  { label: '355 wards × 10 indicators (95,850 cells)', query: `level=ward2022&indicators=${INDICATORS.join(',')}&periods=latest`, formats: ['csv', 'arrow', 'json', 'xlsx'] },
  { label: '6,976 data zones × 10 indicators (1,883,520 cells)', query: `level=dz2011&indicators=${INDICATORS.join(',')}&periods=latest`, formats: ['csv', 'arrow', 'json', 'xlsx'], runs: 2 },
];


const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 0)} ms`;
const size = (bytes: number) => (bytes > 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(1)} KB`);

async function main(): Promise<void> {
  const app = await buildApp(loadConfig({ DATABASE, LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '0', RATE_LIMIT_EXPENSIVE_PER_MINUTE: '0' }));
  try {
    const base = OVER_HTTP ? await app.listen({ host: '127.0.0.1', port: 0 }) : null;
    const get = async (url: string) => {
      if (!base) {
        const response = await app.inject({ url });
        return { status: response.statusCode, bytes: response.rawPayload.length, rows: response.headers['x-arealens-table-rows'], text: () => response.body };
      }
      const response = await fetch(base + url);
      const body = new Uint8Array(await response.arrayBuffer());
      return { status: response.status, bytes: body.length, rows: response.headers.get('x-arealens-table-rows'), text: () => Buffer.from(body).toString() };
    };
    console.log(`tables bench on ${DATABASE} (build ${app.build.id}) through ${base ? 'HTTP' : 'inject()'}, median of ${RUNS} runs (2 for the largest table) after one cold run`);
    for (const { label, query, formats, runs = RUNS } of CASES) {
      console.log(`\n${label}`);
      for (const format of formats) {
        const times: number[] = [];
        let bytes = 0;
        let rows = '';
        let cold = 0;
        for (let run = 0; run <= runs; run++) {
          const t0 = performance.now();
          const response = await get(`/api/v1/tables?${query}&format=${format}`);
          const elapsed = performance.now() - t0;
          if (response.status !== 200) throw new Error(`${format}: ${response.status} ${response.text().slice(0, 300)}`);
          bytes = response.bytes;
          rows = String(response.rows);
          if (run === 0) cold = elapsed;
          else times.push(elapsed);
        }
        times.sort((a, b) => a - b);
        console.log(`  ${format.padEnd(6)} median ${ms(times[Math.floor(times.length / 2)]!).padStart(9)}   cold ${ms(cold).padStart(9)}   ${rows} rows, ${size(bytes)}`);
      }
    }
  } finally {
    await app.close();
  }
}

await main();
