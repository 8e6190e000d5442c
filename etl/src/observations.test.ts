import { existsSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { ObservationStore, type ObservationContext, type ObservationRow } from './observations.ts';
import { scratchFile } from './testing.ts';

const context: ObservationContext = {
  indicator: (code) => (code === 'mean_x' ? { vintage: 'dz2011', weighted: true } : code.startsWith('new_') ? { vintage: 'dz2022', weighted: false } : { vintage: 'dz2011', weighted: false }),
  populationFor: (period) => (period === '2019' ? (dz) => (dz === 'S01000001' ? 100 : null) : null),
};

/** 15,000 rows: several blocks of 4,096, so a spilling store moves some to its file before it is finished. */
function fill(store: ObservationStore): ObservationRow[] {
  const rows: ObservationRow[] = [];
  for (let i = 0; i < 15_000; i++) {
    const row: ObservationRow = {
      indicator: `ind_${i % 7}`, period: String(2000 + (i % 11)), dz: `S01${String(i % 9973).padStart(6, '0')}`, vintage: 'dz2011', converted: false,
      numerator: i % 13 === 0 ? null : i, denominator: i % 5 === 0 ? null : i * 2.5, value: i % 17 === 0 ? null : i / 3, suppressed: i % 19 === 0,
    };
    if (store.add(row.indicator, row.period, row.dz, row.numerator, row.denominator, row.value, row.suppressed)) rows.push(row);
  }
  return rows;
}

const sortRows = (rows: ObservationRow[]) => [...rows].sort((a, b) => `${a.indicator}|${a.period}|${a.dz}`.localeCompare(`${b.indicator}|${b.period}|${b.dz}`));

describe('ObservationStore', () => {
  it('gives back every row added, from memory or from its spill file, and refuses a repeated indicator × period × zone', async () => {
    const memory = ObservationStore.inMemory(context, 4096);
    const file = scratchFile('spill.duckdb');
    const spilling = await ObservationStore.spilling(context, file, 4096);
    const added = fill(memory);
    expect(fill(spilling)).toEqual(added);
    // 7 indicators × 11 periods cycle with the 9,973 zones (all coprime), so no row repeats a key.
    expect(added).toHaveLength(15_000);
    expect(memory.add('ind_0', '2000', 'S01000000', 1, 2, 3)).toBe(false);
    expect(spilling.add('ind_0', '2000', 'S01000000', 1, 2, 3)).toBe(false);
    expect(() => memory.push('ind_0', '2000', 'S01000000', 1, 2, 3)).toThrow('internal: ind_0 for 2000 in S01000000 was derived twice');
    expect(memory.length).toBe(15_000);
    expect([...memory.rows()]).toEqual(added);
    const scanned: ObservationRow[] = [];
    await spilling.scan((row) => scanned.push(row));
    expect(sortRows(scanned)).toEqual(sortRows(added));
    expect(() => [...spilling.rows()]).toThrow('moved to the spill file');

    const finished = await spilling.finish();
    const instance = await DuckDBInstance.create(finished.file, { access_mode: 'READ_ONLY' });
    const connection = await instance.connect();
    const onDisk = (await connection.runAndReadAll('SELECT * FROM observation')).getRows().map(([i, p, z, numerator, denominator, value, suppressed]) => ({
      indicator: finished.indicators[i as number]!, period: finished.periods[p as number]!, dz: finished.zones[z as number]!.code, vintage: finished.zones[z as number]!.vintage,
      converted: false, numerator, denominator, value, suppressed,
    }));
    connection.closeSync();
    instance.closeSync();
    expect(sortRows(onDisk as ObservationRow[])).toEqual(sortRows(added));
    spilling.close();
    expect(existsSync(file)).toBe(false);
  });

  it('lists each indicator × period with its zones of its own set, apart from rows moved to the other set', () => {
    const store = ObservationStore.inMemory(context);
    store.push('ind_a', '2019', 'S01000002', 1, 2, null);
    store.push('ind_a', '2019', 'S01000001', 1, 2, null);
    store.push('ind_a', '2020', 'S01000001', 1, 2, null);
    store.push('ind_a', '2019', 'S01013500', 1, 2, null, false, 'dz2022');
    store.push('new_b', '2019', 'S01013500', 1, 2, null);
    const groups = [...store.groups()].map((g) => ({ ...g, zones: [...g.zones].sort() }));
    expect(groups).toEqual([
      { indicator: 'ind_a', period: '2019', zones: ['S01000001', 'S01000002'] },
      { indicator: 'ind_a', period: '2020', zones: ['S01000001'] },
      { indicator: 'new_b', period: '2019', zones: ['S01013500'] },
    ]);
    expect([...store.rows()].filter((r) => r.converted)).toEqual([
      { indicator: 'ind_a', period: '2019', dz: 'S01013500', vintage: 'dz2022', converted: true, numerator: 1, denominator: 2, value: null, suppressed: false },
    ]);
    expect(store.periodLabels()).toEqual(['2019', '2020']);
  });

  it("weighs a population-weighted mean given only its value by the zone's people in the nearest year", () => {
    const store = ObservationStore.inMemory(context);
    store.push('mean_x', '2019', 'S01000001', null, null, 4.5);
    store.push('mean_x', '2019', 'S01000002', null, null, 4.5);
    store.push('mean_x', '2020', 'S01000001', null, null, 4.5);
    store.push('mean_x', '2019', 'S01000003', 9, 2, 4.5);
    expect([...store.rows()].map((r) => [r.dz, r.period, r.numerator, r.denominator])).toEqual([
      ['S01000001', '2019', 450, 100], ['S01000002', '2019', null, null], ['S01000001', '2020', null, null], ['S01000003', '2019', 9, 2],
    ]);
  });

  it('refuses rows of an indicator with no metadata, a fault of the reader', () => {
    expect(() => ObservationStore.inMemory({ ...context, indicator: () => undefined }).add('nope', '2019', 'S01000001', 1, null, 1)).toThrow('observations of nope, which has no metadata');
  });
});
