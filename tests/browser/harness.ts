/**
 * Browser journeys run the real thing: the demo database, the built web app and the real server
 * (buildApp + listen on a free port), driven in Debian's Chromium. No mocks. Each test file gets
 * one server and one browser; nothing waits a fixed time — every wait is for a condition.
 */
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startService, type Service } from '../../server/src/publishing/service.ts';
import { loadConfig, REPO_ROOT } from '../../server/src/config.ts';

export const DEMO_DATABASE = join(REPO_ROOT, 'data/build/demo.duckdb');
/** Real Scotland, built afresh from the repository's data/scotland for the journeys on real data. */
export const SCOTLAND_DATABASE = join(REPO_ROOT, 'data/build/test-scotland.duckdb');
export const WEB_DIST = join(REPO_ROOT, 'web/dist');
export const SCREENSHOTS = join(REPO_ROOT, 'tests/screenshots');
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

function run(command: string, args: string[], env: Record<string, string> = {}): void {
  const result = spawnSync(command, args, { cwd: REPO_ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed with status ${result.status}`);
}

/** The newest modification time of any file under a folder. */
function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Test files run in parallel workers: a lock folder (mkdir is atomic) lets one build while the
 * others wait for it to go.
 */
async function withLock(name: string, work: () => void): Promise<void> {
  const lock = join(REPO_ROOT, 'data/build', `.${name}.lock`);
  mkdirSync(join(REPO_ROOT, 'data/build'), { recursive: true });
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`Waited three minutes for ${lock}; remove it if no build is running.`);
      await sleep(250);
    }
  }
  try {
    work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * The database (the demo, built by the ETL when missing; or real Scotland, built once per test run)
 * and a web build no older than its sources.
 */
export async function prepare(database: 'demo' | 'scotland' = 'demo'): Promise<void> {
  await withLock(database, () => {
    // --if-missing rebuilds a demo database older than this checkout's ETL or sources (its inputs digest).
    if (database === 'demo') run('npx', ['tsx', 'etl/src/cli.ts', '--demo', '--if-missing']);
    if (database === 'scotland') run('npx', ['tsx', 'etl/src/cli.ts', 'data/scotland', '--out', SCOTLAND_DATABASE]);
  });
  await withLock('web', () => {
    const built = join(WEB_DIST, 'index.html');
    const sources = Math.max(newest(join(REPO_ROOT, 'web/src')), newest(join(REPO_ROOT, 'web/index.html')));
    if (!existsSync(built) || statSync(built).mtimeMs < sources) run('npm', ['run', 'build', '-w', 'web'], { NODE_ENV: 'production' }); // vitest's NODE_ENV=test would make Vite build Svelte's development bundle
  });
}

export interface Journey {
  service: Service;
  browser: Browser;
  base: string;
  /** A new page that records script errors, for `expectNoErrors`. */
  open(path: string, viewport?: { width: number; height: number }): Promise<Page & { errors: string[] }>;
  /** JSON from the same server the browser talks to. */
  api<T>(path: string): Promise<T>;
  close(): Promise<void>;
}

export async function startJourney(database: 'demo' | 'scotland' = 'demo'): Promise<Journey> {
  await prepare(database);
  // The whole service, as `npm start` serves it: the public app and the partner API behind one handler.
  const service = await startService(loadConfig({ DATABASE: database === 'demo' ? DEMO_DATABASE : SCOTLAND_DATABASE, WEB_DIST, LOG_LEVEL: 'silent' }));
  const server = createServer(service.handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('The server did not report a port.');
  const base = `http://127.0.0.1:${address.port}`;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  mkdirSync(SCREENSHOTS, { recursive: true });

  return {
    service,
    browser,
    base,
    async open(path, viewport = { width: 1280, height: 900 }) {
      const page = (await browser.newPage({ viewport })) as Page & { errors: string[] };
      page.errors = [];
      page.on('pageerror', (error) => page.errors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') page.errors.push(message.text());
      });
      await page.goto(base + path);
      return page;
    },
    async api<T>(path: string) {
      const response = await fetch(base + path);
      if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    },
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
      await service.close();
    },
  };
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

let axeSource: string | undefined;

/** axe-core's WCAG 2.x A and AA rules on the page as it stands; serious and critical violations only. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol rather than added as a <script>: the server's
  // Content-Security-Policy (script-src 'self') rightly refuses inline scripts.
  axeSource ??= readFileSync(join(REPO_ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return result.violations;
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Violations in words, for a failing assertion's message. */
export const describeViolations = (violations: AxeViolation[]) =>
  violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}`).join('\n');

export const screenshot = (page: Page, name: string, fullPage = true) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage });
