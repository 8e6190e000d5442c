import { describe, expect, it } from 'vitest';
import { rowWindow } from './virtual.ts';

describe('rowWindow', () => {
  it('renders the rows in view plus the overscan, and spacers for the rest', () => {
    const w = rowWindow(10_000, 3600, 400, 36, 5);
    // Row 100 is at the top; 400 px show 12 rows, one more for a part row.
    expect(w.start).toBe(95);
    expect(w.end).toBe(100 + 13 + 5);
    expect(w.before).toBe(95 * 36);
    expect(w.before + (w.end - w.start) * 36 + w.after).toBe(10_000 * 36);
  });

  it('stays inside the list at both ends', () => {
    expect(rowWindow(50, 0, 400, 36, 8)).toMatchObject({ start: 0, before: 0 });
    const end = rowWindow(50, 10_000, 400, 36, 8);
    expect(end.end).toBe(50);
    expect(end.after).toBe(0);
    expect(end.start).toBeLessThan(50);
  });

  it('renders nothing for an empty list', () => {
    expect(rowWindow(0, 0, 400, 36)).toEqual({ start: 0, end: 0, before: 0, after: 0 });
  });
});
