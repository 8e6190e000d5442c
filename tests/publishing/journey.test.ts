/**
 * A partner's whole journey through the real service: sign in, upload, read the checks' problems,
 * upload again, review the preview, get approval, see the data live without a restart, roll back.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditReply, Draft, ReleasesReply } from '../../server/src/schemas/publishing.ts';
import type { SpendReply } from '../../server/src/schemas/spend.ts';
import { NHS_SPEND, publishingFixture, settle, signIn, SPEND_HEADER } from './workspace.ts';

const HEADER = SPEND_HEADER;

const ws = publishingFixture();
let initialBuild: string;
beforeAll(() => {
  initialBuild = ws.service.live.buildId;
});

/** Spend by partner from the public API, as anyone would see it. */
async function publicSpend(): Promise<{ build: string; byPartner: Record<string, number> }> {
  const reply = await ws.service.inject('/api/v1/spend');
  expect(reply.statusCode).toBe(200);
  const body = reply.json() as SpendReply;
  const byPartner: Record<string, number> = {};
  for (const { partner, amount } of [...body.byPartner, ...body.unallocated.lines]) byPartner[partner] = (byPartner[partner] ?? 0) + amount;
  return { build: String(reply.headers['x-arealens-build']), byPartner };
}

describe('partner publishing, end to end', () => {
  let draftId: string;

  it('refuses a file with problems, naming each row and column, and changes nothing', async () => {
    const nurse = await signIn(ws.service, 'uploader');
    const broken = `${HEADER}\nNHS Testshire,Community nursing,2020/21,S01999999,,7000,,\nNHS Testshire,Community nursing,20/21,S01000001,,7000,,\nNHS Testshire,Community nursing,2020/21,S01000001,,seven,,\n`;
    const upload = await nurse.upload({ kind: 'spend' }, { file: { name: 'nhs.csv', content: broken } });
    expect(upload.statusCode).toBe(202);
    const draft = await settle(nurse, (upload.json() as Draft).id) as unknown as Draft;
    expect(draft.status).toBe('invalid');
    expect(draft.issues).toEqual([
      { file: 'nhs.csv', row: 2, column: 'dz_code', message: 'data zone S01999999 is not in the data zone lookup (dz2011)' },
      { file: 'nhs.csv', row: 3, column: 'financial_year', message: '"20/21" is not a financial year such as 2019/20' },
      { file: 'nhs.csv', row: 4, column: 'amount_gbp', message: '"seven" is not an amount in pounds (digits and a decimal point only)' },
    ]);
    expect(ws.service.live.buildId).toBe(initialBuild);
  }, 60_000);

  it("refuses another partner's rows in an uploader's file", async () => {
    const nurse = await signIn(ws.service, 'uploader');
    const upload = await nurse.upload({ kind: 'spend' }, { file: { name: 'nhs.csv', content: `${NHS_SPEND}\nTestshire Council,Home care,2020/21,S01000001,,5,,\n` } });
    const draft = await settle(nurse, (upload.json() as Draft).id) as unknown as Draft;
    expect(draft.status).toBe('invalid');
    expect(draft.issues).toEqual([{ file: 'nhs.csv', row: 5, column: 'partner', message: '"Testshire Council" is not NHS Testshire: this upload may only hold NHS Testshire\'s spend' }]);
  }, 60_000);

  it('previews a valid upload against the live release: rows, totals by service and by area', async () => {
    const nurse = await signIn(ws.service, 'uploader');
    const upload = await nurse.upload({ kind: 'spend' }, { file: { name: 'nhs spend.csv', content: NHS_SPEND } });
    draftId = (upload.json() as Draft).id;
    const draft = await settle(nurse, draftId) as unknown as Draft;
    expect(draft.status).toBe('ready');
    const preview = draft.preview!;
    expect(preview.basedOn).toBe(initialBuild);
    // The mini fixture's NHS Testshire spend: 8 rows, £42,800, all Community nursing 2020/21.
    expect(preview.rows).toEqual({ before: 8, after: 3 });
    expect(preview.spend!.total).toEqual({ before: 42800, after: 8334.5 });
    expect(preview.spend!.unallocated).toEqual({ before: 0, after: 100 });
    expect(preview.spend!.byService).toEqual([
      { service: 'Community nursing', financialYear: '2020/21', before: 42800, after: 7000 },
      { service: 'District nursing', financialYear: '2021/22', before: 0, after: 1334.5 }, // £100 of it unallocated
    ]);
    const councils = preview.spend!.byArea.filter((a) => a.level === 'council');
    expect(councils.reduce((sum, a) => sum + a.after, 0)).toBe(8234.5); // everything but the unallocated £100
    // The public never sees a draft.
    expect((await publicSpend()).byPartner['NHS Testshire']).toBe(42800);
  }, 60_000);

  it('lets only an approver (not the uploader) publish, and makes the data live without a restart', async () => {
    const nurse = await signIn(ws.service, 'uploader');
    const self = await nurse.post(`/api/partner/drafts/${draftId}/publish`);
    expect(self.statusCode).toBe(403);

    const boss = await signIn(ws.service, 'approver');
    const before = await publicSpend();
    const publish = await boss.post(`/api/partner/drafts/${draftId}/publish`);
    expect(publish.statusCode).toBe(202);
    expect((publish.json() as Draft).status).toBe('publishing');
    const done = await settle(boss, draftId) as unknown as Draft;
    expect(done.status).toBe('published');
    expect(done.release).toMatch(/^[0-9a-f]{16}$/);
    expect(done.release).not.toBe(initialBuild);

    const after = await publicSpend();
    expect(after.build).toBe(done.release);
    expect(after.byPartner['NHS Testshire']).toBe(8334.5);
    expect(after.byPartner['Testshire Council']).toBe(before.byPartner['Testshire Council']); // other partners untouched
    // The new build id is on every answer: API, pages and the partner API alike.
    expect((await ws.service.inject('/')).headers['x-arealens-build']).toBe(done.release);
    expect((await ws.service.inject('/api/v1/build')).json()).toMatchObject({ build: { id: done.release } });
    expect((await boss.get('/api/partner/releases')).headers['x-arealens-build']).toBe(done.release);

    const releases = (await boss.get('/api/partner/releases')).json() as ReleasesReply;
    expect(releases.current).toMatchObject({ buildId: done.release, action: 'publish', publishedBy: 'boss', draftId });
    expect(releases.previous).toMatchObject({ buildId: initialBuild, action: 'initial', available: true });
  }, 120_000);

  it('shows uploaders only their own partner’s drafts', async () => {
    const clerk = await signIn(ws.service, 'council');
    expect(((await clerk.get('/api/partner/drafts')).json() as { drafts: Draft[] }).drafts).toEqual([]);
    expect((await clerk.get(`/api/partner/drafts/${draftId}`)).statusCode).toBe(404);
    const forbidden = await clerk.upload({ kind: 'spend', partner: 'NHS Testshire' }, { file: { name: 'x.csv', content: NHS_SPEND } });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json()).toEqual({ error: 'Forbidden', message: 'You upload for Testshire Council only, not NHS Testshire.' });
  });

  it('rolls back one step, for admins only, and the old data are live again', async () => {
    const boss = await signIn(ws.service, 'approver');
    expect((await boss.post('/api/partner/releases/rollback')).statusCode).toBe(403);
    const root = await signIn(ws.service, 'admin');
    const published = ws.service.live.buildId;
    const rollback = await root.post('/api/partner/releases/rollback');
    expect(rollback.statusCode).toBe(202);
    const releases = rollback.json() as ReleasesReply;
    expect(releases.current).toMatchObject({ buildId: initialBuild, action: 'rollback', publishedBy: 'root' });
    expect(releases.previous).toBeNull(); // the first release has nothing before it
    expect(ws.service.live.buildId).toBe(initialBuild);
    const spend = await publicSpend();
    expect(spend).toMatchObject({ build: initialBuild, byPartner: { 'NHS Testshire': 42800 } });
    // The rolled-back build stays on disk for a while (KEEP_RELEASES).
    expect(existsSync(join(ws.dir, 'releases', `${published}.duckdb`))).toBe(true);
    expect((await root.post('/api/partner/releases/rollback')).json()).toEqual({ error: 'Conflict', message: 'There is no earlier release to roll back to.' });
  }, 60_000);

  it('keeps an audit log that admins (only) can read', async () => {
    const boss = await signIn(ws.service, 'approver');
    expect((await boss.get('/api/partner/audit')).statusCode).toBe(403);
    const root = await signIn(ws.service, 'admin');
    const audit = (await root.get('/api/partner/audit?limit=1000')).json() as AuditReply;
    const actions = audit.entries.map((e) => `${e.action} ${e.user ?? '-'}`).reverse();
    expect(actions).toEqual(expect.arrayContaining(['initial -', 'upload nurse', 'publish boss', 'release boss', 'rollback root', 'sign_in root']));
    const release = audit.entries.find((e) => e.action === 'release')!;
    expect(release).toMatchObject({ user: 'boss', partner: 'NHS Testshire', draftId, buildId: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(audit.entries.find((e) => e.action === 'upload')!.detail).toMatch(/^spend: nhs( spend)?\.csv \(\d+ bytes, sha256 [0-9a-f]{12}\)/);
    expect(new Date(audit.entries[0]!.at).getTime()).toBeGreaterThanOrEqual(new Date(audit.entries.at(-1)!.at).getTime());
  });

  it('leaves no half-made files behind', () => {
    expect(readdirSync(join(ws.dir, 'releases')).filter((name) => !/^[0-9a-f]{16}\.duckdb$/.test(name))).toEqual([]);
    expect(readdirSync(join(ws.dir, 'jobs'))).toEqual([]);
    expect(readdirSync(join(ws.dir, 'uploads')).filter((name) => name.endsWith('.partial'))).toEqual([]);
  });
});

describe('indicators from a partner', () => {
  const META = 'id,title,theme,topic,unit,measure_type,aggregation,multiplier,polarity,source,publisher,licence';
  const metadata = (title: string) => `${META}\nnhs_visits,${title},healthier,Community health,visits,count,sum,1,neither,Visit records,NHS Testshire,Open Government Licence v3.0\n`;
  const rows = (period: string, values: number[]) => values.map((v, i) => `nhs_visits,${period},S0100000${i + 1},${v},,`);
  const observations = (values: number[], later: number[] = []) => ['indicator_id,period,dz_code,numerator,denominator,value', ...rows('2021/22', values), ...rows('2022/23', later), ''].join('\n');

  it('adds a new indicator, then previews a revision field by field and value by value', async () => {
    const nurse = await signIn(ws.service, 'uploader');
    const first = await nurse.upload({ kind: 'indicators' }, { indicators: { name: 'indicators.csv', content: metadata('Nurse visits') }, observations: { name: 'observations.csv', content: observations([10, 20, 30, 40, 50, 60, 70, 80]) } });
    expect(first.statusCode).toBe(202);
    const checked = await settle(nurse, (first.json() as Draft).id) as unknown as Draft;
    expect(checked.status).toBe('ready');
    expect(checked.preview!.indicators).toEqual({
      added: [{ id: 'nhs_visits', title: 'Nurse visits', periods: ['2021/22'], changedFields: [], periodsAdded: ['2021/22'], periodsRemoved: [], valuesAdded: 8, valuesRemoved: 0, valuesChanged: 0 }],
      revised: [], removed: [], unchanged: [],
    });
    const root = await signIn(ws.service, 'admin');
    await root.post(`/api/partner/drafts/${checked.id}/publish`);
    expect((await settle(root, checked.id)).status).toBe('published');
    const live = await ws.service.inject('/api/v1/indicators/nhs_visits/values?level=council');
    expect(live.statusCode).toBe(200);

    const second = await nurse.upload({ kind: 'indicators' }, { indicators: { name: 'indicators.csv', content: metadata('Community nurse visits') }, observations: { name: 'observations.csv', content: observations([10, 25, 30, 40, 50, 60, 70, 80], [1, 2, 3, 4, 5, 6, 7, 8]) } });
    const revised = await settle(nurse, (second.json() as Draft).id) as unknown as Draft;
    expect(revised.preview!.indicators!.revised).toEqual([
      { id: 'nhs_visits', title: 'Community nurse visits', periods: ['2021/22', '2022/23'], changedFields: ['title'], periodsAdded: ['2022/23'], periodsRemoved: [], valuesAdded: 8, valuesRemoved: 0, valuesChanged: 1 },
    ]);
  }, 120_000);

  it("refuses an indicator id another source already defines, pointing at the upload's row", async () => {
    const clerk = await signIn(ws.service, 'council');
    const upload = await clerk.upload({ kind: 'indicators' }, {
      indicators: { name: 'council indicators.csv', content: metadata('Council visits').replace('NHS Testshire', 'Testshire Council') },
      observations: { name: 'council observations.csv', content: observations([1, 2, 3, 4, 5, 6, 7, 8]) },
    });
    const draft = await settle(clerk, (upload.json() as Draft).id) as unknown as Draft;
    expect(draft.status).toBe('invalid');
    expect(draft.issues[0]).toEqual({ file: 'council indicators.csv', row: 2, column: 'id', message: 'indicator nhs_visits is defined twice' });
  }, 60_000);
});
