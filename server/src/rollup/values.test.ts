import { describe, expect, it } from 'vitest';
import { rankByValue } from './values.ts';

describe('rankByValue', () => {
  it('ranks highest first, gives ties the better rank, skips the next ranks after a tie, and no rank without a value', () => {
    const rows = [{ code: 'a', value: 3 }, { code: 'b', value: null }, { code: 'c', value: 7 }, { code: 'd', value: 3 }, { code: 'e', value: 1 }, { code: 'f', value: 0 }, { code: 'g', value: -0 }];
    expect(rankByValue(rows).map((r) => [r.code, r.rank])).toEqual([['a', 2], ['b', null], ['c', 1], ['d', 2], ['e', 4], ['f', 5], ['g', 5]]);
  });

  it('agrees with a rank counted the slow way on many values with ties', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const rows = Array.from({ length: 2000 }, (_, i) => ({ i, value: random() < 0.05 ? null : Math.round(random() * 300) / 10 }));
    const slow = rows.map((r) => (r.value === null ? null : rows.filter((o) => o.value !== null && o.value > r.value!).length + 1));
    expect(rankByValue(rows.map((r) => ({ ...r }))).map((r) => r.rank)).toEqual(slow);
  });
});
