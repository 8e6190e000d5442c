import { createHash } from 'node:crypto';
import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileChecksum } from './context.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('fileChecksum', () => {
  it("gives each file's SHA-256, and a new one when the file changes, even at the same size", () => {
    const file = join(mkdtempSync(join(tmpdir(), 'arealens-sum-')), 'a.csv');
    writeFileSync(file, 'code,value\nS01000001,1\n');
    expect(fileChecksum(file)).toBe(sha256('code,value\nS01000001,1\n'));
    expect(fileChecksum(file)).toBe(sha256('code,value\nS01000001,1\n'));
    writeFileSync(file, 'code,value\nS01000001,2\n');
    utimesSync(file, new Date(), new Date(Date.now() + 5_000));
    expect(fileChecksum(file)).toBe(sha256('code,value\nS01000001,2\n'));
  });
});
