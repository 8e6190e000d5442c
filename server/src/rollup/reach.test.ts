import { describe, expect, it } from 'vitest';
import type { BuildLevel } from '../queries/levels.ts';
import { levelInWords, levelsReached, membershipTable, reachOf, vintageFor } from './reach.ts';

const level = (key: string, membership: string, dataZoneVintages: BuildLevel['dataZoneVintages'], plural = key): BuildLevel => ({
  key, label: key, plural, membership, userDefined: false, areaCount: 1, parents: [], source: null, notes: null, dataZoneVintages,
});

const LEVELS = [
  level('dz2011', 'base', ['dz2011']),
  level('dz2022', 'base', ['dz2022']),
  level('iz2022', 'nested', ['dz2022']),
  level('iz2011', 'nested', ['dz2011']),
  level('ward2022', 'best_fit', ['dz2011', 'dz2022']),
  level('council', 'nested', ['dz2011', 'dz2022']),
];
const on2011 = { vintage: 'dz2011', convertedTo: null, aggregation: 'ratio' };
const on2022 = { vintage: 'dz2022', convertedTo: null, aggregation: 'sum' };

describe('reach: which data zones an indicator reaches a level through', () => {
  it('rolls an indicator up through the set it was published on, and through no other', () => {
    const council = LEVELS.find((l) => l.key === 'council')!;
    expect(reachOf(council, on2011)).toEqual({ vintage: 'dz2011', base: false });
    expect(reachOf(council, on2022)).toEqual({ vintage: 'dz2022', base: false });
    expect(reachOf(LEVELS.find((l) => l.key === 'iz2011')!, on2022)).toBeNull();
    expect(reachOf(LEVELS.find((l) => l.key === 'iz2022')!, on2011)).toBeNull();
    expect(reachOf(LEVELS.find((l) => l.key === 'dz2022')!, on2022)).toEqual({ vintage: 'dz2022', base: true });
  });

  it('falls back to the set a crosswalk apportioned it to, preferring the set it was published on', () => {
    const converted = { vintage: 'dz2011', convertedTo: 'dz2022' };
    expect(vintageFor(converted, ['dz2022'])).toBe('dz2022');
    expect(vintageFor(converted, ['dz2011', 'dz2022'])).toBe('dz2011');
    expect(vintageFor({ vintage: 'dz2011', convertedTo: null }, ['dz2022'])).toBeNull();
  });

  it('lists the levels an indicator can be shown at: a median only at its own data zones', () => {
    expect(levelsReached(LEVELS, on2022).map((l) => l.key)).toEqual(['dz2022', 'iz2022', 'ward2022', 'council']);
    expect(levelsReached(LEVELS, on2011).map((l) => l.key)).toEqual(['dz2011', 'iz2011', 'ward2022', 'council']);
    expect(levelsReached(LEVELS, { ...on2022, aggregation: 'none' }).map((l) => l.key)).toEqual(['dz2022']);
  });

  it('names one membership table per set', () => {
    expect([membershipTable('dz2011'), membershipTable('dz2022')]).toEqual(['membership', 'membership_dz2022']);
  });

  it('writes level names into sentences, keeping names that are names', () => {
    expect(levelInWords(level('iz2022', 'nested', [], 'Intermediate zones (2022)'))).toBe('intermediate zones (2022)');
    expect(levelInWords(level('ukpc2024', 'best_fit', [], 'UK Parliament constituencies (2024)'))).toBe('UK Parliament constituencies (2024)');
    expect(levelInWords(level('police_division', 'best_fit', [], 'Police Scotland divisions'))).toBe('Police Scotland divisions');
    expect(levelInWords(level('scotland', 'nested', [], 'Scotland'))).toBe('Scotland');
    expect(levelInWords(level('health_board', 'nested', [], 'NHS health boards'))).toBe('NHS health boards');
  });
});
