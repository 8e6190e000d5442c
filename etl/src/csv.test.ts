import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.ts';

describe('parseCsv', () => {
  it('reads quoted fields, doubled quotes, embedded commas and line breaks, CRLF and a BOM', () => {
    const table = parseCsv('t.csv', '\ufeffa,b,c\r\n"x, y","say ""hi""","two\nlines"\r\n\r\n1,,3\n');
    expect(table.header).toEqual(['a', 'b', 'c']);
    expect(table.rows).toEqual([
      { row: 2, cells: ['x, y', 'say "hi"', 'two\nlines'] },
      { row: 5, cells: ['1', '', '3'] },
    ]);
  });

  it('reads files without a header or a final line end', () => {
    expect(parseCsv('t.csv', '1,2\n3,4', { header: false }).rows.map((r) => r.cells)).toEqual([['1', '2'], ['3', '4']]);
  });

  it('names the row of a ragged or broken record', () => {
    expect(() => parseCsv('t.csv', 'a,b\n1,2\n3\n')).toThrow('t.csv, row 3: cannot be read as CSV: the row has 1 fields but the header has 2');
    expect(() => parseCsv('t.csv', 'a,b\n1,"2\n')).toThrow('t.csv, row 2: cannot be read as CSV: a quoted field is never closed');
    expect(() => parseCsv('t.csv', 'a,b\n1,"2"x\n')).toThrow('row 2: cannot be read as CSV: unexpected text after a closing quote');
  });
});
