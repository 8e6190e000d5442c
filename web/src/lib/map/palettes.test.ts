import { describe, expect, it } from 'vitest';
import { classColours, colourAt } from './palettes.ts';

const lightness = (hex: string) => {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
};

describe('palettes', () => {
  it('interpolates between stops', () => {
    expect(colourAt('viridis', 0)).toBe('#440154');
    expect(colourAt('viridis', 1)).toBe('#fde725');
  });

  it('makes the worst class darkest whichever way the indicator points', () => {
    const worse = classColours('viridis', 5, 'higher_is_worse');
    expect(lightness(worse[4]!)).toBeLessThan(lightness(worse[0]!));
    const better = classColours('cividis', 5, 'higher_is_better');
    expect(lightness(better[0]!)).toBeLessThan(lightness(better[4]!));
    const neither = classColours('blues', 5, 'neither');
    expect(lightness(neither[4]!)).toBeLessThan(lightness(neither[0]!));
  });

  it('orders every class by lightness', () => {
    for (const key of ['viridis', 'cividis', 'blues'] as const) {
      const colours = classColours(key, 7, 'higher_is_worse').map(lightness);
      for (let i = 1; i < colours.length; i++) expect(colours[i]).toBeLessThan(colours[i - 1]!);
    }
  });
});
