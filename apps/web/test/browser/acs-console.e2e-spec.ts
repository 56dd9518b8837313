/**
 * The back-office ACS console and the dashboard's checkout authentications in Debian's Chromium, on real
 * transactions: a card is enrolled through the portal's real API, AReqs go to the real ACS process and its
 * challenge forms are answered over plain HTTP (they work without JavaScript). Staff search the list, page
 * it, open a transaction's timeline by keyboard, unlock a locked fixed password as SUPERVISOR and read the daily
 * summary; the company's administrator sees the card's refusals on the dashboard. axe-core finds no serious or
 * critical violation on any of these pages at 1280 and 390 px. Screenshots go to CONSOLE_SHOTS_DIR (or
 * test-artifacts/browser); the page never shows the card number.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { corporateNumberCheckDigit } from '@corpweb/shared-types';
import { Portal, digits, fromOutbox, jcb } from './portal-client.js';

jest.setTimeout(180_000);

const BASE = process.env.BROWSER_BASE_URL!;
const ACS = process.env.BROWSER_ACS_URL!;
const OUT = process.env.CONSOLE_SHOTS_DIR ?? resolve(fileURLToPath(import.meta.url), '../../../../../test-artifacts/browser');
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

const CARD = jcb();
const LOCKED_CARD = jcb();
const UNKNOWN_CARD = jcb();
const CHECKOUT_PASSWORD = 'Tq8!vNz3#kPw';
const MEMBER_PASSWORD = 'Harbor-Kite-73-Lumen';
let corporateNumber = '';
let memberLoginId = '';
const secureIds: Record<string, string> = {};

/** signup → approval → password setup → card import → 照会 → fixed-password registration of both cards */
async function enrollCards(): Promise<void> {
  const base12 = digits(12);
  corporateNumber = `${corporateNumberCheckDigit(base12)}${base12}`;
  const email = `console.${Date.now()}@example.co.jp`;
  const applicant = new Portal();
  const terms = await applicant.call('GET', '/api/v1/terms/current');
  const application = await applicant.call('POST', '/api/v1/signup-applications', {
    termsVersion: terms.version, agreedToTerms: true,
    company: { name: '株式会社コンソール商事', nameKana: 'カブシキガイシャコンソールショウジ', corporateNumber, postalCode: '100-0001', address: '東京都千代田区千代田1-1', phone: '03-1234-5678' },
    administrator: { name: '山田 太郎', nameKana: 'ヤマダ\u3000タロウ', department: '経理部', email, phone: '090-1234-5678' },
  });
  const staff = new Portal();
  await staff.call('POST', '/api/v1/backoffice/session', { loginId: 'supervisor', password: process.env.BROWSER_STAFF_PASSWORD });
  ({ memberLoginId } = await staff.call('POST', `/api/v1/backoffice/signup-applications/${application.applicationId}/approval`));
  const mail = await fromOutbox((m) => m.to === email && m.body.includes(memberLoginId));
  const token = /#token=([A-Za-z0-9_-]+)/.exec(mail.body)![1];
  await applicant.call('POST', '/api/v1/password-setup', { token, password: MEMBER_PASSWORD });
  const member = new Portal();
  await member.call('POST', '/api/v1/session', { loginId: memberLoginId, password: MEMBER_PASSWORD });
  const { importId } = await staff.call('POST', '/api/v1/backoffice/card-imports',
    `corporate_number,card_number,expiry_yymm,pin,holder_name\n${corporateNumber},${CARD},3012,2468,ヤマダ\u3000タロウ\n${corporateNumber},${LOCKED_CARD},3012,2468,スズキ\u3000ハナコ\n`, 'text/csv');
  for (let i = 0; i < 100 && (await staff.call('GET', `/api/v1/backoffice/card-imports/${importId}`)).status !== 'COMPLETED'; i += 1) {
    await new Promise((r) => setTimeout(r, 100));
  }
  for (const card of [CARD, LOCKED_CARD]) {
    secureIds[card] = `console.${digits(6)}`;
    const inquiry = await member.call('POST', '/api/v1/card-inquiries', { cardNumber: card, pin: '2468' });
    await member.call('PUT', `/api/v1/card-inquiries/${inquiry.inquiryId}/enrollment`, { secureId: secureIds[card], method: 'PASSWORD', password: CHECKOUT_PASSWORD });
  }
}

async function areq(card: string, amount = '12800', challengeInd = '01'): Promise<any> {
  const response = await fetch(`${ACS}/3ds/v2/areq`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      messageType: 'AReq', messageVersion: '2.2.0', threeDSServerTransID: randomUUID(), dsTransID: randomUUID(), deviceChannel: '02',
      messageCategory: '01', acctNumber: card, cardExpiryDate: '3012', purchaseAmount: amount, purchaseCurrency: '392', purchaseExponent: '0',
      purchaseDate: '20261125030000', merchantName: 'コンソール書店', mcc: '5942', merchantCountryCode: '392', acquirerBIN: '35400000',
      acquirerMerchantID: 'M-2', threeDSRequestorID: 'R-2', threeDSRequestorName: 'Console Books', threeDSRequestorURL: 'https://books.example.jp',
      threeDSRequestorChallengeInd: challengeInd, notificationURL: 'https://books.example.jp/3ds/notify', browserAcceptHeader: 'text/html', browserIP: '198.51.100.7',
      browserLanguage: 'ja-JP', browserUserAgent: 'Chromium console test', browserJavascriptEnabled: true, browserJavaEnabled: false,
      browserColorDepth: '24', browserScreenHeight: '900', browserScreenWidth: '1280', browserTZ: '-540',
    }),
  });
  return response.json();
}

/** The challenge page's form: where it posts and its hidden fields (transaction and single-use step token). */
interface Form { action: string; hidden: Record<string, string>; html: string }
const unescape = (v: string) => v.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
async function post(url: string, fields: Record<string, string>): Promise<Form> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
  const html = await response.text();
  const hidden: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) hidden[m[1]!] = unescape(m[2]!);
  return { action: unescape(/<form[^>]*\saction="([^"]*)"/.exec(html)?.[1] ?? ''), hidden, html };
}
async function challenge(card: string, challengeInd = '01'): Promise<Form> {
  const ares = await areq(card, '12800', challengeInd);
  expect(ares.transStatus).toBe('C');
  const creq = Buffer.from(JSON.stringify({ threeDSServerTransID: ares.threeDSServerTransID, acsTransID: ares.acsTransID, messageType: 'CReq', messageVersion: '2.2.0', challengeWindowSize: '05' })).toString('base64url');
  return post(ares.acsURL, { creq });
}
const answer = (form: Form, card: string, password: string) => post(form.action, { ...form.hidden, action: 'submit', secureId: secureIds[card]!, password });

const esc = (v: string) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** a field by its label, which may carry the 必須 badge */
const field = (name: string) => page.getByLabel(new RegExp(`^${esc(name)}(\\s+(必須|Required))?\\s*$`));

let browser: Browser;
let context: BrowserContext;
let page: Page;
beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  await enrollCards();
  // CARD: a passed challenge, then frictionless from the same browser, then a cancelled challenge
  await answer(await challenge(CARD), CARD, CHECKOUT_PASSWORD);
  expect((await areq(CARD, '3300')).transStatus).toBe('Y');
  const cancelled = await challenge(CARD, '04');
  await post(cancelled.action, { ...cancelled.hidden, action: 'cancel' });
  // LOCKED_CARD: 3 + 2 wrong passwords lock it; the next AReq is refused N/19
  let form = await challenge(LOCKED_CARD);
  for (let i = 0; i < 3; i += 1) form = await answer(form, LOCKED_CARD, `Wrong#Pass4${i}`);
  form = await answer(await challenge(LOCKED_CARD), LOCKED_CARD, 'Wrong#Pass50');
  await answer(form, LOCKED_CARD, 'Wrong#Pass51');
  expect(await areq(LOCKED_CARD)).toMatchObject({ transStatus: 'N', transStatusReason: '19' });
  expect((await areq(UNKNOWN_CARD)).transStatusReason).toBe('08');

  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  // bypassCSP only so axe can be injected (the app's CSP rightly blocks inline scripts)
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP', bypassCSP: true });
  page = await context.newPage();
});
afterAll(async () => {
  await browser?.close();
});

/** Screenshots at 1280 and 390 px wide, axe at both: zero serious or critical violations; never a PAN. */
async function check(name: string): Promise<void> {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: join(OUT, `console-${name}-${width}.png`), fullPage: true });
    await page.addScriptTag({ path: AXE });
    const violations = await page.evaluate(async () => {
      const result = await (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe.run();
      return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    });
    expect({ page: name, width, violations }).toEqual({ page: name, width, violations: [] });
    const text = await page.locator('body').innerText();
    for (const pan of [CARD, LOCKED_CARD, UNKNOWN_CARD]) expect(text.includes(pan)).toBe(false);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe('the back-office ACS console', () => {
  it('lists the transactions, searches by last 4 and by result, and pages with 次へ / 前へ', async () => {
    await page.goto(`${BASE}/backoffice/login`);
    await field('ログインID').fill('supervisor');
    await field('パスワード').fill(process.env.BROWSER_STAFF_PASSWORD!);
    await page.getByRole('button', { name: 'ログインする' }).click();
    await page.waitForURL('**/backoffice/applications');
    await page.getByRole('link', { name: 'ACS取引' }).click();
    await page.waitForURL('**/backoffice/acs-transactions');
    await page.waitForSelector('tbody tr td a');
    await expect(page.title()).resolves.toContain('ACS取引一覧');
    await check('list');

    await page.getByLabel('カード番号の下4桁').fill(LOCKED_CARD.slice(-4));
    await page.getByLabel('結果').selectOption('N');
    await page.getByRole('button', { name: '検索する' }).click();
    await page.getByText(`**** **** ${LOCKED_CARD.slice(-4)}`).first().waitFor({ state: 'visible' });
    await page.waitForFunction(() => document.querySelectorAll('tbody tr').length === 3);
    const rows = await page.locator('tbody tr').allInnerTexts();
    expect(rows.every((r) => r.includes(LOCKED_CARD.slice(-4)) && r.includes('認証失敗'))).toBe(true);

    await page.getByLabel('カード番号の下4桁').fill('12a4');
    await page.getByRole('button', { name: '検索する' }).click();
    // the error appears after the round trip: wait for it (waitFor throws when it never shows)
    await page.getByText('入力形式が正しくありません。').first().waitFor({ state: 'visible', timeout: 5000 });
    await expect(page.getByText('入力形式が正しくありません。').first().isVisible()).resolves.toBe(true);
    await page.getByRole('button', { name: '条件をクリア' }).click();
    await page.waitForFunction(() => document.querySelectorAll('tbody tr').length >= 7);
    await expect(page.getByRole('button', { name: '前へ' }).isDisabled()).resolves.toBe(true);
  });

  it('opens the locked card\'s refusal: risk rules, the timeline by keyboard, and the SUPERVISOR\'s unlock', async () => {
    await page.getByLabel('カード番号の下4桁').fill(LOCKED_CARD.slice(-4));
    await page.getByRole('button', { name: '検索する' }).click();
    await page.waitForFunction(() => document.querySelectorAll('tbody tr').length === 3);
    // newest first: the AReq refused because of the lock
    await page.locator('tbody tr').first().getByRole('link').click();
    await page.waitForURL('**/backoffice/acs-transactions/*');
    await page.getByRole('heading', { name: '固定パスワードのロック' }).waitFor();
    await expect(page.getByText('ロック中(連続5回の誤り)').isVisible()).resolves.toBe(true);
    const summary = page.locator('summary').first();
    await summary.focus();
    await page.keyboard.press('Enter');
    await expect(page.locator('details').first().getAttribute('open')).resolves.not.toBeNull();
    await expect(page.locator('pre').first().innerText()).resolves.toContain(`**** **** ${LOCKED_CARD.slice(-4)}`);
    await check('detail-locked');

    await page.getByRole('button', { name: 'ロックを解除' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.innerText()).resolves.toContain(`**** **** ${LOCKED_CARD.slice(-4)}`);
    await dialog.getByRole('button', { name: '解除する' }).click();
    await page.getByText('固定パスワードのロックを解除しました。').waitFor();
    await expect(page.getByText('ロックされていません(連続誤り 0回)').isVisible()).resolves.toBe(true);
    expect((await areq(LOCKED_CARD)).transStatus).toBe('C');
  });

  it('shows a passed challenge with its risk rules and every message', async () => {
    await page.getByRole('link', { name: /ACS取引一覧へ戻る/ }).click();
    await page.getByLabel('カード番号の下4桁').fill(CARD.slice(-4));
    await page.getByLabel('結果').selectOption('Y');
    await page.getByRole('button', { name: '検索する' }).click();
    await page.waitForFunction(() => document.querySelectorAll('tbody tr').length === 2);
    await page.locator('tbody tr').last().getByRole('link').click();
    await page.getByRole('heading', { name: 'リスク判定' }).waitFor();
    for (const rule of ['金額', '認証実績のないブラウザー']) await expect(page.getByRole('rowheader', { name: new RegExp(rule) }).isVisible()).resolves.toBe(true);
    for (const kind of ['認証要求(AReq)', 'チャレンジ要求(CReq)', 'チャレンジの手順', '結果通知(RReq)', 'チャレンジ結果(CRes)']) {
      await expect(page.getByText(kind, { exact: true }).first().isVisible()).resolves.toBe(true);
    }
    await page.locator('summary').nth(1).click();
    await check('detail-challenge');
  });

  it('draws the daily summary as an SVG image with the numbers in a table', async () => {
    await page.getByRole('link', { name: 'ACS集計' }).click();
    await page.waitForURL('**/backoffice/acs-summary');
    await page.getByRole('img', { name: '日別の件数' }).waitFor();
    await expect(page.locator('canvas').count()).resolves.toBe(0);
    const totals = await page.locator('tfoot tr').innerText();
    expect(totals).toMatch(/期間合計/);
    await expect(page.getByRole('rowheader', { name: /N \/ 19/ }).isVisible()).resolves.toBe(true);
    await check('summary');
    await page.getByLabel('開始日').fill('2026-01-01');
    await page.getByLabel('終了日').fill('2026-12-31');
    await page.getByRole('button', { name: '表示する' }).click();
    await page.getByText('期間の指定が正しくありません(開始日は終了日以前、最長92日間)。').waitFor();
  });

  it('English works too', async () => {
    await page.getByRole('link', { name: 'ACS取引' }).click();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'ACS transactions' }).waitFor();
    await page.locator('tbody tr td a').first().waitFor();
    await check('list-en');
    await page.getByRole('button', { name: '日本語' }).click();
  });
});

describe('the dashboard', () => {
  it('shows the company\'s recent checkout authentications and names the card that was refused', async () => {
    const member = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP', bypassCSP: true });
    page = await member.newPage();
    await page.goto(`${BASE}/member`);
    await page.waitForURL('**/login**');
    await field('ログインID').fill(memberLoginId);
    await field('パスワード').fill(MEMBER_PASSWORD);
    await page.getByRole('button', { name: 'ログインする' }).click();
    await page.getByRole('heading', { name: '最近のネットショッピング本人認証' }).waitFor();
    await page.locator('section[aria-labelledby="checkout-title"] tbody tr').first().waitFor();
    const rows = await page.locator('section[aria-labelledby="checkout-title"] tbody tr').allInnerTexts();
    expect(rows.length).toBeGreaterThanOrEqual(6);
    expect(rows.some((r) => r.includes('コンソール書店') && r.includes('￥12,800') && r.includes('認証成功'))).toBe(true);
    await expect(page.getByText(/本人認証に失敗したカードがあります/).isVisible()).resolves.toBe(true);
    await check('dashboard');
  });
});
