import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';

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

export async function openBuildDatabase(path: string): Promise<BuildDatabase> {
  // A fresh instance (not the cache): the file is new and is closed before it is swapped in.
  const instance = await DuckDBInstance.create(path, { threads: '2' });
  const connection = await instance.connect();
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
      let count = 0;
      try {
        for (const row of rows) {
          for (let i = 0; i < types.length; i++) {
            const value = row[i];
            if (value === null || value === undefined || (typeof value === 'number' && !Number.isFinite(value))) appender.appendNull();
            else if (types[i] === 'i') appender.appendInteger(value as number);
            else if (types[i] === 'd') appender.appendDouble(value as number);
            else if (types[i] === 'b') appender.appendBoolean(value as boolean);
            else appender.appendVarchar(String(value));
          }
          appender.endRow();
          count += 1;
        }
        appender.flushSync();
      } finally {
        appender.closeSync();
      }
      return count;
    },
    async close() {
      await connection.run('CHECKPOINT');
      connection.closeSync();
      instance.closeSync();
    },
  };
}
