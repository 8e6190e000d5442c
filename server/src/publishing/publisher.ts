import { existsSync, renameSync, rmSync } from 'node:fs';
import type { JobSpec } from '../../../etl/src/publish/job.ts';
import { conflict, forbidden, notFound } from '../httpErrors.ts';
import type { Draft, DraftKind, Job, PartnerUser, Preview, Release } from '../schemas/publishing.ts';
import type { FinalMessage, JobRunner } from './jobs.ts';
import { newId, type ReleaseEvent, type StoredDraft, type Workspace } from './workspace.ts';

/**
 * The life of a draft: uploaded → checked (invalid | ready) → published | rejected | withdrawn,
 * and of releases: publish, roll back. Every change is saved before it is reported, every action
 * is in the audit log, and every check and build runs through the one job queue.
 */

export interface PublisherOptions {
  workspace: Workspace;
  jobs: JobRunner;
  /** Makes a release database live (the server's hot swap). Throws if it cannot be opened. */
  goLive: (databaseFile: string) => Promise<void>;
  /** Release databases to keep on disk for roll-back. */
  keepReleases: number;
  log: (message: string, detail?: object) => void;
}

const canReview = (user: PartnerUser) => user.role === 'approver' || user.role === 'admin';

/** Drafts in these states are waiting on a job: a restart must pick them up again. */
const BUSY: Draft['status'][] = ['checking', 'publishing'];

export class Publisher {
  private readonly drafts = new Map<string, StoredDraft>();
  private readonly ws: Workspace;

  constructor(private readonly options: PublisherOptions) {
    this.ws = options.workspace;
    for (const draft of this.ws.loadDrafts()) this.drafts.set(draft.id, draft);
  }

  /** After a restart: half-made files go, interrupted checks run again, interrupted builds fail visibly. */
  recover(): void {
    const swept = this.ws.sweep();
    if (swept.length > 0) this.options.log('removed files an interrupted job left behind', { files: swept });
    for (const draft of this.drafts.values()) {
      if (draft.status === 'checking') this.queueCheck(draft);
      else if (draft.status === 'publishing') {
        this.update(draft, { status: 'failed', progress: null, error: 'The server stopped while this release was being built; the live release was not changed. Publish it again.' });
        this.ws.audit({ user: null, action: 'build_failed', partner: draft.partner, draftId: draft.id, buildId: null, detail: 'interrupted by a server restart', ip: null });
      }
    }
  }

  // Reading ---------------------------------------------------------------------------------

  private visible(user: PartnerUser, draft: Draft): boolean {
    return canReview(user) || draft.partner === user.partner;
  }

  list(user: PartnerUser): Draft[] {
    return [...this.drafts.values()].filter((d) => this.visible(user, d)).sort((a, b) => b.uploadedAt.localeCompare(a.uploadedAt) || b.id.localeCompare(a.id)).map(publicDraft);
  }

  get(user: PartnerUser, id: string): StoredDraft {
    const draft = this.drafts.get(id);
    // Another partner's draft is "not found", so its existence is not disclosed either.
    if (!draft || !this.visible(user, draft)) throw notFound(`No draft ${id} that you can see.`);
    return draft;
  }

  releases(): { current: Release; previous: Release | null; releases: Release[]; job: Job | null; queued: number } {
    const history = this.ws.releases;
    const last = history.length - 1;
    const previousIndex = this.ws.previousIndex;
    const asRelease = (event: ReleaseEvent, index: number): Release => ({
      buildId: event.buildId, label: event.label, publishedAt: event.publishedAt, publishedBy: event.publishedBy, action: event.action,
      draftId: event.draftId, summary: event.summary, current: index === last, available: existsSync(this.ws.releaseFile(event.buildId)),
    });
    const releases = history.map(asRelease).reverse();
    return {
      current: asRelease(history[last]!, last),
      previous: previousIndex === null ? null : asRelease(history[previousIndex]!, previousIndex),
      releases,
      job: this.options.jobs.current,
      queued: this.options.jobs.queued,
    };
  }

  // Changing ----------------------------------------------------------------------------------

  private update(draft: StoredDraft, changes: Partial<StoredDraft>): StoredDraft {
    Object.assign(draft, changes);
    this.ws.saveDraft(draft);
    return draft;
  }

  /** Records a new upload (its files already in uploads/<id>/) and queues its checks. */
  addDraft(user: PartnerUser, id: string, kind: DraftKind, partner: string, prepared: { entry: StoredDraft['entry']; files: Draft['files'] }, ip: string): Draft {
    const draft: StoredDraft = {
      id, kind, partner, files: prepared.files, uploadedBy: user.username, uploadedAt: new Date().toISOString(), status: 'checking',
      progress: { step: 'Waiting for the checks to start', done: 0, total: 1 }, issues: [], preview: null, decision: null, release: null, error: null,
      entry: this.ws.relative(prepared.entry),
    };
    this.drafts.set(id, draft);
    this.ws.saveDraft(draft);
    this.ws.audit({ user: user.username, action: 'upload', partner, draftId: id, buildId: null, detail: `${kind}: ${prepared.files.map((f) => `${f.name} (${f.bytes} bytes, sha256 ${f.sha256.slice(0, 12)})`).join(', ')}`, ip });
    this.queueCheck(draft);
    return publicDraft(draft);
  }

  private queueCheck(draft: StoredDraft): void {
    void this.options.jobs.enqueue('check', draft.id, async ({ progress, etl }) => {
      if (draft.status !== 'checking') return; // withdrawn while it waited
      const live = this.ws.current;
      const result = await etl({
        mode: 'check',
        manifest: this.ws.manifestFor(live.partners, { partner: draft.partner, entry: draft.entry }),
        draft: { partner: draft.partner, entry: this.ws.absolute(draft.entry) },
        previous: this.ws.currentEntryOf(draft.partner, draft.kind),
        basedOn: live.buildId,
      });
      progress({ step: 'Done', done: 1, total: 1 });
      if (draft.status !== 'checking') return;
      this.finishCheck(draft, result);
    }).catch((error: unknown) => this.options.log('a check could not run', { draft: draft.id, err: error }));
  }

  private finishCheck(draft: StoredDraft, result: FinalMessage): void {
    switch (result.type) {
      case 'checked':
        this.update(draft, { status: 'ready', progress: null, preview: result.preview as Preview, issues: [], error: null });
        return;
      case 'invalid':
        this.update(draft, {
          status: 'invalid', progress: null, preview: null,
          issues: result.more > 0 ? [...result.issues, { file: draft.files[0]?.name ?? '', message: `… and ${result.more} more problems of the same kinds` }] : result.issues,
        });
        return;
      default:
        this.update(draft, { status: 'failed', progress: null, error: `The checks could not finish: ${result.type === 'error' ? result.message : 'unexpected reply'}. Upload the file again; if it fails again, tell the AreaLens administrator.` });
    }
  }

  /** The live progress of a draft's job, if one is running for it. */
  withProgress(draft: StoredDraft): Draft {
    const job = this.options.jobs.current;
    return publicDraft(job && job.draftId === draft.id && BUSY.includes(draft.status) ? { ...draft, progress: job.progress } : draft);
  }

  reject(user: PartnerUser, id: string, reason: string, ip: string): Draft {
    const draft = this.get(user, id);
    if (!canReview(user)) throw forbidden('Only approvers and admins can reject a draft.');
    if (draft.status !== 'ready' && draft.status !== 'invalid' && draft.status !== 'failed') throw conflict(`Draft ${id} is ${draft.status}; only a draft waiting for review can be rejected.`);
    this.update(draft, { status: 'rejected', decision: { by: user.username, at: new Date().toISOString(), action: 'rejected', reason } });
    this.ws.audit({ user: user.username, action: 'reject', partner: draft.partner, draftId: id, buildId: null, detail: reason, ip });
    return publicDraft(draft);
  }

  withdraw(user: PartnerUser, id: string, ip: string): Draft {
    const draft = this.get(user, id);
    if (draft.uploadedBy !== user.username && user.role !== 'admin') throw forbidden('Only the person who uploaded a draft (or an admin) can withdraw it.');
    if (!['checking', 'ready', 'invalid', 'failed'].includes(draft.status)) throw conflict(`Draft ${id} is ${draft.status} and can no longer be withdrawn.`);
    this.update(draft, { status: 'withdrawn', progress: null, decision: { by: user.username, at: new Date().toISOString(), action: 'withdrawn', reason: null } });
    this.ws.audit({ user: user.username, action: 'withdraw', partner: draft.partner, draftId: id, buildId: null, detail: null, ip });
    return publicDraft(draft);
  }

  /**
   * Approves a checked draft and queues the build of a new release with it. The build starts from
   * whatever release is live when its turn comes, so drafts published one after another all land.
   */
  publish(user: PartnerUser, id: string, ip: string): Draft {
    const draft = this.get(user, id);
    if (!canReview(user)) throw forbidden('Only approvers and admins can publish a draft.');
    if (draft.uploadedBy === user.username && user.role !== 'admin') throw forbidden('A draft needs a second pair of eyes: an approver cannot publish their own upload (an admin can).');
    const republish = draft.status === 'failed' && draft.preview !== null;
    if (draft.status !== 'ready' && !republish) throw conflict(`Draft ${id} is ${draft.status}; only a checked draft (status "ready") can be published.`);
    this.update(draft, {
      status: 'publishing', error: null, progress: { step: 'Waiting for the build to start', done: 0, total: 1 },
      decision: { by: user.username, at: new Date().toISOString(), action: 'published', reason: null },
    });
    this.ws.audit({ user: user.username, action: 'publish', partner: draft.partner, draftId: id, buildId: null, detail: `approved ${draft.kind} from ${draft.uploadedBy}`, ip });
    void this.options.jobs.enqueue('build', id, ({ etl }) => this.build(draft, user, etl)).catch((error: unknown) => {
      this.update(draft, { status: 'failed', progress: null, error: `The build could not run: ${error instanceof Error ? error.message : String(error)}. The live release was not changed.` });
      this.options.log('a build could not run', { draft: id, err: error });
    });
    return publicDraft(draft);
  }

  private async build(draft: StoredDraft, user: PartnerUser, etl: (spec: JobSpec) => Promise<FinalMessage>): Promise<void> {
    const live = this.ws.current;
    const out = this.ws.path('releases', `next-${draft.id}.duckdb`);
    const result = await etl({
      mode: 'build',
      manifest: this.ws.manifestFor(live.partners, { partner: draft.partner, entry: draft.entry }),
      draft: { partner: draft.partner, entry: this.ws.absolute(draft.entry) },
      previous: null,
      basedOn: live.buildId,
      out,
    });
    if (result.type !== 'built') {
      // A killed build leaves its temporary file (next-….duckdb.building-<pid>): nothing else runs now, so sweep.
      rmSync(out, { force: true });
      this.ws.sweep();
      const why = result.type === 'invalid' ? `the checks failed against the live release (${result.issues[0] ? result.issues[0].message : 'see the log'})` : result.type === 'error' ? result.message : 'unexpected reply';
      this.update(draft, { status: 'failed', progress: null, error: `The new release was not built: ${why}. The live release was not changed.` });
      this.ws.audit({ user: user.username, action: 'build_failed', partner: draft.partner, draftId: draft.id, buildId: null, detail: why, ip: null });
      return;
    }
    const file = this.ws.releaseFile(result.buildId);
    if (existsSync(file)) rmSync(out, { force: true }); // the same inputs built before: same id, same file
    else renameSync(out, file);
    try {
      await this.options.goLive(file);
    } catch (error) {
      this.update(draft, { status: 'failed', progress: null, error: 'The new release was built but could not be opened; the live release was not changed. Tell the AreaLens administrator.' });
      this.options.log('a new release could not go live', { draft: draft.id, file, err: error });
      return;
    }
    const partners = structuredClone(live.partners);
    partners[draft.partner] = { ...partners[draft.partner], [draft.kind]: draft.entry };
    this.ws.addRelease({
      buildId: result.buildId, label: live.label, publishedAt: new Date().toISOString(), publishedBy: user.username, action: 'publish', draftId: draft.id,
      summary: `${draft.partner}: ${draft.kind} (${draft.files.map((f) => f.name).join(', ')})`, restores: null, partners,
    });
    this.update(draft, { status: 'published', progress: null, release: result.buildId });
    this.ws.audit({ user: user.username, action: 'release', partner: draft.partner, draftId: draft.id, buildId: result.buildId, detail: `built in ${result.seconds.toFixed(1)} s and made live`, ip: null });
    // Other drafts for the same partner and kind were compared with what is now the old release.
    for (const other of this.drafts.values()) {
      if (other.id !== draft.id && other.partner === draft.partner && other.kind === draft.kind && other.status === 'ready') {
        this.update(other, { status: 'checking', preview: null, progress: { step: 'Comparing again with the new release', done: 0, total: 1 } });
        this.queueCheck(other);
      }
    }
    const pruned = this.ws.prune(this.options.keepReleases);
    if (pruned.length > 0) this.options.log('pruned old release databases', { files: pruned });
  }

  /** Makes the release before the live one live again (one step; repeat to go further back). */
  rollback(user: PartnerUser, ip: string): Promise<void> {
    if (user.role !== 'admin') throw forbidden('Only admins can roll back a release.');
    const index = this.ws.previousIndex;
    if (index === null) throw conflict('There is no earlier release to roll back to.');
    const target = this.ws.releases[index]!;
    if (!existsSync(this.ws.releaseFile(target.buildId))) throw conflict(`The release ${target.buildId} has been pruned from disk and cannot be restored.`);
    return this.options.jobs.enqueue('rollback', null, async ({ progress }) => {
      // Checked again in the queue: a build may have gone live while this waited.
      const now = this.ws.previousIndex;
      if (now === null) throw conflict('There is no earlier release to roll back to.');
      const restore = this.ws.releases[now]!;
      const from = this.ws.current.buildId;
      progress({ step: `Opening release ${restore.buildId}`, done: 0, total: 1 });
      await this.options.goLive(this.ws.releaseFile(restore.buildId));
      this.ws.addRelease({
        ...restore, publishedAt: new Date().toISOString(), publishedBy: user.username, action: 'rollback', draftId: null,
        summary: `Rolled back from ${from} to ${restore.buildId} (${restore.summary})`, restores: now,
      });
      this.ws.audit({ user: user.username, action: 'rollback', partner: null, draftId: null, buildId: restore.buildId, detail: `from ${from}`, ip });
      progress({ step: 'Done', done: 1, total: 1 });
    });
  }
}

/** The record a client sees: no file paths. */
export function publicDraft(draft: StoredDraft | Draft): Draft {
  const { entry: _entry, ...rest } = draft as StoredDraft;
  return rest;
}

export const draftIdPattern = /^[0-9a-z]+-[0-9a-f]{8}$/;
export { newId };
