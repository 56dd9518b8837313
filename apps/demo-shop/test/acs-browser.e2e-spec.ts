/**
 * The demo shop and the REAL ACS in Debian's Chromium: checkout → the ACS's challenge page in the shop's iframe
 * (axe inside the frame, at two window sizes) → the fixed password → the final CRes posted back inside the
 * iframe → the result in the whole window, with Y and a verified authenticationValue. This is what a person does
 * with `pnpm start`. Screenshots go to DEMO_SHOTS_DIR (default test-artifacts/demo-shop/, git-ignored).
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { enrolledCard, type EnrolledCard } from '../../api/test/support/acs-fixtures.js';
import { approvedMember } from '../../api/test/support/fixtures.js';
import { ACS_TEST_SECRETS, startTestAcs, type TestAcs } from '../../api/test/support/test-acs.js';
import { startTestApp, type TestApp } from '../../api/test/support/test-app.js';
import type { DemoConfig } from '../src/config.js';
import { createDemoShop } from '../src/demo-shop.js';

jest.setTimeout(90_000);

const OUT = process.env.DEMO_SHOTS_DIR ?? resolve(fileURLToPath(import.meta.url), '../../../../test-artifacts/demo-shop');
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

let portal: TestApp;
let acs: TestAcs;
let shop: FastifyInstance;
let browser: Browser;
let base = '';
let card: EnrolledCard;

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  const config: DemoConfig = { port: 0, host: '127.0.0.1', publicUrl: '', acsPublicUrl: '', acsVerifyToken: () => ACS_TEST_SECRETS.ACS_VERIFY_TOKEN };
  shop = createDemoShop(config, { rreqWaitMs: 10_000 });
  await shop.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(shop.server.address() as AddressInfo).port}`;
  config.publicUrl = base;
  portal = await startTestApp();
  acs = await startTestAcs(portal, { ACS_DS_URL: `${base}/ds/rreq` });
  config.acsPublicUrl = acs.baseUrl;
  card = await enrolledCard(portal, await approvedMember(portal), 'PASSWORD');
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await shop?.close();
  await acs?.close();
  await portal?.close();
});

async function axe(target: Page | Frame, name: string): Promise<void> {
  await target.addScriptTag({ path: AXE });
  const violations = await target.evaluate(async () => {
    const run = (window as unknown as { axe: { run(context: unknown): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await run.run({ exclude: [['iframe']] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  expect({ page: name, violations }).toEqual({ page: name, violations: [] });
}

describe('the demo shop and the real ACS in a browser', () => {
  it.each([
    [1280, '03'],
    [390, '02'],
  ])('at %i px (window %s): checkout → the ACS challenge in the iframe → Y, verified', async (width, windowSize) => {
    const context = await browser.newContext({ viewport: { width, height: width < 500 ? 844 : 900 }, locale: 'ja-JP', bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.getByLabel('カード番号').fill(card.cardNumber);
    await page.getByLabel('有効期限（MM/YY）').fill('12/30');
    await page.getByLabel(/チャレンジを必須にする/).check();
    await page.locator(`#windowSize-${windowSize}`).check();
    await page.getByRole('button', { name: '支払う' }).click();

    await page.waitForURL(/\/challenge$/);
    const frameLocator = page.frameLocator('iframe[name=acs-challenge]');
    await frameLocator.getByLabel(/ID/).first().waitFor();
    const frame = page.frame({ name: 'acs-challenge' })!;
    expect(frame.url()).toBe(`${acs.baseUrl}/3ds/v2/challenge`);
    await page.screenshot({ path: join(OUT, `real-acs-challenge-${width}.png`), fullPage: true });
    await axe(frame, `ACS challenge page (${windowSize})`);

    await frameLocator.locator('#secureId').fill(card.secureId);
    await frameLocator.locator('#password').fill(card.password!);
    await frameLocator.locator('button[name=action][value=submit]').click();
    // the ACS posts the CRes to the notificationURL inside the iframe; the shop's page then takes the whole window
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/, { timeout: 20_000 });
    await page.getByText('認証結果（transStatus）: Y').waitFor();
    await expect(page.getByText('検証済み（有効）').isVisible()).resolves.toBe(true);
    await page.screenshot({ path: join(OUT, `real-acs-result-${width}.png`), fullPage: true });
    await axe(page, 'result');
    await context.close();
  });
});
