import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeDemoSources } from './index.ts';
import { boundariesGeoJson } from './lookups.ts';
import { buildWorld } from './world.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function checksums(seed?: number): Promise<Record<string, string>> {
  const dir = mkdtempSync(join(tmpdir(), 'arealens-demo-'));
  dirs.push(dir);
  await writeDemoSources(join(dir, 'nested', 'demo'), seed);
  const out: Record<string, string> = {};
  for (const f of readdirSync(join(dir, 'nested', 'demo')).sort()) {
    out[f] = createHash('sha256').update(readFileSync(join(dir, 'nested', 'demo', f))).digest('hex');
  }
  return out;
}

describe('determinism', () => {
  it('writes byte-identical files for the same seed', async () => {
    const first = await checksums();
    const second = await checksums(20201);
    expect(Object.keys(first).length).toBeGreaterThanOrEqual(20);
    expect(second).toEqual(first);
  }, 60_000);

  it('draws a different region for another seed', () => {
    const a = boundariesGeoJson(buildWorld(20201).geography);
    const b = boundariesGeoJson(buildWorld(7).geography);
    expect(a).not.toBe(b);
  });
});
