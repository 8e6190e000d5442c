/**
 * The partner publishing page in headless Chromium against the real service with publishing on:
 * a fresh workspace (the mini fixture's first release), the built web app, one account per role.
 * Each person has their own browser context, so their session cookies stay apart.
 */
import { rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/config.ts';
import { startService, type Service } from '../../server/src/publishing/service.ts';
import { ACCOUNTS, listen, makeWorkspace, NHS_SPEND, PASSWORD, SPEND_HEADER, startPublishing } from '../publishing/workspace.ts';
import { CHROMIUM_ARGS, DEMO_DATABASE, describeViolations, prepare, screenshot, seriousViolations, WEB_DIST } from './harness.ts';

const HEADER = SPEND_HEADER;
const BROKEN_SPEND = `${HEADER}\nNHS Testshire,Community nursing,20/21,S01000001,,7000,,\n`;

let service: Service;
let server: Server;
let base: string;
let browser: Browser;
let initialBuild: string;

beforeAll(async () => {
  await prepare();
  service = await startPublishing(await makeWorkspace());
  ({ server, url: base } = await listen(service));
  initialBuild = service.live.buildId;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  await service?.close();
  if (service?.workspace) rmSync(service.workspace.dir, { recursive: true, force: true });
});

type Person = keyof typeof ACCOUNTS;

/** A page in a browser context of its own, recording script errors. */
async function open(path = '/?view=partner', viewport = { width: 1280, height: 900 }, origin = base): Promise<Page & { errors: string[] }> {
  const context = await browser.newContext({ viewport });
  const page = (await context.newPage()) as Page & { errors: string[] };
  page.errors = [];
  page.on('pageerror', (error) => page.errors.push(error.message));
  page.on('console', (message) => {
    // Asking who is signed in answers 401 when nobody is, and Chromium logs every 4xx fetch.
    if (message.type() === 'error' && !/status of 401/.test(message.text())) page.errors.push(message.text());
  });
  await page.goto(origin + path);
  return page;
}

async function signIn(page: Page, who: Person): Promise<void> {
  await page.getByLabel('Username').fill(ACCOUNTS[who].username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator(`[data-user="${ACCOUNTS[who].username}"]`).waitFor();
}

async function expectAccessible(page: Page): Promise<void> {
  const violations = await seriousViolations(page);
  expect(violations, describeViolations(violations)).toEqual([]);
}

const draftPanel = (page: Page) => page.locator('article[data-draft]');

describe('partner publishing page', () => {
  it('is reached from the footer, not the navigation, and refuses a wrong password out loud', async () => {
    const page = await open('/');
    await page.locator('[data-build-id]').waitFor();
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Partner/ }).count()).toBe(0);
    expect(await page.locator('main').getByRole('link', { name: /Partner/ }).count()).toBe(0);
    await page.getByRole('contentinfo').getByRole('link', { name: 'Partner sign-in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Partner publishing' }).waitFor();
    expect(new URL(page.url()).searchParams.get('view')).toBe('partner');
    expect(await page.getByLabel('Username').getAttribute('autocomplete')).toBe('username');
    expect(await page.getByLabel('Password').getAttribute('autocomplete')).toBe('current-password');
    await screenshot(page, 'partner-signed-out');
    await expectAccessible(page);

    await page.getByLabel('Username').fill(ACCOUNTS.uploader.username);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'The username or password is wrong.' }).waitFor();
    expect(page.errors).toEqual([]);
    await page.context().close();
  });

  let draftId: string;

  it('lets an uploader send a file, see its problems by row and column, then a clean file and its preview', async () => {
    const page = await open();
    await signIn(page, 'uploader');
    await page.getByText(`Signed in as ${ACCOUNTS.uploader.displayName}`).waitFor();
    expect(await page.locator('[data-partner]').innerText()).toBe(ACCOUNTS.uploader.partner);
    expect(await page.getByLabel('Partner').count()).toBe(0); // fixed by the account, not chosen
    expect(await page.getByLabel('Spend file').getAttribute('accept')).toBe('.csv,.xlsx');

    await page.getByLabel('Spend file').setInputFiles({ name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from(BROKEN_SPEND) });
    await page.getByRole('button', { name: 'Upload and check' }).click();
    await page.locator('article[data-draft-status="invalid"]').waitFor({ timeout: 60_000 });
    const issue = page.locator('table.issues tbody tr').first();
    expect(await issue.locator('td').allInnerTexts()).toEqual(['broken.csv', '2', 'financial_year', '"20/21" is not a financial year such as 2019/20']);

    await page.getByLabel('Spend file').setInputFiles({ name: 'nhs.csv', mimeType: 'text/csv', buffer: Buffer.from(NHS_SPEND) });
    await page.getByRole('button', { name: 'Upload and check' }).click();
    await page.locator('article[data-draft-status="checking"] progress').waitFor();
    await page.locator('article[data-draft-status="ready"]').waitFor({ timeout: 60_000 });
    draftId = (await draftPanel(page).getAttribute('data-draft'))!;
    expect(new URL(page.url()).searchParams.get('draft')).toBe(draftId);
    // The mini fixture's NHS Testshire spend was £42,800; the upload makes it £8,334.50 (£100 unplaced).
    expect(await page.locator('[data-spend-total]').innerText()).toContain('£42,800 → £8,335');
    expect(await page.locator('[data-spend-unallocated]').innerText()).toContain('£0 → £100');
    expect(await page.locator('[data-rows]').innerText()).toContain('8 → 3');
    await page.locator('table.by-service').getByRole('rowheader', { name: 'District nursing' }).waitFor();
    expect(await page.locator('table.by-area tbody tr').count()).toBeGreaterThan(0);
    // The newest draft is first in the list, and an uploader cannot publish.
    expect(await page.locator('[data-draft-link]').first().getAttribute('data-draft-link')).toBe(draftId);
    expect(await draftPanel(page).getByRole('button', { name: 'Publish' }).count()).toBe(0);
    expect(await draftPanel(page).getByRole('button', { name: 'Withdraw' }).count()).toBe(1);
    await screenshot(page, 'partner-uploader');
    await expectAccessible(page);
    expect(page.errors).toEqual([]);
    await page.context().close();
  }, 180_000);

  it('lets an approver publish: progress while it builds, then the new build in the footer and a notice', async () => {
    const page = await open(`/?view=partner&draft=${draftId}`);
    await signIn(page, 'approver');
    await page.locator('article[data-draft-status="ready"]').waitFor();
    expect(await page.locator('[data-build-id]').innerText()).toBe(initialBuild);
    await draftPanel(page).getByRole('button', { name: 'Publish' }).click();
    // The 202 reply is shown at once, bar and all; the build then takes a few seconds.
    await page.locator('article[data-draft-status="publishing"] progress').waitFor();
    await page.locator('article[data-draft-status="published"]').waitFor({ timeout: 120_000 });
    const published = service.live.buildId;
    expect(published).not.toBe(initialBuild);
    await page.locator(`[data-build-id]:text-is("${published}")`).waitFor();
    await page.locator(`[data-new-build="${published}"]`).waitFor();
    await page.getByRole('status').filter({ hasText: `The data changed while this page was open: AreaLens now serves build ${published}. Reload to see it everywhere.` }).waitFor();
    await page.locator(`[data-current-release="${published}"]`).waitFor();
    await screenshot(page, 'partner-published');
    await expectAccessible(page);
    expect(page.errors).toEqual([]);
    await page.context().close();
  }, 180_000);

  it('lets an admin roll back after confirming, and read the audit log', async () => {
    const page = await open();
    await signIn(page, 'admin');
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await page.locator('table.audit tr[data-action="release"]').first().waitFor();
    await page.getByRole('button', { name: 'Roll back…' }).click();
    await page.getByText(`Put build ${initialBuild} back live`).waitFor();
    await screenshot(page, 'partner-admin');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Yes, roll back' }).click();
    await page.locator(`[data-current-release="${initialBuild}"]`).waitFor({ timeout: 60_000 });
    expect(service.live.buildId).toBe(initialBuild);
    await page.locator(`[data-build-id]:text-is("${initialBuild}")`).waitFor();
    await page.locator('table.audit tr[data-action="rollback"]').first().waitFor();
    expect(page.errors).toEqual([]);
    await page.context().close();
  }, 120_000);
});

describe('a server without publishing', () => {
  it('says partner publishing is not switched on, instead of a sign-in form', async () => {
    const plain = await startService(loadConfig({ DATABASE: DEMO_DATABASE, WEB_DIST, LOG_LEVEL: 'silent' }));
    const { server: plainServer, url } = await listen(plain);
    try {
      const page = await open('/?view=partner', undefined, url);
      await page.locator('[data-publishing-off]').getByText('Partner publishing is not switched on').waitFor();
      expect(await page.getByLabel('Password').count()).toBe(0);
      await page.context().close();
    } finally {
      await new Promise((resolve) => plainServer.close(resolve));
      await plain.close();
    }
  });
});
