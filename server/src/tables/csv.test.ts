import { describe, expect, it } from 'vitest';
import { csvField, escapeFormula } from './csv.ts';

describe('CSV cells', () => {
  it.each(['=1+2', '+44 1592', '-2', '@SUM(A1)', '\tx', '\rx'])('quotes text a spreadsheet would run: %j', (text) => {
    expect(escapeFormula(text)).toBe(`'${text}`);
  });

  it('leaves other text, and numbers, as they are', () => {
    expect(escapeFormula('Kirkcaldy East')).toBe('Kirkcaldy East');
    expect(escapeFormula('a=b')).toBe('a=b');
    expect(csvField(-2.5)).toBe('-2.5');
    expect(csvField(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(csvField(null)).toBe('');
    expect(csvField(false)).toBe('false');
  });

  it('quotes fields holding commas, quotes or line breaks (RFC 4180), after the formula guard', () => {
    expect(csvField('Dunfermline, Central')).toBe('"Dunfermline, Central"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('=HYPERLINK("x","y")')).toBe(`"'=HYPERLINK(""x"",""y"")"`);
    expect(csvField('\rx')).toBe(`"'\rx"`);
  });
});
