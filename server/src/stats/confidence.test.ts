import { describe, expect, it } from 'vitest';
import { byar, proportionInterval, rateInterval, wilson } from './confidence.ts';

/** Exact Poisson bounds by bisection on the CDF: an independent check on Byar's approximation. */
function poissonCdf(k: number, mean: number): number {
  let term = Math.exp(-mean);
  let sum = term;
  for (let i = 1; i <= k; i++) {
    term *= mean / i;
    sum += term;
  }
  return sum;
}
function exactPoisson(o: number): { lower: number; upper: number } {
  const solve = (f: (m: number) => number) => {
    let lo = 0;
    let hi = 10 * o + 20;
    for (let i = 0; i < 200; i++) {
      const mid = (lo + hi) / 2;
      if (f(mid) > 0) lo = mid;
      else hi = mid;
    }
    return lo;
  };
  return {
    lower: o === 0 ? 0 : solve((m) => 1 - poissonCdf(o - 1, m) < 0.025 ? 1 : -1),
    upper: solve((m) => (poissonCdf(o, m) > 0.025 ? 1 : -1)),
  };
}

describe('Wilson score interval', () => {
  it("matches Newcombe's (1998) worked examples", () => {
    const a = wilson(81, 263)!;
    expect(a.lower).toBeCloseTo(0.2553, 4);
    expect(a.upper).toBeCloseTo(0.3662, 4);
    const b = wilson(15, 148)!;
    expect(b.lower).toBeCloseTo(0.0624, 4);
    expect(b.upper).toBeCloseTo(0.1605, 4);
    const c = wilson(0, 20)!;
    expect(c.lower).toBe(0);
    expect(c.upper).toBeCloseTo(0.1611, 4);
  });

  it('scales to a percentage and refuses impossible inputs', () => {
    const pct = proportionInterval(81, 263, 100)!;
    expect(pct.lower).toBeCloseTo(25.53, 2);
    expect(wilson(5, 0)).toBeNull();
    expect(wilson(6, 5)).toBeNull();
  });
});

describe("Byar's interval", () => {
  it('matches the formula for a worked count of 45', () => {
    const i = byar(45)!;
    expect(i.lower).toBeCloseTo(32.82, 2);
    expect(i.upper).toBeCloseTo(60.21, 1);
  });

  it('stays within 1.5% of the exact Poisson interval from 10 events up', () => {
    for (const o of [10, 25, 100, 389]) {
      const approx = byar(o)!;
      const exact = exactPoisson(o);
      expect(Math.abs(approx.lower - exact.lower) / exact.lower, `lower ${o}`).toBeLessThan(0.015);
      expect(Math.abs(approx.upper - exact.upper) / exact.upper, `upper ${o}`).toBeLessThan(0.015);
    }
  });

  it('gives a rate per 1,000 from the count interval', () => {
    const i = rateInterval(45, 9000, 1000)!;
    expect(i.lower).toBeCloseTo((32.82 / 9000) * 1000, 3);
    expect(byar(0)!.lower).toBe(0);
  });
});
