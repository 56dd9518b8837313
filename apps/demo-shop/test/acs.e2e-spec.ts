/**
 * The demo shop against the REAL ACS process (apps/api's startTestAcs on the run's MariaDB, its outbox
 * delivering RReqs to the shop's DS endpoint), with a card enrolled through the portal's real API: a mandated
 * challenge answered with the fixed password → Y with a verified authenticationValue; a cancel → N/01; the same
 * browser again, under the ACS's frictionless amount → frictionless Y; an unknown card → N/08. The shopper's
 * browser is plain HTTP here (the forms are exactly what a browser posts; checkout-browser.e2e-spec.ts has Chromium).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { checkoutOtp, enrolledCard, type EnrolledCard } from '../../api/test/support/acs-fixtures.js';
import { approvedMember, jcbCardNumber } from '../../api/test/support/fixtures.js';
import { ACS_TEST_SECRETS, startTestAcs, type TestAcs } from '../../api/test/support/test-acs.js';
import { startTestApp, type TestApp } from '../../api/test/support/test-app.js';
import type { DemoConfig } from '../src/config.js';
import { createDemoShop } from '../src/demo-shop.js';

const BROWSER = {
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) DemoShopAcsTest', 'accept-language': 'ja-JP,ja;q=0.9',
  accept: 'text/html,application/xhtml+xml,*/*;q=0.8',
};

let portal: TestApp;
let acs: TestAcs;
let shop: FastifyInstance;
let shopUrl = '';
let card: EnrolledCard;

beforeAll(async () => {
  const shopConfig: DemoConfig = {
    port: 0, host: '127.0.0.1', publicUrl: '', acsPublicUrl: '', acsVerifyToken: () => ACS_TEST_SECRETS.ACS_VERIFY_TOKEN,
  };
  shop = createDemoShop(shopConfig, { rreqWaitMs: 10_000 });
  await shop.listen({ port: 0, host: '127.0.0.1' });
  shopUrl = `http://127.0.0.1:${(shop.server.address() as AddressInfo).port}`;
  shopConfig.publicUrl = shopUrl;

  portal = await startTestApp();
  // the shop is the Directory Server: the ACS's RReqs go to it
  acs = await startTestAcs(portal, { ACS_DS_URL: `${shopUrl}/ds/rreq` });
  shopConfig.acsPublicUrl = acs.baseUrl;
  card = await enrolledCard(portal, await approvedMember(portal), 'PASSWORD');
}, 60_000);

afterAll(async () => {
  await shop?.close();
  await acs?.close();
  await portal?.close();
});

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
async function postForm(url: string, fields: Record<string, string>) {
  return fetch(url, {
    method: 'POST', redirect: 'manual', headers: { ...BROWSER, 'content-type': 'application/x-www-form-urlencoded' }, body: form(fields),
  });
}
const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];
const action = (html: string) => /<form method="post" action="([^"]+)"/.exec(html)?.[1];
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/\s+/g, ' ');

async function checkout(fields: Record<string, string>): Promise<string> {
  const response = await postForm(`${shopUrl}/checkout`, {
    lang: 'ja', cardNumber: card.cardNumber, expiry: '12/30', amount: '12,800', messageVersion: '2.2.0', windowSize: '02',
    browserLanguage: 'ja-JP', browserJavascriptEnabled: 'true', browserJavaEnabled: 'false', browserColorDepth: '24',
    browserScreenHeight: '844', browserScreenWidth: '390', browserTZ: '-540', ...fields,
  });
  expect(response.status).toBe(303);
  return response.headers.get('location')!;
}

/** The browser's part of a challenge: the CReq into the iframe, the answer, the CRes to the notificationURL. */
async function challenge(location: string, answer: Record<string, string> | (() => Promise<Record<string, string>>)): Promise<string> {
  expect(location).toMatch(/\/challenge$/);
  const shopPage = await (await fetch(`${shopUrl}${location}`, { headers: BROWSER })).text();
  const acsForm = await postForm(action(shopPage)!, { creq: hidden(shopPage, 'creq')!, threeDSSessionData: hidden(shopPage, 'threeDSSessionData')! });
  expect(acsForm.status).toBe(200);
  const challengePage = await acsForm.text();
  const answered = await postForm(new URL(action(challengePage)!, acsForm.url).href, {
    acsTransID: hidden(challengePage, 'acsTransID')!, stepToken: hidden(challengePage, 'stepToken')!,
    ...(typeof answer === 'function' ? await answer() : answer),
  });
  const done = await answered.text();
  expect(action(done)).toBe(`${shopUrl}/3ds/notification`);
  const notification = await postForm(action(done)!, { cres: hidden(done, 'cres')!, threeDSSessionData: hidden(done, 'threeDSSessionData')! });
  expect(notification.status).toBe(200);
  const orderUrl = location.replace(/\/challenge$/, '');
  expect(await notification.text()).toContain(`href="${orderUrl}" target="_top"`);
  return text(await (await fetch(`${shopUrl}${orderUrl}`, { headers: BROWSER })).text());
}

describe('the demo shop against the real ACS', () => {
  it('a mandated challenge answered with the fixed password: Y, ECI 05, the authenticationValue verified, one RReq', async () => {
    const location = await checkout({ challengeMandated: '04', messageVersion: '2.3.1' });
    const result = await challenge(location, { secureId: card.secureId.toUpperCase(), password: card.password!, action: 'submit' });
    expect(result).toContain('認証結果（transStatus）: Y');
    expect(result).toContain('05: 本人認証済み（JCB）');
    expect(result).toContain('検証済み（有効）');
    expect(shop.demo.rreqs.all().filter((r) => r.rreq.transStatus === 'Y')).toHaveLength(1);
  });

  it('an SMS OTP challenge (the code read from the SMS gateway): Y, verified', async () => {
    const otpCard = await enrolledCard(portal, await approvedMember(portal), 'OTP');
    const location = await checkout({ cardNumber: otpCard.cardNumber, challengeMandated: '04' });
    const answer = async () => ({ secureId: otpCard.secureId, otp: await checkoutOtp(portal, otpCard.phone!), action: 'submit' });
    const result = await challenge(location, answer);
    expect(result).toContain('認証結果（transStatus）: Y');
    expect(result).toContain('検証済み（有効）');
  });

  it('a cancelled challenge: N / 01 with challengeCancel 01', async () => {
    const result = await challenge(await checkout({ challengeMandated: '04' }), { secureId: '', password: '', action: 'cancel' });
    expect(result).toContain('認証結果（transStatus）: N');
    expect(result).toContain('01: 会員がキャンセルしました');
  });

  it('the same browser again, under the frictionless amount: frictionless Y, verified', async () => {
    const location = await checkout({ amount: '3000' });
    expect(location).not.toMatch(/\/challenge$/);
    const result = text(await (await fetch(`${shopUrl}${location}`, { headers: BROWSER })).text());
    expect(result).toContain('認証結果（transStatus）: Y');
    expect(result).toContain('フリクションレス');
    expect(result).toContain('検証済み（有効）');
  });

  it('a card the issuer does not know: N / 08', async () => {
    const location = await checkout({ cardNumber: jcbCardNumber() });
    const result = text(await (await fetch(`${shopUrl}${location}`, { headers: BROWSER })).text());
    expect(result).toContain('認証結果（transStatus）: N');
    expect(result).toContain('08: カードの登録がありません');
  });

  it('every RReq the ACS sent was answered and counted once', () => {
    const records = shop.demo.rreqs.all();
    expect(records).toHaveLength(3);
    for (const record of records) expect(record.conflicts).toEqual([]);
    expect(new Set(records.map((r) => r.rreq.acsTransID)).size).toBe(3);
  });
});
