import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { arrowBytes } from './arrow.ts';
import { COLUMNS, type TableRow } from './columns.ts';

const row = (i: number): TableRow => ({
  geography_level: 'dz2011', geography_level_label: 'Data zone (2011)', area_code: `S01${String(i).padStart(6, '0')}`, area_name: i % 3 === 0 ? 'Kirkcaldy – Linktown' : 'Dysart',
  indicator_code: 'x', indicator_title: 'X', unit: '%', period: '2020',
  value: i % 5 === 0 ? null : i / 7, numerator: i % 5 === 0 ? null : i, denominator: 7, lower_confidence_interval: null, upper_confidence_interval: null,
  suppressed: i % 5 === 0, suppression_reason: i % 5 === 0 ? 'small_count' : null, note: null,
  comparator_code: 'S92000003', comparator_name: 'Scotland', comparator_value: 0.5, council_code: null, council_name: null, council_value: null,
  aggregation: 'ratio', source: 'S', licence: 'OGL', build_id: 'b', synthetic: false,
});

describe('arrowBytes', () => {
  it('writes many record batches that read back cell for cell, nulls and non-ASCII text included', () => {
    const rows = Array.from({ length: 40_000 }, (_, i) => row(i));
    const table = tableFromIPC(arrowBytes(rows, { build_id: 'b' }));
    expect(table.batches.length).toBeGreaterThan(1);
    expect(table.numRows).toBe(rows.length);
    for (const i of [0, 1, 3, 16_383, 16_384, 16_385, 39_999]) {
      const got = table.get(i)!.toJSON();
      for (const c of COLUMNS) expect(got[c.name] ?? null, `${c.name} @${i}`).toEqual(rows[i]![c.name]);
    }
  });

  it('writes the schema of an empty table', () => {
    const table = tableFromIPC(arrowBytes([], {}));
    expect(table.numRows).toBe(0);
    expect(table.schema.fields.map((f) => f.name)).toEqual(COLUMNS.map((c) => c.name));
  });
});
