import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDatabase, inputsDigest } from './build.ts';
import { manifestForFolder } from './detect.ts';
import { EtlCheckError } from './errors.ts';
import type { Manifest } from './manifest.ts';
import { readFileSync } from 'node:fs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const DEMO_DATABASE = resolve(ROOT, 'data/build/demo.duckdb');
const USAGE = `Usage:
  npm run etl -- <folder or manifest.json> [--if-missing] [--out FILE]   build from files (default out: data/build/arealens.duckdb)
  npm run etl -- --demo [--if-missing] [--out FILE]                       build the synthetic demo region (default out: data/build/demo.duckdb)

  --if-missing   leave FILE alone when it was built by this checkout's ETL from the same files`;

/**
 * Whether a database exists and was built by this checkout's ETL from these very files (its
 * inputs digest, see build.ts): a changed file, a new schema or new ETL code rebuilds it.
 */
async function upToDate(out: string, manifest: Manifest, baseDir: string): Promise<boolean> {
  if (!existsSync(out)) return false;
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const { SCHEMA_VERSION } = await import('./write.ts');
  try {
    const instance = await DuckDBInstance.create(out, { access_mode: 'READ_ONLY' });
    try {
      const connection = await instance.connect();
      const version = (await connection.runAndReadAll('SELECT schema_version FROM build')).getRowObjectsJS()[0]?.schema_version;
      const digest = version === SCHEMA_VERSION ? (await connection.runAndReadAll('SELECT inputs_digest FROM build')).getRowObjectsJS()[0]?.inputs_digest : null;
      connection.closeSync();
      return digest === inputsDigest(manifest, baseDir);
    } finally {
      instance.closeSync();
    }
  } catch {
    return false;
  }
}

async function main(args: string[]): Promise<void> {
  const flag = (name: string) => args.includes(name);
  const outIndex = args.indexOf('--out');
  const outArg = outIndex >= 0 ? args[outIndex + 1] : undefined;
  if (outIndex >= 0 && !outArg) throw new UsageError('--out needs a file name');
  const positional = args.filter((a, i) => !a.startsWith('--') && i !== outIndex + 1);
  const log = (line: string) => console.log(line);

  if (flag('--demo')) {
    const out = resolve(outArg ?? DEMO_DATABASE);
    const { writeDemoSources } = await import('./demo/index.ts');
    const sourceDir = resolve(ROOT, 'data/build/demo-sources');
    const t0 = performance.now();
    const manifest = await writeDemoSources(sourceDir);
    log(`Generated the synthetic demo region in ${sourceDir} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    if (flag('--if-missing') && (await upToDate(out, manifest, sourceDir))) {
      console.log(`Demo database: ${out} (up to date with its sources and this ETL)`);
      return;
    }
    await buildDatabase({ manifest, baseDir: sourceDir, out, log });
    return;
  }
  const input = positional[0];
  if (!input) throw new UsageError('name a folder or a manifest.json');
  const path = resolve(input);
  if (!existsSync(path)) throw new UsageError(`${input} does not exist`);
  const isDir = statSync(path).isDirectory();
  const manifest: Manifest = isDir ? manifestForFolder(path) : (JSON.parse(readFileSync(path, 'utf8')) as Manifest);
  const baseDir = isDir ? path : dirname(path);
  if (manifest.sources.length === 0) throw new UsageError(`${input} holds no files AreaLens recognises and no manifest.json`);
  const out = resolve(outArg ?? resolve(ROOT, 'data/build/arealens.duckdb'));
  if (flag('--if-missing') && (await upToDate(out, manifest, baseDir))) {
    console.log(`Database: ${out} (up to date with ${input} and this ETL)`);
    return;
  }
  await buildDatabase({ manifest, baseDir, out, log });
}

class UsageError extends Error {}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof EtlCheckError) console.error(error.message);
  else if (error instanceof UsageError) console.error(`${error.message}\n\n${USAGE}`);
  else console.error(error);
  console.error('The previous database, if any, was left in place.');
  process.exit(1);
});
