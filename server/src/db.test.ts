import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseMissingError, openDatabase, QueryError, type Database } from './db.ts';

/** A small file with the awkward types: 64-bit counts, dates, timestamps, nested lists of structs. */
async function writeSample(): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), 'arealens-db-')), 'sample.duckdb');
  const instance = await DuckDBInstance.create(file);
  const connection = await instance.connect();
  await connection.run(`CREATE TABLE area AS SELECT * FROM (VALUES (1, 'S13000001', 'Muirend'), (2, 'S13000002', 'Braeside')) t(area_id, code, name)`);
  connection.closeSync();
  instance.closeSync();
  return file;
}

describe('the database module', () => {
  let db: Database;

  beforeAll(async () => {
    db = await openDatabase(await writeSample());
  });
  afterAll(() => db?.close());

  it('returns JSON-safe rows: 64-bit integers as numbers, dates as YYYY-MM-DD, timestamps as ISO 8601, nested values converted too', async () => {
    const [row] = await db.query(`
      SELECT count(*) AS n, 9007199254740991::BIGINT AS biggest, 12::HUGEINT AS huge, DATE '2020-03-31' AS day,
        TIMESTAMP '2026-01-02 03:04:05.5' AS at, [{ 'start': DATE '2019-04-01', 'n': 2::BIGINT }] AS periods, NULL AS nothing
      FROM area`);
    expect(row).toEqual({ n: 2, biggest: 9007199254740991, huge: 12, day: '2020-03-31', at: '2026-01-02T03:04:05.500Z', periods: [{ start: '2019-04-01', n: 2 }], nothing: null });
    expect(JSON.parse(JSON.stringify(row))).toEqual(row);
  });

  it('answers a quick-lane lookup while long queries hold every pooled connection, and queues an ordinary one behind them', async () => {
    const finished: string[] = [];
    const long = (name: string) => db.query('SELECT count(*) AS n FROM range(150000000) t(i) WHERE i % 7 = 3').then(() => finished.push(name));
    const longs = [long('long 1'), long('long 2')];
    const ordinary = db.query(`SELECT name FROM area WHERE code = 'S13000001'`).then(() => finished.push('ordinary'));
    const [quick] = await db.query<{ name: string }>(`SELECT name FROM area WHERE code = $code`, { code: 'S13000002' }, { lane: 'quick' });
    finished.push('quick');
    expect(quick).toEqual({ name: 'Braeside' });
    await Promise.all([...longs, ordinary]);
    // The quick lookup did not wait for the pool; the ordinary one waited for a long one to give a connection back.
    expect(finished[0]).toBe('quick');
    expect(finished[1]).toMatch(/^long/);
    expect(finished.indexOf('ordinary')).toBeGreaterThan(1);
  });

  it('refuses integers JSON cannot hold exactly rather than rounding them', async () => {
    await expect(db.query('SELECT 9007199254740993::BIGINT AS n')).rejects.toThrow('too large to send as a JSON number');
  });

  it('binds values, positional or named, and never reads them as SQL', async () => {
    expect(await db.query('SELECT name FROM area WHERE code = $1', ['S13000002'])).toEqual([{ name: 'Braeside' }]);
    expect(await db.query('SELECT name FROM area WHERE code = $code', { code: 'S13000001' })).toEqual([{ name: 'Muirend' }]);
    expect(await db.query('SELECT name FROM area WHERE code = $code', { code: "x' OR '1'='1" })).toEqual([]);
  });

  it('wraps a failed statement in a QueryError that carries the SQL and values', async () => {
    const failure = await db.query('SELECT * FROM nowhere WHERE x = $1', [1]).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(QueryError);
    expect(failure).toMatchObject({ sql: 'SELECT * FROM nowhere WHERE x = $1', params: [1] });
    expect((failure as Error).message).toContain('nowhere');
  });

  it('opens the file read-only', async () => {
    await expect(db.query(`INSERT INTO area VALUES (3, 'S13000003', 'Westhaugh Ward')`)).rejects.toThrow(/read-only/i);
  });

  it('runs many queries at once on its few connections, each answering its own question', async () => {
    const answers = await Promise.all(Array.from({ length: 24 }, (_, i) => db.query<{ i: number }>('SELECT $1::INTEGER AS i FROM range(1000) LIMIT 1', [i])));
    expect(answers.map(([row]) => row!.i)).toEqual(Array.from({ length: 24 }, (_, i) => i));
  });

  it('finishes running queries before closing, and refuses new ones after', async () => {
    const other = await openDatabase(db.path);
    const running = other.query<{ n: number }>('SELECT count(*) AS n FROM range(2000000)');
    await other.close();
    await expect(running).resolves.toEqual([{ n: 2000000 }]);
    await expect(other.query('SELECT 1')).rejects.toThrow('the database has been closed');
    // Closing one opener leaves the shared, cached instance open for the others.
    expect(await db.query('SELECT count(*) AS n FROM area')).toEqual([{ n: 2 }]);
  });

  it('names a missing file and the command that builds one', async () => {
    const missing = join(tmpdir(), 'arealens-nowhere', 'demo.duckdb');
    await expect(openDatabase(missing)).rejects.toThrow(DatabaseMissingError);
    await expect(openDatabase(missing)).rejects.toThrow(`No AreaLens database at ${missing}. Build real Scotland with \`npm run etl -- data/scotland --out data/build/scotland.duckdb\``);
  });
});
