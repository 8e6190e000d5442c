/**
 * Copies a built AreaLens database into PostgreSQL: the tables the roll-ups read, created from
 * etl/schema.sql (the same columns, types, primary and unique keys), exported by DuckDB with
 * `COPY ... TO` CSV and read by PostgreSQL with `COPY ... FROM`, then indexed the way a team
 * serving these queries from PostgreSQL would, clustered and analysed.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Database } from '../../../server/src/db.ts';
import type { Cluster } from './cluster.ts';

export const TABLES = ['area', 'membership', 'data_zone', 'observation', 'indicator', 'period', 'population', 'simd', 'spend'] as const;

const SCHEMA = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../etl/schema.sql');

/**
 * Beyond the schema's keys. observation has no key in DuckDB, where the file is simply sorted by
 * (indicator_id, period_id, dz_id); here that becomes the primary key and the table is CLUSTERed
 * on it, so one indicator × period is one contiguous run of pages, as in DuckDB. The rest serve
 * the joins the roll-ups make: from an area or a level to its data zones, from a data zone to its
 * observations, and the year / financial-year filters of spend per head.
 */
export const INDEXES = [
  'ALTER TABLE observation ADD PRIMARY KEY (indicator_id, period_id, dz_id)',
  'CREATE INDEX observation_dz ON observation (dz_id)',
  'CREATE INDEX membership_level_area ON membership (level_key, area_id)',
  'CREATE INDEX membership_area ON membership (area_id)',
  'CREATE INDEX membership_dz ON membership (dz_id)',
  'CREATE INDEX population_year_dz ON population (year, dz_id)',
  'CREATE INDEX spend_year_dz ON spend (financial_year, dz_id)',
  'CLUSTER observation USING observation_pkey',
];

/** The CREATE TABLE statements of schema.sql for our tables, in PostgreSQL's spelling (DOUBLE is DOUBLE PRECISION there). */
function createStatements(): string[] {
  const sql = readFileSync(SCHEMA, 'utf8');
  return TABLES.map((table) => {
    const match = new RegExp(`CREATE TABLE ${table} \\([\\s\\S]*?\\n\\);`).exec(sql);
    if (!match) throw new Error(`etl/schema.sql has no CREATE TABLE ${table}`);
    return match[0].replace(/\bDOUBLE\b/g, 'DOUBLE PRECISION');
  });
}

export interface LoadReport {
  rows: Record<string, number>;
  exportSeconds: number;
  copySeconds: number;
  indexSeconds: number;
}

/** Creates database `name` in the cluster and fills it from `duck`. Returns a client connected to it. */
export async function loadIntoPostgres(duck: Database, cluster: Cluster, name: string): Promise<{ client: pg.Client; report: LoadReport }> {
  const connection = { host: cluster.host, port: cluster.port, user: cluster.user, password: cluster.password };
  const admin = new pg.Client({ ...connection, database: 'postgres' });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const client = new pg.Client({ ...connection, database: name });
  await client.connect();
  try {
    for (const statement of createStatements()) await client.query(statement);

    const rows: Record<string, number> = {};
    let t0 = performance.now();
    const files = new Map<string, string>();
    for (const table of TABLES) {
      const file = join(cluster.shareDir, `${name}-${table}.csv`);
      // A read-only DuckDB may still write files; COPY TO writes the table in its column order.
      await duck.query(`COPY ${table} TO '${file}' (FORMAT csv, HEADER true)`);
      files.set(table, file);
    }
    const exportSeconds = (performance.now() - t0) / 1000;

    t0 = performance.now();
    for (const table of TABLES) {
      // HEADER MATCH makes PostgreSQL check the CSV's column names against the table's, in order.
      const result = await client.query(`COPY ${table} FROM '${files.get(table)}' WITH (FORMAT csv, HEADER match)`);
      rows[table] = result.rowCount ?? 0;
      rmSync(files.get(table)!);
    }
    const copySeconds = (performance.now() - t0) / 1000;

    t0 = performance.now();
    for (const statement of INDEXES) await client.query(statement);
    await client.query('VACUUM ANALYZE');
    // Write the loaded pages out now, so that the checkpointer is not busy during the timed runs.
    await client.query('CHECKPOINT');
    const indexSeconds = (performance.now() - t0) / 1000;

    for (const table of TABLES) {
      const [duckRows] = await duck.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${table}`);
      if (duckRows!.n !== rows[table]) throw new Error(`${name}.${table}: DuckDB has ${duckRows!.n} rows, PostgreSQL loaded ${rows[table]}`);
    }
    return { client, report: { rows, exportSeconds, copySeconds, indexSeconds } };
  } catch (error) {
    await client.end();
    throw error;
  }
}
