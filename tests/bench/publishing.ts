/**
 * Partner publishing, timed on the real server in its own process: a partner's spend upload
 * checked, then published under the mixed public load (did any request fail while the release was
 * swapped?), then rolled back; and the same upload against a workspace of the real Scotland data.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsv, readFileText } from '../../etl/src/csv.ts';
import { initWorkspace } from '../../etl/src/publish/init.ts';
import { SCOTLAND_DATA } from '../../etl/src/testing.ts';
import { Accounts, hashSecret } from '../../server/src/publishing/accounts.ts';
import { freePort } from '../freePort.ts';
import { driveMixedLoad, loadPaths, roundRobin, type BenchServer } from './benchServer.ts';
import { line, ms } from './timing.ts';

const PASSWORD = 'bench password, not a secret';
const HEADER = 'partner,service,financial_year,dz_code,postcode,amount_gbp,activity_count,activity_unit';

async function workspace(source: string, partner: string): Promise<{ dir: string; seconds: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'arealens-bench-publishing-'));
  const t0 = performance.now();
  await initWorkspace({ dir, source });
  const seconds = (performance.now() - t0) / 1000;
  const secret = await hashSecret(PASSWORD);
  new Accounts(join(dir, 'users.json')).save([
    { username: 'partner', displayName: 'Partner', role: 'uploader', partner, secret },
    { username: 'admin', displayName: 'Admin', role: 'admin', partner: null, secret },
  ]);
  return { dir, seconds };
}

async function serve(dir: string) {
  const port = await freePort();
  const server = spawn(process.execPath, ['--import', 'tsx', 'server/src/server.ts'], {
    env: { ...process.env, PUBLISH_DIR: dir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '0', RATE_LIMIT_EXPENSIVE_PER_MINUTE: '0', SIGN_IN_PER_MINUTE: '1000' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  process.on('exit', () => server.kill());
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/api/v1/health`)).ok) break;
    } catch {
      if (i > 600 || server.exitCode !== null) throw new Error('the server did not start');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const session = async (username: string) => {
    const reply = await fetch(`${base}/api/partner/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
    const cookie = reply.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = (await reply.json()) as { csrfToken: string };
    const headers = { cookie, 'x-csrf-token': csrfToken };
    return {
      get: async (path: string) => (await fetch(base + path, { headers })).json() as Promise<Record<string, unknown>>,
      post: (path: string, body?: FormData) => fetch(base + path, { method: 'POST', headers, ...(body ? { body } : {}) }),
    };
  };
  const until = async (client: Awaited<ReturnType<typeof session>>, id: string) => {
    for (;;) {
      const draft = await client.get(`/api/partner/drafts/${id}`);
      if (draft.status !== 'checking' && draft.status !== 'publishing') return draft;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return { base, server, session, until, stop: () => server.kill() };
}

async function uploadAndPublish(label: string, dir: string, csv: string, rows: number, underLoad: boolean) {
  const service = await serve(dir);
  try {
    const partner = await service.session('partner');
    const admin = await service.session('admin');
    const form = new FormData();
    form.set('kind', 'spend');
    form.set('file', new Blob([csv]), 'spend.csv');
    let t0 = performance.now();
    const draft = (await (await partner.post('/api/partner/drafts', form)).json()) as { id: string };
    const checked = await service.until(partner, draft.id);
    line(`${label}: upload ${rows.toLocaleString('en-GB')} spend rows, checked (${checked.status})`, ms(performance.now() - t0));

    const before = ((await (await fetch(`${service.base}/api/v1/health`)).json()) as { build: string }).build;
    const load = underLoad
      ? driveMixedLoad(service.base, { connections: 20, seconds: 45, next: roundRobin(await loadPaths({ base: service.base, get: async (p: string) => (await fetch(service.base + p)).json() } as BenchServer)) })
      : null;
    if (load) await new Promise((resolve) => setTimeout(resolve, 5_000));
    t0 = performance.now();
    await admin.post(`/api/partner/drafts/${draft.id}/publish`);
    const published = await service.until(admin, draft.id);
    const publishMs = performance.now() - t0;
    const audit = (await admin.get('/api/partner/audit?limit=5')) as { entries: { action: string; detail: string | null }[] };
    const built = audit.entries.find((e) => e.action === 'release')?.detail ?? '';
    line(`${label}: approve → live (${published.status}; ${built})`, ms(publishMs));
    if (load) {
      const result = await load;
      line(`${label}: public load during the publish (20 connections, 45 s)`, `${result.requestsPerSecond.toFixed(0)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms`);
      line(`${label}: requests / errors / non-2xx / timeouts`, `${result.total} / ${result.errors} / ${result.non2xx} / ${result.timeouts}`);
    }
    const after = ((await (await fetch(`${service.base}/api/v1/health`)).json()) as { build: string }).build;
    line(`${label}: build served before → after`, `${before} → ${after}`);
    t0 = performance.now();
    const rollback = await admin.post('/api/partner/releases/rollback');
    line(`${label}: roll back (${rollback.status})`, ms(performance.now() - t0));
  } finally {
    service.stop();
  }
}

const demo = await workspace('demo', 'NHS Firthshire');
line('demo: publishing workspace made (sources generated, first release built)', `${demo.seconds.toFixed(1)} s`);
{
  const lines = readFileSync(join(demo.dir, 'demo-sources', 'spend.csv'), 'utf8').split('\n').filter((l) => l.startsWith('NHS Firthshire,'));
  // A revision: one row in ten 10% higher.
  const revised = lines.map((l, i) => (i % 10 === 0 ? l.replace(/^((?:[^,]*,){5})([^,]*)/, (_m, head: string, amount: string) => `${head}${(Number(amount) * 1.1).toFixed(2)}`) : l));
  await uploadAndPublish('demo', demo.dir, [HEADER, ...revised].join('\n'), revised.length, true);
}
rmSync(demo.dir, { recursive: true, force: true });

{
  const real = await workspace(SCOTLAND_DATA, 'NHS Fife');
  line('real: publishing workspace made (first release built)', `${real.seconds.toFixed(1)} s`);
  // NHS Fife spend in every Fife data zone (S12000047), three services, two years.
  const lookupFile = join(SCOTLAND_DATA, 'lookups/datazone2011_lookup_sg.csv.gz');
  const lookup = parseCsv(lookupFile, readFileText(lookupFile));
  const fife = lookup.rows.filter((r) => r.cells[lookup.index.get('LA_Code')!] === 'S12000047').map((r) => r.cells[lookup.index.get('DZ2011_Code')!]!);
  const rows = fife.flatMap((dz, i) => ['Community nursing', 'Health visiting', 'Podiatry'].flatMap((service, j) => ['2022/23', '2023/24'].map((fy) => `NHS Fife,${service},${fy},${dz},,${((i * 37 + j * 11) % 900) + 100}.00,,`)));
  await uploadAndPublish('real', real.dir, [HEADER, ...rows].join('\n'), rows.length, false);
  rmSync(real.dir, { recursive: true, force: true });
}
