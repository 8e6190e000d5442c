import { describe, expect, it } from 'vitest';
import { niceTicks } from './ticks.ts';

describe('niceTicks', () => {
  it('covers the range with round steps', () => {
    expect(niceTicks(3.2, 18.7, 5)).toEqual([0, 5, 10, 15, 20]);
    expect(niceTicks(0.12, 0.31, 4)).toEqual([0.1, 0.15, 0.2, 0.25, 0.3, 0.35]);
  });
  it('widens a single value into a range', () => {
    const ticks = niceTicks(50, 50);
    expect(ticks[0]).toBeLessThanOrEqual(50);
    expect(ticks.at(-1)).toBeGreaterThanOrEqual(50);
  });
});
