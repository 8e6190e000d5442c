import { rmSync } from 'node:fs';
import { BOOLEAN, DOUBLE, DuckDBDataChunk, DuckDBInstance, INTEGER, VARCHAR, type DuckDBAppender, type DuckDBConnection, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';

/** The ETL's whole use of DuckDB: open a new file, run SQL with bound values, append rows, close. */
export interface BuildDatabase {
  connection: DuckDBConnection;
  run(sql: string, params?: DuckDBValue[]): Promise<void>;
  rows<T = Record<string, unknown>>(sql: string, params?: DuckDBValue[]): Promise<T[]>;
  append(table: string, types: ColumnType[], rows: Iterable<Cell[]>): Promise<number>;
  close(): Promise<void>;
}

/** i = INTEGER, d = DOUBLE, s = VARCHAR, b = BOOLEAN */
export type ColumnType = 'i' | 'd' | 's' | 'b';
export type Cell = string | number | boolean | null;

/**
 * Rows per row group in a built file. DuckDB skips a row group whose min/max cannot match, and the
 * fact table is sorted by (indicator, period, data zone), so one indicator × one period is one
 * run: with the default 122,880-row groups that run is read inside a whole group (the real
 * build's 348,800 observations are three), with 16,384 it is read inside one small group. One
 * indicator over all 354 wards went from 13.2 to 6.7 ms (p50) on the real build; questions that
 * select by data zone read every group either way and did not change.
 */
export const ROW_GROUP_SIZE = 16_384;

/**
 * DuckDB's memory for a build. Sorting the fact table and summing it by area are the big
 * operators; past this limit they spill to the temporary folder beside the file, so the whole ETL
 * (the JavaScript heap holds the geography besides) stays under 2 GB at 42M observations.
 */
const BUILD_MEMORY_LIMIT = '768MB';

export async function openBuildDatabase(path: string): Promise<BuildDatabase> {
  // A fresh instance (not the cache): the file is new and is closed before it is swapped in. The
  // file is attached rather than opened so that it can be given its row group size.
  const temporary = `${path}.tmp`;
  const instance = await DuckDBInstance.create(':memory:', { threads: '2', memory_limit: BUILD_MEMORY_LIMIT, temp_directory: temporary });
  const connection = await instance.connect();
  await connection.run(`ATTACH '${path.replaceAll("'", "''")}' AS built (ROW_GROUP_SIZE ${ROW_GROUP_SIZE})`);
  await connection.run('USE built');
  return {
    connection,
    async run(sql, params) {
      await connection.run(sql, params);
    },
    async rows<T>(sql: string, params?: DuckDBValue[]) {
      const reader = await connection.runAndReadAll(sql, params);
      return reader.getRowObjectsJS() as T[];
    },
    async append(table, types, rows) {
      const appender = await connection.createAppender(table);
      try {
        return appendRows(appender, types, rows);
      } finally {
        appender.closeSync();
      }
    },
    async close() {
      await connection.run('CHECKPOINT');
      connection.closeSync();
      instance.closeSync();
      rmSync(temporary, { recursive: true, force: true });
    },
  };
}

const DUCKDB_TYPES: Record<ColumnType, DuckDBType> = { i: INTEGER, d: DOUBLE, s: VARCHAR, b: BOOLEAN };
/** DuckDB's vector size: the rows of one data chunk. */
export const CHUNK_ROWS = 2048;

/**
 * Appends rows a data chunk at a time: half the time of the appender's value-at-a-time calls
 * (0.64 against 1.36 µs a row of seven columns, measured on the 2-core machine). Missing and
 * non-finite numbers are written as NULL.
 */
export function appendRows(appender: DuckDBAppender, types: readonly ColumnType[], rows: Iterable<Cell[]>): number {
  const duckTypes = types.map((t) => DUCKDB_TYPES[t]);
  const columns: DuckDBValue[][] = types.map(() => new Array<DuckDBValue>(CHUNK_ROWS));
  let n = 0;
  let count = 0;
  const flush = () => {
    const chunk = DuckDBDataChunk.create(duckTypes, n);
    chunk.setColumns(n === CHUNK_ROWS ? columns : columns.map((column) => column.slice(0, n)));
    appender.appendDataChunk(chunk);
    count += n;
    n = 0;
  };
  for (const row of rows) {
    for (let i = 0; i < types.length; i++) {
      const value = row[i];
      columns[i]![n] = value === undefined || (typeof value === 'number' && !Number.isFinite(value)) ? null
        : types[i] === 's' && value !== null ? String(value) : value;
    }
    if (++n === CHUNK_ROWS) flush();
  }
  if (n > 0) flush();
  appender.flushSync();
  return count;
}
