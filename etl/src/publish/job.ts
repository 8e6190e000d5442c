/**
 * One publishing job, run by the server in a child process so a long build never blocks its event
 * loop and can be stopped without harming it: `node --import tsx etl/src/publish/job.ts spec.json`.
 *
 * - check: reads every source of the release with the draft in place of the partner's current
 *   file, through the same checks gate as any build, then compares the partner's current file
 *   with the draft (the preview).
 * - build: builds the release with the draft into `out` (written beside it and renamed only when
 *   complete, like every build).
 *
 * It speaks one JSON object a line on stdout: {type:'step'} while working, then exactly one of
 * {type:'checked'}, {type:'invalid'}, {type:'built'} or {type:'error'}.
 */
import { readFileSync } from 'node:fs';
import { buildDatabase, stageSources } from '../build.ts';
import { EtlCheckError, type EtlIssue } from '../errors.ts';
import type { Manifest, SourceEntry } from '../manifest.ts';
import type { Staging } from '../staging.ts';
import { draftPreview, readPartnerEntry, type Preview } from './preview.ts';

export interface JobSpec {
  mode: 'check' | 'build';
  /** The release's sources with the draft's entry last; every path absolute. */
  manifest: Manifest;
  draft: { partner: string; entry: SourceEntry };
  /** The partner's entry in the live release (null if it has none), for the preview. */
  previous: SourceEntry | null;
  /** The live release's build id. */
  basedOn: string;
  /** build: the database file to write. */
  out?: string;
}

export type JobMessage =
  | { type: 'step'; step: string; done: number; total: number }
  | { type: 'checked'; preview: Preview }
  | { type: 'invalid'; issues: EtlIssue[]; more: number }
  | { type: 'built'; buildId: string; out: string; seconds: number }
  | { type: 'error'; message: string };

const say = (message: JobMessage) => process.stdout.write(`${JSON.stringify(message)}\n`);

/**
 * Spend a partner sends must be its own: every row's partner column names it. The draft is read
 * on its own, as other sources' files may share its name.
 */
async function checkSpendPartner(staging: Staging, draft: JobSpec['draft']): Promise<EtlIssue[]> {
  if (draft.entry.kind !== 'spend') return [];
  return (await readPartnerEntry(staging, draft.entry)).spend
    .filter((row) => row.partner !== draft.partner)
    .slice(0, 20)
    .map((row) => ({ file: row.file, row: row.row, column: 'partner', message: `"${row.partner}" is not ${draft.partner}: this upload may only hold ${draft.partner}'s spend` }));
}

/**
 * What a check reads besides the draft: the sources the draft's own reader and checks depend on.
 * Spend rows are checked against the data zones and postcodes alone (no check across sources
 * looks at spend), so a spend check skips every indicator file; an indicators check reads
 * everything but spend, since ids must be unique across all indicators and targets must still
 * find theirs. The build that publishes a draft reads everything again.
 */
const SPEND_NEEDS = new Set<SourceEntry['kind']>(['sg_dz_lookup', 'area_membership', 'derived_ward2022', 'derived_locality', 'dz_crosswalk', 'postcodes', 'spend']);

export function sourcesToCheck(manifest: Manifest, draft: SourceEntry): Manifest {
  const needed = (entry: SourceEntry) => (draft.kind === 'spend' ? SPEND_NEEDS.has(entry.kind) : entry.kind !== 'spend');
  return { ...manifest, sources: manifest.sources.filter((entry) => entry === draft || needed(entry)) };
}

export async function runJob(spec: JobSpec, report: (message: JobMessage) => void): Promise<void> {
  const onStep = (step: string, done: number, total: number) => report({ type: 'step', step, done, total });
  try {
    if (spec.mode === 'check') {
      const staging = await stageSources({ manifest: sourcesToCheck(spec.manifest, spec.manifest.sources.at(-1)!), baseDir: '/', onStep });
      try {
        const wrongPartner = await checkSpendPartner(staging, spec.draft);
        if (wrongPartner.length > 0) return report({ type: 'invalid', issues: wrongPartner, more: 0 });
        onStep('Comparing with the live release', 1, 1);
        return report({ type: 'checked', preview: await draftPreview(staging, spec.basedOn, spec.draft.entry, spec.previous) });
      } finally {
        staging.observations.close();
      }
    }
    if (!spec.out) throw new Error('a build job needs "out"');
    const result = await buildDatabase({ manifest: spec.manifest, baseDir: '/', out: spec.out, onStep });
    report({ type: 'built', buildId: result.buildId, out: result.out, seconds: result.seconds });
  } catch (error) {
    if (error instanceof EtlCheckError) return report({ type: 'invalid', issues: error.issues, more: error.more });
    report({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const specFile = process.argv[2];
  if (!specFile) {
    say({ type: 'error', message: 'usage: job.ts <spec.json>' });
    process.exit(2);
  }
  await runJob(JSON.parse(readFileSync(specFile, 'utf8')) as JobSpec, say);
}
