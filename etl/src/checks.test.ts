import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildDatabase } from './build.ts';
import { EtlCheckError } from './errors.ts';
import { fixtureCopy, queryDatabase, scratchFile } from './testing.ts';

/** Builds the mini fixture with one file edited; returns the error message the gate gives. */
async function failure(edits: Record<string, (text: string) => string>, manifestEdit?: (m: ReturnType<typeof fixtureCopy>['manifest']) => void): Promise<string> {
  const { dir, manifest } = fixtureCopy(edits);
  manifestEdit?.(manifest);
  try {
    await buildDatabase({ manifest, baseDir: dir, out: scratchFile('bad.duckdb') });
  } catch (error) {
    expect(error).toBeInstanceOf(EtlCheckError);
    return (error as Error).message;
  }
  throw new Error('the build passed, but it should have stopped');
}

const replaceLine = (n: number, edit: (line: string) => string) => (text: string) =>
  text.split('\n').map((line, i) => (i === n - 1 ? edit(line) : line)).join('\n');

describe('the checks gate', () => {
  it('refuses an invalid data zone code, naming file, row and column', async () => {
    const message = await failure({ 'observations.csv': replaceLine(3, (l) => l.replace('S01000002', 'S0100002')) });
    expect(message).toContain('observations.csv, row 3, column "dz_code": "S0100002" is not a data zone code (expected S01 followed by six digits)');
  });

  it('refuses a data zone missing from the lookup', async () => {
    const message = await failure({ 'spend.csv': replaceLine(2, (l) => l.replace('S01000001', 'S01999999')) });
    expect(message).toContain('spend.csv, row 2, column "dz_code": data zone S01999999 is not in the data zone lookup (dz2011)');
  });

  it('refuses an area code that does not fit its level', async () => {
    const message = await failure({ 'lookup_dz.csv': replaceLine(2, (l) => l.replace('S13000001', 'S14000001')) });
    expect(message).toContain('lookup_dz.csv, row 2, column "MMWard_Code": "S14000001" is not a valid Multi-member ward (2017) code');
  });

  it('refuses incomplete coverage of a council', async () => {
    const message = await failure({ 'observations.csv': (t) => t.split('\n').filter((l) => !l.startsWith('test_pct,2019/20,S01000003')).join('\n') });
    expect(message).toContain('test_pct for 2019/20 covers only part of S12000001 (5 of 6)');
    const simd = await failure({ 'simd_ranks.csv': (t) => t.split('\n').filter((l) => !l.startsWith('"S01000008"')).join('\n') });
    expect(simd).toContain('simd_ranks.csv: SIMD edition "SIMD 2020v2" is missing 1 of the 8 data zones in the lookup (e.g. S01000008)');
  });

  it('refuses duplicate keys', async () => {
    const message = await failure({ 'observations.csv': (t) => `${t.trimEnd()}\ntest_events,2019,S01000001,2,,\n` });
    expect(message).toMatch(/observations\.csv, row 52, column "dz_code": test_events for 2019 in S01000001 is also given on row 2/);
    const lookup = await failure({ 'lookup_dz.csv': (t) => `${t.trimEnd()}\n${t.split('\n')[1]}\n` });
    expect(lookup).toContain('lookup_dz.csv, row 10, column "DZ2011_Code": data zone S01000001 appears more than once');
  });

  it('names the file and row that first gave an observation repeated in a later file of the same indicators', async () => {
    const { dir, manifest } = fixtureCopy();
    writeFileSync(join(dir, 'more.csv'), 'indicator_id,period,dz_code,numerator,denominator,value\ntest_events,2019,S01000003,2,,\n');
    const entry = manifest.sources.find((s) => s.kind === 'indicators')!;
    if (entry.kind === 'indicators') entry.observations.push('more.csv');
    const message = await buildDatabase({ manifest, baseDir: dir, out: scratchFile('bad.duckdb') }).then(() => 'built', (error: Error) => error.message);
    expect(message).toMatch(/more\.csv, row 2, column "dz_code": test_events for 2019 in S01000003 is also given in observations\.csv, row \d+/);
  });

  it('refuses a numerator above its denominator for a proportion', async () => {
    const message = await failure({ 'observations.csv': (t) => t.replace(/test_pct,2019\/20,S01000001,30,(\d+),/, 'test_pct,2019/20,S01000001,99999,$1,') });
    expect(message).toMatch(/observations\.csv, row \d+, column "numerator": numerator 99999 is above the denominator \d+ for a proportion/);
  });

  it('refuses negative counts', async () => {
    const message = await failure({ 'observations.csv': replaceLine(2, () => 'test_events,2019,S01000001,-2,,') });
    expect(message).toContain('observations.csv, row 2, column "numerator": count -2 is negative');
  });

  it('refuses an unparseable period', async () => {
    const message = await failure({ 'observations.csv': replaceLine(2, (l) => l.replace(',2019,', ',FY19,')) });
    expect(message).toContain(`observations.csv, row 2, column "period": "FY19" is not a period (use '2019', '2019/20'`);
    const spend = await failure({ 'spend.csv': replaceLine(2, (l) => l.replace('2020/21', '2020/22')) });
    expect(spend).toContain('spend.csv, row 2, column "financial_year": "2020/22" is not a financial year such as 2019/20');
  });

  it('refuses an unknown indicator', async () => {
    const message = await failure({ 'observations.csv': replaceLine(2, (l) => l.replace('test_events', 'test_nonsense')) });
    expect(message).toContain('observations.csv, row 2, column "indicator_id": indicator "test_nonsense" is not defined in the indicator metadata file');
    const target = await failure({ 'targets.csv': replaceLine(2, (l) => l.replace('test_pct', 'test_other')) });
    expect(target).toContain('targets.csv, row 2, column "indicator_id": indicator "test_other" is not loaded in this build');
  });

  it('refuses wrong columns', async () => {
    const missing = await failure({ 'spend.csv': replaceLine(1, (l) => l.replace('amount_gbp', 'amount')) });
    expect(missing).toContain('spend.csv, row 1, column "amount_gbp": required column is missing');
    expect(missing).toContain('spend.csv, row 1, column "amount": unexpected column');
  });

  it('refuses bad metadata values with the allowed list', async () => {
    const message = await failure({ 'indicators.csv': replaceLine(3, (l) => l.replace(',ratio,', ',average,')) });
    expect(message).toContain('indicators.csv, row 3, column "aggregation": "average" is not one of sum, ratio, standardised_ratio, population_weighted_mean, none');
  });

  it('refuses a spend postcode it cannot place, and a missing file', async () => {
    const message = await failure({ 'spend.csv': (t) => t.replace('TT1 1AA', 'TT9 9ZZ') });
    expect(message).toContain('spend.csv, row 18, column "postcode": "TT9 9ZZ" is not in the postcode lookup');
    const missing = await failure({}, (m) => m.sources.push({ kind: 'spend', file: 'nowhere.csv' }));
    expect(missing).toContain('nowhere.csv: file not found');
  });

  it('reports every problem of a build at once', async () => {
    const message = await failure({
      'spend.csv': replaceLine(2, (l) => l.replace('2020/21', 'last year')),
      'observations.csv': replaceLine(2, (l) => l.replace('test_events', 'test_nonsense')),
    });
    expect(message).toMatch(/^The build stopped: 2 problems in the input\./);
  });
});

describe('the last good database', () => {
  it('stays in place, unchanged, when a build fails', async () => {
    const out = scratchFile('live.duckdb');
    const good = fixtureCopy();
    const { buildId } = await buildDatabase({ manifest: good.manifest, baseDir: good.dir, out });
    const before = createHash('sha256').update(readFileSync(out)).digest('hex');
    const bad = fixtureCopy({ 'observations.csv': replaceLine(2, (l) => l.replace('test_events', 'test_nonsense')) });
    await expect(buildDatabase({ manifest: bad.manifest, baseDir: bad.dir, out })).rejects.toThrow(EtlCheckError);
    expect(createHash('sha256').update(readFileSync(out)).digest('hex')).toBe(before);
    expect(readdirSync(dirname(out))).toEqual(['live.duckdb']);
    expect(await queryDatabase(out, 'SELECT build_id FROM build')).toEqual([{ build_id: buildId }]);
  });
});
