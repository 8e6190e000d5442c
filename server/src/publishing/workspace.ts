import { randomBytes } from 'node:crypto';
import { appendFileSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import type { Manifest, SourceEntry } from '../../../etl/src/manifest.ts';
import type { AuditEntry, Draft, DraftKind, Release } from '../schemas/publishing.ts';

/**
 * The publishing workspace: one folder (PUBLISH_DIR) holding everything partner publishing knows.
 *
 *   workspace.json     the base sources every release is built from (written by `npm run publishing -- init`)
 *   users.json         partner accounts, secrets hashed (`npm run users`)
 *   releases.json      every release in order; the last one is live
 *   releases/<id>.duckdb   the release databases, kept for roll-back
 *   drafts/<id>.json   one record per upload
 *   uploads/<id>/      the files of that upload, never changed after it arrives
 *   audit.jsonl        who did what, when; appended, never rewritten
 *
 * Every JSON file is replaced whole by writing a temporary file and renaming it, so a crash leaves
 * either the old file or the new one, never half of one. Paths inside are relative to the folder.
 */

export type PartnerSources = Record<string, Partial<Record<DraftKind, SourceEntry>>>;

export interface ReleaseEvent {
  buildId: string;
  label: string;
  publishedAt: string;
  publishedBy: string;
  action: Release['action'];
  draftId: string | null;
  summary: string;
  /** For a roll-back: the index (in releases.json) of the release it made live again. */
  restores: number | null;
  /** Each partner's uploaded files in this release (paths relative to the workspace). */
  partners: PartnerSources;
}

/** A draft as stored: the public record plus the source entry its files make (paths relative). */
export interface StoredDraft extends Draft {
  entry: SourceEntry;
}

export class WorkspaceError extends Error {
  override name = 'WorkspaceError';
}

export function writeFileAtomic(path: string, text: string): void {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(temp, 'w');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

export const newId = () => `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;

/** Every path in a source entry, mapped (relative ⇄ absolute). */
export function mapPaths(entry: SourceEntry, map: (path: string) => string): SourceEntry {
  if (entry.kind === 'indicators') return { ...entry, metadata: map(entry.metadata), observations: entry.observations.map(map) };
  return { ...entry, file: map(entry.file) };
}

export class Workspace {
  readonly dir: string;
  private base: Manifest;
  private history: ReleaseEvent[];

  constructor(dir: string) {
    this.dir = resolve(dir);
    const workspaceFile = join(this.dir, 'workspace.json');
    if (!existsSync(workspaceFile)) {
      throw new WorkspaceError(`PUBLISH_DIR ${this.dir} is not a publishing workspace (no workspace.json). Create one with \`npm run publishing -- init --demo\` or \`npm run publishing -- init <sources folder>\`.`);
    }
    this.base = readJson<{ base: Manifest }>(workspaceFile).base;
    this.history = this.readHistory();
  }

  /** Makes the folders a primary writes into (a replica only reads, perhaps from a read-only mount). */
  prepareForWriting(): void {
    for (const folder of ['drafts', 'uploads', 'releases', 'jobs']) mkdirSync(join(this.dir, folder), { recursive: true });
  }

  private readHistory(): ReleaseEvent[] {
    const file = join(this.dir, 'releases.json');
    if (!existsSync(file)) throw new WorkspaceError(`${file} is missing: the workspace has no release. Run \`npm run publishing -- init\` again.`);
    const history = readJson<{ releases: ReleaseEvent[] }>(file).releases;
    if (!Array.isArray(history) || history.length === 0) throw new WorkspaceError(`${file} lists no release.`);
    return history;
  }

  /** Re-reads releases.json: a replica follows the primary's releases through it. */
  reload(): boolean {
    const history = this.readHistory();
    const changed = history.length !== this.history.length || history.at(-1)!.buildId !== this.history.at(-1)!.buildId;
    this.history = history;
    return changed;
  }

  path(...parts: string[]): string {
    return join(this.dir, ...parts);
  }

  releaseFile(buildId: string): string {
    if (!/^[0-9a-f]{16}$/.test(buildId)) throw new WorkspaceError(`"${buildId}" is not a build id`);
    return this.path('releases', `${buildId}.duckdb`);
  }

  get releases(): readonly ReleaseEvent[] {
    return this.history;
  }

  get current(): ReleaseEvent {
    return this.history.at(-1)!;
  }

  /** The release a one-step roll-back returns to: the one before the live one (or before the one it restored). */
  get previousIndex(): number | null {
    const last = this.history.length - 1;
    const restored = this.history[last]!.restores;
    const index = (restored ?? last) - 1;
    return index >= 0 ? index : null;
  }

  addRelease(event: ReleaseEvent): void {
    const history = [...this.history, event];
    writeFileAtomic(this.path('releases.json'), `${JSON.stringify({ releases: history }, null, 1)}\n`);
    this.history = history;
  }

  /** The release's files as a manifest a build can read: absolute paths, the draft (if any) last. */
  manifestFor(partners: PartnerSources, draft?: { partner: string; entry: SourceEntry }): Manifest {
    const sets: PartnerSources = structuredClone(partners);
    if (draft) sets[draft.partner] = { ...sets[draft.partner], [draft.entry.kind]: draft.entry };
    const withOwnSpend = Object.keys(sets).filter((partner) => sets[partner]!.spend).sort();
    const base = this.base.sources.map((entry): SourceEntry => {
      if (entry.kind !== 'spend' || withOwnSpend.length === 0) return entry;
      return { ...entry, exceptPartners: [...(entry.exceptPartners ?? []), ...withOwnSpend] };
    });
    const partnerEntries = Object.keys(sets).sort().flatMap((partner) => {
      const own = sets[partner]!;
      // The draft's files are read last, so a clash (an indicator id already defined) is reported against them.
      return (['spend', 'indicators'] as const)
        .filter((kind) => own[kind] && !(draft && partner === draft.partner && kind === draft.entry.kind))
        .map((kind) => this.absolute(own[kind]!));
    });
    return {
      label: this.base.label,
      synthetic: this.base.synthetic,
      sources: [...base, ...partnerEntries, ...(draft ? [this.absolute(draft.entry)] : [])],
    };
  }

  /** The partner's files in the live release, or its rows in the base sources, for a preview's "before". */
  currentEntryOf(partner: string, kind: DraftKind): SourceEntry | null {
    const own = this.current.partners[partner]?.[kind];
    if (own) return this.absolute(own);
    if (kind !== 'spend') return null;
    const baseSpend = this.base.sources.find((entry) => entry.kind === 'spend');
    return baseSpend ? { ...baseSpend, onlyPartners: [partner] } : null;
  }

  absolute(entry: SourceEntry): SourceEntry {
    return mapPaths(entry, (path) => (isAbsolute(path) ? path : join(this.dir, path)));
  }

  relative(entry: SourceEntry): SourceEntry {
    return mapPaths(entry, (path) => relative(this.dir, path));
  }

  // Drafts ----------------------------------------------------------------------------------

  saveDraft(draft: StoredDraft): void {
    writeFileAtomic(this.path('drafts', `${draft.id}.json`), `${JSON.stringify(draft)}\n`);
  }

  loadDrafts(): StoredDraft[] {
    if (!existsSync(this.path('drafts'))) return [];
    return readdirSync(this.path('drafts'))
      .filter((name) => /^[0-9a-z]+-[0-9a-f]{8}\.json$/.test(name))
      .map((name) => readJson<StoredDraft>(this.path('drafts', name)));
  }

  uploadDir(draftId: string): string {
    return this.path('uploads', draftId);
  }

  // Audit log ---------------------------------------------------------------------------------

  audit(entry: Omit<AuditEntry, 'at'>): void {
    appendFileSync(this.path('audit.jsonl'), `${JSON.stringify({ at: new Date().toISOString(), ...entry })}\n`);
  }

  /** Newest first. */
  readAudit(limit: number, offset: number): { entries: AuditEntry[]; total: number } {
    const file = this.path('audit.jsonl');
    if (!existsSync(file)) return { entries: [], total: 0 };
    // A line cut short by a crash mid-append is skipped, not fatal.
    const entries = readFileSync(file, 'utf8').split('\n').flatMap((line) => {
      if (!line) return [];
      try {
        return [JSON.parse(line) as AuditEntry];
      } catch {
        return [];
      }
    });
    entries.reverse();
    return { entries: entries.slice(offset, offset + limit), total: entries.length };
  }

  /**
   * Removes what a build or upload cut short left behind: half-written databases, the ETL's
   * observation spill files (….observations-<pid>) and DuckDB's temporary folders (….tmp), and
   * job files.
   */
  sweep(): string[] {
    const removed: string[] = [];
    for (const name of readdirSync(this.path('releases'))) {
      if (/\.(building|observations)-\d+(\.wal)?$/.test(name) || name.endsWith('.tmp') || name.startsWith('next-')) {
        rmSync(this.path('releases', name), { force: true, recursive: true });
        removed.push(`releases/${name}`);
      }
    }
    for (const name of readdirSync(this.path('jobs'))) {
      rmSync(this.path('jobs', name), { force: true, recursive: true });
      removed.push(`jobs/${name}`);
    }
    for (const name of readdirSync(this.dir)) {
      if (name.endsWith('.tmp')) {
        rmSync(this.path(name), { force: true });
        removed.push(name);
      }
    }
    return removed;
  }

  /** Deletes release databases beyond the newest `keep`, never the live one or the roll-back target. */
  prune(keep: number): string[] {
    const protectedIds = new Set([this.current.buildId, ...(this.previousIndex !== null ? [this.history[this.previousIndex]!.buildId] : [])]);
    const recent = [...new Set(this.history.map((r) => r.buildId).reverse())].slice(0, keep);
    const removed: string[] = [];
    for (const name of readdirSync(this.path('releases'))) {
      const id = basename(name, '.duckdb');
      if (!name.endsWith('.duckdb') || protectedIds.has(id) || recent.includes(id)) continue;
      rmSync(this.path('releases', name), { force: true });
      removed.push(name);
    }
    return removed;
  }
}
