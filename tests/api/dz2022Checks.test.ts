import { describe, expect, it } from 'vitest';
import { EtlCheckError } from '../../etl/src/errors.ts';
import { buildDz2022Database } from './dz2022Fixture.ts';

const without = (...prefixes: string[]) => (text: string) => text.split('\n').filter((line) => !prefixes.some((p) => line.startsWith(p))).join('\n');

async function failure(edits: Record<string, (text: string) => string>): Promise<string> {
  try {
    await buildDz2022Database(edits);
  } catch (error) {
    expect(error).toBeInstanceOf(EtlCheckError);
    return (error as Error).message;
  }
  throw new Error('the build passed, but it should have stopped');
}

describe('the checks gate on indicators published on 2022 data zones', () => {
  it('refuses one that leaves out a 2022 data zone of a council it touches, naming file and column', async () => {
    const message = await failure({ 'observations.csv': without('births,2022,S01013489') });
    expect(message).toContain('observations.csv, column "dz_code": births for 2022 covers only part of S12000002 (2 of 3): give every data zone of a council (use * for withheld values)');
    expect(message).not.toContain('births for 2023');
  });

  it('counts a council by its 2022 zones, not its 2011 ones', async () => {
    // Eastmuir has four 2011 zones and five 2022 zones: four 2022 zones are still a part.
    const message = await failure({ 'observations.csv': without('ltc_pct,2023,S01013486') });
    expect(message).toContain('ltc_pct for 2023 covers only part of S12000001 (4 of 5)');
  });

  it('accepts one that covers every 2022 zone of the councils it touches, and leaves 2011 indicators to the 2011 zones', async () => {
    // Westhaugh's zones left out altogether: the councils it touches are covered.
    const westhaugh = ['S01013487', 'S01013488', 'S01013489'].flatMap((dz) => [`births,2022,${dz}`, `births,2023,${dz}`]);
    await expect(buildDz2022Database({ 'observations.csv': without(...westhaugh) })).resolves.toMatchObject({ buildId: expect.any(String) });
    const message = await failure({ 'observations.csv': without('admissions_pct,2022,S01000006') });
    expect(message).toContain('admissions_pct for 2022 covers only part of S12000002 (1 of 2)');
  });
});
