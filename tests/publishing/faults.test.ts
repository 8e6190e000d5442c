/**
 * Publishing under faults: a build killed half-way, a server killed mid-build, damaged and
 * truncated uploads, uploads and publishes at the same moment, and requests in flight during a
 * swap. In every case the last good release keeps serving and nothing half-made stays behind.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { freePort } from '../freePort.ts';
import { LiveRelease } from '../../server/src/publishing/liveRelease.ts';
import type { Draft, ReleasesReply } from '../../server/src/schemas/publishing.ts';
import { REPO_ROOT } from '../../server/src/config.ts';
import { multipart, publishingFixture, settle, signIn, SPEND_HEADER, startPublishing } from './workspace.ts';

const HEADER = SPEND_HEADER;
const spendCsv = (partner: string, amount: number) => `${HEADER}\n${partner},Outreach,2022/23,S01000003,,${amount},,\n`;

const ws = publishingFixture({ UPLOAD_MAX_MB: '1' });

const strays = (folder: string) => readdirSync(join(ws.dir, folder)).filter((name) => !/^[0-9a-f]{16}\.duckdb$/.test(name) && !/^[0-9a-z]+-[0-9a-f]{8}$/.test(name));
const waitFor = async (what: string, condition: () => boolean, timeoutMs = 60_000) => {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

async function readyDraft(who: 'uploader' | 'council', csv: string): Promise<string> {
  const client = await signIn(ws.service, who);
  const upload = await client.upload({ kind: 'spend' }, { file: { name: 'spend.csv', content: csv } });
  expect(upload.statusCode).toBe(202);
  const draft = await settle(client, (upload.json() as Draft).id);
  expect(draft.status).toBe('ready');
  return draft.id as string;
}

describe('a build killed half-way', () => {
  it('fails the draft visibly, keeps the last good release serving, leaves no files, and can be published again', async () => {
    const id = await readyDraft('uploader', spendCsv('NHS Testshire', 111));
    const root = await signIn(ws.service, 'admin');
    const live = ws.service.live.buildId;
    const releasesBefore = readFileSync(join(ws.dir, 'releases.json'), 'utf8');
    expect((await root.post(`/api/partner/drafts/${id}/publish`)).statusCode).toBe(202);

    // Kill the ETL child while it is writing the new database (its temporary file exists).
    await waitFor('the build to start writing', () => ws.service.jobs!.current?.kind === 'build' && /Writing|Drawing|Saving/.test(ws.service.jobs!.current.progress.step));
    expect(readdirSync(join(ws.dir, 'releases')).some((name) => name.includes('.building-'))).toBe(true);
    process.kill(ws.service.jobs!.childPid!, 'SIGKILL');

    const failed = await settle(root, id) as unknown as Draft;
    expect(failed.status).toBe('failed');
    expect(failed.error).toBe('The new release was not built: the build was stopped before it finished (SIGKILL); nothing was changed. The live release was not changed.');
    expect(ws.service.live.buildId).toBe(live);
    expect((await ws.service.inject('/api/v1/health')).json()).toMatchObject({ status: 'ok', build: live });
    expect(readFileSync(join(ws.dir, 'releases.json'), 'utf8')).toBe(releasesBefore);
    // The half-written file was never served, and is gone.
    expect(strays('releases')).toEqual([]);
    expect(readdirSync(join(ws.dir, 'jobs'))).toEqual([]);

    expect((await root.post(`/api/partner/drafts/${id}/publish`)).statusCode).toBe(202);
    const published = await settle(root, id) as unknown as Draft;
    expect(published.status).toBe('published');
    expect(ws.service.live.buildId).toBe(published.release);
  }, 120_000);
});

describe('a server killed mid-build', () => {
  it('comes back serving the last good release, with the draft marked failed and the debris swept', async () => {
    const id = await readyDraft('council', spendCsv('Testshire Council', 222));
    const live = ws.service.live.buildId;
    await ws.service.close();

    // The real server in its own process, killed outright while its build runs.
    const port = await freePort();
    const server = spawn(process.execPath, ['--import', 'tsx', 'server/src/server.ts'], {
      cwd: REPO_ROOT, env: { ...process.env, PUBLISH_DIR: ws.dir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '0' }, stdio: 'ignore',
    });
    try {
      const base = `http://127.0.0.1:${port}`;
      for (let i = 0; ; i++) {
        try {
          if ((await fetch(`${base}/api/v1/health`)).ok) break;
        } catch {
          if (i > 600) throw new Error('the server did not start');
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const signInReply = await fetch(`${base}/api/partner/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'root', password: 'correct horse battery staple' }) });
      const cookie = signInReply.headers.get('set-cookie')!.split(';')[0]!;
      const { csrfToken } = (await signInReply.json()) as { csrfToken: string };
      expect((await fetch(`${base}/api/partner/drafts/${id}/publish`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken } })).status).toBe(202);
      await waitFor('the build to start', () => readdirSync(join(ws.dir, 'jobs')).length > 0);
      server.kill('SIGKILL');
      await new Promise((resolve) => server.once('exit', resolve));
    } finally {
      server.kill('SIGKILL');
    }

    ws.service = await startPublishing(ws.dir, { UPLOAD_MAX_MB: '1' });
    expect(ws.service.live.buildId).toBe(live);
    const root = await signIn(ws.service, 'admin');
    const draft = (await root.get(`/api/partner/drafts/${id}`)).json() as Draft;
    expect(draft.status).toBe('failed');
    expect(draft.error).toMatch(/^The server stopped while this release was being built; the live release was not changed/);
    expect(strays('releases')).toEqual([]);
    expect(readdirSync(join(ws.dir, 'jobs'))).toEqual([]);
  }, 120_000);
});

describe('damaged uploads', () => {
  async function spendWorkbook(rows: (string | number)[][]): Promise<Buffer> {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Spend 2022-23');
    sheet.addRow(HEADER.split(','));
    for (const row of rows) sheet.addRow(row);
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }

  it('reads a good workbook, with row numbers as Excel shows them', async () => {
    const nurse = await signIn(ws.service, 'uploader');
    const book = await spendWorkbook([['NHS Testshire', 'Outreach', '2022/23', 'S01000003', '', 50], [], ['NHS Testshire', 'Outreach', '2022/23', 'S01000003', '', 'lots']]);
    const upload = await nurse.upload({ kind: 'spend' }, { file: { name: 'nhs.xlsx', content: book } });
    expect(upload.statusCode).toBe(202);
    const draft = await settle(nurse, (upload.json() as Draft).id) as unknown as Draft;
    expect(draft.issues).toEqual([{ file: 'nhs.xlsx - Spend 2022-23.csv', row: 4, column: 'amount_gbp', message: '"lots" is not an amount in pounds (digits and a decimal point only)' }]);
  }, 60_000);

  it('refuses a truncated workbook, a binary posing as CSV, and an empty file, and keeps nothing of them', async () => {
    const nurse = await signIn(ws.service, 'uploader');
    const book = await spendWorkbook([['NHS Testshire', 'Outreach', '2022/23', 'S01000003', '', 50]]);
    const cases = [
      { name: 'cut.xlsx', content: book.subarray(0, Math.floor(book.length / 2)), message: /^cut\.xlsx cannot be read as an Excel workbook \(.*\); it may be damaged or cut short\.$/ },
      { name: 'renamed.xlsx', content: Buffer.from('partner,service\n'), message: /^renamed\.xlsx is not an Excel workbook \(\.xlsx\)/ },
      { name: 'binary.csv', content: book, message: /^binary\.csv is not a CSV text file \(it holds binary data\)/ },
      { name: 'latin1.csv', content: Buffer.from(`${HEADER}\nNHS Testshire,Caf\xe9,2022/23,S01000003,,5,,\n`, 'latin1'), message: /^latin1\.csv is not UTF-8 text/ },
      { name: 'empty.csv', content: '', message: /^empty\.csv is empty\.$/ },
      { name: 'notes.txt', content: 'hello', message: /^notes\.txt is neither a \.csv nor an \.xlsx file\.$/ },
    ];
    const draftsBefore = readdirSync(join(ws.dir, 'drafts')).length;
    for (const { name, content, message } of cases) {
      const reply = await nurse.upload({ kind: 'spend' }, { file: { name, content } });
      expect(reply.statusCode, name).toBe(400);
      expect(reply.json().message, name).toMatch(message);
    }
    expect(readdirSync(join(ws.dir, 'drafts')).length).toBe(draftsBefore);
    expect(readdirSync(join(ws.dir, 'uploads')).filter((n) => n.endsWith('.partial'))).toEqual([]);
  }, 60_000);

  it('turns a CSV cut off mid-record into a checks failure that names the row', async () => {
    const nurse = await signIn(ws.service, 'uploader');
    const csv = `${HEADER}\nNHS Testshire,Outreach,2022/23,S01000003,,50,,\nNHS Testshire,"Outreach, rural`;
    const upload = await nurse.upload({ kind: 'spend' }, { file: { name: 'cut.csv', content: csv } });
    const draft = await settle(nurse, (upload.json() as Draft).id) as unknown as Draft;
    expect(draft.status).toBe('invalid');
    expect(draft.issues).toEqual([{ file: 'cut.csv', row: 3, message: 'cannot be read as CSV: a quoted field is never closed' }]);
  }, 60_000);

  it('refuses an upload cut short in transit, and one over the size limit, keeping nothing', async () => {
    const nurse = await signIn(ws.service, 'uploader');
    const { body, contentType } = multipart({ kind: 'spend' }, { file: { name: 'spend.csv', content: spendCsv('NHS Testshire', 5) } });
    const cut = await ws.service.inject({
      method: 'POST', url: '/api/partner/drafts', payload: body.subarray(0, body.length - 60),
      headers: { cookie: nurse.cookie, 'x-csrf-token': nurse.csrfToken, 'content-type': contentType },
    });
    expect(cut.statusCode).toBe(400);
    expect(cut.json().message).toBe('The upload was cut short before it arrived whole; send it again.');

    const big = await nurse.upload({ kind: 'spend' }, { file: { name: 'big.csv', content: `${HEADER}\n${'NHS Testshire,Outreach,2022/23,S01000003,,50,,\n'.repeat(30_000)}` } });
    expect(big.statusCode).toBe(413);
    expect(big.json().message).toMatch(/^big\.csv is larger than the 1 MB this server accepts/);
    expect(readdirSync(join(ws.dir, 'uploads')).filter((n) => n.endsWith('.partial'))).toEqual([]);
  }, 60_000);
});

describe('at the same moment', () => {
  it('two uploads become two drafts, each checked against its own file', async () => {
    const [nurse, clerk] = [await signIn(ws.service, 'uploader'), await signIn(ws.service, 'council')];
    const [a, b] = await Promise.all([
      nurse.upload({ kind: 'spend' }, { file: { name: 'spend.csv', content: spendCsv('NHS Testshire', 1000) } }),
      clerk.upload({ kind: 'spend' }, { file: { name: 'spend.csv', content: spendCsv('Testshire Council', 2000) } }),
    ]);
    const [draftA, draftB] = [await settle(nurse, (a.json() as Draft).id), await settle(clerk, (b.json() as Draft).id)] as unknown as Draft[];
    expect(draftA!.id).not.toBe(draftB!.id);
    expect(draftA!.preview!.spend!.total.after).toBe(1000);
    expect(draftB!.preview!.spend!.total.after).toBe(2000);

    // Both published at once: the builds queue, the second starts from the first's release, and both land.
    const root = await signIn(ws.service, 'admin');
    const replies = await Promise.all([root.post(`/api/partner/drafts/${draftA!.id}/publish`), root.post(`/api/partner/drafts/${draftB!.id}/publish`)]);
    expect(replies.map((r) => r.statusCode)).toEqual([202, 202]);
    const [doneA, doneB] = [await settle(root, draftA!.id), await settle(root, draftB!.id)] as unknown as Draft[];
    expect([doneA!.status, doneB!.status]).toEqual(['published', 'published']);
    expect(ws.service.live.buildId).toBe(doneB!.release);
    const spend = (await ws.service.inject('/api/v1/spend')).json() as { byPartner: { partner: string; amount: number }[] };
    const amounts = Object.fromEntries(spend.byPartner.map((p) => [p.partner, p.amount]));
    expect(amounts).toEqual({ 'NHS Testshire': 1000, 'Testshire Council': 2000 });
    const releases = (await root.get('/api/partner/releases')).json() as ReleasesReply;
    expect(releases.releases.slice(0, 2).map((r) => r.draftId)).toEqual([draftB!.id, draftA!.id]);
  }, 120_000);
});

describe('a swap with requests in flight', () => {
  it('finishes them on the old release, answers new ones from the new, and closes the old when they are done', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const closed: string[] = [];
    const open = async (name: string) => {
      const app = Fastify();
      app.decorate('build', { id: name } as never);
      app.get('/which', async () => {
        if (name === 'old') await gate;
        return { build: name };
      });
      app.addHook('onClose', async () => void closed.push(name));
      return app;
    };
    const live = new LiveRelease(await open('old'), open);
    await live.app.ready();
    const { inject } = await import('light-my-request');
    const inFlight = inject(live.handle, '/which');
    await new Promise((resolve) => setTimeout(resolve, 20));
    await live.swapTo('new');
    expect((await inject(live.handle, '/which')).json()).toEqual({ build: 'new' });
    expect(closed).toEqual([]); // the old release waits for its request
    release();
    expect((await inFlight).json()).toEqual({ build: 'old' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(closed).toEqual(['old']);
    await live.closeAll();
    expect(closed).toEqual(['old', 'new']);
  });

  it('lets requests in flight finish when the server shuts down', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const events: string[] = [];
    const app = Fastify();
    app.decorate('build', { id: 'only' } as never);
    app.get('/slow', async () => {
      await gate;
      events.push('answered');
      return { done: true };
    });
    // Closing the release closes its database: it must wait until the request has its answer.
    app.addHook('onClose', async () => void events.push('closed'));
    const live = new LiveRelease(app, async () => app);
    await app.ready();
    const { inject } = await import('light-my-request');
    const inFlight = inject(live.handle, '/slow');
    await new Promise((resolve) => setTimeout(resolve, 20));
    const closing = live.closeAll();
    setTimeout(release, 50);
    expect((await inFlight).json()).toEqual({ done: true });
    await closing;
    expect(events).toEqual(['answered', 'closed']);
  });

  it('keeps serving the old release when the new file cannot be opened', async () => {
    const releases = readdirSync(join(ws.dir, 'releases'));
    const before = ws.service.live.buildId;
    await expect(ws.service.live.swapTo(join(ws.dir, 'releases', 'missing.duckdb'))).rejects.toThrow(/No AreaLens database/);
    expect(ws.service.live.buildId).toBe(before);
    expect((await ws.service.inject('/api/v1/health')).statusCode).toBe(200);
    expect(readdirSync(join(ws.dir, 'releases'))).toEqual(releases);
    expect(existsSync(join(ws.dir, 'releases', 'missing.duckdb'))).toBe(false);
  });
});
