/**
 * The 3DS Server / merchant side of the ACS's tests, over real HTTP: builds AReqs, posts the CReq form the way
 * a merchant's iframe does, reads the challenge pages' forms from the returned HTML (they work without
 * JavaScript, so plain HTTP can drive them) and decodes the final CRes posted to the notificationURL.
 */
import { randomUUID } from 'node:crypto';
import type { ChallengeResponse } from '@corpweb/shared-types';

export interface Card {
  cardNumber: string;
  expiry?: string;
}

export interface AReqOptions {
  version?: '2.2.0' | '2.3.1';
  amount?: string;
  currency?: string;
  exponent?: string;
  mcc?: string;
  challengeInd?: string;
  browserLanguage?: string;
  browserIP?: string;
  userAgent?: string;
  messageCategory?: '01' | '02';
  threeDSServerTransID?: string;
}

export const NOTIFICATION_URL = 'https://shop.example.jp/3ds/notification';

export function buildAReq(card: Card, o: AReqOptions = {}): Record<string, unknown> {
  const version = o.version ?? '2.2.0';
  const ind = o.challengeInd ?? '01';
  const payment = (o.messageCategory ?? '01') === '01';
  return {
    messageType: 'AReq',
    messageVersion: version,
    threeDSServerTransID: o.threeDSServerTransID ?? randomUUID(),
    dsTransID: randomUUID(),
    deviceChannel: '02',
    messageCategory: o.messageCategory ?? '01',
    acctNumber: card.cardNumber,
    cardExpiryDate: card.expiry ?? '3012',
    ...(payment
      ? { purchaseAmount: o.amount ?? '8800', purchaseCurrency: o.currency ?? '392', purchaseExponent: o.exponent ?? '0', purchaseDate: '20261125030000' }
      : {}),
    merchantName: 'テスト商店',
    mcc: o.mcc ?? '5732',
    merchantCountryCode: '392',
    acquirerBIN: '35400000',
    acquirerMerchantID: 'M-000123',
    threeDSRequestorID: 'REQ-0001',
    threeDSRequestorName: 'Test Shop',
    threeDSRequestorURL: 'https://shop.example.jp',
    threeDSRequestorChallengeInd: version === '2.2.0' ? ind : [ind],
    notificationURL: NOTIFICATION_URL,
    browserAcceptHeader: 'text/html,application/xhtml+xml',
    browserIP: o.browserIP ?? '203.0.113.10',
    browserLanguage: o.browserLanguage ?? 'ja-JP',
    browserUserAgent: o.userAgent ?? 'Mozilla/5.0 (X11; Linux x86_64) TestBrowser/1.0',
    browserJavascriptEnabled: true,
    browserJavaEnabled: false,
    browserColorDepth: '24',
    browserScreenHeight: '900',
    browserScreenWidth: '1440',
    browserTZ: '-540',
  };
}

export async function sendAReq(acsBaseUrl: string, body: unknown, raw?: string, contentType = 'application/json'): Promise<{ status: number; body: any }> {
  const response = await fetch(`${acsBaseUrl}/3ds/v2/areq`, {
    method: 'POST', headers: { 'content-type': contentType }, body: raw ?? JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) };
}

export interface Page {
  status: number;
  headers: Headers;
  html: string;
  /** the page's first form: where it posts and its hidden fields */
  action?: string;
  hidden: Record<string, string>;
}

const unescape = (value: string) => value.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

export function parsePage(status: number, headers: Headers, html: string): Page {
  const action = /<form[^>]*\saction="([^"]*)"/.exec(html)?.[1];
  const hidden: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) hidden[match[1]!] = unescape(match[2]!);
  return { status, headers, html, action: action ? unescape(action) : undefined, hidden };
}

export async function postForm(url: string, fields: Record<string, string>, language = 'ja'): Promise<Page> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': language },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
  return parsePage(response.status, response.headers, await response.text());
}

export function encodeCReq(ares: { threeDSServerTransID: string; acsTransID: string; messageVersion: string }, windowSize = '05'): string {
  return Buffer.from(JSON.stringify({
    threeDSServerTransID: ares.threeDSServerTransID, acsTransID: ares.acsTransID, messageType: 'CReq',
    messageVersion: ares.messageVersion, challengeWindowSize: windowSize,
  })).toString('base64url');
}

/** The merchant's iframe posting the CReq to the ARes's acsURL. */
export function openChallenge(ares: any, windowSize = '05', sessionData?: string): Promise<Page> {
  return postForm(ares.acsURL, { creq: encodeCReq(ares, windowSize), ...(sessionData !== undefined ? { threeDSSessionData: sessionData } : {}) });
}

/** The cardholder answering the page's form (the hidden fields carry the transaction and step token). */
export function answer(page: Page, fields: Record<string, string>): Promise<Page> {
  if (!page.action) throw new Error(`no form on the page:\n${page.html}`);
  return postForm(page.action, { ...page.hidden, action: 'submit', ...fields });
}

export function finalCRes(page: Page): ChallengeResponse {
  const cres = page.hidden.cres;
  if (!cres) throw new Error(`no final CRes on the page:\n${page.html}`);
  return JSON.parse(Buffer.from(cres, 'base64url').toString('utf8')) as ChallengeResponse;
}

export function erroCode(page: Page): string | undefined {
  return /data-error-code>(\d{3})</.exec(page.html)?.[1];
}
