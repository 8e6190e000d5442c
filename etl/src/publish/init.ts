/**
 * `npm run publishing -- init [--dir FOLDER] (--demo | <sources folder | manifest.json>) [--force]`
 *
 * Makes a partner publishing workspace: records the base sources every release is built from,
 * builds the first release from them, and writes releases.json. The server (PUBLISH_DIR=FOLDER)
 * then serves that release and builds new ones as partners publish. The layout is described in
 * server/src/publishing/workspace.ts.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDatabase } from '../build.ts';
import { manifestForFolder } from '../detect.ts';
import { EtlCheckError } from '../errors.ts';
import type { Manifest, SourceEntry } from '../manifest.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const USAGE = 'Usage: npm run publishing -- init [--dir FOLDER] (--demo | <sources folder | manifest.json>) [--force | --if-missing]\n  (FOLDER defaults to PUBLISH_DIR, or data/publishing)';

class UsageError extends Error {}

function absolute(entry: SourceEntry, baseDir: string): SourceEntry {
  const at = (path: string) => (isAbsolute(path) ? path : resolve(baseDir, path));
  if (entry.kind === 'indicators') return { ...entry, metadata: at(entry.metadata), observations: entry.observations.map(at) };
  return { ...entry, file: at(entry.file) };
}

export async function initWorkspace(options: { dir: string; source: string | 'demo'; force?: boolean; log?: (line: string) => void }): Promise<{ buildId: string }> {
  const log = options.log ?? (() => {});
  const dir = resolve(options.dir);
  if (existsSync(resolve(dir, 'releases.json')) && !options.force) {
    throw new UsageError(`${dir} is already a publishing workspace (releases.json exists). Add --force to start it again from nothing: its releases, drafts and audit log would be lost.`);
  }
  if (options.force) for (const name of ['releases.json', 'releases', 'drafts', 'uploads', 'jobs', 'workspace.json']) rmSync(resolve(dir, name), { recursive: true, force: true });
  mkdirSync(resolve(dir, 'releases'), { recursive: true });

  let manifest: Manifest;
  let baseDir: string;
  if (options.source === 'demo') {
    const { writeDemoSources } = await import('../demo/index.ts');
    baseDir = resolve(dir, 'demo-sources');
    manifest = await writeDemoSources(baseDir);
    log(`Generated the synthetic demo region's sources in ${baseDir}`);
  } else {
    const path = resolve(options.source);
    if (!existsSync(path)) throw new UsageError(`${options.source} does not exist`);
    const isDir = statSync(path).isDirectory();
    manifest = isDir ? manifestForFolder(path) : (JSON.parse(readFileSync(path, 'utf8')) as Manifest);
    baseDir = isDir ? path : dirname(path);
    if (manifest.sources.length === 0) throw new UsageError(`${options.source} holds no files AreaLens recognises and no manifest.json`);
  }
  const base: Manifest = { ...manifest, sources: manifest.sources.map((entry) => absolute(entry, baseDir)) };

  const next = resolve(dir, 'releases', 'next-init.duckdb');
  const result = await buildDatabase({ manifest: base, baseDir: '/', out: next, log });
  renameSync(next, resolve(dir, 'releases', `${result.buildId}.duckdb`));
  writeFileSync(resolve(dir, 'workspace.json'), `${JSON.stringify({ base }, null, 1)}\n`);
  const at = new Date().toISOString();
  const release = {
    buildId: result.buildId, label: manifest.label, publishedAt: at, publishedBy: 'npm run publishing -- init', action: 'initial', draftId: null,
    summary: `First release, from ${options.source === 'demo' ? 'the synthetic demo sources' : basename(options.source)}`, restores: null, partners: {},
  };
  writeFileSync(resolve(dir, 'releases.json'), `${JSON.stringify({ releases: [release] }, null, 1)}\n`);
  appendFileSync(resolve(dir, 'audit.jsonl'), `${JSON.stringify({ at, user: null, action: 'initial', partner: null, draftId: null, buildId: result.buildId, detail: release.summary, ip: null })}\n`);
  log(`Publishing workspace ready in ${dir}: release ${result.buildId}. Add accounts with \`npm run users -- add <username> --role admin\`, then start the server with PUBLISH_DIR=${dir}.`);
  return { buildId: result.buildId };
}

async function main(args: string[]): Promise<void> {
  if (args[0] !== 'init') throw new UsageError('the only command is init');
  const dirAt = args.indexOf('--dir');
  if (dirAt >= 0 && !args[dirAt + 1]) throw new UsageError('--dir needs a folder');
  const dir = dirAt >= 0 ? args[dirAt + 1]! : process.env.PUBLISH_DIR || resolve(ROOT, 'data/publishing');
  if (args.includes('--if-missing') && existsSync(resolve(isAbsolute(dir) ? dir : resolve(ROOT, dir), 'releases.json'))) {
    console.log(`Publishing workspace: ${dir} (already made; delete it to start again)`);
    return;
  }
  const positional = args.slice(1).filter((a, i) => !a.startsWith('--') && i + 1 !== dirAt + 1);
  const source = args.includes('--demo') ? 'demo' : positional[0];
  if (!source) throw new UsageError('say what to build from: --demo, or a sources folder or manifest.json');
  await initWorkspace({ dir: isAbsolute(dir) ? dir : resolve(ROOT, dir), source, force: args.includes('--force'), log: (line) => console.log(line) });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    if (error instanceof EtlCheckError) console.error(error.message);
    else if (error instanceof UsageError) console.error(`${error.message}\n\n${USAGE}`);
    else console.error(error);
    process.exit(1);
  });
}
