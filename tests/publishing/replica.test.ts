/**
 * Several servers on one published build: a replica serves the workspace's live release
 * read-only and follows the primary's releases without a restart.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from '../../server/src/publishing/service.ts';
import type { Draft } from '../../server/src/schemas/publishing.ts';
import { makeWorkspace, settle, signIn, startPublishing } from './workspace.ts';

let dir: string;
let primary: Service;
let replica: Service;

beforeAll(async () => {
  dir = await makeWorkspace();
  primary = await startPublishing(dir);
  replica = await startPublishing(dir, { PUBLISH_MODE: 'replica' });
}, 60_000);
afterAll(async () => {
  await replica?.close();
  await primary?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a read-only replica', () => {
  it('serves the same release and takes no partner requests', async () => {
    expect(replica.live.buildId).toBe(primary.live.buildId);
    const reply = await replica.inject({ method: 'POST', url: '/api/partner/session', payload: { username: 'root', password: 'x' } });
    expect(reply.statusCode).toBe(404);
    expect(reply.json().message).toBe('This server is a read-only replica: partners publish on the primary server.');
  });

  it('follows a release the primary publishes, within a few seconds', async () => {
    const nurse = await signIn(primary, 'uploader');
    const upload = await nurse.upload({ kind: 'spend' }, { file: { name: 'spend.csv', content: 'partner,service,financial_year,dz_code,amount_gbp\nNHS Testshire,Outreach,2022/23,S01000004,777\n' } });
    const id = (upload.json() as Draft).id;
    expect((await settle(nurse, id)).status).toBe('ready');
    const root = await signIn(primary, 'admin');
    await root.post(`/api/partner/drafts/${id}/publish`);
    const published = await settle(root, id);
    expect(published.status).toBe('published');

    const started = Date.now();
    while (replica.live.buildId !== published.release) {
      if (Date.now() - started > 15_000) throw new Error('the replica did not follow the new release');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const spend = await replica.inject('/api/v1/spend');
    expect(spend.headers['x-arealens-build']).toBe(published.release);
    expect((spend.json() as { byPartner: { partner: string; amount: number }[] }).byPartner).toContainEqual(expect.objectContaining({ partner: 'NHS Testshire', amount: 777 }));
  }, 90_000);
});
