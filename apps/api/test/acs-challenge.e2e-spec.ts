/**
 * The browser challenge, driven over plain HTTP as a merchant's iframe and a cardholder would (the pages work
 * without JavaScript), with the RReqs received by an in-process Directory Server: every challenge row of the
 * decision table, timers under the injected clock (and across a restart), RReq retries, races, languages,
 * window sizes and the lock shared with the portal.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ChallengeWindowSizes } from '@corpweb/shared-types';
import { checkoutOtp, checkoutOtpCount, enrolledCard, type EnrolledCard } from './support/acs-fixtures.js';
import { approvedMember, type MemberFixture } from './support/fixtures.js';
import { waitUntil } from './support/sinks.js';
import { startTestAcs, type TestAcs } from './support/test-acs.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { outboxAttemptsRecorded } from './support/outbox.js';
import {
  NOTIFICATION_URL, answer, buildAReq, erroCode, finalCRes, openChallenge, postForm, sendAReq, type AReqOptions, type Page,
} from './support/three-ds-server.js';

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
  // the restart test hands the DS to a second ACS, whose close() leaves it running
  await acs.ds.stop();
  await h.close();
});

async function challenged(card: EnrolledCard, o: AReqOptions = {}, windowSize = '05', sessionData = 'c2Vzc2lvbi0x') {
  const ares = (await sendAReq(acs.baseUrl, buildAReq(card, o))).body;
  expect(ares.transStatus).toBe('C');
  const page = await openChallenge(ares, windowSize, sessionData);
  return { ares, page };
}

async function verifyAv(body: Record<string, string>) {
  const response = await fetch(`${acs.baseUrl}/3ds/v2/authentication-values/verification`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${acs.acs.verifyToken}` }, body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() as any };
}

describe('fixed-password challenge', () => {
  it('shows merchant, amount and masked card without cookies, framable; the right answer ends Y with CRes, RReq and a one-time authenticationValue', async () => {
    const card = await enrolledCard(h, member, 'PASSWORD');
    const { ares, page } = await challenged(card, { amount: '12800' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('set-cookie')).toBeNull();
    expect(page.headers.get('x-frame-options')).toBeNull();
    expect(page.headers.get('content-security-policy')).toContain('frame-ancestors *');
    expect(page.html).toContain('テスト商店');
    expect(page.html).toContain('￥12,800');
    expect(page.html).toContain(`**** **** **** ${card.cardNumber.slice(-4)}`);
    expect(page.html).not.toContain(card.cardNumber);
    expect(page.html).toMatch(/<label for="secureId">本人認証ID<\/label>/);
    expect(page.html).toMatch(/<label for="password">固定パスワード<\/label>/);

    const done = await answer(page, { secureId: card.secureId.toUpperCase(), password: card.password! });
    expect(done.action).toBe(NOTIFICATION_URL);
    expect(done.hidden.threeDSSessionData).toBe('c2Vzc2lvbi0x');
    expect(finalCRes(done)).toEqual({
      threeDSServerTransID: ares.threeDSServerTransID, acsTransID: ares.acsTransID, messageType: 'CRes',
      messageVersion: '2.2.0', transStatus: 'Y', challengeCompletionInd: 'Y',
    });
    expect(done.headers.get('content-security-policy')).toContain('form-action \'self\'');
    expect(done.headers.get('content-security-policy')).toContain('https://shop.example.jp');

    const rreq = await acs.ds.waitForAccepted(ares.acsTransID);
    expect(rreq).toMatchObject({
      messageType: 'RReq', transStatus: 'Y', eci: '05', authenticationType: '01', interactionCounter: '01', messageCategory: '01',
      threeDSServerTransID: ares.threeDSServerTransID, dsTransID: ares.dsTransID,
    });
    expect(rreq.transStatusReason).toBeUndefined();
    expect(rreq.authenticationValue).toMatch(/^[A-Za-z0-9+/]{27}=$/);

    const check = { acsTransID: ares.acsTransID, authenticationValue: rreq.authenticationValue!, acctNumber: card.cardNumber, purchaseAmount: '12800' };
    expect((await verifyAv({ ...check, purchaseAmount: '12801' })).body).toEqual({ valid: false });
    expect((await verifyAv({ ...check, acctNumber: '3540123456789016' })).body).toEqual({ valid: false });
    expect((await verifyAv(check)).body).toEqual({ valid: true, transStatus: 'Y', eci: '05' });
    expect((await verifyAv(check)).body).toEqual({ valid: false });
    const unauthorised = await fetch(`${acs.baseUrl}/3ds/v2/authentication-values/verification`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer wrong' }, body: JSON.stringify(check),
    });
    expect(unauthorised.status).toBe(401);

    const kinds = (await h.db.query('SELECT kind FROM acs_messages WHERE acs_trans_id = ? ORDER BY id', [ares.acsTransID])).map((m: { kind: string }) => m.kind);
    expect(kinds).toEqual(expect.arrayContaining(['AReq', 'ARes', 'CReq', 'ChallengeStep', 'RReq', 'CRes', 'RRes']));
  });

  it('3 wrong answers end N/19; a wrong answer says so and shows what is left', async () => {
    const card = await enrolledCard(h, member, 'PASSWORD');
    const { ares, page } = await challenged(card);
    const once = await answer(page, { secureId: card.secureId, password: 'Wrong#Pass42' });
    expect(once.html).toContain('本人認証IDまたは認証情報が正しくありません。');
    expect(once.html).toContain('あと2回');
    const twice = await answer(once, { secureId: 'someone.else', password: card.password! });
    expect(twice.html).toContain('あと1回');
    const third = await answer(twice, { secureId: card.secureId, password: 'Wrong#Pass43' });
    expect(finalCRes(third).transStatus).toBe('N');
    expect(await acs.ds.waitForAccepted(ares.acsTransID)).toMatchObject({ transStatus: 'N', transStatusReason: '19', interactionCounter: '03' });
    const [row] = await h.db.query('SELECT wrong_answers FROM acs_transactions WHERE acs_trans_id = ?', [ares.acsTransID]);
    expect(row.wrong_answers).toBe(3);
  });

  it('an answer with a field left empty checks nothing: the page asks for it, and no attempt or password failure is counted', async () => {
    const card = await enrolledCard(h, member, 'PASSWORD');
    const { ares, page } = await challenged(card);
    const counts = async () => {
      const [t] = await h.db.query('SELECT wrong_answers FROM acs_transactions WHERE acs_trans_id = ?', [ares.acsTransID]);
      const [e] = await h.db.query('SELECT password_fail_count FROM enrollments WHERE card_id = ?', [card.cardId]);
      return { wrongAnswers: t.wrong_answers, passwordFailures: e.password_fail_count };
    };
    // Enter pressed in the ID field: the password is empty
    const noPassword = await answer(page, { secureId: card.secureId, password: '' });
    expect(noPassword.html).toContain('本人認証IDと固定パスワードを入力してください。');
    expect(noPassword.html).not.toContain('あと');
    expect(noPassword.html).toContain(`value="${card.secureId}"`);
    expect(await counts()).toEqual({ wrongAnswers: 0, passwordFailures: 0 });

    const wrong = await answer(noPassword, { secureId: card.secureId, password: 'Wrong#Pass42' });
    expect(wrong.html).toContain('あと2回');
    const noId = await answer(wrong, { secureId: '  ', password: card.password! });
    expect(noId.html).toContain('本人認証IDと固定パスワードを入力してください。');
    expect(noId.html).toContain('あと2回');
    expect(await counts()).toEqual({ wrongAnswers: 1, passwordFailures: 1 });

    const done = await answer(noId, { secureId: card.secureId, password: card.password! });
    expect(finalCRes(done).transStatus).toBe('Y');
    expect(await acs.ds.waitForAccepted(ares.acsTransID)).toMatchObject({ transStatus: 'Y' });
    const [step] = await h.db.query(
      "SELECT COUNT(*) AS n FROM acs_messages WHERE acs_trans_id = ? AND kind = 'ChallengeStep' AND body LIKE '%incomplete%'", [ares.acsTransID],
    );
    expect(Number(step.n)).toBe(2);
  });

  it('a page posted twice (double click, back button) is refused the second time: the step token is single use', async () => {
    const card = await enrolledCard(h, member, 'PASSWORD');
    const { page } = await challenged(card);
    await answer(page, { secureId: card.secureId, password: 'Wrong#Pass42' });
    const again = await answer(page, { secureId: card.secureId, password: card.password! });
    expect(erroCode(again)).toBe('402');
    expect(again.html).toContain('この画面は無効になりました');
  });

  it('10 concurrent right answers to one page make one result and one RReq', async () => {
    const card = await enrolledCard(h, member, 'PASSWORD');
    const { ares, page } = await challenged(card);
    const pages = await Promise.all(Array.from({ length: 10 }, () => answer(page, { secureId: card.secureId, password: card.password! })));
    expect(pages.filter((p) => p.hidden.cres).length).toBe(1);
    await acs.ds.waitForAccepted(ares.acsTransID);
    const [{ n }] = await h.db.query("SELECT COUNT(*) AS n FROM outbox_messages WHERE channel = 'RREQ' AND dedupe_key = ?", [`rreq:${ares.acsTransID}`]);
    expect(Number(n)).toBe(1);
    expect(acs.ds.receivedFor(ares.acsTransID)).toHaveLength(1);
  });

  it('cancel ends N/01 with challengeCancel 01', async () => {
    const card = await enrolledCard(h, member, 'PASSWORD');
    const { ares, page } = await challenged(card);
    const cancelled = await postForm(page.action!, { ...page.hidden, action: 'cancel' });
    expect(finalCRes(cancelled).transStatus).toBe('N');
    expect(await acs.ds.waitForAccepted(ares.acsTransID)).toMatchObject({ transStatus: 'N', transStatusReason: '01', challengeCancel: '01' });
  });

  it('5 consecutive wrong passwords across challenges lock the credential (N/19 at AReq, 要再登録 in the portal); re-registering unlocks', async () => {
    const card = await enrolledCard(h, member, 'PASSWORD');
    let page: Page = (await challenged(card)).page;
    for (let i = 0; i < 3; i += 1) page = await answer(page, { secureId: card.secureId, password: `Wrong#Pass4${i}` });
    page = (await challenged(card)).page;
    page = await answer(page, { secureId: card.secureId, password: 'Wrong#Pass50' });
    const locking = await answer(page, { secureId: card.secureId, password: 'Wrong#Pass51' });
    expect(finalCRes(locking).transStatus).toBe('N');
    expect((await sendAReq(acs.baseUrl, buildAReq(card))).body).toMatchObject({ transStatus: 'N', transStatusReason: '19' });
    const cards = await member.client.get('/api/v1/cards');
    const listed = cards.body.items.find((c: { cardId: string }) => c.cardId === String(card.cardId));
    expect(listed.enrollment.status).toBe('REREGISTRATION_REQUIRED');

    const inquiry = await member.client.post('/api/v1/card-inquiries', { cardNumber: card.cardNumber, pin: card.pin });
    expect(inquiry.body.enrollment.status).toBe('REREGISTRATION_REQUIRED');
    const again = await member.client.put(`/api/v1/card-inquiries/${inquiry.body.inquiryId}/enrollment`, { secureId: card.secureId, method: 'PASSWORD', password: 'Mx3%rTq9!wLz' });
    expect(again.status).toBe(200);
    expect((await sendAReq(acs.baseUrl, buildAReq(card))).body.transStatus).toBe('C');
  });
});

describe('SMS one-time-password challenge', () => {
  it('sends the OTP when the page is first shown; a wrong code is counted, the right one ends Y (02)', async () => {
    const card = await enrolledCard(h, member, 'OTP');
    const { ares, page } = await challenged(card, { browserLanguage: 'en-US' });
    const code = await checkoutOtp(h, card.phone!);
    // the SMS speaks the page's language: English for browserLanguage en-US
    const sms = h.sms.messages.filter((m) => m.to === card.phone && m.body.includes('J/Secure')).at(-1)!;
    // a Japanese merchant name makes it a 70-character (UCS-2) message, hence the short wording
    expect(sms.body).toBe(`[J/Secure] Code ${code}\n¥8,800 at テスト商店\nDo not share it.`);
    expect(page.html).toContain('lang="en"');
    expect(page.html).toContain('Resend one-time password');
    expect(page.html).toMatch(/090-\*{4}-\d{4}/);
    expect(page.html).not.toContain(code);
    const wrong = await answer(page, { secureId: card.secureId, otp: code === '000000' ? '111111' : '000000' });
    expect(wrong.html).toContain('2 more wrong answers end this authentication.');
    const done = await answer(wrong, { secureId: card.secureId, otp: code });
    expect(finalCRes(done).transStatus).toBe('Y');
    expect(await acs.ds.waitForAccepted(ares.acsTransID)).toMatchObject({ transStatus: 'Y', authenticationType: '02', interactionCounter: '02' });
    const logs = JSON.stringify(await h.db.query('SELECT body FROM acs_messages WHERE acs_trans_id = ?', [ares.acsTransID]));
    expect(logs).not.toContain(code);
  });

  it('a code left empty is no wrong answer (English page)', async () => {
    const card = await enrolledCard(h, member, 'OTP');
    const { ares, page } = await challenged(card, { browserLanguage: 'en-GB' });
    const code = await checkoutOtp(h, card.phone!);
    const empty = await answer(page, { secureId: card.secureId, otp: ' ' });
    expect(empty.html).toContain('Please enter your secure ID and your one-time password.');
    expect(empty.html).not.toContain('more wrong');
    const [row] = await h.db.query('SELECT wrong_answers FROM acs_transactions WHERE acs_trans_id = ?', [ares.acsTransID]);
    expect(row.wrong_answers).toBe(0);
    const done = await answer(empty, { secureId: card.secureId, otp: code });
    expect(finalCRes(done).transStatus).toBe('Y');
  });

  it('resends a new code up to 3 times; the 4th resend ends U/19', async () => {
    const card = await enrolledCard(h, member, 'OTP');
    const { ares, page: first } = await challenged(card);
    const firstCode = await checkoutOtp(h, card.phone!);
    expect(h.sms.messages.find((m) => m.to === card.phone && m.body.includes(firstCode))!.body).toMatch(/^【J\/Secure】ワンタイムパスワード:\d{6}\n/);
    let page = first;
    for (let i = 1; i <= 3; i += 1) {
      page = await postForm(page.action!, { ...page.hidden, action: 'resend' });
      expect(page.html).toContain('ワンタイムパスワードを再送信しました。');
      await waitUntil(() => (checkoutOtpCount(h, card.phone!) === i + 1 ? true : undefined), `resend ${i}`);
    }
    const latest = await checkoutOtp(h, card.phone!, 3);
    expect(page.html).toContain('再送信はあと0回');
    const fourth = await postForm(page.action!, { ...page.hidden, action: 'resend' });
    expect(finalCRes(fourth).transStatus).toBe('U');
    expect(await acs.ds.waitForAccepted(ares.acsTransID)).toMatchObject({ transStatus: 'U', transStatusReason: '19' });
    expect(latest).toMatch(/^\d{6}$/);
  });

  it('an SMS gateway that cannot deliver ends the challenge U/22 — never Y after the error', async () => {
    const card = await enrolledCard(h, member, 'OTP');
    h.sms.failNext = 1000;
    try {
      const { ares, page } = await challenged(card);
      h.clock.advance((acs.acs.smsDeliveryDeadlineSeconds + 1) * 1000);
      const rreq = await acs.ds.waitForAccepted(ares.acsTransID);
      expect(rreq).toMatchObject({ transStatus: 'U', transStatusReason: '22' });
      const late = await answer(page, { secureId: card.secureId, otp: '123456' });
      expect(late.hidden.cres).toBeUndefined();
      expect(erroCode(late)).toBe('402');
    } finally {
      h.sms.failNext = 0;
    }
  });
});

describe('timers (durable, race-safe)', () => {
  it('no CReq within 30 s ends N/14 with challengeCancel 05; a CReq afterwards gets Erro 402', async () => {
    const card = await enrolledCard(h, member, 'PASSWORD');
    const ares = (await sendAReq(acs.baseUrl, buildAReq(card))).body;
    h.clock.advance(31_000);
    expect(await acs.ds.waitForAccepted(ares.acsTransID)).toMatchObject({ transStatus: 'N', transStatusReason: '14', challengeCancel: '05', interactionCounter: '00' });
    expect(erroCode(await openChallenge(ares))).toBe('402');
  });

  it('no answer within 600 s ends N/14 with challengeCancel 04; the late answer cannot change it', async () => {
    const card = await enrolledCard(h, member, 'PASSWORD');
    const { ares, page } = await challenged(card);
    h.clock.advance(601_000);
    const late = await answer(page, { secureId: card.secureId, password: card.password! });
    expect(late.hidden.cres).toBeUndefined();
    expect(erroCode(late)).toBe('402');
    expect(await acs.ds.waitForAccepted(ares.acsTransID)).toMatchObject({ transStatus: 'N', transStatusReason: '14', challengeCancel: '04' });
    const [row] = await h.db.query('SELECT trans_status FROM acs_transactions WHERE acs_trans_id = ?', [ares.acsTransID]);
    expect(row.trans_status).toBe('N');
  });

  it('a timer pending across a restart of the ACS still fires, once', async () => {
    const card = await enrolledCard(h, member, 'PASSWORD');
    const ares = (await sendAReq(acs.baseUrl, buildAReq(card))).body;
    await acs.app.close();
    h.clock.advance(31_000);
    acs = await startTestAcs(h, {}, { ds: acs.ds });
    expect(await acs.ds.waitForAccepted(ares.acsTransID)).toMatchObject({ transStatusReason: '14', challengeCancel: '05' });
    expect(acs.ds.receivedFor(ares.acsTransID)).toHaveLength(1);
  });
});

describe('RReq delivery', () => {
  it('retries a refusing DS until an RRes "01" comes back; the same RReq each time, accepted once', async () => {
    const card = await enrolledCard(h, member, 'PASSWORD');
    acs.ds.refuseNext = 2;
    const { ares, page } = await challenged(card);
    await answer(page, { secureId: card.secureId, password: card.password! });
    // the clock moves only once the worker has recorded the failure (its backoff is counted from that moment)
    const recorded = async (n: number, what: string) => {
      const { attempts } = await outboxAttemptsRecorded(h.db, { dedupeKey: `rreq:${ares.acsTransID}` }, n);
      expect({ what, attempts }).toEqual({ what, attempts: n });
    };
    await recorded(1, 'the first refused RReq');
    h.clock.advance(3_000);
    await recorded(2, 'the second refused RReq');
    h.clock.advance(5_000);
    await acs.ds.waitForAccepted(ares.acsTransID);
    const all = acs.ds.receivedFor(ares.acsTransID);
    expect(all).toHaveLength(3);
    expect(new Set(all.map((r) => JSON.stringify(r))).size).toBe(1);
    const failures = await h.db.query("SELECT body FROM acs_messages WHERE acs_trans_id = ? AND kind = 'RReqFailed'", [ares.acsTransID]);
    expect(failures).toHaveLength(2);
  });
});

describe('pages: errors, languages, window sizes', () => {
  it('Erro 301 page for an unknown acsTransID, 203 for a malformed CReq, 201 for a form without one', async () => {
    const card = await enrolledCard(h, member, 'PASSWORD');
    const ares = (await sendAReq(acs.baseUrl, buildAReq(card))).body;
    expect(erroCode(await openChallenge({ ...ares, acsTransID: '0f8fad5b-d9cb-469f-a165-70867728950e' }))).toBe('301');
    expect(erroCode(await postForm(ares.acsURL, { creq: '%%%not base64%%%' }))).toBe('203');
    expect(erroCode(await postForm(ares.acsURL, { creq: Buffer.from('{"messageType":"CReq"}').toString('base64url') }))).toBe('201');
    expect(erroCode(await postForm(ares.acsURL, {}))).toBe('201');
    expect(erroCode(await openChallenge(ares, '09'))).toBe('203');
  });

  it('accepts the CReq with and without base64 padding; a reload of the CReq gives a fresh page and voids the old one', async () => {
    const card = await enrolledCard(h, member, 'PASSWORD');
    const ares = (await sendAReq(acs.baseUrl, buildAReq(card))).body;
    const json = JSON.stringify({ threeDSServerTransID: ares.threeDSServerTransID, acsTransID: ares.acsTransID, messageType: 'CReq', messageVersion: '2.2.0', challengeWindowSize: '03' });
    const padded = Buffer.from(json).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
    const first = await postForm(ares.acsURL, { creq: padded });
    expect(first.hidden.stepToken).toBeDefined();
    const reload = await postForm(ares.acsURL, { creq: padded.replace(/=+$/, '') });
    expect(reload.hidden.stepToken).not.toBe(first.hidden.stepToken);
    expect(erroCode(await answer(first, { secureId: card.secureId, password: card.password! }))).toBe('402');
    expect(finalCRes(await answer(reload, { secureId: card.secureId, password: card.password! })).transStatus).toBe('Y');
  });

  it('lays the page out for every challengeWindowSize, in Japanese for ja* and English otherwise', async () => {
    const card = await enrolledCard(h, member, 'PASSWORD');
    for (const size of Object.keys(ChallengeWindowSizes)) {
      for (const [language, marker] of [['ja', '<html lang="ja">'], ['en-GB', '<html lang="en">']] as const) {
        const { page } = await challenged(card, { browserLanguage: language, amount: '5000', userAgent: `Sizes/${size}` }, size);
        expect(page.html).toContain(`class="size-${size}"`);
        expect(page.html).toContain(marker);
        await postForm(page.action!, { ...page.hidden, action: 'cancel' });
      }
    }
  });

  it('escapes what the merchant sent and never shows the PAN, the password or the OTP on any page', async () => {
    const card = await enrolledCard(h, member, 'PASSWORD');
    const body = { ...buildAReq(card), merchantName: '<script>alert(1)</script>' };
    const ares = (await sendAReq(acs.baseUrl, body)).body;
    const page = await openChallenge(ares);
    expect(page.html).not.toContain('<script>alert(1)</script>');
    expect(page.html).toContain('&lt;script&gt;');
    const wrong = await answer(page, { secureId: card.secureId, password: 'Wrong#Pass42' });
    expect(wrong.html).not.toContain('Wrong#Pass42');
    for (const html of [page.html, wrong.html]) expect(html).not.toContain(card.cardNumber);
    const stored = JSON.stringify(await h.db.query('SELECT * FROM acs_transactions WHERE acs_trans_id = ?', [ares.acsTransID]));
    expect(stored).not.toContain(card.cardNumber);
    expect(stored).not.toContain('Wrong#Pass42');
  });
});
