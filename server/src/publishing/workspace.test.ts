import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Workspace, WorkspaceError, type ReleaseEvent } from './workspace.ts';

const id = (n: number) => n.toString(16).padStart(16, '0');
const release = (n: number, extra: Partial<ReleaseEvent> = {}): ReleaseEvent => ({
  buildId: id(n), label: 'Test', publishedAt: '2026-01-01T00:00:00Z', publishedBy: 'x', action: 'publish', draftId: null, summary: '', restores: null, partners: {}, ...extra,
});

function workspace(releases: ReleaseEvent[]): Workspace {
  const dir = mkdtempSync(join(tmpdir(), 'arealens-ws-'));
  writeFileSync(join(dir, 'workspace.json'), JSON.stringify({
    base: {
      label: 'Test', synthetic: true,
      sources: [{ kind: 'sg_dz_lookup', file: '/base/lookup.csv' }, { kind: 'spend', file: '/base/spend.csv' }],
    },
  }));
  writeFileSync(join(dir, 'releases.json'), JSON.stringify({ releases }));
  const ws = new Workspace(dir);
  ws.prepareForWriting();
  return ws;
}

describe('Workspace', () => {
  it('refuses a folder that is not a workspace, saying how to make one', () => {
    expect(() => new Workspace(mkdtempSync(join(tmpdir(), 'arealens-ws-')))).toThrow(WorkspaceError);
    expect(() => new Workspace(mkdtempSync(join(tmpdir(), 'arealens-ws-')))).toThrow(/npm run publishing -- init --demo/);
  });

  it('rolls back one step at a time through history, not back and forth', () => {
    const ws = workspace([release(1, { action: 'initial' }), release(2), release(3)]);
    expect(ws.previousIndex).toBe(1);
    ws.addRelease(release(2, { action: 'rollback', restores: 1 }));
    expect(ws.current.buildId).toBe(id(2));
    expect(ws.previousIndex).toBe(0); // a second roll-back goes on to release 1, not back to 3
    ws.addRelease(release(1, { action: 'rollback', restores: 0 }));
    expect(ws.previousIndex).toBeNull();
    ws.addRelease(release(4));
    expect(ws.previousIndex).toBe(4); // after a publish, roll-back undoes that publish: back to what was live before it
    expect(ws.releases[4]!.buildId).toBe(id(1));
  });

  it('builds a release from the base sources, each partner’s own files, and the draft last', () => {
    const ws = workspace([release(1, {
      partners: {
        'NHS Fife': { spend: { kind: 'spend', file: 'uploads/a/spend.csv' }, indicators: { kind: 'indicators', metadata: 'uploads/b/m.csv', observations: ['uploads/b/o.csv'] } },
        'Fife College': { spend: { kind: 'spend', file: 'uploads/c/spend.csv' } },
      },
    })]);
    const manifest = ws.manifestFor(ws.current.partners, { partner: 'Police', entry: { kind: 'spend', file: 'uploads/d/police.csv' } });
    expect(manifest.sources).toEqual([
      { kind: 'sg_dz_lookup', file: '/base/lookup.csv' },
      // The base file's rows for partners with their own upload are skipped.
      { kind: 'spend', file: '/base/spend.csv', exceptPartners: ['Fife College', 'NHS Fife', 'Police'] },
      { kind: 'spend', file: join(ws.dir, 'uploads/c/spend.csv') },
      { kind: 'spend', file: join(ws.dir, 'uploads/a/spend.csv') },
      { kind: 'indicators', metadata: join(ws.dir, 'uploads/b/m.csv'), observations: [join(ws.dir, 'uploads/b/o.csv')] },
      { kind: 'spend', file: join(ws.dir, 'uploads/d/police.csv') },
    ]);
    // A draft replaces the partner's file of its kind.
    const revised = ws.manifestFor(ws.current.partners, { partner: 'NHS Fife', entry: { kind: 'spend', file: 'uploads/e/new.csv' } });
    expect(revised.sources.filter((s) => s.kind === 'spend').map((s) => ('file' in s ? s.file.split('/').slice(-2).join('/') : ''))).toEqual(['base/spend.csv', 'c/spend.csv', 'e/new.csv']);
    expect(ws.currentEntryOf('Police', 'spend')).toEqual({ kind: 'spend', file: '/base/spend.csv', onlyPartners: ['Police'] });
    expect(ws.currentEntryOf('Police', 'indicators')).toBeNull();
  });

  it('prunes old release files but never the live one or the roll-back target', () => {
    const ws = workspace([release(1, { action: 'initial' }), release(2), release(3), release(4), release(5)]);
    ws.addRelease(release(4, { action: 'rollback', restores: 3 }));
    for (let n = 1; n <= 5; n++) writeFileSync(ws.releaseFile(id(n)), '');
    expect(ws.prune(2).sort()).toEqual([`${id(1)}.duckdb`, `${id(2)}.duckdb`]);
    expect(readdirSync(join(ws.dir, 'releases')).sort()).toEqual([3, 4, 5].map((n) => `${id(n)}.duckdb`));
  });

  it('sweeps what interrupted jobs left, and skips a torn audit line', () => {
    const ws = workspace([release(1)]);
    writeFileSync(ws.path('releases', 'next-x.duckdb.building-123'), '');
    writeFileSync(ws.path('releases', 'next-x.duckdb.observations-123'), '');
    mkdirSync(ws.path('releases', 'next-x.duckdb.building-123.tmp'));
    writeFileSync(ws.path('releases', 'next-x.duckdb.building-123.tmp', 'duckdb_temp_block-1.block'), '');
    writeFileSync(ws.releaseFile(id(1)), '');
    mkdirSync(ws.path('jobs', 'j1'));
    expect(ws.sweep().sort()).toEqual(['jobs/j1', 'releases/next-x.duckdb.building-123', 'releases/next-x.duckdb.building-123.tmp', 'releases/next-x.duckdb.observations-123']);
    expect(readdirSync(ws.path('releases'))).toEqual([`${id(1)}.duckdb`]);
    ws.audit({ user: 'a', action: 'upload', partner: null, draftId: null, buildId: null, detail: null, ip: null });
    writeFileSync(ws.path('audit.jsonl'), `${'{"at":"2026-01-01T00:00:00Z","action":"x"}\n'}{"at":"2026-01-0`, { flag: 'a' });
    const { entries, total } = ws.readAudit(10, 0);
    expect(total).toBe(2);
    expect(entries.map((e) => e.action)).toEqual(['x', 'upload']);
  });

  it('refuses a build id that is not one, so no path can be smuggled in', () => {
    const ws = workspace([release(1)]);
    expect(() => ws.releaseFile('../../etc/passwd')).toThrow('is not a build id');
  });
});
