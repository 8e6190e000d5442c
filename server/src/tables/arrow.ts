import { Bool, Field, Float64, makeData, RecordBatch, Schema, Struct, Table, tableToIPC, Utf8, type Data, type DataType } from 'apache-arrow';
import { COLUMNS, type ColumnType, type TableRow } from './columns.ts';

type Cell = string | number | boolean | null;

/** A validity bitmap (bit set = value present), or undefined when nothing is null. */
function validity(cells: readonly Cell[]): { bitmap: Uint8Array | undefined; nullCount: number } {
  const bitmap = new Uint8Array(Math.ceil(cells.length / 8));
  let nullCount = 0;
  for (let i = 0; i < cells.length; i++) {
    if (cells[i] === null) nullCount++;
    else bitmap[i >> 3]! |= 1 << (i & 7);
  }
  return { bitmap: nullCount > 0 ? bitmap : undefined, nullCount };
}

/**
 * Column buffers written directly: apache-arrow's vectorFromArray goes through a generic builder
 * one value at a time and took ten seconds for the 1.9-million-cell table; these take a fraction.
 */
const ENCODERS: Record<ColumnType, { type: () => DataType; encode: (cells: readonly Cell[]) => Data }> = {
  string: {
    type: () => new Utf8(),
    encode(cells) {
      const valueOffsets = new Int32Array(cells.length + 1);
      let bytes = 0;
      for (let i = 0; i < cells.length; i++) {
        const cell = cells[i];
        if (cell !== null) bytes += Buffer.byteLength(cell as string, 'utf8');
        valueOffsets[i + 1] = bytes;
      }
      const data = Buffer.alloc(bytes);
      for (let i = 0; i < cells.length; i++) {
        const cell = cells[i];
        if (cell !== null) data.write(cell as string, valueOffsets[i]!, 'utf8');
      }
      const { bitmap, nullCount } = validity(cells);
      return makeData({ type: new Utf8(), length: cells.length, nullCount, nullBitmap: bitmap, valueOffsets, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) });
    },
  },
  number: {
    type: () => new Float64(),
    encode(cells) {
      const data = new Float64Array(cells.length);
      for (let i = 0; i < cells.length; i++) data[i] = cells[i] === null ? 0 : (cells[i] as number);
      const { bitmap, nullCount } = validity(cells);
      return makeData({ type: new Float64(), length: cells.length, nullCount, nullBitmap: bitmap, data });
    },
  },
  boolean: {
    type: () => new Bool(),
    encode(cells) {
      const data = new Uint8Array(Math.ceil(cells.length / 8));
      for (let i = 0; i < cells.length; i++) if (cells[i] === true) data[i >> 3]! |= 1 << (i & 7);
      const { bitmap, nullCount } = validity(cells);
      return makeData({ type: new Bool(), length: cells.length, nullCount, nullBitmap: bitmap, data });
    },
  },
};

/** Rows per record batch: readers can start on the first batch while later ones arrive. */
const BATCH_ROWS = 16_384;

/**
 * The table as an Arrow IPC stream with typed columns (Utf8, Float64, Bool; all nullable), each
 * field carrying its description, and the build id in the schema metadata.
 */
export function arrowBytes(rows: Iterable<TableRow>, metadata: Record<string, string>): Uint8Array {
  const fields = COLUMNS.map((c) => new Field(c.name, ENCODERS[c.type].type(), true, new Map([['description', c.description]])));
  const schema = new Schema(fields, new Map(Object.entries(metadata)));
  const batches: RecordBatch[] = [];
  let pending: TableRow[] = [];
  const flush = () => {
    const children = COLUMNS.map((c) => ENCODERS[c.type].encode(pending.map((row) => row[c.name])));
    const data = makeData({ type: new Struct(fields), length: pending.length, nullCount: 0, children });
    batches.push(new RecordBatch(schema, data));
    pending = [];
  };
  for (const row of rows) {
    pending.push(row);
    if (pending.length === BATCH_ROWS) flush();
  }
  if (pending.length > 0 || batches.length === 0) flush();
  return tableToIPC(new Table(schema, batches), 'stream');
}
