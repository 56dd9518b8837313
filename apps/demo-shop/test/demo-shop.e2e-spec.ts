/**
 * The demo shop over real HTTP on an ephemeral port, against a stand-in ACS peer (test/support/fake-acs.ts):
 * checkout in ja/en, field errors, a frictionless purchase with its verification, a challenge (CReq into the
 * iframe, CRes at the notificationURL, RReq at the DS, retried once), Erro and an unreachable ACS.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { DemoConfig } from '../src/config.js';
import { createDemoShop } from '../src/demo-shop.js';
import { decodeBase64UrlJson, encodeCRes, type CRes, type RReq } from '../src/three-ds-simulator.js';
import { FakeAcs } from './support/fake-acs.js';

const CARD = '3540123456789016';
const TOKEN = 'test-verify-token';
const AV = 'AAABBEg0VhI0VniQEjRWAAAAAAA=';

let acs: FakeAcs;
let shop: FastifyInstance;
let base = '';
const config: DemoConfig = {
  port: 0, host: '127.0.0.1', publicUrl: '', acsPublicUrl: '', acsVerifyToken: () => TOKEN,
};

beforeAll(async () => {
  acs = await new FakeAcs().start();
  config.acsPublicUrl = acs.url;
  shop = createDemoShop(config, { rreqWaitMs: 300 });
  await shop.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(shop.server.address() as AddressInfo).port}`;
  config.publicUrl = base;
});
afterAll(async () => {
  await shop.close();
  await acs.close();
});
afterEach(() => {
  acs.received.length = 0;
});

const BROWSER = { 'user-agent': 'Mozilla/5.0 (jest) DemoShopTest', 'accept-language': 'ja-JP,ja;q=0.9,en;q=0.8', accept: 'text/html,*/*;q=0.8' };

function post(path: string, fields: Record<string, string>, headers: Record<string, string> = BROWSER) {
  return fetch(`${base}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
}
const get = (path: string) => fetch(`${base}${path}`, { headers: BROWSER, redirect: 'manual' });
const postJson = (path: string, body: unknown) =>
  fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

const checkoutFields = (overrides: Record<string, string> = {}) => ({
  lang: 'ja', cardNumber: '3540 1234 5678 9016', expiry: '08/29', amount: '12,800', messageVersion: '2.2.0', windowSize: '03',
  browserLanguage: 'ja-JP', browserJavascriptEnabled: 'true', browserJavaEnabled: 'false', browserColorDepth: '30',
  browserScreenHeight: '844', browserScreenWidth: '390', browserTZ: '-540', ...overrides,
});

const ares = (areq: Record<string, unknown>, extra: Record<string, unknown>) => ({
  messageType: 'ARes', messageVersion: areq.messageVersion, threeDSServerTransID: areq.threeDSServerTransID,
  dsTransID: areq.dsTransID, acsTransID: randomUUID(), acsReferenceNumber: 'FAKE-ACS', ...extra,
});

const attr = (html: string, pattern: RegExp) => pattern.exec(html)?.[1];
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

async function checkout(overrides: Record<string, string> = {}): Promise<string> {
  const response = await post('/checkout', checkoutFields(overrides));
  expect(response.status).toBe(303);
  return response.headers.get('location')!;
}

describe('checkout page', () => {
  it('renders in Japanese by default, labelled as a simulator, with every field labelled', async () => {
    const response = await get('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
    expect(response.headers.get('content-security-policy')).toContain(`frame-src 'self' ${acs.url}`);
    const html = await response.text();
    expect(html).toContain('<html lang="ja">');
    expect(html).toContain('デモ（シミュレーター）');
    expect(html).toContain('value="12,800"');
    for (const id of ['cardNumber', 'expiry', 'amount', 'messageVersion', 'challengeMandated', 'browserLanguage', 'windowSize-01', 'windowSize-05']) {
      expect(html).toContain(`<label for="${id}"`);
      expect(html).toContain(`id="${id}"`);
    }
    expect(html).toContain('<a class="lang-switch" href="/?lang=en"');
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('renders in English with ?lang=en', async () => {
    const html = await (await get('/?lang=en')).text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Checkout');
    expect(html).toContain('Demo (simulator)');
    expect(html).toContain('<option value="en-US" selected>');
  });

  it('opened at another address than its configured one, says where to open it (the result could not reach this page)', async () => {
    const at = (host: string, path: string) => new Promise<string>((resolve, reject) => {
      const url = new URL(path, base);
      request({ host: url.hostname, port: url.port, path: url.pathname + url.search, headers: { ...BROWSER, host } }, (response) => {
        let html = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (html += chunk)).on('end', () => resolve(html));
      }).on('error', reject).end();
    });
    const elsewhere = `localhost:${new URL(base).port}`;
    expect(await at(elsewhere, '/')).toContain(
      `このデモショップは次のアドレスで開いてください。ほかのアドレスで開くと、本人認証のあとに結果を表示できません: <a href="${base}/">${base}/</a>`,
    );
    expect(await at(elsewhere, '/?lang=en')).toContain(`Please open this demo shop at the address below.`);
    expect(await at(elsewhere, '/?lang=en')).toContain(`<a href="${base}/?lang=en">`);
    expect(await at(new URL(base).host, '/')).not.toContain('このデモショップは次のアドレスで開いてください');
  });

  it('serves its script and stylesheet', async () => {
    expect((await get('/assets/shop.js')).headers.get('content-type')).toContain('javascript');
    expect((await get('/assets/shop.css')).headers.get('content-type')).toContain('text/css');
    expect((await get('/assets/nope.js')).status).toBe(404);
    expect((await get('/assets/constructor')).status).toBe(404);
  });

  it('shows field errors, keeps (escaped) what was typed, and sends no AReq', async () => {
    const response = await post('/checkout', checkoutFields({ cardNumber: '<script>alert(1)</script>', expiry: '13/29', amount: '0', lang: 'en' }));
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('The card number is not valid');
    expect(html).toContain('Enter the expiry date as MM/YY');
    expect(html).toContain('Enter a whole amount');
    expect(html).toMatch(/id="cardNumber"[^>]*aria-invalid="true"/);
    expect(acs.areqs()).toHaveLength(0);
  });

  it('refuses a card number that fails the check digit', async () => {
    const html = await (await post('/checkout', checkoutFields({ cardNumber: '3540123456789010' }))).text();
    expect(html).toContain('カード番号が正しくありません');
  });
});

describe('a frictionless purchase', () => {
  it('sends a 2.2.0 AReq from the shopper’s browser data and shows Y with a verified authenticationValue', async () => {
    acs.answerAReq = (areq) => ares(areq, { transStatus: 'Y', eci: '05', authenticationValue: AV });
    const location = await checkout();
    expect(location).toMatch(/^\/orders\/[0-9a-f-]{36}$/);

    const [areq] = acs.areqs();
    expect(areq).toMatchObject({
      messageType: 'AReq', messageVersion: '2.2.0', deviceChannel: '02', messageCategory: '01',
      acctNumber: CARD, cardExpiryDate: '2908', purchaseAmount: '12800', purchaseCurrency: '392', purchaseExponent: '0',
      merchantCountryCode: '392', threeDSRequestorChallengeInd: '01', notificationURL: `${base}/3ds/notification`,
      browserAcceptHeader: BROWSER.accept, browserUserAgent: BROWSER['user-agent'], browserLanguage: 'ja-JP',
      browserIP: '127.0.0.1', browserJavascriptEnabled: true, browserJavaEnabled: false, browserColorDepth: '30',
      browserScreenHeight: '844', browserScreenWidth: '390', browserTZ: '-540',
    });
    expect(areq!.purchaseDate).toMatch(/^20\d{12}$/);

    const html = text(await (await get(location)).text());
    expect(html).toContain('認証結果（transStatus）: Y');
    expect(html).toContain('フリクションレス');
    expect(html).toContain('05: 本人認証済み（JCB）');
    expect(html).toContain('検証済み（有効）');
    expect(html).toContain('354012******9016');
    expect(html).not.toContain(CARD);

    const [verification] = acs.verifications();
    expect(verification!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(verification!.body).toEqual({ acsTransID: expect.any(String), authenticationValue: AV, acctNumber: CARD, purchaseAmount: '12800' });
    // the value is good once: a second look at the page does not ask again
    await get(location);
    expect(acs.verifications()).toHaveLength(1);
  });

  it('sends threeDSRequestorChallengeInd as an array in 2.3.1, "04" when the challenge is mandated', async () => {
    acs.answerAReq = (areq) => ares(areq, { transStatus: 'N', transStatusReason: '13' });
    await checkout({ messageVersion: '2.3.1', challengeMandated: '04' });
    expect(acs.areqs()[0]).toMatchObject({ messageVersion: '2.3.1', threeDSRequestorChallengeInd: ['04'] });
  });

  it('without script sends the defaults and still works', async () => {
    acs.answerAReq = (areq) => ares(areq, { transStatus: 'N', transStatusReason: '05' });
    const location = await checkout({
      browserJavascriptEnabled: 'false', browserJavaEnabled: '', browserColorDepth: '', browserScreenHeight: '', browserScreenWidth: '', browserTZ: '',
    });
    expect(acs.areqs()[0]).toMatchObject({
      browserJavascriptEnabled: false, browserJavaEnabled: false, browserColorDepth: '24', browserScreenHeight: '800',
      browserScreenWidth: '1280', browserTZ: '-540',
    });
    const html = text(await (await get(`${location}?lang=en`)).text());
    expect(html).toContain('Result (transStatus): N');
    expect(html).toContain('05: Expired card, or the expiry date does not match');
    expect(html).toContain('Not applicable (only for Y and A)');
    expect(acs.verifications()).toHaveLength(0);
  });

  it('shows a refused verification as not valid', async () => {
    acs.answerAReq = (areq) => ares(areq, { transStatus: 'A', eci: '06', authenticationValue: AV });
    acs.answerVerification = () => ({ valid: false });
    const html = text(await (await get(await checkout())).text());
    acs.answerVerification = () => ({ valid: true, transStatus: 'Y', eci: '05' });
    expect(html).toContain('認証結果（transStatus）: A');
    expect(html).toContain('06: 認証試行（JCB）');
    expect(html).toContain('無効（検証に失敗）');
  });
});

describe('a challenge', () => {
  async function startChallenge(windowSize = '02', messageVersion = '2.2.0') {
    let acsTransID = '';
    acs.answerAReq = (areq) => {
      const answer = ares(areq, { transStatus: 'C', acsURL: `${acs.url}/3ds/v2/challenge`, acsChallengeMandated: 'Y', authenticationType: '02' });
      acsTransID = answer.acsTransID;
      return answer;
    };
    const location = await checkout({ windowSize, messageVersion, challengeMandated: '04' });
    expect(location).toMatch(/^\/orders\/[0-9a-f-]{36}\/challenge$/);
    const areq = acs.areqs()[0]!;
    const response = await get(location);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain(`form-action 'self' ${acs.url}`);
    const html = await response.text();
    return { acsTransID, areq, html, orderUrl: location.replace(/\/challenge$/, '') };
  }

  it('posts the CReq into an iframe sized for the window, with a button for browsers without script', async () => {
    const { acsTransID, areq, html } = await startChallenge('02', '2.3.1');
    expect(html).toMatch(new RegExp(`<form method="post" action="${acs.url}/3ds/v2/challenge" target="acs-challenge"`));
    expect(html).toMatch(/<iframe name="acs-challenge" title="[^"]+" class="challenge-frame size-02" width="390" height="400">/);
    expect(html).toMatch(/<button type="submit"[^>]*>本人認証画面を表示する<\/button>/);
    const creq = attr(html, /name="creq" value="([^"]+)"/)!;
    expect(creq).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeBase64UrlJson(creq)).toEqual({
      threeDSServerTransID: areq.threeDSServerTransID, acsTransID, messageType: 'CReq', messageVersion: '2.3.1', challengeWindowSize: '02',
    });
    const session = attr(html, /name="threeDSSessionData" value="([^"]+)"/)!;
    expect(session.length).toBeLessThanOrEqual(1024);
  });

  it('full page (05) has no fixed size', async () => {
    const { html } = await startChallenge('05');
    expect(html).toMatch(/<iframe name="acs-challenge" title="[^"]+" class="challenge-frame size-05">/);
  });

  it('takes the CRes at the notificationURL, the RReq as the DS (a retry counted once), and shows the verified result', async () => {
    const { acsTransID, areq, html, orderUrl } = await startChallenge('03');
    const rreq: RReq = {
      messageType: 'RReq', messageVersion: '2.2.0', threeDSServerTransID: areq.threeDSServerTransID as string,
      dsTransID: areq.dsTransID as string, acsTransID, messageCategory: '01', transStatus: 'Y', eci: '05',
      authenticationValue: AV, authenticationType: '02', interactionCounter: '01',
    };
    const rres = { messageType: 'RRes', messageVersion: '2.2.0', threeDSServerTransID: rreq.threeDSServerTransID, dsTransID: rreq.dsTransID, acsTransID, resultsStatus: '01' };
    const first = await postJson('/ds/rreq', rreq);
    expect(first.status).toBe(200);
    await expect(first.json()).resolves.toEqual(rres);
    await expect((await postJson('/ds/rreq', rreq)).json()).resolves.toEqual(rres);
    expect(shop.demo.rreqs.get(acsTransID)).toMatchObject({ deliveries: 2, conflicts: [] });

    const cres: CRes = {
      threeDSServerTransID: rreq.threeDSServerTransID, acsTransID, messageType: 'CRes', messageVersion: '2.2.0',
      transStatus: 'Y', challengeCompletionInd: 'Y',
    };
    const session = attr(html, /name="threeDSSessionData" value="([^"]+)"/)!;
    // the ACS's page posts this from inside the iframe (a cross-site form post, no cookies)
    const notification = await post('/3ds/notification', { cres: encodeCRes(cres), threeDSSessionData: session }, {});
    expect(notification.status).toBe(200);
    const page = await notification.text();
    expect(page).toContain(`href="${orderUrl}" target="_top"`);
    expect(page).toContain('お支払い結果を見る');

    // the challenge is over: its page now leads to the result
    expect((await get(`${orderUrl}/challenge`)).headers.get('location')).toBe(orderUrl);
    const result = text(await (await get(orderUrl)).text());
    expect(result).toContain('認証結果（transStatus）: Y');
    expect(result).toContain('チャレンジ');
    expect(result).toContain('検証済み（有効）');
    expect(result).toContain('RReq ×2');
    expect(acs.verifications()[0]!.body).toMatchObject({ acsTransID, authenticationValue: AV, acctNumber: CARD, purchaseAmount: '12800' });
  });

  it('waits for an RReq that comes after the CRes, and shows a cancel as N/01 with challengeCancel', async () => {
    const { acsTransID, areq, orderUrl } = await startChallenge();
    const cres = encodeCRes({
      threeDSServerTransID: areq.threeDSServerTransID as string, acsTransID, messageType: 'CRes', messageVersion: '2.2.0',
      transStatus: 'N', challengeCompletionInd: 'Y',
    });
    // without threeDSSessionData the order is found by its acsTransID
    expect((await post('/3ds/notification', { cres }, {})).status).toBe(200);
    const pending = get(orderUrl);
    setTimeout(() => {
      void postJson('/ds/rreq', {
        messageType: 'RReq', messageVersion: '2.2.0', threeDSServerTransID: areq.threeDSServerTransID, dsTransID: areq.dsTransID,
        acsTransID, messageCategory: '01', transStatus: 'N', transStatusReason: '01', challengeCancel: '01',
        authenticationType: '02', interactionCounter: '00',
      });
    }, 50);
    const html = text(await (await pending).text());
    expect(html).toContain('認証結果（transStatus）: N');
    expect(html).toContain('01: カード認証に失敗しました');
    expect(html).toContain('01: 会員がキャンセルしました');
    expect(acs.verifications()).toHaveLength(0);
  });

  it('says so while the RReq has not come', async () => {
    const { acsTransID, areq, orderUrl } = await startChallenge();
    expect(text(await (await get(orderUrl)).text())).toContain('本人認証の途中です');
    const cres = encodeCRes({
      threeDSServerTransID: areq.threeDSServerTransID as string, acsTransID, messageType: 'CRes', messageVersion: '2.2.0',
      transStatus: 'Y', challengeCompletionInd: 'Y',
    });
    await post('/3ds/notification', { cres }, {});
    const html = await (await get(orderUrl)).text();
    expect(text(html)).toContain('結果通知（RReq）を待っています');
    expect(html).toContain('data-reload="2"');
  });

  it('a challenge the ACS ended without a CRes (no CReq in time: N/14) shows the RReq’s result', async () => {
    const { acsTransID, areq, orderUrl } = await startChallenge();
    await postJson('/ds/rreq', {
      messageType: 'RReq', messageVersion: '2.2.0', threeDSServerTransID: areq.threeDSServerTransID, dsTransID: areq.dsTransID,
      acsTransID, messageCategory: '01', transStatus: 'N', transStatusReason: '14', challengeCancel: '05',
      authenticationType: '02', interactionCounter: '00',
    });
    expect((await get(`${orderUrl}/challenge`)).headers.get('location')).toBe(orderUrl);
    const html = text(await (await get(orderUrl)).text());
    expect(html).toContain('14: ACSで時間切れになりました');
    expect(html).toContain('05: ACSで時間切れ（最初のCReqが届かなかった）');
  });

  it('refuses a CRes it cannot read or that names another transaction', async () => {
    const { areq } = await startChallenge();
    const bad = await post('/3ds/notification', { cres: 'not-base64!' }, {});
    expect(bad.status).toBe(400);
    const other = encodeCRes({
      threeDSServerTransID: areq.threeDSServerTransID as string, acsTransID: randomUUID(), messageType: 'CRes', messageVersion: '2.2.0',
      transStatus: 'Y', challengeCompletionInd: 'Y',
    });
    expect((await post('/3ds/notification', { cres: other }, {})).status).toBe(400);
  });
});

describe('errors', () => {
  it('shows the ACS’s Erro', async () => {
    acs.answerAReq = (areq) => ({
      messageType: 'Erro', messageVersion: areq.messageVersion, errorCode: '203', errorComponent: 'A',
      errorDescription: 'Format or value of one or more Data Elements is Invalid', errorDetail: 'cardExpiryDate', errorMessageType: 'AReq',
    });
    const html = text(await (await get(await checkout())).text());
    expect(html).toContain('ACSがエラー（Erro）を返しました');
    expect(html).toContain('203');
    expect(html).toContain('cardExpiryDate');
  });

  it('says when the ACS cannot be reached', async () => {
    const saved = config.acsPublicUrl;
    config.acsPublicUrl = 'http://127.0.0.1:1';
    try {
      const html = text(await (await get(await checkout())).text());
      expect(html).toContain('ACSから有効な応答を得られませんでした');
      expect(html).toContain('ACS unreachable');
    } finally {
      config.acsPublicUrl = saved;
    }
  });

  it('as the DS, answers malformed and incomplete RReqs with an Erro at HTTP 200', async () => {
    const malformed = await fetch(`${base}/ds/rreq`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(malformed.status).toBe(200);
    await expect(malformed.json()).resolves.toMatchObject({ messageType: 'Erro', errorCode: '101' });
    await expect((await postJson('/ds/rreq', { messageType: 'RReq', messageVersion: '2.2.0' })).json()).resolves.toMatchObject({
      messageType: 'Erro', errorCode: '201',
    });
  });

  it('a missing order is a 404 page', async () => {
    expect((await get(`/orders/${randomUUID()}`)).status).toBe(404);
    expect((await get('/orders/..%2F..')).status).toBe(404);
  });
});
