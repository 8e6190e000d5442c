/**
 * Times spend by deprivation (and the other spend routes) on the real-data build, for Scotland and
 * for one council. The real build has no spend, so this copies it to /tmp, writes a synthetic spend
 * file to /tmp (never committed) and loads it into the copy.
 *
 *   npx tsx tests/bench/spend.ts [/tmp/real-<you>.duckdb] [council code]
 */
import { copyFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { buildApp } from '../../server/src/app.ts';
import { loadConfig } from '../../server/src/config.ts';
import { realDatabase } from './realBuild.ts';

const source = process.argv[2] ?? realDatabase('/tmp/real-spend.duckdb');
const council = process.argv[3] ?? 'S12000047'; // Fife
if (!existsSync(source)) throw new Error(`No database at ${source}: build one with npx tsx etl/src/cli.ts data/scotland --out ${source}`);
const copy = '/tmp/spend-bench.duckdb';
const csv = '/tmp/spend-bench-synthetic.csv';
rmSync(copy, { force: true });
rmSync(`${copy}.wal`, { force: true });
copyFileSync(source, copy);

// Synthetic spend: 3 partners × 2 services each × 3 years for every data zone, more where more deprived.
const instance = await DuckDBInstance.create(copy);
const connection = await instance.connect();
const zones = (await connection.runAndReadAll(`
  SELECT d.dz_id, coalesce(s.rank, 3488) AS rank, coalesce(p.people, 0) AS people FROM data_zone d
  LEFT JOIN simd s ON s.dz_id = d.dz_id AND s.edition = 'SIMD 2020v2'
  LEFT JOIN (SELECT dz_id, sum(persons)::DOUBLE AS people FROM population WHERE year = 2020 GROUP BY dz_id) p ON p.dz_id = d.dz_id
  WHERE d.vintage = 'dz2011'`)).getRowObjectsJS() as { dz_id: number; rank: number; people: number }[];
let seed = 20260101;
const random = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
const services = [
  ['Fife Council', 'Home care', 'hour of care', 28],
  ['Fife Council', 'Libraries', null, 0],
  ['NHS Fife', 'Community nursing', 'visit', 45],
  ['NHS Fife', 'Health visiting', null, 0],
  ['Fife Housing Partnership', 'Tenancy support', 'case', 900],
  ['Fife Housing Partnership', 'Adaptations', 'adaptation', 3500],
] as const;
const lines = ['partner,service,financial_year,dz_id,amount_gbp,activity_count,activity_unit,source_file'];
for (const year of ['2019/20', '2020/21', '2021/22']) {
  for (const [partner, service, unit, cost] of services) {
    for (const z of zones) {
      const need = 1.6 - z.rank / 6976; // 1.6 in the most deprived zone to 0.6 in the least
      const amount = Math.round(z.people * need * (20 + 10 * random()) * 100) / 100;
      const activity = unit ? Math.round(amount / (cost * (0.8 + 0.4 * random()))) : '';
      lines.push(`${partner},${service},${year},${z.dz_id},${amount},${activity},${unit ?? ''},synthetic`);
    }
    lines.push(`${partner},${service},${year},,${Math.round(1e6 * random())},,,synthetic`);
  }
}
writeFileSync(csv, `${lines.join('\n')}\n`);
await connection.run(`INSERT INTO spend BY NAME SELECT *, CASE WHEN dz_id IS NULL THEN NULL ELSE 'data_zone' END AS placed_by FROM read_csv('${csv}', header = true, columns = {
  'partner': 'VARCHAR', 'service': 'VARCHAR', 'financial_year': 'VARCHAR', 'dz_id': 'INTEGER', 'amount_gbp': 'DOUBLE',
  'activity_count': 'DOUBLE', 'activity_unit': 'VARCHAR', 'source_file': 'VARCHAR'})`);
await connection.run('CHECKPOINT');
connection.closeSync();
instance.closeSync();
console.log(`${lines.length - 1} synthetic spend rows over ${zones.length} data zones → ${copy}`);

const app = await buildApp({ ...loadConfig({ DATABASE: copy, LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '0', RATE_LIMIT_EXPENSIVE_PER_MINUTE: '0' }), webDist: null });
async function time(label: string, url: string, runs = 15): Promise<void> {
  const first = performance.now();
  const response = await app.inject({ url });
  const cold = performance.now() - first;
  if (response.statusCode !== 200) throw new Error(`${url} → ${response.statusCode}: ${response.body}`);
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    // The response cache keys answers by URL: an extra, ignored parameter makes each run compute afresh.
    const start = performance.now();
    await app.inject({ url: `${url}${url.includes('?') ? '&' : '?'}bench=${i}` });
    ms.push(performance.now() - start);
  }
  const hitStart = performance.now();
  const hit = await app.inject({ url });
  const cached = performance.now() - hitStart;
  if (hit.headers['x-arealens-cache'] !== 'hit') throw new Error(`${url} was not served from the response cache`);
  ms.sort((a, b) => a - b);
  const body = response.json();
  const ci = body.concentrationIndex?.value;
  console.log(`${label.padEnd(44)} first ${cold.toFixed(0).padStart(5)} ms  median ${ms[runs >> 1]!.toFixed(1).padStart(6)} ms  max ${ms.at(-1)!.toFixed(1).padStart(6)} ms  cached ${cached.toFixed(1).padStart(5)} ms  ${(response.body.length / 1024).toFixed(0)} kB${ci === undefined ? '' : `  C = ${ci.toFixed(4)}`}`);
}
await time('by-deprivation, Scotland (whole build)', '/api/v1/spend/by-deprivation');
await time('by-deprivation, Scotland (level=scotland)', '/api/v1/spend/by-deprivation?level=scotland&area=S92000003');
await time(`by-deprivation, council ${council}`, `/api/v1/spend/by-deprivation?level=council&area=${council}`);
await time(`by-deprivation, council, one service`, `/api/v1/spend/by-deprivation?level=council&area=${council}&partner=NHS%20Fife&service=Community%20nursing&year=2020/21`);
await time('spend, Scotland', '/api/v1/spend');
await time(`spend, council ${council}`, `/api/v1/spend?level=council&area=${council}`);
await time('against-need, wards × SIMD income %', '/api/v1/spend/against-need?level=ward2022&need=simd_income_deprived_pct');
await time('against-need, data zones × SIMD income %', '/api/v1/spend/against-need?level=dz2011&need=simd_income_deprived_pct');
await app.close();
