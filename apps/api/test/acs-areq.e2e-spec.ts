/**
 * The ACS's AReq endpoint as a Directory Server calls it: every Erro code, both message versions, and every
 * row of the decision table that is decided at AReq time, against the real ACS process on MariaDB.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { enrolledCard, type EnrolledCard } from './support/acs-fixtures.js';
import { approvedMember, jcbCardNumber, seedCard, staffLogin, type MemberFixture } from './support/fixtures.js';
import { recordStatements } from './support/statement-recorder.js';
import { startTestAcs, type TestAcs } from './support/test-acs.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { answer, buildAReq, finalCRes, openChallenge, sendAReq } from './support/three-ds-server.js';

let h: TestApp;
let acs: TestAcs;
let member: MemberFixture;
beforeAll(async () => {
  h = await startTestApp();
  acs = await startTestAcs(h);
  member = await approvedMember(h);
});
afterAll(async () => {
  await acs.close();
  await h.close();
});

const areq = (card: { cardNumber: string; expiry?: string }, o = {}) => sendAReq(acs.baseUrl, buildAReq(card, o));

type FiredRule = { rule: string; action: string; inputs?: Record<string, unknown> };

/** What the risk engine recorded for one transaction (risk_rules is JSON; the driver may return it as text). */
async function riskOf(acsTransId: string): Promise<{ provider: string; rules: FiredRule[] }> {
  const [row] = await h.db.query('SELECT risk_provider, risk_rules FROM acs_transactions WHERE acs_trans_id = ?', [acsTransId]);
  return { provider: row.risk_provider, rules: typeof row.risk_rules === 'string' ? JSON.parse(row.risk_rules) : row.risk_rules };
}

describe('Erro: malformed AReqs (HTTP 200, errorComponent A)', () => {
  it('101 for a body that is not JSON, not an object, not an AReq or not application/json', async () => {
    for (const [raw, type] of [['{"messageType":', 'application/json'], ['[1,2]', 'application/json'], ['"AReq"', 'application/json'],
      [JSON.stringify({ ...buildAReq({ cardNumber: jcbCardNumber() }), messageType: 'CReq' }), 'application/json'],
      [JSON.stringify(buildAReq({ cardNumber: jcbCardNumber() })), 'text/plain']] as const) {
      const response = await sendAReq(acs.baseUrl, undefined, raw, type);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ messageType: 'Erro', errorCode: '101', errorComponent: 'A', errorMessageType: 'AReq' });
    }
  });

  it('102 for an unsupported version (2.1.0 is retired), with the readable IDs echoed', async () => {
    const body: Record<string, unknown> = { ...buildAReq({ cardNumber: jcbCardNumber() }), messageVersion: '2.1.0' };
    const response = await sendAReq(acs.baseUrl, body);
    expect(response.body).toMatchObject({ messageType: 'Erro', errorCode: '102', threeDSServerTransID: body.threeDSServerTransID, dsTransID: body.dsTransID });
  });

  it('201 names every missing required element', async () => {
    const body = buildAReq({ cardNumber: jcbCardNumber() });
    delete body.acctNumber;
    delete body.notificationURL;
    delete body.purchaseAmount;
    const response = await sendAReq(acs.baseUrl, body);
    expect(response.body.errorCode).toBe('201');
    expect(response.body.errorDetail.split(',').sort()).toEqual(['acctNumber', 'notificationURL', 'purchaseAmount']);
  });

  it('203 for an empty element, a non-UUID ID, a non-numeric amount, an unknown currency, a wrong exponent', async () => {
    const card = { cardNumber: jcbCardNumber() };
    const cases: [Record<string, unknown>, string][] = [
      [{ merchantName: '' }, 'merchantName'],
      [{ threeDSServerTransID: 'not-a-uuid' }, 'threeDSServerTransID'],
      [{ purchaseAmount: '12,800' }, 'purchaseAmount'],
      [{ purchaseAmount: 12800 }, 'purchaseAmount'],
      [{ purchaseCurrency: '999' }, 'purchaseCurrency'],
      [{ purchaseExponent: '2' }, 'purchaseExponent'],
      [{ deviceChannel: '01' }, 'deviceChannel'],
      [{ threeDSRequestorChallengeInd: ['04'] }, 'threeDSRequestorChallengeInd'],
    ];
    for (const [change, field] of cases) {
      const response = await sendAReq(acs.baseUrl, { ...buildAReq(card), ...change });
      expect({ field, code: response.body.errorCode, detail: response.body.errorDetail }).toEqual({ field, code: '203', detail: field });
      expect(JSON.stringify(response.body)).not.toContain(card.cardNumber);
    }
  });

  it('2.3.1 takes threeDSRequestorChallengeInd as an array and refuses the 2.2.0 string form', async () => {
    const card = { cardNumber: jcbCardNumber() };
    expect((await areq(card, { version: '2.3.1' })).body).toMatchObject({ messageType: 'ARes', messageVersion: '2.3.1' });
    const stringForm = await sendAReq(acs.baseUrl, { ...buildAReq(card, { version: '2.3.1' }), threeDSRequestorChallengeInd: '01' });
    expect(stringForm.body).toMatchObject({ errorCode: '203', errorDetail: 'threeDSRequestorChallengeInd' });
  });

  it('ignores unknown elements', async () => {
    const response = await sendAReq(acs.baseUrl, { ...buildAReq({ cardNumber: jcbCardNumber() }), someFutureElement: { nested: true } });
    expect(response.body.messageType).toBe('ARes');
  });
});

describe('decisions at AReq time', () => {
  it('N/08 for a card not in the card master, and for a replaced card', async () => {
    const unknown = await areq({ cardNumber: jcbCardNumber() });
    expect(unknown.body).toMatchObject({ messageType: 'ARes', transStatus: 'N', transStatusReason: '08' });
    expect(unknown.body.eci).toBeUndefined();
    expect(unknown.body.authenticationValue).toBeUndefined();
    expect(unknown.body.acsTransID).toMatch(/^[0-9a-f-]{36}$/);
    const card = await enrolledCard(h, member, 'PASSWORD');
    const staff = await staffLogin(h);
    const reissue = await staff.post(`/api/v1/backoffice/cards/${card.cardId}/reissue`, { newCardNumber: jcbCardNumber(), expiryYymm: '3112', pin: '5555' });
    expect(reissue.status).toBe(200);
    expect((await areq(card)).body).toMatchObject({ transStatus: 'N', transStatusReason: '08' });
  });

  it('N/05 when cardExpiryDate differs from the card master or the card has expired', async () => {
    const card = await enrolledCard(h, member, 'PASSWORD');
    expect((await areq({ ...card, expiry: '2912' })).body).toMatchObject({ transStatus: 'N', transStatusReason: '05' });
    const old = await seedCard(h, member.corporateNumber);
    await h.db.query("UPDATE cards SET expiry_yymm = '2610' WHERE id = ?", [old.cardId]);
    expect((await areq({ ...old, expiry: '2610' })).body).toMatchObject({ transStatus: 'N', transStatusReason: '05' });
  });

  it('N/13 for a card that is not enrolled or needs re-registration (provisional phone); A + ECI 06 with ACS_ATTEMPTS', async () => {
    const plain = await seedCard(h, member.corporateNumber);
    expect((await areq(plain)).body).toMatchObject({ transStatus: 'N', transStatusReason: '13' });
    const provisional = await enrolledCard(h, member, 'OTP');
    const staff = await staffLogin(h);
    expect((await staff.put(`/api/v1/backoffice/cards/${provisional.cardId}/provisional-phone`, { phone: '090-5555-1212' })).status).toBe(200);
    expect((await areq(provisional)).body).toMatchObject({ transStatus: 'N', transStatusReason: '13' });

    const attempts = await startTestAcs(h, { ACS_ATTEMPTS: 'true' });
    try {
      const response = await sendAReq(attempts.baseUrl, buildAReq(plain));
      expect(response.body).toMatchObject({ transStatus: 'A', eci: '06' });
      expect(response.body.transStatusReason).toBeUndefined();
      expect(response.body.authenticationValue).toMatch(/^[A-Za-z0-9+/]{27}=$/);
    } finally {
      await attempts.close();
    }
  });

  it('C for a first purchase from an unknown browser: acsURL, authenticationType 01 (password) / 02 (SMS OTP)', async () => {
    const password = await enrolledCard(h, member, 'PASSWORD');
    const first = await areq(password);
    expect(first.body).toMatchObject({
      messageType: 'ARes', transStatus: 'C', acsURL: `${acs.baseUrl}/3ds/v2/challenge`, acsChallengeMandated: 'N', authenticationType: '01',
      acsReferenceNumber: acs.acs.acsReferenceNumber,
    });
    expect(first.body.eci).toBeUndefined();
    const otp = await enrolledCard(h, member, 'OTP');
    expect((await areq(otp, { version: '2.3.1' })).body).toMatchObject({ transStatus: 'C', authenticationType: '02', messageVersion: '2.3.1' });
    const { rules, provider } = await riskOf(first.body.acsTransID);
    expect(rules.map((r) => r.rule)).toContain('device-not-trusted');
    expect(provider).toBe('NOT_CONFIGURED');
  });

  it('Y + ECI 05 for ≤ ¥10,000 from a browser that passed a challenge for the card; C above it, for a risky MCC, or when mandated', async () => {
    const card = await enrolledCard(h, member, 'PASSWORD');
    const first = await areq(card, { amount: '12800' });
    const page = await openChallenge(first.body);
    const done = await answer(page, { secureId: card.secureId.toLowerCase(), password: card.password! });
    expect(finalCRes(done).transStatus).toBe('Y');

    const frictionless = await areq(card, { amount: '10000' });
    expect(frictionless.body).toMatchObject({ transStatus: 'Y', eci: '05' });
    expect(frictionless.body.authenticationValue).toHaveLength(28);
    expect(frictionless.body.acsURL).toBeUndefined();
    expect((await areq(card, { amount: '10001' })).body.transStatus).toBe('C');
    expect((await areq(card, { amount: '3000', mcc: '7995' })).body.transStatus).toBe('C');
    expect((await areq(card, { amount: '3000', challengeInd: '04' })).body).toMatchObject({ transStatus: 'C', acsChallengeMandated: 'Y' });
    expect((await areq(card, { amount: '3000', userAgent: 'Another Browser/2.0' })).body.transStatus).toBe('C');
  });

  it('notes ip-not-seen until the card has been used from that IP, per card', async () => {
    const card = await enrolledCard(h, member, 'PASSWORD');
    const other = await enrolledCard(h, member, 'PASSWORD');
    const rulesOf = async (response: { body: { acsTransID: string } }) => (await riskOf(response.body.acsTransID)).rules.map((r) => r.rule);
    expect(await rulesOf(await areq(card, { browserIP: '198.51.100.7' }))).toContain('ip-not-seen');
    expect(await rulesOf(await areq(card, { browserIP: '198.51.100.7' }))).not.toContain('ip-not-seen');
    expect(await rulesOf(await areq(card, { browserIP: '198.51.100.8' }))).toContain('ip-not-seen');
    expect(await rulesOf(await areq(other, { browserIP: '198.51.100.7' }))).toContain('ip-not-seen');
  });

  it('R/11 for more than 10 AReqs for one card in 10 minutes, and not once the window has passed', async () => {
    const card = await enrolledCard(h, member, 'PASSWORD');
    for (let i = 0; i < 10; i += 1) expect((await areq(card)).body.transStatus).toBe('C');
    const eleventh = await areq(card);
    expect(eleventh.body).toMatchObject({ transStatus: 'R', transStatusReason: '11' });
    const { rules } = await riskOf(eleventh.body.acsTransID);
    expect(rules).toContainEqual({ rule: 'velocity-per-card', action: 'DENY', inputs: { previousAReqs: 10, windowSeconds: 600, max: 10 } });
    h.clock.advance(601_000);
    expect((await areq(card)).body.transStatus).toBe('C');
  });

  it('is idempotent on threeDSServerTransID: the first answer again, one transaction; another card gets an Erro', async () => {
    const card = await enrolledCard(h, member, 'PASSWORD');
    const body = buildAReq(card);
    const answers = await Promise.all(Array.from({ length: 5 }, () => sendAReq(acs.baseUrl, body)));
    const ids = new Set(answers.map((a) => a.body.acsTransID));
    expect(ids.size).toBe(1);
    const [{ n }] = await h.db.query('SELECT COUNT(*) AS n FROM acs_transactions WHERE three_ds_server_trans_id = ?', [body.threeDSServerTransID]);
    expect(Number(n)).toBe(1);
    // the losers of the race wrote nothing: one AReq and one ARes in the log, one audit event
    const logged = await h.db.query('SELECT kind FROM acs_messages WHERE three_ds_server_trans_id = ? ORDER BY id', [body.threeDSServerTransID]);
    expect(logged.map((m: { kind: string }) => m.kind)).toEqual(['AReq', 'ARes']);
    const [{ events }] = await h.db.query("SELECT COUNT(*) AS events FROM audit_events WHERE action = 'ACS_AREQ_DECIDED' AND target_id = ?", [[...ids][0]]);
    expect(Number(events)).toBe(1);
    const other = await sendAReq(acs.baseUrl, { ...body, acctNumber: jcbCardNumber() });
    expect(other.body).toMatchObject({ messageType: 'Erro', errorCode: '203', errorDetail: 'threeDSServerTransID' });
  });

  it('writes every AReq to the message log and the audit log with the card masked, never the PAN', async () => {
    const card = await enrolledCard(h, member, 'PASSWORD');
    const response = await areq(card);
    const messages = await h.db.query('SELECT kind, body FROM acs_messages WHERE acs_trans_id = ? ORDER BY id', [response.body.acsTransID]);
    expect(messages.map((m: { kind: string }) => m.kind)).toEqual(['AReq', 'ARes']);
    const logged = JSON.stringify(messages);
    expect(logged).not.toContain(card.cardNumber);
    expect(logged).toContain(`3540 **** **** ${card.cardNumber.slice(-4)}`);
    const [audit] = await h.db.query("SELECT detail FROM audit_events WHERE action = 'ACS_AREQ_DECIDED' AND target_id = ?", [response.body.acsTransID]);
    expect(audit.detail).toContain(card.cardNumber.slice(-4));
    expect(audit.detail).not.toContain(card.cardNumber);
  });
});

describe('the round trips of an AReq', () => {
  it('reads the AReq\'s ID, then the card with its risk history, then writes the decision, its log and its audit event in one CALL', async () => {
    const card = await enrolledCard(h, member, 'PASSWORD');
    const body = buildAReq(card);
    const recorder = recordStatements({ db: acs.app.get(DataSource) });
    let response;
    try {
      response = await sendAReq(acs.baseUrl, body);
    } finally {
      recorder.stop();
    }
    expect(response.body.transStatus).toBe('C');
    // the AReq's own statements are those bound to its IDs or its card: the ACS's timer and outbox workers run in
    // between (a CReq timer of an earlier test may fire and write in a transaction of its own). A write split off
    // the CALL would still be bound to the AReq's IDs; its BEGIN and COMMIT carry none, so they are not counted.
    const [{ pan_fingerprint: fingerprint }] = await h.db.query('SELECT pan_fingerprint FROM cards WHERE id = ?', [card.cardId]);
    const ids = [body.threeDSServerTransID, response.body.acsTransID];
    const boundToThisAReq = (params: unknown[]) => params.some((p) => ids.includes(p) || (Buffer.isBuffer(p) && p.equals(fingerprint)));
    const labels: [string, RegExp][] = [
      ['idempotency read', /^SELECT \* FROM acs_transactions WHERE three_ds_server_trans_id = \?$/],
      ['card and risk history read', /^SELECT c\.id, .*risk_areqs.*risk_device_trusted.*risk_ip_seen FROM cards c JOIN companies/],
      ['card read', /^SELECT c\.id, (?!.*risk_areqs).* FROM cards c JOIN companies/],
      ['risk history read', /^SELECT \(SELECT COUNT\(\*\) FROM acs_transactions/],
      ['CALL record_areq_decision', /^CALL record_areq_decision\(/],
      ['other write', /^(INSERT INTO|UPDATE) (acs_transactions|acs_messages|audit_events)\b/],
    ];
    const own = recorder.statements.filter(({ params }) => boundToThisAReq(params)).flatMap(({ sql }) => labels.filter(([, pattern]) => pattern.test(sql.replace(/\s+/g, ' '))).map(([label]) => label));
    expect(own).toEqual(['idempotency read', 'card and risk history read', 'CALL record_areq_decision']);
    // what the one CALL wrote, the merchant's Japanese name intact
    const [row] = await h.db.query('SELECT merchant_name, state, completed_at FROM acs_transactions WHERE acs_trans_id = ?', [response.body.acsTransID]);
    expect(row).toMatchObject({ merchant_name: 'テスト商店', state: 'AWAITING_CREQ', completed_at: null });
    const messages = await h.db.query('SELECT kind, direction, body FROM acs_messages WHERE acs_trans_id = ? ORDER BY id', [response.body.acsTransID]);
    expect(messages.map((m: { kind: string; direction: string }) => `${m.kind} ${m.direction}`)).toEqual(['AReq IN', 'ARes OUT']);
    expect(JSON.stringify(messages)).toContain('テスト商店');
    const [audit] = await h.db.query("SELECT detail FROM audit_events WHERE action = 'ACS_AREQ_DECIDED' AND target_id = ?", [response.body.acsTransID]);
    expect(JSON.parse(audit.detail)).toMatchObject({ transStatus: 'C', merchant: 'テスト商店' });
  });

  it('records a decision without a challenge as completed when it is made', async () => {
    const response = await areq({ cardNumber: jcbCardNumber() });
    expect(response.body).toMatchObject({ transStatus: 'N', transStatusReason: '08' });
    const [row] = await h.db.query('SELECT state, created_at, completed_at FROM acs_transactions WHERE acs_trans_id = ?', [response.body.acsTransID]);
    expect(row.state).toBe('DECIDED');
    expect(row.completed_at).toEqual(row.created_at);
  });
});

describe('the external risk provider (300 ms budget, opt-out respected)', () => {
  let provider: Server;
  let mode: 'score95' | 'score70' | 'slow' | 'fail' = 'score95';
  const received: unknown[] = [];
  let withProvider: TestAcs;
  let card: EnrolledCard;
  beforeAll(async () => {
    provider = createServer((request, response) => {
      let raw = '';
      request.on('data', (c: Buffer) => (raw += c));
      request.on('end', () => {
        received.push(JSON.parse(raw));
        if (mode === 'fail') return void response.writeHead(500).end();
        const send = () => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ score: mode === 'score70' ? 70 : 95 }));
        if (mode === 'slow') setTimeout(send, 800);
        else send();
      });
    });
    await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
    withProvider = await startTestAcs(h, { ACS_RISK_PROVIDER_URL: `http://127.0.0.1:${(provider.address() as AddressInfo).port}/score` });
    card = await enrolledCard(h, member, 'PASSWORD');
  });
  afterAll(async () => {
    await withProvider.close();
    provider.closeAllConnections();
    await new Promise<void>((resolve) => provider.close(() => resolve()));
  });

  const provided = async (o = {}) => {
    const response = await sendAReq(withProvider.baseUrl, buildAReq(card, o));
    return { ares: response.body, ...(await riskOf(response.body.acsTransID)) };
  };

  it('a high score refuses (R/11), a middling one challenges; the PAN is never sent', async () => {
    mode = 'score95';
    const refused = await provided();
    expect(refused.ares).toMatchObject({ transStatus: 'R', transStatusReason: '11' });
    expect(refused.rules).toContainEqual(expect.objectContaining({ rule: 'provider-score', action: 'DENY' }));
    mode = 'score70';
    expect((await provided()).rules).toContainEqual(expect.objectContaining({ rule: 'provider-score', action: 'CHALLENGE' }));
    expect(JSON.stringify(received)).not.toContain(card.cardNumber);
  });

  it('a slow (800 ms) or failing provider never blocks: local rules decide and the fallback is recorded', async () => {
    mode = 'slow';
    const started = Date.now();
    const slow = await provided();
    expect(Date.now() - started).toBeLessThan(800);
    expect(slow.provider).toBe('TIMEOUT');
    expect(slow.ares.transStatus).toBe('C');
    expect(slow.rules).toContainEqual(expect.objectContaining({ rule: 'provider-score', action: 'NOTE' }));
    mode = 'fail';
    expect((await provided()).provider).toBe('FAILED');
  });

  it('sends nothing about a company that opted out of fraud-data sharing', async () => {
    mode = 'score95';
    expect((await member.client.put('/api/v1/company/fraud-data-sharing', { enabled: false })).status).toBe(200);
    const before = received.length;
    const optedOut = await provided();
    expect(received.length).toBe(before);
    expect(optedOut.provider).toBe('NOT_SHARED');
    expect(optedOut.ares.transStatus).toBe('C');
    expect((await member.client.put('/api/v1/company/fraud-data-sharing', { enabled: true })).status).toBe(200);
  });
});
