/**
 * The back-office ACS console and the dashboard's checkout authentications, over real HTTP against real
 * transactions: the real ACS process (startTestAcs) decides AReqs sent by the test's 3DS Server, the challenge
 * pages are answered as a cardholder would, and an in-process DS receives the RReqs. Two business days in
 * Asia/Tokyo (the clock starts at 23:50 JST and crosses midnight), two companies, a password locked at checkout
 * and unlocked by a SUPERVISOR. No response may carry a card number.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AcsTransactionDetail, AcsTransactionListItem } from '@corpweb/shared-types';
import { StaffAccountsService } from '../src/modules/auth/staff-accounts.service.js';
import { enrolledCard, type EnrolledCard } from './support/acs-fixtures.js';
import { approvedMember, corporateNumber, jcbCardNumber, seedCard, staffLogin, type MemberFixture } from './support/fixtures.js';
import type { HttpClient, HttpResponse } from './support/http-client.js';
import { waitUntil } from './support/sinks.js';
import { startTestAcs, type TestAcs } from './support/test-acs.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { answer, buildAReq, finalCRes, openChallenge, postForm, sendAReq, type AReqOptions, type Page } from './support/three-ds-server.js';
import { eventually } from './support/eventually.js';
import { outboxAttemptsRecorded } from './support/outbox.js';

const LIST = '/api/v1/backoffice/acs-transactions';
const SUMMARY = '/api/v1/backoffice/acs-summary';
const OPERATOR_PASSWORD = 'Op3rat0r!Kx9z';

let h: TestApp;
let acs: TestAcs;
let supervisor: HttpClient;
let operator: HttpClient;
let operatorId: number;
let memberA: MemberFixture;
let memberB: MemberFixture;
let cardA: EnrolledCard;
let cardB: EnrolledCard;
const unknownCardNumber = jcbCardNumber();
/** every response body this file reads, to prove none carries a PAN */
const seen: string[] = [];
/** acsTransIDs by scenario step */
const t: Record<string, string> = {};
let unlockResponse: HttpResponse;
let lockedDetailBefore: AcsTransactionDetail;

async function get(client: HttpClient, path: string): Promise<HttpResponse> {
  const response = await client.get(path);
  seen.push(response.text);
  return response;
}

async function areq(card: { cardNumber: string }, o: AReqOptions = {}) {
  const response = await sendAReq(acs.baseUrl, buildAReq(card, o));
  expect(response.status).toBe(200);
  return response.body;
}

async function challenge(card: EnrolledCard, o: AReqOptions = {}): Promise<{ ares: any; page: Page }> {
  const ares = await areq(card, o);
  expect(ares.transStatus).toBe('C');
  return { ares, page: await openChallenge(ares) };
}

/** The RReq was accepted and its RRes logged (the ACS logs the RRes after the DS answered). */
async function delivered(acsTransId: string): Promise<void> {
  await acs.ds.waitForAccepted(acsTransId);
  await eventually(async () => (await h.db.query("SELECT id FROM acs_messages WHERE acs_trans_id = ? AND kind = 'RRes'", [acsTransId])).length > 0,
    `the RRes logged for ${acsTransId}`, { timeoutMs: 10_000 });
}

async function listAll(client: HttpClient, query = ''): Promise<AcsTransactionListItem[]> {
  const response = await get(client, `${LIST}${query ? `?${query}` : ''}`);
  expect(response.status).toBe(200);
  return response.body.items;
}

beforeAll(async () => {
  h = await startTestApp();
  // 23:50 JST on 2026-11-25: the scenario crosses the business day's midnight
  h.clock.set(new Date('2026-11-25T14:50:00.000Z'));
  acs = await startTestAcs(h);
  supervisor = await staffLogin(h);
  const loginId = `acsop${Date.now() % 1e8}`;
  operatorId = await h.app.get(StaffAccountsService).create(loginId, OPERATOR_PASSWORD, 'OPERATOR');
  operator = await staffLogin(h, loginId, OPERATOR_PASSWORD);
  memberA = await approvedMember(h, supervisor);
  memberB = await approvedMember(h, supervisor);
  cardA = await enrolledCard(h, memberA, 'PASSWORD');
  cardB = await enrolledCard(h, memberB, 'PASSWORD');

  // business day 2026-11-25 (JST)
  const y = await challenge(cardA, { amount: '12800' });
  t.challengedY = y.ares.acsTransID;
  expect(finalCRes(await answer(y.page, { secureId: cardA.secureId, password: cardA.password! })).transStatus).toBe('Y');
  await delivered(t.challengedY!);
  h.clock.advance(1000);
  const frictionless = await areq(cardA, { amount: '8800' });
  expect(frictionless.transStatus).toBe('Y');
  t.frictionless = frictionless.acsTransID;
  const cancel = await challenge(cardA, { challengeInd: '04' });
  t.cancelled = cancel.ares.acsTransID;
  expect(finalCRes(await postForm(cancel.page.action!, { ...cancel.page.hidden, action: 'cancel' })).transStatus).toBe('N');
  await delivered(t.cancelled!);
  // same instant as the cancelled one: the keyset's tie-break on acsTransID is exercised
  const unknown = await areq({ cardNumber: unknownCardNumber });
  expect(unknown).toMatchObject({ transStatus: 'N', transStatusReason: '08' });
  t.unknownCard = unknown.acsTransID;

  // business day 2026-11-26 (JST), ten minutes later: company B's card gets its fixed password locked
  h.clock.set(new Date('2026-11-25T15:00:30.000Z'));
  let first = await challenge(cardB);
  t.threeWrong = first.ares.acsTransID;
  let page = first.page;
  for (let i = 0; i < 3; i += 1) page = await answer(page, { secureId: cardB.secureId, password: `Wrong#Pass4${i}` });
  expect(finalCRes(page).transStatus).toBe('N');
  await delivered(t.threeWrong!);
  h.clock.advance(1000);
  first = await challenge(cardB);
  t.locking = first.ares.acsTransID;
  page = await answer(first.page, { secureId: cardB.secureId, password: 'Wrong#Pass50' });
  expect(finalCRes(await answer(page, { secureId: cardB.secureId, password: 'Wrong#Pass51' })).transStatus).toBe('N');
  await delivered(t.locking!);
  h.clock.advance(1000);
  const locked = await areq(cardB);
  expect(locked).toMatchObject({ transStatus: 'N', transStatusReason: '19' });
  t.lockedAtAReq = locked.acsTransID;

  lockedDetailBefore = (await get(supervisor, `${LIST}/${t.lockedAtAReq}`)).body;
  unlockResponse = await supervisor.post(`/api/v1/backoffice/acs-locks/${cardB.cardId}/password-unlock`);
  seen.push(unlockResponse.text);

  // after the unlock the card is challenged again; the DS refuses the first RReq, the retry is accepted
  h.clock.advance(1000);
  acs.ds.refuseNext = 1;
  const again = await challenge(cardB);
  t.afterUnlock = again.ares.acsTransID;
  expect(finalCRes(await answer(again.page, { secureId: cardB.secureId, password: cardB.password! })).transStatus).toBe('Y');
  await waitUntil(() => (acs.ds.receivedFor(t.afterUnlock!).length === 1 ? true : undefined), 'the refused RReq');
  // past the back-off (2 s) once the refusal is recorded, never sleeping for it
  await outboxAttemptsRecorded(h.db, { dedupeKey: `rreq:${t.afterUnlock}` }, 1);
  h.clock.advance(5_000);
  await delivered(t.afterUnlock!);
}, 120_000);

afterAll(async () => {
  await acs.close();
  await h.close();
});

describe('ACS transaction list', () => {
  it('lists every transaction newest first (created_at, then acsTransID), masked, with company and result', async () => {
    const items = await listAll(operator);
    expect(items.map((i) => i.acsTransId).sort()).toEqual(Object.values(t).sort());
    const order = [...items].sort((a, b) => (a.createdAt === b.createdAt ? (a.acsTransId < b.acsTransId ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1));
    expect(items.map((i) => i.acsTransId)).toEqual(order.map((i) => i.acsTransId));
    expect(items[0]!.acsTransId).toBe(t.afterUnlock);

    const y = items.find((i) => i.acsTransId === t.challengedY)!;
    expect(y).toEqual({
      acsTransId: t.challengedY, createdAt: '2026-11-25T14:50:00.000Z',
      maskedNumber: `${cardA.cardNumber.slice(0, 4)} **** **** ${cardA.cardNumber.slice(-4)}`, cardId: String(cardA.cardId),
      companyName: expect.any(String), corporateNumber: memberA.corporateNumber, merchantName: 'テスト商店',
      amount: { value: '12800', currency: '392', exponent: 0 }, transStatus: 'Y', authenticationMethod: 'PASSWORD', state: 'COMPLETED',
    });
    expect(items.find((i) => i.acsTransId === t.frictionless)).toMatchObject({ transStatus: 'Y', state: 'DECIDED' });
    expect(items.find((i) => i.acsTransId === t.cancelled)).toMatchObject({ transStatus: 'N', transStatusReason: '01', state: 'COMPLETED' });
    const unknown = items.find((i) => i.acsTransId === t.unknownCard)!;
    expect(unknown).toMatchObject({ transStatus: 'N', transStatusReason: '08', state: 'DECIDED', maskedNumber: `**** **** **** ${unknownCardNumber.slice(-4)}` });
    expect(unknown.cardId).toBeUndefined();
    expect(unknown.corporateNumber).toBeUndefined();
  });

  it('pages by keyset: every transaction exactly once, the last page without nextCursor', async () => {
    const all = (await listAll(operator)).map((i) => i.acsTransId);
    const paged: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const response = await get(operator, `${LIST}?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.status).toBe(200);
      expect(response.body.items.length).toBeLessThanOrEqual(3);
      paged.push(...response.body.items.map((i: AcsTransactionListItem) => i.acsTransId));
      cursor = response.body.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(paged).toEqual(all);
  });

  it('searches by corporate number, last 4, transStatus and business-day range, alone and combined', async () => {
    const ids = async (query: string) => (await listAll(operator, query)).map((i) => i.acsTransId).sort();
    expect(await ids(`corporateNumber=${memberA.corporateNumber}`)).toEqual([t.challengedY, t.frictionless, t.cancelled].sort());
    expect(await ids(`corporateNumber=${memberB.corporateNumber}`)).toEqual([t.threeWrong, t.locking, t.lockedAtAReq, t.afterUnlock].sort());
    const byLast4 = await listAll(operator, `last4=${cardB.cardNumber.slice(-4)}`);
    expect(byLast4.every((i) => i.maskedNumber.endsWith(cardB.cardNumber.slice(-4)))).toBe(true);
    expect(byLast4.map((i) => i.acsTransId)).toEqual(expect.arrayContaining([t.threeWrong, t.locking, t.lockedAtAReq, t.afterUnlock]));
    expect(await ids('transStatus=N')).toEqual([t.cancelled, t.unknownCard, t.threeWrong, t.locking, t.lockedAtAReq].sort());
    expect(await ids('from=2026-11-25&to=2026-11-25')).toEqual([t.challengedY, t.frictionless, t.cancelled, t.unknownCard].sort());
    expect(await ids('from=2026-11-26')).toEqual([t.threeWrong, t.locking, t.lockedAtAReq, t.afterUnlock].sort());
    expect(await ids('to=2026-11-24')).toEqual([]);
    expect(await ids(`corporateNumber=${memberB.corporateNumber}&transStatus=N&from=2026-11-26&to=2026-11-26`)).toEqual([t.threeWrong, t.locking, t.lockedAtAReq].sort());
    expect(await ids(`corporateNumber=${memberA.corporateNumber}&last4=${cardB.cardNumber.slice(-4)}`)).toEqual([]);
    // a well-formed corporate number of no company finds nothing
    expect(await ids(`corporateNumber=${corporateNumber()}`)).toEqual([]);
  });

  it('refuses bad input with a problem+json 422 naming the field, never a 500', async () => {
    const cases: [string, string, string][] = [
      ['last4=12a4', 'last4', 'INVALID_FORMAT'],
      ['last4=12345', 'last4', 'INVALID_FORMAT'],
      ['corporateNumber=1234567890123', 'corporateNumber', 'CORPORATE_NUMBER_INVALID'],
      ['transStatus=X', 'transStatus', 'INVALID_FORMAT'],
      ['transStatus=y', 'transStatus', 'INVALID_FORMAT'],
      ['from=2026-02-30', 'from', 'INVALID_FORMAT'],
      ['to=2026-11-26T00:00:00Z', 'to', 'INVALID_FORMAT'],
      ['from=2026-11-26&to=2026-11-25', 'to', 'DATE_RANGE_INVALID'],
      ['cursor=not-a-cursor', 'cursor', 'INVALID_FORMAT'],
      [`cursor=${Buffer.from('1.x').toString('base64url')}`, 'cursor', 'INVALID_FORMAT'],
      ['limit=0', 'limit', 'INVALID_FORMAT'],
      ['limit=101', 'limit', 'INVALID_FORMAT'],
      ['limit=ten', 'limit', 'INVALID_FORMAT'],
      ['last4=1234&last4=5678', 'last4', 'INVALID_TYPE'],
      ['pan=3540123456789012', 'pan', 'UNKNOWN_FIELD'],
    ];
    for (const [query, field, code] of cases) {
      const response = await operator.get(`${LIST}?${query}`);
      expect({ query, status: response.status, type: response.headers.get('content-type') }).toEqual({ query, status: 422, type: expect.stringContaining('application/problem+json') });
      expect({ query, errors: response.body.errors }).toEqual({ query, errors: expect.arrayContaining([{ field, code }]) });
    }
  });

  it('needs a staff session: anonymous and member sessions get 401', async () => {
    expect((await h.client().get(LIST)).status).toBe(401);
    expect((await memberA.client.get(LIST)).status).toBe(401);
    expect((await memberA.client.get(`${LIST}/${t.challengedY}`)).status).toBe(401);
    expect((await h.client().get(`${SUMMARY}?from=2026-11-25&to=2026-11-26`)).status).toBe(401);
  });
});

describe('ACS transaction detail', () => {
  it('shows the risk rules that fired with their inputs and the whole timeline, masked', async () => {
    const response = await get(operator, `${LIST}/${t.challengedY}`);
    expect(response.status).toBe(200);
    const detail = response.body as AcsTransactionDetail;
    expect(detail).toMatchObject({
      acsTransId: t.challengedY, transStatus: 'Y', eci: '05', state: 'COMPLETED', messageVersion: '2.2.0', messageCategory: '01',
      mcc: '5732', requestorName: 'Test Shop', challengeMandated: false, wrongAnswers: 0, interactions: 1, riskOutcome: 'CHALLENGE',
      completedAt: '2026-11-25T14:50:00.000Z', passwordLock: { method: 'PASSWORD', failCount: 0, locked: false },
    });
    expect(detail.riskRules).toEqual(expect.arrayContaining([
      { rule: 'amount', action: 'CHALLENGE', inputs: { amountJpy: 12800, max: 10000 } },
      { rule: 'device-not-trusted', action: 'CHALLENGE', inputs: { trustedDeviceDays: 90 } },
    ]));
    const kinds = detail.timeline.map((m) => m.kind);
    expect(kinds.slice(0, 3)).toEqual(['AReq', 'ARes', 'CReq']);
    expect(kinds).toEqual(expect.arrayContaining(['ChallengeStep', 'RReq', 'CRes', 'RRes']));
    expect(kinds.indexOf('RRes')).toBeGreaterThan(kinds.indexOf('RReq'));
    const ids = detail.timeline.map((m) => Number(m.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const areqBody = detail.timeline[0]!.body;
    expect(areqBody.acctNumber).toBe(`${cardA.cardNumber.slice(0, 4)} **** **** ${cardA.cardNumber.slice(-4)}`);
    expect(areqBody.merchantName).toBe('テスト商店');
    const rreq = detail.timeline.find((m) => m.kind === 'RReq')!.body;
    expect(rreq.authenticationValue).toMatch(/^\*{4}.{4}$/);
    expect(detail.timeline.find((m) => m.kind === 'ARes')!.direction).toBe('OUT');
  });

  it('shows the challenge steps and the RReq delivery attempts (a refused one, then the RRes)', async () => {
    const wrong = (await get(operator, `${LIST}/${t.threeWrong}`)).body as AcsTransactionDetail;
    // interactions counts every answer; wrong_answers is the ACS's count before the deciding one
    expect(wrong).toMatchObject({ transStatus: 'N', transStatusReason: '19', interactions: 3 });
    expect(wrong.timeline.filter((m) => m.kind === 'ChallengeStep').length).toBeGreaterThanOrEqual(3);

    const retried = (await get(operator, `${LIST}/${t.afterUnlock}`)).body as AcsTransactionDetail;
    const kinds = retried.timeline.map((m) => m.kind);
    expect(kinds.filter((k) => k === 'RReqFailed')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'RRes')).toHaveLength(1);
    expect(kinds.indexOf('RRes')).toBeGreaterThan(kinds.indexOf('RReqFailed'));
  });

  it('shows the card\'s password lock (for the unlock button) and an unknown card without one', async () => {
    expect(lockedDetailBefore).toMatchObject({ transStatus: 'N', transStatusReason: '19', state: 'DECIDED', passwordLock: { method: 'PASSWORD', failCount: 5, locked: true } });
    const unknown = (await get(operator, `${LIST}/${t.unknownCard}`)).body as AcsTransactionDetail;
    expect(unknown.passwordLock).toBeUndefined();
    expect(unknown.riskRules).toEqual([]);
    expect(unknown.timeline.map((m) => m.kind)).toEqual(['AReq', 'ARes']);
    expect(unknown.timeline[0]!.body.acctNumber).toBe(`${unknownCardNumber.slice(0, 4)} **** **** ${unknownCardNumber.slice(-4)}`);
  });

  it('audits every view with the staff member, the transaction and the client', async () => {
    const count = async () => Number((await h.db.query(
      "SELECT COUNT(*) AS n FROM audit_events WHERE action = 'ACS_TRANSACTION_VIEWED' AND target_id = ? AND actor_type = 'STAFF' AND actor_id = ?",
      [t.frictionless, String(operatorId)],
    ))[0].n);
    const before = await count();
    expect((await get(operator, `${LIST}/${t.frictionless}`)).status).toBe(200);
    expect((await get(operator, `${LIST}/${t.frictionless}`)).status).toBe(200);
    expect(await count()).toBe(before + 2);
    const [event] = await h.db.query(
      "SELECT target_type, ip, detail FROM audit_events WHERE action = 'ACS_TRANSACTION_VIEWED' AND target_id = ? ORDER BY id DESC LIMIT 1", [t.frictionless],
    );
    expect(event.target_type).toBe('ACS_TRANSACTION');
    expect(event.ip).toBeTruthy();
    expect(JSON.parse(event.detail)).toEqual({ cardId: cardA.cardId, transStatus: 'Y' });
    expect((await get(supervisor, '/api/v1/backoffice/audit-events/verification')).body.ok).toBe(true);
  });

  it('answers 404 for an unknown or malformed acsTransID', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid', '1']) {
      const response = await operator.get(`${LIST}/${id}`);
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('ACS_TRANSACTION_NOT_FOUND');
    }
  });
});

describe('daily summary', () => {
  it('counts per business day (Asia/Tokyo): frictionless, challenged, refused, failed, success rate and top refusal reasons', async () => {
    const response = await get(operator, `${SUMMARY}?from=2026-11-24&to=2026-11-26`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      timeZone: 'Asia/Tokyo', from: '2026-11-24', to: '2026-11-26',
      days: [
        { date: '2026-11-24', total: 0, frictionless: 0, attempted: 0, challenged: 0, challengeSucceeded: 0, refused: 0, failed: 0, challengeSuccessRate: null },
        { date: '2026-11-25', total: 4, frictionless: 1, attempted: 0, challenged: 2, challengeSucceeded: 1, refused: 1, failed: 1, challengeSuccessRate: 0.5 },
        { date: '2026-11-26', total: 4, frictionless: 0, attempted: 0, challenged: 3, challengeSucceeded: 1, refused: 1, failed: 2, challengeSuccessRate: 1 / 3 },
      ],
      totals: { total: 8, frictionless: 1, attempted: 0, challenged: 5, challengeSucceeded: 2, refused: 2, failed: 3, challengeSuccessRate: 0.4 },
      topRefusalReasons: [
        { transStatus: 'N', transStatusReason: '19', count: 3 },
        { transStatus: 'N', transStatusReason: '01', count: 1 },
        { transStatus: 'N', transStatusReason: '08', count: 1 },
      ],
    });
  });

  it('validates the range: both dates required, real dates, from ≤ to, at most 92 days', async () => {
    const cases: [string, string, string][] = [
      ['to=2026-11-26', 'from', 'REQUIRED'],
      ['from=2026-11-26', 'to', 'REQUIRED'],
      ['from=2026-11-31&to=2026-12-01', 'from', 'INVALID_FORMAT'],
      ['from=2026-11-27&to=2026-11-26', 'to', 'DATE_RANGE_INVALID'],
      ['from=2026-01-01&to=2026-12-31', 'to', 'DATE_RANGE_INVALID'],
      ['from=2026-11-26&to=2026-11-26&extra=1', 'extra', 'UNKNOWN_FIELD'],
    ];
    for (const [query, field, code] of cases) {
      const response = await operator.get(`${SUMMARY}?${query}`);
      expect({ query, status: response.status, errors: response.body.errors }).toEqual({ query, status: 422, errors: expect.arrayContaining([{ field, code }]) });
    }
    expect((await operator.get(`${SUMMARY}?from=2026-09-01&to=2026-12-01`)).status).toBe(200);
  });
});

describe('fixed-password unlock (SUPERVISOR)', () => {
  it('unlocked the card the ACS locked: count 0, 登録済 again, audited, and the next AReq was challenged', async () => {
    expect(unlockResponse.status).toBe(200);
    expect(unlockResponse.body).toEqual({
      cardId: String(cardB.cardId), maskedNumber: `${cardB.cardNumber.slice(0, 4)} **** **** ${cardB.cardNumber.slice(-4)}`,
      passwordLock: { method: 'PASSWORD', failCount: 0, locked: false },
    });
    const [enrollment] = await h.db.query('SELECT status, password_fail_count FROM enrollments WHERE card_id = ?', [cardB.cardId]);
    expect(enrollment).toEqual({ status: 'REGISTERED', password_fail_count: 0 });
    const events = await h.db.query("SELECT actor_type, target_type, detail FROM audit_events WHERE action = 'ACS_PASSWORD_UNLOCKED' AND target_id = ?", [String(cardB.cardId)]);
    expect(events).toHaveLength(1);
    expect(events[0].actor_type).toBe('STAFF');
    expect(JSON.parse(events[0].detail)).toEqual({ failCount: 5, previousStatus: 'REREGISTRATION_REQUIRED' });
    const cards = await memberB.client.get('/api/v1/cards');
    expect(cards.body.items.find((c: { cardId: string }) => c.cardId === String(cardB.cardId)).enrollment.status).toBe('REGISTERED');
    expect((await get(operator, `${LIST}/${t.afterUnlock}`)).body).toMatchObject({ transStatus: 'Y', state: 'COMPLETED' });
  });

  it('is SUPERVISOR-only and needs the CSRF token', async () => {
    const path = `/api/v1/backoffice/acs-locks/${cardB.cardId}/password-unlock`;
    const forbidden = await operator.post(path);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.code).toBe('FORBIDDEN');
    expect((await supervisor.post(path, undefined, { csrf: false })).status).toBe(403);
    expect((await memberB.client.post(path)).status).toBe(401);
  });

  it('refuses a card that is not locked by the ACS (409) — also a provisional-phone 要再登録 — and an unknown card (404)', async () => {
    const notLocked = await supervisor.post(`/api/v1/backoffice/acs-locks/${cardA.cardId}/password-unlock`);
    expect(notLocked.status).toBe(409);
    expect(notLocked.body.code).toBe('PASSWORD_NOT_LOCKED');
    expect((await supervisor.post(`/api/v1/backoffice/acs-locks/${cardB.cardId}/password-unlock`)).body.code).toBe('PASSWORD_NOT_LOCKED');

    const provisional = await seedCard(h, memberA.corporateNumber);
    expect((await supervisor.put(`/api/v1/backoffice/cards/${provisional.cardId}/provisional-phone`, { phone: '090-1234-5678' })).status).toBe(200);
    expect((await supervisor.post(`/api/v1/backoffice/acs-locks/${provisional.cardId}/password-unlock`)).status).toBe(409);
    const [enrollment] = await h.db.query('SELECT status FROM enrollments WHERE card_id = ?', [provisional.cardId]);
    expect(enrollment.status).toBe('REREGISTRATION_REQUIRED');

    for (const id of ['999999999', 'abc', '0']) {
      const missing = await supervisor.post(`/api/v1/backoffice/acs-locks/${id}/password-unlock`);
      expect(missing.status).toBe(404);
    }
  });
});

describe('member dashboard: checkout authentications', () => {
  it('shows the company\'s own cards\' recent authentications, newest first', async () => {
    const response = await get(memberA.client, '/api/v1/checkout-authentications');
    expect(response.status).toBe(200);
    expect(response.body.items.map((i: { acsTransId: string }) => i.acsTransId).sort()).toEqual([t.challengedY, t.frictionless, t.cancelled].sort());
    expect(response.body.items.find((i: { acsTransId: string }) => i.acsTransId === t.challengedY)).toEqual({
      acsTransId: t.challengedY, cardId: String(cardA.cardId), maskedNumber: `${cardA.cardNumber.slice(0, 4)} **** **** ${cardA.cardNumber.slice(-4)}`,
      at: '2026-11-25T14:50:00.000Z', merchantName: 'テスト商店', amount: { value: '12800', currency: '392', exponent: 0 },
      transStatus: 'Y', inProgress: false, challenged: true,
    });
    const b = await get(memberB.client, `/api/v1/cards/${cardB.cardId}/checkout-authentications?limit=2`);
    expect(b.body.items.map((i: { acsTransId: string }) => i.acsTransId)).toEqual([t.afterUnlock, t.lockedAtAReq]);
    expect(b.body.items[1]).toMatchObject({ transStatus: 'N', transStatusReason: '19', challenged: false });
  });

  it('never shows another company\'s card; validates limit; needs a member session', async () => {
    const other = await memberA.client.get(`/api/v1/cards/${cardB.cardId}/checkout-authentications`);
    expect(other.status).toBe(404);
    expect(other.body.code).toBe('CARD_NOT_FOUND');
    expect((await memberA.client.get('/api/v1/cards/99999999/checkout-authentications')).body.code).toBe('CARD_NOT_FOUND');
    for (const limit of ['0', '51', 'x']) expect((await memberA.client.get(`/api/v1/checkout-authentications?limit=${limit}`)).status).toBe(422);
    expect((await h.client().get('/api/v1/checkout-authentications')).status).toBe(401);
    expect((await supervisor.get('/api/v1/checkout-authentications')).status).toBe(401);
  });
});

describe('fixed-password unlock races', () => {
  it('ten concurrent unlocks of one locked card: one 200, nine 409, one audit event', async () => {
    const card = await enrolledCard(h, memberA, 'PASSWORD');
    let page = (await challenge(card)).page;
    for (let i = 0; i < 3; i += 1) page = await answer(page, { secureId: card.secureId, password: `Wrong#Race4${i}` });
    page = (await challenge(card)).page;
    page = await answer(page, { secureId: card.secureId, password: 'Wrong#Race50' });
    expect(finalCRes(await answer(page, { secureId: card.secureId, password: 'Wrong#Race51' })).transStatus).toBe('N');
    const path = `/api/v1/backoffice/acs-locks/${card.cardId}/password-unlock`;
    const responses = await Promise.all(Array.from({ length: 10 }, () => supervisor.post(path)));
    expect(responses.map((r) => r.status).sort()).toEqual([200, ...Array(9).fill(409)]);
    const [{ n }] = await h.db.query("SELECT COUNT(*) AS n FROM audit_events WHERE action = 'ACS_PASSWORD_UNLOCKED' AND target_id = ?", [String(card.cardId)]);
    expect(Number(n)).toBe(1);
    expect((await areq(card)).transStatus).toBe('C');
  });
});

describe('contract', () => {
  it('publishes the console and checkout-authentication paths in the OpenAPI document', async () => {
    const paths = Object.keys((await h.client().get('/api/docs/openapi.json')).body.paths);
    for (const path of [
      '/api/v1/backoffice/acs-transactions', '/api/v1/backoffice/acs-transactions/{acsTransId}', '/api/v1/backoffice/acs-summary',
      '/api/v1/backoffice/acs-locks/{cardId}/password-unlock', '/api/v1/checkout-authentications', '/api/v1/cards/{cardId}/checkout-authentications',
    ]) expect(paths).toContain(path);
  });
});

describe('no card data', () => {
  it('no response read in this file carries a card number', () => {
    expect(seen.length).toBeGreaterThan(20);
    const text = seen.join('\n');
    for (const pan of [cardA.cardNumber, cardB.cardNumber, unknownCardNumber]) {
      expect(text.includes(pan)).toBe(false);
      expect(text.includes(pan.slice(0, 12))).toBe(false);
    }
    expect(text).not.toMatch(/\b35\d{14}\b/);
  });
});
