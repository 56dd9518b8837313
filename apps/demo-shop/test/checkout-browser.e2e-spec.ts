/**
 * The shop in Debian's Chromium (playwright-core) against the stand-in ACS: checkout → challenge in the iframe →
 * the final CRes inside the iframe → the result in the whole window, with script and without it, at 1280 and
 * 390 px. axe-core: no serious or critical violation on the shop's pages. Screenshots go to DEMO_SHOTS_DIR
 * (default test-artifacts/demo-shop/, git-ignored).
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { DemoConfig } from '../src/config.js';
import { createDemoShop } from '../src/demo-shop.js';
import { FakeAcs } from './support/fake-acs.js';

jest.setTimeout(60_000);

const OUT = process.env.DEMO_SHOTS_DIR ?? resolve(fileURLToPath(import.meta.url), '../../../../test-artifacts/demo-shop');
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

let acs: FakeAcs;
let shop: FastifyInstance;
let browser: Browser;
let base = '';

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  acs = await new FakeAcs().start();
  acs.challengeEverything();
  acs.answerVerification = () => ({ valid: true, transStatus: 'Y', eci: '05' });
  const config: DemoConfig = { port: 0, host: '127.0.0.1', publicUrl: '', acsPublicUrl: acs.url, acsVerifyToken: () => 'token' };
  shop = createDemoShop(config);
  await shop.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(shop.server.address() as AddressInfo).port}`;
  config.publicUrl = base;
  acs.dsUrl = `${base}/ds/rreq`;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
});
afterAll(async () => {
  await browser?.close();
  await shop?.close();
  await acs?.close();
});

async function newPage(width: number, javaScriptEnabled = true): Promise<Page> {
  // bypassCSP only so axe can be injected: the shop's CSP (script-src 'self') rightly blocks inline scripts
  const context = await browser.newContext({ viewport: { width, height: width < 500 ? 844 : 900 }, locale: 'ja-JP', bypassCSP: true, javaScriptEnabled });
  return context.newPage();
}

async function check(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run({ exclude: [['iframe']] }, {});
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  expect({ page: name, violations }).toEqual({ page: name, violations: [] });
}

async function fillCheckout(page: Page, windowSize: string) {
  await page.getByLabel('カード番号').fill('3540 1234 5678 9016');
  await page.getByLabel('有効期限（MM/YY）').fill('08/29');
  await page.getByLabel(/チャレンジを必須にする/).check();
  await page.locator(`#windowSize-${windowSize}`).check();
}

describe('checkout in a browser', () => {
  it.each([
    [1280, '03'],
    [390, '02'],
    [1280, '05'],
  ])('at %i px, window %s: checkout, the challenge in the iframe, the result in the whole window', async (width, windowSize) => {
    const page = await newPage(width);
    await page.goto(`${base}/`);
    await check(page, `checkout-${width}-${windowSize}`);
    await fillCheckout(page, windowSize);
    // the script filled the browser fields the AReq carries
    await expect(page.locator('input[name=browserScreenWidth]').inputValue()).resolves.toBe(String(width));
    await page.getByRole('button', { name: '支払う' }).click();

    await page.waitForURL(/\/challenge$/);
    const frame = page.frameLocator('iframe[name=acs-challenge]');
    await frame.getByRole('heading', { name: `Fake ACS challenge (${windowSize})` }).waitFor();
    const box = await page.locator('iframe[name=acs-challenge]').boundingBox();
    expect(box!.width).toBeLessThanOrEqual(width);
    // 03 is exactly 500 px wide; 05 takes the page's width
    const widthAsSized = windowSize === '03' ? Math.round(box!.width) === 500 : windowSize === '05' ? box!.width > 1000 : true;
    expect({ windowSize, widthAsSized }).toEqual({ windowSize, widthAsSized: true });
    await check(page, `challenge-${width}-${windowSize}`);
    expect(acs.areqs().at(-1)).toMatchObject({ browserJavascriptEnabled: true, browserScreenWidth: String(width), threeDSRequestorChallengeInd: '04' });

    await frame.getByRole('button', { name: 'Approve' }).click();
    await frame.getByRole('button', { name: 'Continue' }).click();
    // the notification page breaks out of the iframe by script
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
    await page.getByText('認証結果（transStatus）: Y').waitFor();
    await expect(page.getByText('検証済み（有効）').isVisible()).resolves.toBe(true);
    await check(page, `result-${width}-${windowSize}`);
    await page.context().close();
  });

  it('without script: the button posts the CReq into the iframe, the link leaves it; a cancel shows N', async () => {
    const page = await newPage(1280, false);
    await page.goto(`${base}/?lang=en`);
    await page.getByLabel('Card number').fill('3540123456789016');
    await page.getByLabel('Expiry date (MM/YY)').fill('0829');
    await page.getByLabel(/Mandate a challenge/).check();
    await page.getByRole('button', { name: 'Pay' }).click();
    await page.waitForURL(/\/challenge$/);
    expect(acs.areqs().at(-1)).toMatchObject({ browserJavascriptEnabled: false, browserLanguage: 'en-US' });
    await page.getByRole('button', { name: 'Show the authentication page' }).click();
    const frame = page.frameLocator('iframe[name=acs-challenge]');
    await frame.getByRole('button', { name: 'Cancel' }).click();
    await frame.getByRole('button', { name: 'Continue' }).click();
    await frame.getByRole('link', { name: 'See the payment result' }).click();
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
    await page.getByText('Result (transStatus): N').waitFor();
    await expect(page.getByText('01: The cardholder cancelled').isVisible()).resolves.toBe(true);
    await page.screenshot({ path: join(OUT, 'result-cancelled-nojs-1280.png'), fullPage: true });
    await page.context().close();
  });

  it('shows field errors accessibly at 390 px', async () => {
    const page = await newPage(390);
    await page.goto(`${base}/`);
    await page.getByLabel('金額（円）').fill('abc');
    await page.getByRole('button', { name: '支払う' }).click();
    await page.getByRole('alert').waitFor();
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('');
    await expect(page.evaluate(() => document.activeElement?.className)).resolves.toBe('error-summary');
    await check(page, 'checkout-errors-390');
    await page.context().close();
  });
});
