/**
 * The demo shop against the REAL ACS process (apps/api createAcsApp on the run's MariaDB, its outbox delivering
 * RReqs to the shop's DS endpoint): a mandated challenge answered with the fixed password → Y with a verified
 * authenticationValue; a cancel → N/01; the same browser again, under the frictionless amount → frictionless Y;
 * an unknown card → N/08. The shopper's browser is plain HTTP here (the forms are what a browser would post).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import { createAcsApp } from '../../api/src/acs.factory.js';
import { CardCrypto } from '../../api/src/common/crypto/card-crypto.service.js';
import { PasswordHasher } from '../../api/src/common/crypto/password-hasher.service.js';
import { loadAcsConfig } from '../../api/src/config/acs-config.js';
import { loadConfig } from '../../api/src/config/app-config.js';
import { jcbCardNumber, randomDigits } from '../../api/test/support/fixtures.js';
import { TEST_KEYS, testDatabaseUrl } from '../../api/test/support/test-app.js';
import type { DemoConfig } from '../src/config.js';
import { createDemoShop } from '../src/demo-shop.js';

const VERIFY_TOKEN = randomBytes(32).toString('base64url');
const PASSWORD = 'Kx7#mQ2v!Lp9';
const BROWSER = {
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) DemoShopAcsTest', 'accept-language': 'ja-JP,ja;q=0.9',
  accept: 'text/html,application/xhtml+xml,*/*;q=0.8',
};

/** typeorm is the api's dependency, not the shop's: load the very module the ACS uses, from the api package */
const apiRequire = createRequire(new URL('../../api/package.json', import.meta.url));
interface Sql {
  query(sql: string, parameters?: unknown[]): Promise<{ insertId: number }>;
}

let acs: Awaited<ReturnType<typeof createAcsApp>>;
let shop: FastifyInstance;
let shopUrl = '';
let card = { number: '', secureId: '' };

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  const shopConfig: DemoConfig = { port: 0, host: '127.0.0.1', publicUrl: '', acsPublicUrl: '', acsVerifyToken: () => VERIFY_TOKEN };
  shop = createDemoShop(shopConfig, { rreqWaitMs: 10_000 });
  await shop.listen({ port: 0, host: '127.0.0.1' });
  shopUrl = `http://127.0.0.1:${(shop.server.address() as AddressInfo).port}`;
  shopConfig.publicUrl = shopUrl;

  const acsPort = await freePort();
  const env = {
    NODE_ENV: 'test', DATABASE_URL: await testDatabaseUrl(), HOST: '127.0.0.1', PORT: '0', MAINTENANCE_WINDOW: '',
    OUTBOX_POLL_MS: '50', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', ...TEST_KEYS,
    ACS_PORT: String(acsPort), ACS_PUBLIC_URL: `http://127.0.0.1:${acsPort}`, ACS_DS_URL: `${shopUrl}/ds/rreq`,
    ACS_VERIFY_TOKEN: VERIFY_TOKEN, ACS_AV_KEY: randomBytes(32).toString('base64'), ACS_TIMER_POLL_MS: '100',
  };
  const devKeyFile = join(mkdtempSync(join(tmpdir(), 'demo-acs-')), 'dev-keys.json');
  const appConfig = loadConfig(env, { devKeyFile });
  acs = await createAcsApp(appConfig, loadAcsConfig(env, { devKeyFile }));
  await acs.listen({ port: acsPort, host: '127.0.0.1' });
  shopConfig.acsPublicUrl = env.ACS_PUBLIC_URL;

  // a company, its card in the card master and a fixed-password enrollment, written with the ACS's own crypto
  const { DataSource } = (await import(apiRequire.resolve('typeorm'))) as { DataSource: abstract new () => Sql };
  const db = acs.get<Sql>(DataSource);
  const crypto = acs.get(CardCrypto);
  const now = new Date();
  const company = await db.query(
    'INSERT INTO companies (corporate_number, name, name_kana, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
    [`9${randomDigits(12)}`, 'デモ株式会社', 'デモカブシキガイシャ', now, now],
  );
  card = { number: jcbCardNumber(), secureId: `demo${randomDigits(6)}` };
  const encrypted = crypto.encryptPan(card.number);
  const inserted = await db.query(
    `INSERT INTO cards (company_id, pan_ciphertext, pan_key_id, pan_fingerprint, first4, last4, brand, expiry_yymm, holder_name, pin_hash, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, 'JCB', '3012', 'デモ\u3000タロウ', ?, ?, ?)`,
    [company.insertId, encrypted.ciphertext, encrypted.keyId, crypto.fingerprint(card.number), card.number.slice(0, 4), card.number.slice(-4),
      crypto.pinHash(card.number, '4321'), now, now],
  );
  await db.query(
    `INSERT INTO enrollments (card_id, secure_id, secure_id_key, method, phone_e164, password_hash, status, created_at, updated_at)
     VALUES (?, ?, ?, 'PASSWORD', NULL, ?, 'REGISTERED', ?, ?)`,
    [inserted.insertId, card.secureId, card.secureId.toLowerCase(), await acs.get(PasswordHasher).hash(PASSWORD), now, now],
  );
}, 60_000);

afterAll(async () => {
  await shop?.close();
  await acs?.close();
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
    lang: 'ja', cardNumber: card.number, expiry: '12/30', amount: '12,800', messageVersion: '2.2.0', windowSize: '02',
    browserLanguage: 'ja-JP', browserJavascriptEnabled: 'true', browserJavaEnabled: 'false', browserColorDepth: '24',
    browserScreenHeight: '844', browserScreenWidth: '390', browserTZ: '-540', ...fields,
  });
  expect(response.status).toBe(303);
  return response.headers.get('location')!;
}

/** The browser's part of a challenge: the CReq into the iframe, the answer, the CRes to the notificationURL. */
async function challenge(location: string, answer: Record<string, string>): Promise<string> {
  expect(location).toMatch(/\/challenge$/);
  const shopPage = await (await fetch(`${shopUrl}${location}`, { headers: BROWSER })).text();
  const acsForm = await postForm(action(shopPage)!, { creq: hidden(shopPage, 'creq')!, threeDSSessionData: hidden(shopPage, 'threeDSSessionData')! });
  expect(acsForm.status).toBe(200);
  const challengePage = await acsForm.text();
  const answered = await postForm(new URL(action(challengePage)!, acsForm.url).href, {
    acsTransID: hidden(challengePage, 'acsTransID')!, stepToken: hidden(challengePage, 'stepToken')!, ...answer,
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
    const result = await challenge(location, { secureId: card.secureId.toUpperCase(), password: PASSWORD, action: 'submit' });
    expect(result).toContain('認証結果（transStatus）: Y');
    expect(result).toContain('05: 本人認証済み（JCB）');
    expect(result).toContain('検証済み（有効）');
    expect(shop.demo.rreqs.all().filter((r) => r.rreq.transStatus === 'Y')).toHaveLength(1);
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
    expect(records).toHaveLength(2);
    for (const record of records) expect(record.conflicts).toEqual([]);
    expect(new Set(records.map((r) => r.rreq.acsTransID)).size).toBe(2);
  });
});
