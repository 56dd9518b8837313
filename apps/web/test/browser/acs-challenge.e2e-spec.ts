/**
 * The ACS challenge as a cardholder meets it: inside an iframe of a merchant page on another origin, in
 * Debian's Chromium, answered with the keyboard only; axe-core finds no serious or critical violation in the
 * framed page at a small (02, 390×400) and a full-page (05) window. The card is enrolled through the portal's
 * real API; the merchant page, its notificationURL and the Directory Server are a tiny in-test HTTP server.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { corporateNumberCheckDigit } from '@corpweb/shared-types';
import { Portal, digits, fromOutbox, jcb } from './portal-client.js';

jest.setTimeout(120_000);

const ACS = process.env.BROWSER_ACS_URL!;
const DS_PORT = Number(process.env.BROWSER_DS_PORT);
const OUT = resolve(fileURLToPath(import.meta.url), '../../../../../test-artifacts/browser');
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const CARD = jcb();
const SECURE_ID = `frame.${digits(6)}`;
const CHECKOUT_PASSWORD = 'Tq8!vNz3#kPw';

/** signup → approval → password setup → login → card import → 照会 → fixed-password registration */
async function enrollCard(): Promise<void> {
  const base12 = digits(12);
  const corporateNumber = `${corporateNumberCheckDigit(base12)}${base12}`;
  const email = `frame.${Date.now()}@example.co.jp`;
  const applicant = new Portal();
  const terms = await applicant.call('GET', '/api/v1/terms/current');
  const application = await applicant.call('POST', '/api/v1/signup-applications', {
    termsVersion: terms.version, agreedToTerms: true,
    company: { name: '株式会社フレーム商事', nameKana: 'カブシキガイシャフレームショウジ', corporateNumber, postalCode: '100-0001', address: '東京都千代田区千代田1-1', phone: '03-1234-5678' },
    administrator: { name: '山田 太郎', nameKana: 'ヤマダ\u3000タロウ', department: '経理部', email, phone: '090-1234-5678' },
  });
  const staff = new Portal();
  await staff.call('POST', '/api/v1/backoffice/session', { loginId: 'supervisor', password: process.env.BROWSER_STAFF_PASSWORD });
  const { memberLoginId } = await staff.call('POST', `/api/v1/backoffice/signup-applications/${application.applicationId}/approval`);
  const mail = await fromOutbox((m) => m.to === email && m.body.includes(memberLoginId));
  const token = /#token=([A-Za-z0-9_-]+)/.exec(mail.body)![1];
  await applicant.call('POST', '/api/v1/password-setup', { token, password: 'Harbor-Kite-73-Lumen' });
  const member = new Portal();
  await member.call('POST', '/api/v1/session', { loginId: memberLoginId, password: 'Harbor-Kite-73-Lumen' });
  const { importId } = await staff.call('POST', '/api/v1/backoffice/card-imports',
    `corporate_number,card_number,expiry_yymm,pin,holder_name\n${corporateNumber},${CARD},3012,2468,ヤマダ\u3000タロウ\n`, 'text/csv');
  for (let i = 0; i < 100 && (await staff.call('GET', `/api/v1/backoffice/card-imports/${importId}`)).status !== 'COMPLETED'; i += 1) {
    await new Promise((r) => setTimeout(r, 100));
  }
  const inquiry = await member.call('POST', '/api/v1/card-inquiries', { cardNumber: CARD, pin: '2468' });
  await member.call('PUT', `/api/v1/card-inquiries/${inquiry.inquiryId}/enrollment`, { secureId: SECURE_ID, method: 'PASSWORD', password: CHECKOUT_PASSWORD });
}

/** The merchant (127.0.0.1, another origin than the ACS on localhost): checkout page, notificationURL, DS. */
let merchant: Server;
let merchantUrl = '';
const results: { cres: any; sessionData: string }[] = [];
const rreqs: any[] = [];
function startMerchant(): Promise<void> {
  merchant = createServer((request, response) => {
    let raw = '';
    request.on('data', (c: Buffer) => (raw += c));
    request.on('end', () => {
      const url = new URL(request.url!, 'http://x');
      if (request.method === 'POST' && url.pathname === '/ds/rreq') {
        const rreq = JSON.parse(raw);
        rreqs.push(rreq);
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ messageType: 'RRes', messageVersion: rreq.messageVersion, threeDSServerTransID: rreq.threeDSServerTransID, acsTransID: rreq.acsTransID, resultsStatus: '01' }));
        return;
      }
      if (request.method === 'POST' && url.pathname === '/notify') {
        const form = new URLSearchParams(raw);
        const cres = JSON.parse(Buffer.from(form.get('cres')!, 'base64url').toString('utf8'));
        results.push({ cres, sessionData: form.get('threeDSSessionData') ?? '' });
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><html lang="ja"><title>結果</title><p id="result">transStatus ${cres.transStatus}</p></html>`);
        return;
      }
      if (url.pathname === '/checkout') {
        const size = url.searchParams.get('size') ?? '05';
        const dims = ({ '01': [250, 400], '02': [390, 400], '03': [500, 600], '04': [600, 400], '05': [0, 0] } as Record<string, number[]>)[size]!;
        const style = size === '05' ? 'width:100%;height:640px' : `width:${dims[0]}px;height:${dims[1]}px`;
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><html lang="ja"><head><title>テスト商店 お支払い</title></head><body>
<main><h1>テスト商店 お支払い</h1>
<form id="creq" method="post" action="${url.searchParams.get('acsUrl')}" target="challenge">
<input type="hidden" name="creq" value="${url.searchParams.get('creq')}"><input type="hidden" name="threeDSSessionData" value="b3JkZXItNDI">
<button type="submit">本人認証へ進む</button></form>
<iframe name="challenge" title="本人認証" style="${style};border:1px solid #999"></iframe></main></body></html>`);
        return;
      }
      response.writeHead(404).end();
    });
  });
  return new Promise((done) => merchant.listen(DS_PORT, '127.0.0.1', () => {
    merchantUrl = `http://127.0.0.1:${DS_PORT}`;
    done();
  }));
}

async function areq(): Promise<any> {
  const response = await fetch(`${ACS}/3ds/v2/areq`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      messageType: 'AReq', messageVersion: '2.2.0', threeDSServerTransID: randomUUID(), dsTransID: randomUUID(), deviceChannel: '02',
      messageCategory: '01', acctNumber: CARD, cardExpiryDate: '3012', purchaseAmount: '12800', purchaseCurrency: '392', purchaseExponent: '0',
      purchaseDate: '20261125030000', merchantName: 'テスト商店', mcc: '5732', merchantCountryCode: '392', acquirerBIN: '35400000',
      acquirerMerchantID: 'M-1', threeDSRequestorID: 'R-1', threeDSRequestorName: 'Test Shop', threeDSRequestorURL: merchantUrl,
      threeDSRequestorChallengeInd: '01', notificationURL: `${merchantUrl}/notify`, browserAcceptHeader: 'text/html', browserIP: '127.0.0.1',
      browserLanguage: 'ja-JP', browserUserAgent: 'Chromium', browserJavascriptEnabled: true, browserJavaEnabled: false,
      browserColorDepth: '24', browserScreenHeight: '900', browserScreenWidth: '1280', browserTZ: '-540',
    }),
  });
  return response.json();
}

let browser: Browser;
let page: Page;
beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  await Promise.all([enrollCard(), startMerchant()]);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP' })).newPage();
});
afterAll(async () => {
  await browser?.close();
  merchant?.closeAllConnections();
  await new Promise<void>((done) => merchant?.close(() => done()) ?? done());
});

async function openChallenge(size: string): Promise<{ frame: Frame; ares: any }> {
  const ares = await areq();
  expect(ares.transStatus).toBe('C');
  const creq = Buffer.from(JSON.stringify({ threeDSServerTransID: ares.threeDSServerTransID, acsTransID: ares.acsTransID, messageType: 'CReq', messageVersion: '2.2.0', challengeWindowSize: size })).toString('base64url');
  await page.goto(`${merchantUrl}/checkout?size=${size}&creq=${creq}&acsUrl=${encodeURIComponent(ares.acsURL)}`);
  await page.getByRole('button', { name: '本人認証へ進む' }).focus();
  await page.keyboard.press('Enter');
  const handle = await page.waitForSelector('iframe[name="challenge"]');
  const frame = (await handle.contentFrame())!;
  await frame.waitForSelector('#secureId');
  return { frame, ares };
}

async function axe(frame: Frame): Promise<string[]> {
  // the challenge page's CSP admits only the ACS's own scripts, so axe is evaluated through the debugger
  await frame.evaluate(AXE_SOURCE);
  return frame.evaluate(async () => {
    const result = await (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe.run();
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

describe('the ACS challenge in a merchant iframe', () => {
  it('at 390×400 (02): axe-clean, answered by keyboard, the final CRes reaches the merchant and the RReq the DS', async () => {
    const { frame, ares } = await openChallenge('02');
    expect(await frame.locator('html').getAttribute('lang')).toBe('ja');
    await page.screenshot({ path: join(OUT, 'acs-01-challenge-02.png') });
    expect(await axe(frame)).toEqual([]);
    await frame.locator('#secureId').focus();
    await page.keyboard.type(SECURE_ID);
    await page.keyboard.press('Tab');
    await page.keyboard.type(CHECKOUT_PASSWORD);
    await page.keyboard.press('Enter');
    const result = page.frameLocator('iframe[name="challenge"]').locator('#result');
    await result.waitFor({ timeout: 15_000 });
    expect(await result.textContent()).toBe('transStatus Y');
    await page.screenshot({ path: join(OUT, 'acs-02-result.png') });
    expect(results.at(-1)).toEqual({ cres: expect.objectContaining({ acsTransID: ares.acsTransID, transStatus: 'Y', messageType: 'CRes' }), sessionData: 'b3JkZXItNDI' });
    for (let i = 0; i < 100 && !rreqs.some((r) => r.acsTransID === ares.acsTransID); i += 1) await new Promise((r) => setTimeout(r, 100));
    expect(rreqs.find((r) => r.acsTransID === ares.acsTransID)).toMatchObject({ transStatus: 'Y', eci: '05' });
  });

  it('full page (05): axe-clean, a wrong answer is announced, cancel by keyboard ends N', async () => {
    const { frame } = await openChallenge('05');
    expect(await axe(frame)).toEqual([]);
    await frame.locator('#secureId').focus();
    await page.keyboard.type(SECURE_ID);
    await page.keyboard.press('Tab');
    await page.keyboard.type('Wrong#Pass42');
    await page.keyboard.press('Enter');
    const alert = page.frameLocator('iframe[name="challenge"]').getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('あと2回');
    await page.screenshot({ path: join(OUT, 'acs-03-wrong-answer-05.png') });
    const framed = page.frameLocator('iframe[name="challenge"]');
    expect(await axe((await (await page.waitForSelector('iframe[name="challenge"]')).contentFrame())!)).toEqual([]);
    await framed.getByRole('button', { name: 'キャンセル' }).focus();
    await page.keyboard.press('Enter');
    await framed.locator('#result').waitFor({ timeout: 15_000 });
    expect(await framed.locator('#result').textContent()).toBe('transStatus N');
  });
});
