/** CSV text in the two quoting styles the official files use, and stable number formatting. */

export type Cell = string | number | null | undefined;

/** RFC 4180: quote only when the text needs it (the SG lookup and partner templates). */
export function minimalField(value: Cell): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? formatNumber(value) : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Always quoted, as R's write.csv writes text columns (the SIMD and NRS files). */
export function quotedField(value: string): string {
  return `"${value.replaceAll('"', '""')}"`;
}

export function csvLine(cells: readonly Cell[]): string {
  return cells.map(minimalField).join(',');
}

/** Shortest round-trip text of a number; never exponent notation for the magnitudes used here. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`cannot write ${value} to CSV`);
  return Object.is(value, -0) ? '0' : String(value);
}

/** Round to a number of decimal places (half away from zero), as a number. */
export function round(value: number, places = 0): number {
  const factor = 10 ** places;
  const scaled = Math.abs(value) * factor;
  const rounded = Math.round(scaled + 1e-9) / factor;
  return value < 0 ? -rounded : rounded;
}

/** Fixed decimals, as published money and rates are written (e.g. 152340.50). */
export function fixed(value: number, places: number): string {
  return round(value, places).toFixed(places);
}

/**
 * Builds large ASCII CSV text in one growing buffer, writing integers digit by digit; the
 * observations file (~380,000 rows) is several times faster this way than by joining strings.
 */
export class AsciiWriter {
  private buffer: Buffer;
  private at = 0;

  constructor(initialBytes = 1 << 20) {
    this.buffer = Buffer.allocUnsafe(initialBytes);
  }

  private ensure(bytes: number): void {
    if (this.at + bytes <= this.buffer.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.at + bytes));
    this.buffer.copy(next, 0, 0, this.at);
    this.buffer = next;
  }

  text(value: string): this {
    this.ensure(value.length);
    this.at += this.buffer.write(value, this.at, 'latin1');
    return this;
  }

  /** Pre-encoded bytes, for text repeated on every row. */
  bytes(value: Uint8Array): this {
    this.ensure(value.length);
    this.buffer.set(value, this.at);
    this.at += value.length;
    return this;
  }

  byte(code: number): this {
    this.ensure(1);
    this.buffer[this.at++] = code;
    return this;
  }

  /** A number as formatNumber writes it; non-negative integers without allocating. */
  number(value: number): this {
    if (!Number.isInteger(value) || value < 0 || value > 2 ** 31) return this.text(formatNumber(value));
    this.ensure(10);
    if (value === 0) {
      this.buffer[this.at++] = 48;
      return this;
    }
    let digits = 0;
    for (let v = value; v > 0; v = Math.floor(v / 10)) digits++;
    for (let k = digits - 1, v = value; k >= 0; k--, v = Math.floor(v / 10)) this.buffer[this.at + k] = 48 + (v % 10);
    this.at += digits;
    return this;
  }

  toString(): string {
    return this.buffer.toString('latin1', 0, this.at);
  }
}
