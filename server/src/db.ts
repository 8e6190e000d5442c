import { existsSync } from 'node:fs';
import {
  DuckDBInstance,
  DuckDBTypeId,
  JSDuckDBValueConverter,
  listValue,
  type DuckDBConnection,
  type DuckDBDataChunk,
  type DuckDBValue,
  type DuckDBValueConverter,
  type JS,
} from '@duckdb/node-api';

/** Values a query may bind: positional ($1, $2…) or named ($q, $level…). Never spliced into SQL. */
export type QueryParams = DuckDBValue[] | Record<string, DuckDBValue>;

/** A list to bind as one parameter (e.g. `unnest($zones::INTEGER[])`). */
export const listParam = (items: readonly (number | string)[]): DuckDBValue => listValue(items);

/** The server's whole use of DuckDB. */
export interface Database {
  readonly path: string;
  /**
   * Runs one statement on a free connection and returns its rows as plain JSON-safe objects.
   * `lane: 'quick'` is for the small lookups a person waits on as they type (area search, postcode):
   * they run on a connection of their own, so long roll-ups filling the pool cannot hold them up.
   */
  query<T = Record<string, unknown>>(sql: string, params?: QueryParams, options?: { lane?: 'quick' }): Promise<T[]>;
  /**
   * `query` for statements that return thousands of rows of numbers (area sums): DuckDB writes the
   * rows as one JSON text and JSON.parse makes the objects. In a CPU profile of 20 ward profiles at
   * 400 indicators × 15 periods, making the rows took 47 ms a request value by value and 22 ms as
   * JSON (timed alone, one area's 6,084 rows differ less: 17–46 against 20–32 ms). Column names
   * are the JSON keys; numbers and text only (no dates, no 64-bit integers past 2^53).
   */
  queryJson<T = Record<string, unknown>>(sql: string, params?: QueryParams): Promise<T[]>;
  /**
   * Runs one long read on a connection of its own, handing each chunk to `onChunk` as it arrives
   * (read it by column vector: no row objects), for loads done in the background
   * that must not hold a pool connection. Stops early, without error, when the database closes.
   */
  stream(sql: string, params: QueryParams, onChunk: (chunk: DuckDBDataChunk) => void): Promise<void>;
  /** Waits for running queries to finish, then closes every connection and the instance. */
  close(): Promise<void>;
}

export class DatabaseMissingError extends Error {
  override name = 'DatabaseMissingError';
  constructor(readonly path: string) {
    super(`No AreaLens database at ${path}. Build real Scotland with \`npm run etl -- data/scotland --out data/build/scotland.duckdb\` (or the synthetic demo with \`npm run etl -- --demo\`), or set DATABASE to a file the ETL has built.`);
  }
}

/** A failed statement, carrying the SQL and values so the error handler can log them (never send them). */
export class QueryError extends Error {
  override name = 'QueryError';
  constructor(readonly sql: string, readonly params: QueryParams | undefined, cause: unknown) {
    super(`DuckDB query failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/**
 * The one place DuckDB values become JSON: 64-bit integers (what count(*) and sum() of integers
 * return) become numbers, DATE becomes 'YYYY-MM-DD' and TIMESTAMP an ISO 8601 string. Everything
 * else, lists and structs included, follows the library's JS conversion, recursing through here.
 */
const toJson: DuckDBValueConverter<JS> = (value, type, converter) => {
  switch (type.typeId) {
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT: {
      const number = Number(value as bigint);
      if (!Number.isSafeInteger(number)) throw new RangeError(`the integer ${String(value)} is too large to send as a JSON number`);
      return number;
    }
    case DuckDBTypeId.DATE:
      return String(value);
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_TZ:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_NS: {
      const date = JSDuckDBValueConverter(value, type, JSDuckDBValueConverter);
      return date instanceof Date ? date.toISOString() : date;
    }
    default:
      return JSDuckDBValueConverter(value, type, converter as DuckDBValueConverter<JS>);
  }
};

/**
 * Opens a built database read-only with a small pool of connections. A DuckDB connection runs one
 * statement at a time, so each query borrows a whole connection and gives it back when done; two
 * to four are plenty for one instance on a small machine (DuckDB parallelises within a query).
 */
export async function openDatabase(path: string, options: { connections?: number } = {}): Promise<Database> {
  if (!existsSync(path)) throw new DatabaseMissingError(path);
  const size = Math.min(4, Math.max(2, options.connections ?? 2));
  // The instance cache hands every opener of this path the same instance, so tests and a second
  // app in the same process share one open file instead of fighting over it.
  // One thread per query: the server's questions are small (a few ms), and splitting each over
  // both cores made them slower at p50 and p90 (5.1 vs 6.0 ms and 9.5 vs 13.0 ms for one
  // indicator over 354 wards, measured here) while the pool's connections already keep both cores
  // busy under concurrent load.
  const instance = await DuckDBInstance.fromCache(path, { access_mode: 'READ_ONLY', threads: '1' });
  const pool = connectionPool(await Promise.all(Array.from({ length: size }, () => instance.connect())));
  const quick = connectionPool([await instance.connect()]);
  let closing: Promise<void> | null = null;
  const streams = new Set<Promise<void>>();

  const database: Database = {
    path,
    async query<T>(sql: string, params?: QueryParams, options?: { lane?: 'quick' }): Promise<T[]> {
      if (closing) throw new QueryError(sql, params, new Error('the database has been closed'));
      const lane = options?.lane === 'quick' ? quick : pool;
      const connection = await lane.acquire();
      try {
        const reader = await connection.runAndReadAll(sql, params);
        return reader.convertRowObjects(toJson) as T[];
      } catch (error) {
        throw new QueryError(sql, params, error);
      } finally {
        lane.release(connection);
      }
    },
    async queryJson<T>(sql: string, params?: QueryParams): Promise<T[]> {
      const [row] = await database.query<{ rows: string | null }>(`SELECT to_json(list(q))::VARCHAR AS rows FROM (${sql}) q`, params);
      return row?.rows ? (JSON.parse(row.rows) as T[]) : [];
    },
    stream(sql, params, onChunk) {
      if (closing) return Promise.reject(new QueryError(sql, params, new Error('the database has been closed')));
      const running = (async () => {
        const connection = await instance.connect();
        try {
          const result = await connection.stream(sql, params);
          while (!closing) {
            const chunk = await result.fetchChunk();
            if (!chunk || chunk.rowCount === 0) break;
            onChunk(chunk);
          }
        } catch (error) {
          throw new QueryError(sql, params, error);
        } finally {
          connection.closeSync();
        }
      })();
      streams.add(running);
      void running.finally(() => streams.delete(running)).catch(() => {});
      return running;
    },
    close() {
      closing ??= (async () => {
        // Streams stop at their next chunk once closing is set; borrowing every connection waits for the queries still running.
        await Promise.allSettled([...streams]);
        const all = (await Promise.all([pool.drain(), quick.drain()])).flat();
        for (const connection of all) connection.closeSync();
        instance.closeSync();
      })();
      return closing;
    },
  };
  return database;
}

/** Connections lent one query at a time, first come first served. */
function connectionPool(connections: DuckDBConnection[]) {
  const idle = [...connections];
  const waiting: ((connection: DuckDBConnection) => void)[] = [];
  const acquire = (): Promise<DuckDBConnection> => {
    const connection = idle.pop();
    return connection ? Promise.resolve(connection) : new Promise((resolve) => waiting.push(resolve));
  };
  const release = (connection: DuckDBConnection) => {
    const next = waiting.shift();
    if (next) next(connection);
    else idle.push(connection);
  };
  return { acquire, release, drain: () => Promise.all(connections.map(() => acquire())) };
}
