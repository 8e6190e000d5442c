import { rmSync } from 'node:fs';
import { BOOLEAN, DOUBLE, DuckDBDataChunk, DuckDBInstance, INTEGER, type DuckDBAppender, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import type { DataZoneVintage } from '../../geographies/src/levels.ts';
import { CHUNK_ROWS } from './duckdb.ts';

/**
 * Observations between reading and writing: one row per indicator × period × data zone.
 *
 * Rows are held columnar in typed arrays, with the indicator, period and data zone as indices into
 * small dictionaries, so a row costs 37 bytes instead of eight JavaScript values. A store given a
 * spill file moves each block of rows into it as the block fills (a DuckDB file of its own, which
 * the build attaches when it writes the fact table), so memory stays bounded however many rows a
 * build has: 41.9M rows would be 1.5 GB in the arrays alone. A store without one (the publishing
 * preview's, which reads one partner's files) keeps every row in memory.
 *
 * Blocks go to DuckDB as data chunks: 0.64 µs a row against 1.36 µs through the appender's
 * value-at-a-time calls and 3.5 µs by writing a CSV for read_csv (2M rows of this shape, measured
 * 2026-12-06 on the 2-core machine).
 *
 * The store also knows which data zones each indicator × period has (a bit per zone), for the
 * duplicate and coverage checks, so neither needs the rows themselves.
 */

export interface ObservationRow {
  indicator: string;
  period: string;
  dz: string;
  /** The data-zone set the row's zone belongs to. */
  vintage: DataZoneVintage;
  /** True when the row was apportioned from the indicator's own set to the other (vintages.ts). */
  converted: boolean;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  suppressed: boolean;
}

/** A finished store's file and the dictionaries its table's indices point into. */
export interface SpilledObservations {
  file: string;
  indicators: readonly string[];
  periods: readonly string[];
  zones: readonly { code: string; vintage: DataZoneVintage }[];
}

/** What the store needs to know of the build around it. */
export interface ObservationContext {
  /** The indicator's own data-zone set, and whether it is a population-weighted mean. */
  indicator(code: string): { vintage: DataZoneVintage; weighted: boolean } | undefined;
  /** For a period, each data zone's people in the nearest year estimated, or null with no estimates. */
  populationFor(period: string): ((dz: string) => number | null) | null;
}

/** Rows per block: a block is filled in memory, then spilled whole. */
const BLOCK_ROWS = 1 << 16;
const TYPES = [INTEGER, INTEGER, INTEGER, DOUBLE, DOUBLE, DOUBLE, BOOLEAN];

class Block {
  indicator: Uint32Array;
  period: Uint32Array;
  zone: Uint32Array;
  /** NaN for none: every figure read is a finite number. */
  numerator: Float64Array;
  denominator: Float64Array;
  value: Float64Array;
  suppressed: Uint8Array;
  length = 0;

  constructor(readonly capacity: number) {
    this.indicator = new Uint32Array(capacity);
    this.period = new Uint32Array(capacity);
    this.zone = new Uint32Array(capacity);
    this.numerator = new Float64Array(capacity);
    this.denominator = new Float64Array(capacity);
    this.value = new Float64Array(capacity);
    this.suppressed = new Uint8Array(capacity);
  }
}

const orNaN = (x: number | null) => (x === null ? NaN : x);
const orNull = (x: number) => (Number.isNaN(x) ? null : x);

interface IndicatorEntry {
  code: string;
  vintage: DataZoneVintage;
  weighted: boolean;
}

export class ObservationStore {
  private readonly indicators: IndicatorEntry[] = [];
  private readonly indicatorIndex = new Map<string, number>();
  private readonly periods: string[] = [];
  private readonly periodIndex = new Map<string, number>();
  private readonly weights: (((dz: string) => number | null) | null | undefined)[] = [];
  private readonly zones: { code: string; vintage: DataZoneVintage }[] = [];
  /** Per data-zone set, code → zone index. */
  private readonly zoneIndex = new Map<DataZoneVintage, Map<string, number>>();
  /** indicator × period → a bit per zone index: which zones it has. */
  private readonly present = new Map<number, Uint8Array>();
  private readonly blocks: Block[];
  private spilled = 0;
  private count = 0;
  private spill: { instance: DuckDBInstance; connection: DuckDBConnection; appender: DuckDBAppender } | null = null;

  private constructor(private readonly context: ObservationContext, private readonly spillFile: string | null, private readonly blockRows: number) {
    this.blocks = [new Block(blockRows)];
  }

  /** A store that keeps every row in memory. */
  static inMemory(context: ObservationContext, blockRows = BLOCK_ROWS): ObservationStore {
    return new ObservationStore(context, null, blockRows);
  }

  /** A store that moves its rows into `file` (a new DuckDB file) a block at a time. */
  static async spilling(context: ObservationContext, file: string, blockRows = BLOCK_ROWS): Promise<ObservationStore> {
    const store = new ObservationStore(context, file, blockRows);
    rmSync(file, { force: true });
    rmSync(`${file}.wal`, { force: true });
    const instance = await DuckDBInstance.create(file, { threads: '1', memory_limit: '256MB' });
    const connection = await instance.connect();
    await connection.run(`CREATE TABLE observation (indicator INTEGER, period INTEGER, zone INTEGER, numerator DOUBLE, denominator DOUBLE, value DOUBLE, suppressed BOOLEAN)`);
    store.spill = { instance, connection, appender: await connection.createAppender('observation') };
    return store;
  }

  get length(): number {
    return this.count;
  }

  /** The periods of the rows held, in the order first seen. */
  periodLabels(): readonly string[] {
    return this.periods;
  }

  /**
   * Adds a row, unless the indicator already has one for this period and data zone: then nothing
   * is added and false is returned, for the reader to report. `vintage` is the set the zone is
   * of, when it is not the indicator's own (a row apportioned to the other set).
   */
  add(indicator: string, period: string, dz: string, numerator: number | null, denominator: number | null, value: number | null, suppressed = false, vintage: DataZoneVintage | null = null): boolean {
    const i = this.indicatorOf(indicator);
    const p = this.periodOf(period);
    const entry = this.indicators[i]!;
    const z = this.zoneOf(dz, vintage ?? entry.vintage);
    const groupKey = i * 0x10000 + p;
    let bits = this.present.get(groupKey);
    if (!bits || bits.length * 8 <= z) {
      const grown = new Uint8Array(Math.max(64, (this.zones.length >> 2) + 1, (z >> 3) + 1));
      if (bits) grown.set(bits);
      this.present.set(groupKey, (bits = grown));
    }
    const bit = 1 << (z & 7);
    if (bits[z >> 3]! & bit) return false;
    bits[z >> 3]! |= bit;
    // A population-weighted mean given without its weight takes the zone's people in the nearest year.
    if (entry.weighted && denominator === null && vintage === null) {
      let weightOf = this.weights[p];
      if (weightOf === undefined) this.weights[p] = weightOf = this.context.populationFor(period);
      const weight = weightOf?.(dz) ?? null;
      denominator = weight;
      numerator = weight !== null && value !== null ? value * weight : null;
    }
    let block = this.blocks.at(-1)!;
    if (block.length === block.capacity) {
      if (this.spill) this.spillBlock(block);
      else this.blocks.push((block = new Block(this.blockRows)));
    }
    const r = block.length++;
    block.indicator[r] = i;
    block.period[r] = p;
    block.zone[r] = z;
    block.numerator[r] = orNaN(numerator);
    block.denominator[r] = orNaN(denominator);
    block.value[r] = orNaN(value);
    block.suppressed[r] = suppressed ? 1 : 0;
    this.count += 1;
    return true;
  }

  /** Adds a row that cannot be a duplicate (derived and apportioned rows): a duplicate is a fault in the ETL. */
  push(indicator: string, period: string, dz: string, numerator: number | null, denominator: number | null, value: number | null, suppressed = false, vintage: DataZoneVintage | null = null): void {
    if (!this.add(indicator, period, dz, numerator, denominator, value, suppressed, vintage)) {
      throw new Error(`internal: ${indicator} for ${period} in ${dz} was derived twice`);
    }
  }

  /** Each indicator × period held, with the data zones (of the indicator's own set) it has. */
  *groups(): Generator<{ indicator: string; period: string; zones: string[] }> {
    for (const [groupKey, bits] of this.present) {
      const entry = this.indicators[Math.floor(groupKey / 0x10000)]!;
      const zones: string[] = [];
      for (let byte = 0; byte < bits.length; byte++) {
        if (bits[byte] === 0) continue;
        for (let b = 0; b < 8; b++) {
          if (!(bits[byte]! & (1 << b))) continue;
          const zone = this.zones[byte * 8 + b]!;
          if (zone.vintage === entry.vintage) zones.push(zone.code);
        }
      }
      yield { indicator: entry.code, period: this.periods[groupKey % 0x10000]!, zones };
    }
  }

  /** Every row, when all are in memory (a store without a spill file). */
  *rows(): Generator<ObservationRow> {
    if (this.spilled > 0) throw new Error('internal: the rows were moved to the spill file; read them with scan()');
    for (const block of this.blocks) for (let r = 0; r < block.length; r++) yield this.rowAt(block, r);
  }

  /** Every row, from the spill file and from memory, in the order added. */
  async scan(onRow: (row: ObservationRow) => void): Promise<void> {
    if (this.spill && this.spilled > 0) {
      const reader = await this.spill.connection.stream('SELECT * FROM observation');
      for (;;) {
        const chunk = await reader.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        for (const [i, p, z, numerator, denominator, value, suppressed] of chunk.getRows() as [number, number, number, number | null, number | null, number | null, boolean][]) {
          const entry = this.indicators[i]!;
          const zone = this.zones[z]!;
          onRow({ indicator: entry.code, period: this.periods[p]!, dz: zone.code, vintage: zone.vintage, converted: zone.vintage !== entry.vintage, numerator, denominator, value, suppressed });
        }
      }
    }
    for (const block of this.blocks) for (let r = 0; r < block.length; r++) onRow(this.rowAt(block, r));
  }

  /**
   * Moves the rows still in memory to the spill file and closes it, for the build to attach: its
   * table `observation` holds indices into the lists returned, so the build maps them to its ids.
   */
  async finish(): Promise<SpilledObservations> {
    if (!this.spill || !this.spillFile) throw new Error('internal: finish() needs a store with a spill file');
    for (const block of this.blocks) this.spillBlock(block);
    this.spill.appender.closeSync();
    await this.spill.connection.run('CHECKPOINT');
    this.spill.connection.closeSync();
    this.spill.instance.closeSync();
    this.spill = null;
    return { file: this.spillFile, indicators: this.indicators.map((e) => e.code), periods: this.periods, zones: this.zones };
  }

  /** Removes the spill file. */
  close(): void {
    if (this.spill) {
      this.spill.appender.closeSync();
      this.spill.connection.closeSync();
      this.spill.instance.closeSync();
      this.spill = null;
    }
    if (this.spillFile) {
      rmSync(this.spillFile, { force: true });
      rmSync(`${this.spillFile}.wal`, { force: true });
    }
  }

  private rowAt(block: Block, r: number): ObservationRow {
    const entry = this.indicators[block.indicator[r]!]!;
    const zone = this.zones[block.zone[r]!]!;
    return {
      indicator: entry.code, period: this.periods[block.period[r]!]!, dz: zone.code, vintage: zone.vintage, converted: zone.vintage !== entry.vintage,
      numerator: orNull(block.numerator[r]!), denominator: orNull(block.denominator[r]!), value: orNull(block.value[r]!), suppressed: block.suppressed[r] === 1,
    };
  }

  private spillBlock(block: Block): void {
    const { appender } = this.spill!;
    const columns: DuckDBValue[][] = TYPES.map(() => new Array<DuckDBValue>(CHUNK_ROWS));
    for (let start = 0; start < block.length; start += CHUNK_ROWS) {
      const n = Math.min(CHUNK_ROWS, block.length - start);
      for (let k = 0; k < n; k++) {
        const r = start + k;
        columns[0]![k] = block.indicator[r]!;
        columns[1]![k] = block.period[r]!;
        columns[2]![k] = block.zone[r]!;
        columns[3]![k] = orNull(block.numerator[r]!);
        columns[4]![k] = orNull(block.denominator[r]!);
        columns[5]![k] = orNull(block.value[r]!);
        columns[6]![k] = block.suppressed[r] === 1;
      }
      const chunk = DuckDBDataChunk.create(TYPES, n);
      chunk.setColumns(n === CHUNK_ROWS ? columns : columns.map((column) => column.slice(0, n)));
      appender.appendDataChunk(chunk);
    }
    appender.flushSync();
    this.spilled += block.length;
    block.length = 0;
  }

  private indicatorOf(code: string): number {
    let i = this.indicatorIndex.get(code);
    if (i === undefined) {
      const known = this.context.indicator(code);
      if (!known) throw new Error(`internal: observations of ${code}, which has no metadata`);
      i = this.indicators.push({ code, ...known }) - 1;
      this.indicatorIndex.set(code, i);
    }
    return i;
  }

  private periodOf(label: string): number {
    let p = this.periodIndex.get(label);
    if (p === undefined) {
      p = this.periods.push(label) - 1;
      this.periodIndex.set(label, p);
    }
    return p;
  }

  private zoneOf(code: string, vintage: DataZoneVintage): number {
    let index = this.zoneIndex.get(vintage);
    if (!index) this.zoneIndex.set(vintage, (index = new Map()));
    let z = index.get(code);
    if (z === undefined) {
      z = this.zones.push({ code, vintage }) - 1;
      index.set(code, z);
    }
    return z;
  }
}
