import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDatabase } from './build.ts';
import { fixtureCopy, MINI_FIXTURE, scratchFile } from './testing.ts';

/** The mini fixture's 2020 totals by IZ, from its population file and lookup. */
function izTotals(): Map<string, number> {
  const lines = (file: string) => readFileSync(join(MINI_FIXTURE, file), 'utf8').trim().split('\n').slice(1).map((l) => l.replaceAll('"', '').split(','));
  const izOf = new Map(lines('lookup_dz.csv').map((c) => [c[0]!, c[2]!]));
  const totals = new Map<string, number>();
  for (const c of lines('population_2020.csv')) if (c[2] === 'All') totals.set(izOf.get(c[0]!)!, (totals.get(izOf.get(c[0]!)!) ?? 0) + Number(c[1]));
  return totals;
}

function withCheck(rows: [string, number][]) {
  const copy = fixtureCopy();
  writeFileSync(join(copy.dir, 'iz_totals.csv'), `"iz11_code","iz11_name","total_population"\n${rows.map(([code, n]) => `"${code}","x",${n}`).join('\n')}\n`);
  copy.manifest.sources.push({ kind: 'population_check', level: 'iz2011', year: 2020, file: 'iz_totals.csv' });
  return copy;
}

describe('published area totals checked against their data zones', () => {
  it('passes when every intermediate zone adds up, and stops naming the file, row and column when one does not', async () => {
    const totals = [...izTotals()];
    expect(totals).toHaveLength(3);
    const good = withCheck(totals);
    await buildDatabase({ manifest: good.manifest, baseDir: good.dir, out: scratchFile('good.duckdb') });
    const bad = withCheck(totals.map(([code, n], i) => [code, i === 1 ? n + 1 : n]));
    await expect(buildDatabase({ manifest: bad.manifest, baseDir: bad.dir, out: scratchFile('bad.duckdb') }))
      .rejects.toThrow(`iz_totals.csv, row 3, column "total_population": Intermediate zone ${totals[1]![0]} is published as ${totals[1]![1] + 1} people, but its data zones add up to ${totals[1]![1]} in 2020`);
    const short = withCheck(totals.slice(0, 2));
    await expect(buildDatabase({ manifest: short.manifest, baseDir: short.dir, out: scratchFile('short.duckdb') }))
      .rejects.toThrow(`iz_totals.csv: has no total for 1 intermediate zones (e.g. ${totals[2]![0]})`);
  });
});
