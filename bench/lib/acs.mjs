/**
 * The ACS under load (issue 12, "The ACS under load"): the checkout cards' history, the in-bench Directory
 * Server, and the clients that play the 3DS Server and the cardholder over plain HTTP — the same messages
 * apps/api/test/support/three-ds-server.ts sends in the e2e tests.
 *
 * Frictionless is made the honest way, by history and not by configuration: every card of the frictionless set
 * gets ONE earlier acs_transactions row — a challenge this browser passed with the fixed password a day ago — so
 * the risk engine's own "device-not-trusted" rule stays silent, the amount (¥8,800) is under the default
 * ¥10,000 limit and the MCC is ordinary. The ACS runs with its default risk thresholds (no ACS_RISK_RULES).
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { DATABASE_URL, ENROLLED_FIXED_PASSWORD, importApiDist, log, requireFromApi } from './common.mjs';

export const NOTIFICATION_URL = 'https://shop.bench.invalid/3ds/notification';
const BROWSER = {
  browserAcceptHeader: 'text/html,application/xhtml+xml',
  browserIP: '203.0.113.10',
  browserLanguage: 'ja-JP',
  browserUserAgent: 'Mozilla/5.0 (X11; Linux x86_64) BenchBrowser/1.0',
  browserJavascriptEnabled: true,
  browserJavaEnabled: false,
  browserColorDepth: '24',
  browserScreenHeight: '900',
  browserScreenWidth: '1440',
  browserTZ: '-540',
};

/** An AReq as a 3DS Server sends it (2.2.0, browser channel, payment), with a fresh threeDSServerTransID. */
export function buildAReq(card, { amount = '8800', challengeInd = '01' } = {}) {
  return {
    messageType: 'AReq',
    messageVersion: '2.2.0',
    threeDSServerTransID: randomUUID(),
    dsTransID: randomUUID(),
    deviceChannel: '02',
    messageCategory: '01',
    acctNumber: card.pan,
    cardExpiryDate: card.expiry,
    purchaseAmount: amount,
    purchaseCurrency: '392',
    purchaseExponent: '0',
    purchaseDate: '20261201120000',
    merchantName: 'ベンチ商店',
    mcc: '5732',
    merchantCountryCode: '392',
    acquirerBIN: '35400000',
    acquirerMerchantID: 'M-BENCH-01',
    threeDSRequestorID: 'REQ-BENCH',
    threeDSRequestorName: 'Bench Shop',
    threeDSRequestorURL: 'https://shop.bench.invalid',
    threeDSRequestorChallengeInd: challengeInd,
    notificationURL: NOTIFICATION_URL,
    ...BROWSER,
  };
}

/**
 * Splits the seeded fixed-password cards into a frictionless set (given a passed challenge from the bench
 * browser a day ago) and a challenge set (no history), and writes that history with the ACS's own device hash.
 */
export async function seedAcsHistory(fixture, env) {
  const started = performance.now();
  const { deviceHash } = await importApiDist('modules/acs/authentication.service.js');
  const { CardCrypto } = await importApiDist('common/crypto/card-crypto.service.js');
  const { loadConfig } = await importApiDist('config/app-config.js');
  const crypto = new CardCrypto(loadConfig(env));
  const frictionless = fixture.acsCards.filter((_, index) => index % 2 === 0);
  const challenge = fixture.acsCards.filter((_, index) => index % 2 === 1);
  const device = deviceHash(buildAReq(frictionless[0]));
  const dayAgo = new Date(Date.now() - 86_400_000);
  const mysql = requireFromApi('mysql2/promise');
  const connection = await mysql.createConnection({ uri: DATABASE_URL, timezone: 'Z', charset: 'utf8mb4_unicode_ci' });
  try {
    const rows = frictionless.map((card) => {
      const acsTransId = randomUUID();
      const serverTransId = randomUUID();
      const ares = { messageType: 'ARes', messageVersion: '2.2.0', threeDSServerTransID: serverTransId, dsTransID: randomUUID(), acsTransID: acsTransId, acsReferenceNumber: 'CORPWEB-ACS-JCB-01', transStatus: 'C', acsURL: 'https://acs.bench.invalid/3ds/v2/challenge', acsChallengeMandated: 'N', authenticationType: '01' };
      return [
        acsTransId, serverTransId, ares.dsTransID, '2.2.0', '01', crypto.fingerprint(card.pan), card.id, card.companyId, card.pan.slice(-4),
        '12800', '392', 0, 'ベンチ商店', '5732', 'Bench Shop', NOTIFICATION_URL, BROWSER.browserLanguage, BROWSER.browserIP, device, 0,
        'COMPLETED', 'Y', null, '05', 'PASSWORD', '05', 1, 'CHALLENGE', JSON.stringify([{ rule: 'amount', action: 'CHALLENGE', inputs: { amountJpy: 12800, max: 10000 } }]),
        'NOT_CONFIGURED', JSON.stringify(ares), dayAgo, dayAgo,
      ];
    });
    await connection.beginTransaction();
    for (let start = 0; start < rows.length; start += 2000) {
      await connection.query(
        `INSERT INTO acs_transactions (acs_trans_id, three_ds_server_trans_id, ds_trans_id, message_version, message_category, pan_fingerprint,
           card_id, company_id, card_last4, purchase_amount, purchase_currency, purchase_exponent, merchant_name, mcc, requestor_name,
           notification_url, browser_language, browser_ip, device_hash, challenge_mandated, state, trans_status, trans_status_reason, eci,
           authentication_method, challenge_window_size, interactions, risk_outcome, risk_rules, risk_provider, ares, created_at, completed_at) VALUES ?`,
        [rows.slice(start, start + 2000)],
      );
    }
    await connection.commit();
    await connection.query('ANALYZE TABLE acs_transactions');
  } finally {
    await connection.end();
  }
  log(`ACS history: ${frictionless.length} cards with a passed challenge from the bench browser, ${challenge.length} without, in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { frictionless, challenge, seededHistoryRows: frictionless.length };
}

/**
 * Round-robin over cards, shared by every scenario that uses the set: the velocity rule refuses an 11th AReq
 * for one card within 600 s, so consecutive AReqs never reuse a card before the whole set has been used.
 */
export function cardCursor(cards) {
  let index = 0;
  const next = () => {
    const card = cards[index % cards.length];
    index += 1;
    return card;
  };
  next.used = () => index;
  return next;
}

/**
 * The Directory Server the ACS posts RReqs to (ACS_DS_URL): answers RRes "01" and records when each RReq
 * arrived, by acsTransID. Runs in this process, on loopback.
 */
export async function startDirectoryServer() {
  const received = new Map();
  let count = 0;
  const server = createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const at = performance.now();
      let rreq;
      try {
        rreq = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        response.writeHead(400).end();
        return;
      }
      count += 1;
      if (!received.has(rreq.acsTransID)) received.set(rreq.acsTransID, { at, transStatus: rreq.transStatus, challengeCancel: rreq.challengeCancel });
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({
        messageType: 'RRes', messageVersion: rreq.messageVersion, threeDSServerTransID: rreq.threeDSServerTransID,
        dsTransID: rreq.dsTransID, acsTransID: rreq.acsTransID, resultsStatus: '01',
      }));
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/ds/rreq`,
    received,
    count: () => count,
    close: () => new Promise((resolveClose) => { server.closeAllConnections(); server.close(resolveClose); }),
  };
}

const unescape = (value) => value.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

function hiddenFields(html) {
  const hidden = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) hidden[match[1]] = unescape(match[2]);
  return hidden;
}

async function post(url, body, contentType) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': contentType, 'accept-language': 'ja' },
    body,
    redirect: 'manual',
    signal: AbortSignal.timeout(15_000),
  });
  return { status: response.status, text: await response.text() };
}

/**
 * One cardholder's checkout with a challenge, over plain HTTP: the AReq (¥12,800: the amount rule asks for a
 * challenge), the CReq posted by the merchant's iframe, the answer (secure ID + fixed password) on the page's
 * form, and the final page's CRes. The form's action is the public acsURL (https, behind TLS termination in
 * production); the bench posts the same path to the ACS's loopback port. Returns the acsTransID and when the
 * final page arrived, or throws with what went wrong.
 */
export async function fullChallenge(acsBase, card) {
  const started = performance.now();
  const areq = buildAReq(card, { amount: '12800' });
  const aresAnswer = await post(`${acsBase}/3ds/v2/areq`, JSON.stringify(areq), 'application/json');
  const ares = JSON.parse(aresAnswer.text);
  if (ares.transStatus !== 'C') throw new Error(`AReq answered ${ares.messageType} ${ares.transStatus ?? ares.errorCode} ${ares.transStatusReason ?? ares.errorDetail ?? ''}`);
  const creq = Buffer.from(JSON.stringify({
    threeDSServerTransID: ares.threeDSServerTransID, acsTransID: ares.acsTransID, messageType: 'CReq', messageVersion: ares.messageVersion, challengeWindowSize: '05',
  })).toString('base64url');
  const challengeUrl = `${acsBase}${new URL(ares.acsURL).pathname}`;
  const page = await post(challengeUrl, new URLSearchParams({ creq }).toString(), 'application/x-www-form-urlencoded');
  const hidden = hiddenFields(page.text);
  if (page.status !== 200 || !hidden.stepToken) throw new Error(`CReq answered ${page.status} without a challenge form: ${page.text.slice(0, 200)}`);
  const final = await post(challengeUrl, new URLSearchParams({ ...hidden, action: 'submit', secureId: card.secureId, password: ENROLLED_FIXED_PASSWORD }).toString(), 'application/x-www-form-urlencoded');
  const cres = hiddenFields(final.text).cres;
  if (!cres) throw new Error(`answer page has no CRes: ${final.status} ${final.text.slice(0, 200)}`);
  const decoded = JSON.parse(Buffer.from(cres, 'base64url').toString('utf8'));
  if (decoded.transStatus !== 'Y') throw new Error(`challenge ended ${decoded.transStatus}`);
  return { acsTransId: ares.acsTransID, completedAt: performance.now(), seconds: (performance.now() - started) / 1000 };
}

function percentile(sorted, p) {
  if (sorted.length === 0) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * `cardholders` concurrent cardholders, each doing full challenges back to back for `seconds`; then waits (at
 * most 10 s) for every RReq of a completed challenge to reach the DS. Completed challenges per second are those
 * that finished within the window; the delivery lag runs from the final page reaching the cardholder to the
 * RReq reaching the DS (negative when the RReq was faster than the page).
 */
export async function challengeLoad(acsBase, ds, nextCard, { cardholders = 20, seconds = 10 } = {}) {
  const completions = [];
  const failures = [];
  const durations = [];
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  const cardholder = async () => {
    for (let round = 0; round < 10_000 && performance.now() < deadline; round += 1) {
      try {
        const done = await fullChallenge(acsBase, nextCard());
        if (done.completedAt <= deadline) {
          completions.push(done);
          durations.push(done.seconds * 1000);
        }
      } catch (error) {
        failures.push(String(error.message ?? error).slice(0, 200));
      }
    }
  };
  await Promise.all(Array.from({ length: cardholders }, cardholder));
  const elapsed = Math.min(seconds, (performance.now() - started) / 1000);
  for (let wait = 0; wait < 100 && completions.some((c) => !ds.received.has(c.acsTransId)); wait += 1) {
    await new Promise((resolveWait) => setTimeout(resolveWait, 100));
  }
  const lags = completions.filter((c) => ds.received.has(c.acsTransId)).map((c) => ds.received.get(c.acsTransId).at - c.completedAt).sort((a, b) => a - b);
  durations.sort((a, b) => a - b);
  const round = (value) => (value === undefined ? undefined : Number(value.toFixed(1)));
  const result = {
    cardholders,
    seconds: Number(elapsed.toFixed(1)),
    completed: completions.length,
    completedPerSecond: Number((completions.length / elapsed).toFixed(1)),
    failures: failures.length,
    firstFailure: failures[0],
    challengeMs: { p50: round(percentile(durations, 50)), p99: round(percentile(durations, 99)) },
    rreqDelivered: lags.length,
    rreqLagMs: { p50: round(percentile(lags, 50)), p99: round(percentile(lags, 99)), max: round(lags.at(-1)) },
  };
  log(`full challenge, ${cardholders} cardholders: ${result.completedPerSecond}/s (${result.completed} in ${result.seconds} s), failures ${result.failures}` +
    `${result.firstFailure ? ` (first: ${result.firstFailure})` : ''}, RReqs delivered ${result.rreqDelivered}/${result.completed}, lag p50 ${result.rreqLagMs.p50} ms p99 ${result.rreqLagMs.p99} ms`);
  return result;
}

/** autocannon request builder for AReqs (a fresh threeDSServerTransID each) and its answer check. */
export function areqRequests(nextCard, options) {
  return () => ({ method: 'POST', path: '/3ds/v2/areq', headers: { 'content-type': 'application/json' }, body: JSON.stringify(buildAReq(nextCard(), options)) });
}

export function expectTransStatus(wanted) {
  return (status, body) => {
    if (status !== 200) return `HTTP ${status}`;
    const match = /"transStatus":"([A-Z])"/.exec(body);
    if (match?.[1] === wanted) return undefined;
    return `${match ? `transStatus ${match[1]}` : 'no transStatus'}: ${String(body).slice(0, 200)}`;
  };
}
