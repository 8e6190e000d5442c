import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDatabase } from '../../etl/src/build.ts';
import { fixtureCopy, MINI_FIXTURE, scratchFile } from '../../etl/src/testing.ts';
import { buildApp } from '../../server/src/app.ts';
import { ConfigError, loadConfig } from '../../server/src/config.ts';
import { proportionInterval } from '../../server/src/stats/confidence.ts';

/**
 * Cells, not rows, are what the limit counts. The columns are the contract of the download, so the
 * test spells them out rather than importing them.
 */
const COLUMN_NAMES = [
  'geography_level', 'geography_level_label', 'area_code', 'area_name', 'indicator_code', 'indicator_title', 'unit', 'period',
  'value', 'numerator', 'denominator', 'lower_confidence_interval', 'upper_confidence_interval', 'suppressed', 'suppression_reason', 'note',
  'comparator_code', 'comparator_name', 'comparator_value', 'council_code', 'council_name', 'council_value',
  'aggregation', 'source', 'licence', 'build_id', 'synthetic',
];
const NUMBER_COLUMNS = ['value', 'numerator', 'denominator', 'lower_confidence_interval', 'upper_confidence_interval', 'comparator_value', 'council_value'];
const BOOLEAN_COLUMNS = ['suppressed', 'synthetic'];

type Row = Record<string, string | number | boolean | null>;

/** The fixture's own observations, read from its CSV: what the table must reproduce by summing. */
const observations = readFileSync(join(MINI_FIXTURE, 'observations.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
const obs = (indicator: string, period: string, dz: string) => observations.find((r) => r[0] === indicator && r[1] === period && r[2] === dz)!;
const sumOf = (indicator: string, period: string, zones: number[], column: 3 | 4) =>
  zones.reduce((n, z) => n + Number(obs(indicator, period, `S0100000${z}`)[column]), 0);

/** An intermediate zone and a ward whose names a spreadsheet would run as formulas. */
const HOSTILE_IZ = '=HYPERLINK("http://example.com/x","Eastmuir North")';
const HOSTILE_WARD = '@Braeside';

describe('GET/POST /api/v1/tables', () => {
  let app: FastifyInstance;
  let database: string;
  let buildId: string;

  const inject = (url: string) => app.inject({ url: `/api/v1/tables?${url}` });
  const json = async (url: string): Promise<{ status: number; body: { columns: { name: string; type: string }[]; rows: unknown[][]; truncated: boolean; build: { id: string }; message: string } }> => {
    const response = await inject(url);
    return { status: response.statusCode, body: response.json() };
  };
  /** JSON rows as objects keyed by column name. */
  const rowsOf = async (url: string): Promise<Row[]> => {
    const { status, body } = await json(url);
    expect(status).toBe(200);
    return body.rows.map((cells) => Object.fromEntries(body.columns.map((c, i) => [c.name, cells[i]])) as Row);
  };
  const find = (rows: Row[], area: string, indicator: string, period: string) =>
    rows.find((r) => r.area_code === area && r.indicator_code === indicator && r.period === period)!;
  const values = async (indicator: string, level: string, period: string) => (await app.inject({ url: `/api/v1/indicators/${indicator}/values?level=${level}&period=${encodeURIComponent(period)}` })).json();

  beforeAll(async () => {
    const { dir, manifest } = fixtureCopy({
      'lookup_dz.csv': (text) => text
        .replaceAll(',S02000001,Eastmuir North,', `,S02000001,"${HOSTILE_IZ.replaceAll('"', '""')}",`)
        .replaceAll(',S13000002,Braeside,', `,S13000002,${HOSTILE_WARD},`),
    });
    database = scratchFile('tables.duckdb');
    ({ buildId } = await buildDatabase({ manifest, baseDir: dir, out: database }));
    app = await buildApp(loadConfig({ DATABASE: database, LOG_LEVEL: 'silent', RATE_LIMIT_EXPENSIVE_PER_MINUTE: '0' }));
  });
  afterAll(() => app?.close());

  describe('figures', () => {
    const INDICATORS = ['test_pct', 'test_events', 'test_sr', 'test_score', 'test_median_price', 'pop_total', 'simd_income_deprived_pct'];

    it.each(['ward2017', 'council', 'iz2011', 'dz2011', 'locality'])('equals /indicators/:indicator/values for every %s, indicator and period', async (level) => {
      const rows = await rowsOf(`level=${level}&indicators=${INDICATORS.join(',')}`);
      let compared = 0;
      for (const indicator of INDICATORS) {
        const periods = (await app.inject({ url: `/api/v1/indicators/${indicator}/values?level=${level}` })).json().periods as string[];
        expect(periods.length).toBeGreaterThan(0);
        for (const period of periods) {
          const reply = await values(indicator, level, period);
          const councils = level === 'council' || level === 'scotland' ? null : await values(indicator, 'council', period);
          for (const area of reply.areas) {
            const row = find(rows, area.code, indicator, period);
            expect(row, `${level} ${area.code} ${indicator} ${period}`).toBeDefined();
            expect({
              name: row.area_name, value: row.value, numerator: row.numerator, denominator: row.denominator,
              lowerConfidenceInterval: row.lower_confidence_interval, upperConfidenceInterval: row.upper_confidence_interval,
              suppressed: row.suppressed, suppressionReason: row.suppression_reason, note: row.note,
            }).toEqual({
              name: area.name, value: area.value, numerator: area.numerator, denominator: area.denominator,
              lowerConfidenceInterval: area.lowerConfidenceInterval, upperConfidenceInterval: area.upperConfidenceInterval,
              suppressed: area.suppressed, suppressionReason: area.suppressionReason, note: area.note,
            });
            if (reply.comparator) {
              expect(row.comparator_code).toBe(reply.comparator.code);
              expect(row.comparator_value).toBe(reply.comparator.suppressed ? null : reply.comparator.value);
            }
            if (councils && row.council_code !== null) {
              const council = councils.areas.find((c: { code: string }) => c.code === row.council_code);
              expect(row.council_value).toBe(council.suppressed ? null : council.value);
            }
            compared++;
          }
        }
      }
      expect(rows.length).toBe(compared);
    });

    it('re-derives a ward rate from the fixture, with Scotland and the council alongside', async () => {
      const rows = await rowsOf('level=ward2017&areas=S13000001&indicators=test_pct&periods=2019/20');
      expect(rows).toHaveLength(1);
      const row = rows[0]!;
      // Ward S13000001 (Muirend) is data zones 1, 5 and 6; Eastmuir council is 1, 2, 3, 5, 6, 7; Scotland all eight.
      const num = sumOf('test_pct', '2019/20', [1, 5, 6], 3);
      const den = sumOf('test_pct', '2019/20', [1, 5, 6], 4);
      const interval = proportionInterval(num, den, 100)!;
      expect(row).toMatchObject({
        geography_level: 'ward2017', geography_level_label: 'Multi-member ward (2017)', area_name: 'Muirend', unit: '%', aggregation: 'ratio',
        numerator: num, denominator: den, suppressed: false, suppression_reason: null,
        comparator_code: 'S92000003', comparator_name: 'Scotland', council_code: 'S12000001', council_name: 'Eastmuir',
        licence: 'Open Government Licence v3.0', source: 'Fixture', build_id: buildId, synthetic: true,
      });
      expect(row.value).toBeCloseTo((100 * num) / den, 12);
      expect(row.lower_confidence_interval).toBeCloseTo(interval.lower, 12);
      expect(row.upper_confidence_interval).toBeCloseTo(interval.upper, 12);
      const all = [1, 2, 3, 4, 5, 6, 7, 8];
      expect(row.comparator_value).toBeCloseTo((100 * sumOf('test_pct', '2019/20', all, 3)) / sumOf('test_pct', '2019/20', all, 4), 12);
      const eastmuir = [1, 2, 3, 5, 6, 7];
      expect(row.council_value).toBeCloseTo((100 * sumOf('test_pct', '2019/20', eastmuir, 3)) / sumOf('test_pct', '2019/20', eastmuir, 4), 12);
    });

    it('carries suppression flags and reasons: small counts, withheld zones, medians above their level', async () => {
      const zones = await rowsOf('level=dz2011&areas=S01000001,S01000003,S01000004&indicators=test_events&periods=2019');
      expect(find(zones, 'S01000001', 'test_events', '2019')).toMatchObject({ value: null, suppressed: true, suppression_reason: 'small_count', note: expect.stringContaining('Fewer than 5') });
      expect(find(zones, 'S01000003', 'test_events', '2019')).toMatchObject({ value: 0, suppressed: false });
      expect(find(zones, 'S01000004', 'test_events', '2019')).toMatchObject({ value: 7, suppressed: false });
      // Scotland's total is every zone's events, small ones included: suppression hides a cell, it does not drop its events.
      expect(find(zones, 'S01000004', 'test_events', '2019').comparator_value).toBe(sumOf('test_events', '2019', [1, 2, 3, 4, 5, 6, 7, 8], 3));

      const izs = await rowsOf('level=iz2011&areas=S02000001&indicators=test_events&periods=2019');
      expect(izs[0]).toMatchObject({ value: sumOf('test_events', '2019', [1, 2, 5], 3), suppressed: false }); // 2 + 3 + 1

      const councils = await rowsOf('level=council&indicators=test_pct,test_median_price&periods=latest');
      // Eastmuir's 2020/21 contains a withheld zone: suppressed, never summed as if it were zero, and Scotland with it.
      expect(find(councils, 'S12000001', 'test_pct', '2020/21')).toMatchObject({ value: null, numerator: null, suppressed: true, suppression_reason: 'withheld_at_source', comparator_value: null });
      expect(find(councils, 'S12000002', 'test_pct', '2020/21')).toMatchObject({ suppressed: false });
      expect(councils.filter((r) => r.indicator_code === 'test_median_price').every((r) => r.suppression_reason === 'not_aggregable' && r.value === null)).toBe(true);
    });

    it('gives one row per area × indicator × period: areas in the order asked, indicators as asked, periods oldest first, duplicates once', async () => {
      const rows = await rowsOf('level=council&areas=S12000002,S12000001,S12000002&indicators=test_pct,pop_total,test_pct');
      expect(rows.map((r) => [r.area_code, r.indicator_code, r.period])).toEqual([
        ['S12000002', 'test_pct', '2019/20'], ['S12000002', 'test_pct', '2020/21'], ['S12000002', 'pop_total', '2017'], ['S12000002', 'pop_total', '2020'],
        ['S12000001', 'test_pct', '2019/20'], ['S12000001', 'test_pct', '2020/21'], ['S12000001', 'pop_total', '2017'], ['S12000001', 'pop_total', '2020'],
      ]);
      // Councils have no council above them; Scotland is still their comparator.
      expect(rows.every((r) => r.council_code === null && r.council_value === null && r.comparator_code === 'S92000003')).toBe(true);
    });

    it("selects periods: a label where an indicator has it, 'latest' for each indicator's own latest, all when omitted", async () => {
      const latest = await rowsOf('level=council&areas=S12000001&indicators=test_pct,test_events,pop_total&periods=latest');
      expect(latest.map((r) => `${r.indicator_code} ${r.period}`)).toEqual(['test_pct 2020/21', 'test_events 2020', 'pop_total 2020']);
      const mixed = await rowsOf('level=council&areas=S12000001&indicators=test_pct,test_events&periods=2019,LATEST');
      expect(mixed.map((r) => `${r.indicator_code} ${r.period}`)).toEqual(['test_pct 2020/21', 'test_events 2019', 'test_events 2020']);
      const all = await rowsOf('level=council&areas=S12000001&indicators=test_pct');
      expect(all.map((r) => r.period)).toEqual(['2019/20', '2020/21']);
    });

    it('answers a POSTed request exactly as the same GET, with the format in the body or the query', async () => {
      const get = await inject('level=ward2017&areas=S13000001,S13000003&indicators=test_pct,pop_total&periods=2019/20,latest');
      const post = await app.inject({ method: 'POST', url: '/api/v1/tables', payload: { level: 'ward2017', areas: ['S13000001', 'S13000003'], indicators: ['test_pct', 'pop_total'], periods: ['2019/20', 'latest'] } });
      expect(post.statusCode).toBe(200);
      expect(post.json()).toEqual(get.json());
      const csvBody = await app.inject({ method: 'POST', url: '/api/v1/tables', payload: { level: 'council', indicators: ['pop_total'], format: 'csv' } });
      const csvQuery = await app.inject({ method: 'POST', url: '/api/v1/tables?format=csv', payload: { level: 'council', indicators: ['pop_total'] } });
      expect(csvBody.headers['content-type']).toMatch(/^text\/csv/);
      expect(csvQuery.body).toBe(csvBody.body);
    });
  });

  describe('formats', () => {
    const QUERY = 'level=ward2017&indicators=test_pct,test_events,pop_total&periods=2019/20,2019,latest';

    it('JSON: build, typed column list, rows in column order, never truncated; a file name that says what it holds', async () => {
      const response = await inject(QUERY);
      expect(response.headers['content-disposition']).toBe(`attachment; filename="arealens_ward2017_3-indicators_2019-20+2019+latest_build-${buildId.slice(0, 8)}.json"`);
      const body = response.json();
      expect(body.build).toMatchObject({ id: buildId, synthetic: true });
      expect(body.truncated).toBe(false);
      expect(body.columns.map((c: { name: string }) => c.name)).toEqual(COLUMN_NAMES);
      expect(body.columns.filter((c: { type: string }) => c.type === 'number').map((c: { name: string }) => c.name)).toEqual(NUMBER_COLUMNS);
      expect(body.columns.filter((c: { type: string }) => c.type === 'boolean').map((c: { name: string }) => c.name)).toEqual(BOOLEAN_COLUMNS);
      expect(body.rows.every((r: unknown[]) => r.length === COLUMN_NAMES.length)).toBe(true);
      expect(Number(response.headers['x-arealens-table-rows'])).toBe(body.rows.length);
      // Asked again, it is still a named download (no cache replays it without its headers).
      const again = await inject(QUERY);
      expect(again.headers['content-disposition']).toBe(response.headers['content-disposition']);
      expect(again.body).toBe(response.body);
    });

    it('CSV: RFC 4180 with a BOM and CRLF, header row, numbers unrounded, the same cells as JSON', async () => {
      const expected = await rowsOf(QUERY);
      const response = await inject(`${QUERY}&format=csv`);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
      expect(response.headers['content-disposition']).toMatch(/^attachment; filename="arealens_ward2017_3-indicators_.*\.csv"$/);
      const text = response.rawPayload.toString('utf8');
      expect(text.startsWith('\uFEFF')).toBe(true);
      expect(text.endsWith('\r\n')).toBe(true);
      expect(text.replaceAll('\r\n', '').includes('\n')).toBe(false); // no bare LF: notes hold none
      const records = parse(text, { bom: true, relax_column_count: false }) as string[][];
      expect(records[0]).toEqual(COLUMN_NAMES);
      expect(records).toHaveLength(expected.length + 1);
      for (const [i, cells] of records.slice(1).entries()) {
        const want = expected[i]!;
        for (const [j, name] of COLUMN_NAMES.entries()) {
          const cell = cells[j]!;
          const value = want[name];
          if (value === null) expect(cell, name).toBe('');
          else if (typeof value === 'number') expect(Number(cell), name).toBe(value); // exact: every digit kept
          else if (typeof value === 'boolean') expect(cell, name).toBe(String(value));
          else expect(cell.replace(/^'(?=[=+\-@\t\r])/, ''), name).toBe(value);
        }
      }
      // A suppressed row: flags and reason kept, figures empty (never 0).
      const suppressed = records.find((r) => r[2] === 'S13000001' && r[4] === 'test_pct' && r[7] === '2020/21')!;
      expect(suppressed.slice(8, 16)).toEqual(['', '', '', '', '', 'true', 'withheld_at_source', expect.stringContaining('withheld')]);
    });

    it('XLSX: a Data sheet with typed cells, a Metadata sheet with each indicator and the build, a Notes sheet on suppression', async () => {
      const expected = await rowsOf(QUERY);
      const response = await inject(`${QUERY}&format=xlsx`);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(response.headers['content-disposition']).toMatch(/\.xlsx"$/);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
      expect(workbook.worksheets.map((s) => s.name)).toEqual(['Data', 'Metadata', 'Notes']);
      const data = workbook.getWorksheet('Data')!;
      expect((data.getRow(1).values as unknown[]).slice(1)).toEqual(COLUMN_NAMES);
      expect(data.rowCount).toBe(expected.length + 1);
      for (const [i, want] of expected.entries()) {
        const row = data.getRow(i + 2);
        for (const [j, name] of COLUMN_NAMES.entries()) {
          const cell = row.getCell(j + 1);
          const value = want[name];
          if (value === null) expect(cell.type, `${name} row ${i}`).toBe(ExcelJS.ValueType.Null);
          else {
            expect(cell.value, name).toBe(value);
            expect(cell.type).toBe(typeof value === 'number' ? ExcelJS.ValueType.Number : typeof value === 'boolean' ? ExcelJS.ValueType.Boolean : ExcelJS.ValueType.String);
          }
        }
      }
      const metadata = workbook.getWorksheet('Metadata')!;
      const metadataText: string[] = [];
      metadata.eachRow((row) => metadataText.push((row.values as unknown[]).slice(1).map(String).join(' | ')));
      expect(metadataText).toContain(`Build id | ${buildId}`);
      const pct = metadataText.find((line) => line.startsWith('test_pct |'))!;
      expect(pct).toContain('Residents with the thing (%)');
      expect(pct).toContain('summed, then divided');
      expect(pct).toContain('Fixture');
      expect(pct).toContain('Open Government Licence v3.0');
      expect(pct).toContain('2019/20, 2020/21');
      const notes: string[] = [];
      workbook.getWorksheet('Notes')!.eachRow((row) => notes.push((row.values as unknown[]).slice(1).join(' ')));
      for (const reason of ['small_count', 'withheld_at_source', 'incomplete', 'not_aggregable', 'no_denominator']) {
        expect(notes.some((line) => line.startsWith(reason))).toBe(true);
      }
      expect(notes.join('\n')).toContain('never counted as zero');
    });

    it('Arrow: an IPC stream with Utf8, Float64 and Bool columns and the same cells as JSON', async () => {
      const expected = await rowsOf(QUERY);
      const response = await inject(`${QUERY}&format=arrow`);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/vnd.apache.arrow.stream');
      expect(response.headers['content-disposition']).toMatch(/\.arrows"$/);
      const table = tableFromIPC(response.rawPayload);
      expect(table.schema.fields.map((f) => f.name)).toEqual(COLUMN_NAMES);
      for (const field of table.schema.fields) {
        const want = NUMBER_COLUMNS.includes(field.name) ? 'Float64' : BOOLEAN_COLUMNS.includes(field.name) ? 'Bool' : 'Utf8';
        expect(String(field.type), field.name).toBe(want);
      }
      expect(table.schema.metadata.get('build_id')).toBe(buildId);
      expect(table.numRows).toBe(expected.length);
      const rows = table.toArray().map((r) => r.toJSON());
      for (const [i, want] of expected.entries()) {
        for (const name of COLUMN_NAMES) expect(rows[i]![name] ?? null, `${name} row ${i}`).toEqual(want[name]);
      }
    });

    it('streams a whole level as CSV: every data zone × every indicator × every period', async () => {
      const catalogue = (await app.inject({ url: '/api/v1/indicators' })).json().indicators.map((i: { code: string }) => i.code);
      const response = await inject(`level=dz2011&indicators=${catalogue.join(',')}&format=csv`);
      expect(response.statusCode).toBe(200);
      expect(response.headers['transfer-encoding']).toBe('chunked'); // streamed, not one Content-Length body
      const records = parse(response.rawPayload.toString('utf8'), { bom: true }) as string[][];
      expect(records.length - 1).toBe(Number(response.headers['x-arealens-table-rows']));
      expect(new Set(records.slice(1).map((r) => r[2])).size).toBe(8);
    });
  });

  describe('formula injection', () => {
    it('CSV prefixes text that a spreadsheet would run (=, +, -, @, tab, CR) with a single quote, and leaves numbers alone', async () => {
      const response = await inject('level=iz2011&areas=S02000001&indicators=test_pct&periods=2019/20&format=csv');
      const [, row] = parse(response.rawPayload.toString('utf8'), { bom: true }) as string[][];
      expect(row![3]).toBe(`'${HOSTILE_IZ}`);
      expect(Number(row![8])).toBeGreaterThan(0);
      const ward = parse((await inject('level=ward2017&areas=S13000002&indicators=pop_total&format=csv')).rawPayload.toString('utf8'), { bom: true }) as string[][];
      expect(ward[1]![3]).toBe(`'${HOSTILE_WARD}`);
      // The JSON keeps the name as it is: only spreadsheet formats need the guard.
      const rows = await rowsOf('level=iz2011&areas=S02000001&indicators=test_pct&periods=2019/20');
      expect(rows[0]!.area_name).toBe(HOSTILE_IZ);
    });

    it('XLSX writes such text as a plain string cell, never a formula', async () => {
      const response = await inject('level=iz2011&areas=S02000001&indicators=test_pct&format=xlsx');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
      const cell = workbook.getWorksheet('Data')!.getRow(2).getCell(4);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.value).toBe(HOSTILE_IZ);
      expect(cell.formula).toBeFalsy();
      expect(workbook.getWorksheet('Data')!.getRow(2).getCell(9).type).toBe(ExcelJS.ValueType.Number);
    });
  });

  describe('limits and bad input', () => {
    it('refuses a table over the cell limit with 413, saying how many cells and how to narrow it', async () => {
      process.env.TABLE_MAX_CELLS = String(27 * 16); // 16 rows of 27 columns
      let small: FastifyInstance;
      try {
        small = await buildApp(loadConfig({ DATABASE: database, LOG_LEVEL: 'silent' }));
      } finally {
        delete process.env.TABLE_MAX_CELLS;
      }
      try {
        // 8 data zones × (test_pct 2 periods + test_events 2 periods) = 32 rows = 864 cells.
        const over = await small.inject({ url: '/api/v1/tables?level=dz2011&indicators=test_pct,test_events&format=csv' });
        expect(over.statusCode).toBe(413);
        expect(over.json()).toEqual({
          error: 'Payload Too Large',
          message: expect.stringContaining('This table would have 864 cells (32 rows × 27 columns); the limit is 432. Narrow it: name fewer areas'),
        });
        // Exactly at the limit is allowed: 8 zones × 2 periods = 16 rows.
        const at = await small.inject({ url: '/api/v1/tables?level=dz2011&indicators=test_pct' });
        expect(at.statusCode).toBe(200);
        expect(at.json().rows).toHaveLength(16);
        const narrowed = await small.inject({ url: '/api/v1/tables?level=dz2011&indicators=test_pct,test_events&periods=latest' });
        expect(narrowed.statusCode).toBe(200);
      } finally {
        await small.close();
      }
    });

    it('stops at boot on a bad TABLE_MAX_CELLS, naming the key', async () => {
      process.env.TABLE_MAX_CELLS = 'lots';
      try {
        await expect(buildApp(loadConfig({ DATABASE: database, LOG_LEVEL: 'silent' }))).rejects.toThrow(ConfigError);
        await expect(buildApp(loadConfig({ DATABASE: database, LOG_LEVEL: 'silent' }))).rejects.toThrow('TABLE_MAX_CELLS must be a whole number');
      } finally {
        delete process.env.TABLE_MAX_CELLS;
      }
    });

    const many = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}`).join(',');
    it.each([
      ['level=wards&indicators=test_pct', 'Unknown level "wards". Levels in this build: dz2011, dz2022, iz2011, ward2017'],
      ['indicators=test_pct', 'query parameter "level"'],
      ['level=council', 'Name at least one indicator'],
      ['level=council&indicators=,,', 'Name at least one indicator'],
      ['level=council&indicators=test_pct,nope', 'Unknown indicator "nope". Indicators in this build: pop_65plus_pct,'],
      [`level=council&indicators=${many(101, 'x')}`, 'at most 100 indicators; this request names 101'],
      ['level=council&indicators=test_pct&areas=S12000001,S13000001', 'No Council area with code "S13000001" in this build (1 of 2 codes unknown). Find codes with /api/v1/areas?level=council'],
      [`level=council&indicators=test_pct&areas=${many(8, 'S99')}`, 'codes "S990", "S991", "S992", "S993", "S994" and 3 more in this build'],
      ['level=council&indicators=test_pct&areas=', '"areas" lists no area codes'],
      ['level=council&indicators=test_pct&periods=1999,2019/20', 'Unknown period "1999" for test_pct. Periods they have: 2019/20, 2020/21; or "latest".'],
      ['level=council&indicators=test_pct,pop_total&periods=2031,1999', 'Unknown periods "2031", "1999" for these indicators. Periods they have: 2019/20, 2020/21, 2017, 2020'],
      ['level=council&indicators=test_pct&periods=', '"periods" lists no periods'],
      ['level=council&indicators=test_pct&format=pdf', 'Unknown format "pdf". Formats: json, csv, xlsx, arrow.'],
      ['level=dz2022&indicators=test_pct,test_median_price', 'No figures on dz2022 data zones for "test_median_price"'],
      [`level=council&indicators=test_pct&periods=${'9'.repeat(2001)}`, 'query parameter "periods" must NOT have more than 2000 characters'],
    ])('GET %s → 400', async (query, message) => {
      const response = await inject(query);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ error: 'Bad Request', message: expect.stringContaining(message) });
    });

    it.each([
      [{ level: 'council' }, 'body field "indicators"'],
      [{ level: 'council', indicators: { test_pct: true } }, 'body field "indicators" must be array'],
      [{ level: 'council', indicators: ['test_pct'], period: ['2020'] }, 'Unknown body field "period". Fields: level, areas, indicators, periods, format.'],
      [{ level: 'council', indicators: ['nope'] }, 'Unknown indicator "nope"'],
      [{ level: 'council', indicators: ['test_pct'], areas: ['S12000009'] }, 'No Council area with code "S12000009"'],
      [{ level: 'council', indicators: ['test_pct'], periods: ['1999'] }, 'Unknown period "1999"'],
      [{ level: 'council', indicators: ['test_pct'], areas: [] }, '"areas" lists no area codes'],
      [{ level: 'council', indicators: ['test_pct'], format: 'docx' }, 'Unknown format "docx"'],
      [{ level: 'council', indicators: Array.from({ length: 101 }, (_, i) => `x${i}`) }, 'at most 100 indicators'],
    ])('POST %j → 400', async (payload, message) => {
      const response = await app.inject({ method: 'POST', url: '/api/v1/tables', payload });
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toContain(message);
    });

    it('refuses a body that is not JSON with 400, not 500', async () => {
      const response = await app.inject({ method: 'POST', url: '/api/v1/tables', headers: { 'content-type': 'application/json' }, payload: '{"level":' });
      expect(response.statusCode).toBe(400);
    });
  });
});
