import { describe, expect, it } from 'vitest';
import { formatPounds } from './money.ts';

describe('formatPounds', () => {
  it('shortens millions and billions, keeps smaller sums whole', () => {
    expect(formatPounds(1_369_234_805.39)).toBe('£1.37bn');
    expect(formatPounds(281_029_527.37)).toBe('£281.0m');
    expect(formatPounds(93_764.4)).toBe('£93,764');
    expect(formatPounds(null)).toBe('–');
  });
});
