import { describe, expect, it } from 'vitest';
import { classBreaks, classOf, equalIntervalBreaks, jenksBreaks, quantileBreaks } from './classify.ts';

/** Every way of cutting sorted values into k contiguous non-empty groups: the brute-force Jenks. */
function bestSplit(sorted: number[], k: number): number {
  const ssd = (group: number[]) => {
    const mean = group.reduce((a, b) => a + b, 0) / group.length;
    return group.reduce((a, b) => a + (b - mean) ** 2, 0);
  };
  let best = Infinity;
  const walk = (start: number, left: number, total: number) => {
    if (left === 1) {
      best = Math.min(best, total + ssd(sorted.slice(start)));
      return;
    }
    for (let end = start + 1; end <= sorted.length - left + 1; end++) walk(end, left - 1, total + ssd(sorted.slice(start, end)));
  };
  walk(0, k, 0);
  return best;
}

function withinClassSsd(sorted: number[], boundaries: number[]): number {
  const groups = new Map<number, number[]>();
  for (const v of sorted) groups.set(classOf(v, boundaries), [...(groups.get(classOf(v, boundaries)) ?? []), v]);
  let total = 0;
  for (const group of groups.values()) {
    const mean = group.reduce((a, b) => a + b, 0) / group.length;
    total += group.reduce((a, b) => a + (b - mean) ** 2, 0);
  }
  return total;
}

describe('class breaks', () => {
  it('quantiles put about the same number of values in each class', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    const breaks = quantileBreaks(values, 4);
    expect(breaks).toEqual([1, 25.75, 50.5, 75.25, 100]);
    const counts = [0, 0, 0, 0];
    for (const v of values) counts[classOf(v, breaks)]!++;
    expect(counts).toEqual([25, 25, 25, 25]);
  });

  it('equal intervals split the range evenly', () => {
    expect(equalIntervalBreaks([0, 1, 3, 5, 7, 10], 5)).toEqual([0, 2, 4, 6, 8, 10]);
  });

  it('natural breaks find the gaps in clustered values', () => {
    const values = [1, 2, 3, 20, 21, 22, 50, 51, 52];
    expect(jenksBreaks(values, 3)).toEqual([1, 3, 22, 52]);
  });

  it('natural breaks reach the least within-class spread that any grouping can', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let trial = 0; trial < 5; trial++) {
      const values = Array.from({ length: 14 }, () => Math.round(random() * 1000) / 10).sort((a, b) => a - b);
      const breaks = jenksBreaks(values, 4);
      expect(withinClassSsd(values, breaks)).toBeCloseTo(bestSplit(values, 4), 6);
    }
  });

  it('gives fewer classes rather than empty ones when values repeat', () => {
    expect(classBreaks([5, 5, 5, 5], 5, 'quantiles')).toEqual([5, 5]);
    expect(classBreaks([1, 1, 1, 2, 3], 5, 'jenks')).toEqual([1, 1, 2, 3]);
    const tied = quantileBreaks([1, 1, 1, 1, 1, 1, 2, 3, 4, 5, 6], 5);
    expect(new Set(tied.slice(1)).size).toBe(tied.length - 1);
  });

  it('ignores values that are not numbers and answers nothing for no values', () => {
    expect(classBreaks([], 5, 'jenks')).toEqual([]);
    expect(classBreaks([Number.NaN, 1, 2, 3, 4, 5, 6], 2, 'equal')).toEqual([1, 3.5, 6]);
  });

  it('places the minimum in the first class and the maximum in the last', () => {
    const breaks = [0, 10, 20, 30];
    expect(classOf(0, breaks)).toBe(0);
    expect(classOf(10, breaks)).toBe(0);
    expect(classOf(10.1, breaks)).toBe(1);
    expect(classOf(30, breaks)).toBe(2);
  });

  it('stays quick on a national number of data zones', () => {
    const values = Array.from({ length: 6976 }, (_, i) => Math.sin(i) * 100 + i / 10);
    const started = performance.now();
    const breaks = jenksBreaks(values, 7);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(breaks).toHaveLength(8);
  });
});
