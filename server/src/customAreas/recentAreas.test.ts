import { describe, expect, it } from 'vitest';
import { RecentAreas } from './recentAreas.ts';

describe('RecentAreas', () => {
  it('finds a remembered set that differs by fewer than the minimum, and ignores identical ones', () => {
    const recent = new RecentAreas();
    recent.remember([3, 1, 2]);
    expect(recent.nearest([1, 2, 3], 3)).toBeNull(); // the same set reveals nothing new
    expect(recent.nearest([1, 2, 3, 4], 3)).toEqual({ difference: 1 });
    expect(recent.nearest([1, 2, 4, 5], 3)).toBeNull(); // 3 △ {4, 5}: difference 3
    expect(recent.nearest([2, 3, 4], 3)).toEqual({ difference: 2 });
    expect(recent.nearest([1, 2, 3, 4], 1)).toBeNull(); // minimum difference 1 turns the check off
  });

  it('forgets sets after their age, and the least recently used beyond its bounds', () => {
    let now = 0;
    const recent = new RecentAreas({ maxSets: 2, maxZones: 7, maxAgeMs: 1_000, now: () => now });
    recent.remember([1, 2, 3]);
    now = 500;
    recent.remember([10, 11, 12]);
    recent.remember([1, 2, 3]); // used again: now the newest
    recent.remember([20, 21, 22]); // a third set: [10, 11, 12] goes
    expect(recent.size).toBe(2);
    expect(recent.nearest([10, 11, 12, 13], 3)).toBeNull();
    expect(recent.nearest([1, 2, 3, 4], 3)).toEqual({ difference: 1 });
    recent.remember([30, 31]); // 8 zones held > 7: the oldest goes
    expect(recent.nearest([1, 2, 3, 4], 3)).toBeNull();
    now = 1_600; // [20, 21, 22] was remembered at 500
    expect(recent.nearest([20, 21, 22, 23], 3)).toBeNull();
    expect(recent.size).toBe(0);
  });
});
