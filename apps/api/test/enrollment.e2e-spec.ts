import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { checkPasswordRules } from '@corpweb/shared-types';
import { MEMBER_PASSWORD, approvedMember, jcbCardNumber, randomMobilePhone, seedCard, type MemberFixture } from './support/fixtures.js';
import { recordStatements } from './support/statement-recorder.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let h: TestApp;
let a: MemberFixture;
let b: MemberFixture;
beforeAll(async () => {
  h = await startTestApp();
  a = await approvedMember(h);
  b = await approvedMember(h);
});
afterAll(async () => { await h.close(); });

const grouped = (n: string) => n.replace(/(\d{4})(?=\d)/g, '$1 ');
async function inquire(member: MemberFixture, cardNumber: string, pin: string) {
  return member.client.post('/api/v1/card-inquiries', { cardNumber, pin });
}
const strip = (body: any) => ({ ...body, instance: undefined });

describe('card inquiry (登録状況照会)', () => {
  it('shows the masked card and 未登録 for a correct PIN, with a 10-minute grant', async () => {
    const card = await seedCard(h, a.corporateNumber);
    const response = await inquire(a, grouped(card.cardNumber), card.pin);
    expect(response.status).toBe(200);
    expect(response.body.card).toEqual({ maskedNumber: `3540 **** **** ${card.cardNumber.slice(-4)}`, brand: 'JCB', expiry: '12/30' });
    expect(response.body.enrollment).toEqual({ status: 'UNREGISTERED' });
    expect(new Date(response.body.expiresAt).getTime() - h.clock.now().getTime()).toBe(600_000);
    expect(response.text).not.toContain(card.cardNumber);
  });

  it('answers unknown card, another company\'s card and a wrong PIN identically', async () => {
    const own = await seedCard(h, a.corporateNumber);
    const foreign = await seedCard(h, b.corporateNumber);
    const unknown = await inquire(a, jcbCardNumber(), '1111');
    const other = await inquire(a, foreign.cardNumber, foreign.pin);
    const wrong = await inquire(a, own.cardNumber, '0000');
    for (const response of [unknown, other, wrong]) {
      expect(response.status).toBe(422);
      expect(strip(response.body)).toEqual(strip(unknown.body));
    }
    expect(unknown.body.code).toBe('CARD_OR_PIN_INVALID');
    const [foreignRow] = await h.db.query('SELECT pin_fail_count FROM cards WHERE id = ?', [foreign.cardId]);
    expect(foreignRow.pin_fail_count).toBe(0);
  });

  it('refuses other brands and malformed input with clear codes', async () => {
    const visa = await inquire(a, '4111 1111 1111 1111', '1234');
    expect(visa.status).toBe(422);
    expect(visa.body.code).toBe('CARD_BRAND_NOT_SUPPORTED');
    const valid = jcbCardNumber();
    const luhn = await inquire(a, `${valid.slice(0, -1)}${(Number(valid.slice(-1)) + 1) % 10}`, '1234');
    expect(luhn.body.code).toBe('CARD_NUMBER_INVALID');
    const pin = await inquire(a, jcbCardNumber(), '12a4');
    expect(pin.status).toBe(422);
    expect(pin.body.errors).toContainEqual({ field: 'pin', code: 'PIN_INVALID' });
  });

  it('a correct PIN resets the counter; 3 consecutive wrong PINs lock the card for every session', async () => {
    const card = await seedCard(h, a.corporateNumber);
    expect((await inquire(a, card.cardNumber, '0000')).status).toBe(422);
    expect((await inquire(a, card.cardNumber, '0000')).status).toBe(422);
    expect((await inquire(a, card.cardNumber, card.pin)).status).toBe(200);
    expect((await inquire(a, card.cardNumber, '0000')).status).toBe(422);
    expect((await inquire(a, card.cardNumber, '0000')).status).toBe(422);
    const third = await inquire(a, card.cardNumber, '0000');
    expect(third.status).toBe(423);
    expect(third.body.code).toBe('PIN_LOCKED');
    expect((await inquire(a, card.cardNumber, card.pin)).status).toBe(423);
    // a second session of the same member, and another member of the same company, meet the same lock
    const otherSession = h.client();
    expect((await otherSession.post('/api/v1/session', { loginId: a.loginId, password: MEMBER_PASSWORD })).status).toBe(200);
    const again = await otherSession.post('/api/v1/card-inquiries', { cardNumber: card.cardNumber, pin: card.pin });
    expect(again.status).toBe(423);
    expect(again.body.code).toBe('PIN_LOCKED');
  });

  it('50 concurrent wrong PINs evaluate at most 3 and lock the card', async () => {
    const card = await seedCard(h, a.corporateNumber);
    const responses = await Promise.all(Array.from({ length: 50 }, () => inquire(a, card.cardNumber, '9999')));
    const evaluated = await h.db.query(
      "SELECT COUNT(*) AS n FROM audit_events WHERE target_type = 'CARD' AND target_id = ? AND action IN ('PIN_FAILED', 'PIN_LOCKED')",
      [String(card.cardId)],
    );
    expect(Number(evaluated[0].n)).toBeLessThanOrEqual(3);
    expect(responses.filter((r) => r.status === 422).length).toBeLessThanOrEqual(2);
    expect(responses.every((r) => r.status === 422 || r.status === 423)).toBe(true);
    const [row] = await h.db.query('SELECT pin_fail_count, pin_locked_at FROM cards WHERE id = ?', [card.cardId]);
    expect(row.pin_locked_at).not.toBeNull();
    expect(row.pin_fail_count).toBe(3);
  });
});

describe('enrollment with a fixed password', () => {
  it('reports each password rule with its own code', async () => {
    const card = await seedCard(h, a.corporateNumber);
    const { body } = await inquire(a, card.cardNumber, card.pin);
    const attempt = (password: string, secureId = 'keiri.tanaka1') =>
      a.client.put(`/api/v1/card-inquiries/${body.inquiryId}/enrollment`, { secureId, method: 'PASSWORD', password });
    const cases: [string, string][] = [
      ['short1!', 'PASSWORD_TOO_SHORT'],
      ['aaaaXk9#mQ2v', 'PASSWORD_REPEATED_CHARACTERS'],
      ['1234Xk#mQvLp', 'PASSWORD_SEQUENTIAL_CHARACTERS'],
      ['Xkeiri.tanaka1#', 'PASSWORD_CONTAINS_SECURE_ID'],
      [`Zq#${card.cardNumber.slice(4, 8)}mWvLp`, 'PASSWORD_CONTAINS_CARD_DIGITS'],
      ['Kq#19840512vL', 'PASSWORD_CONTAINS_DATE'],
      ['password', 'PASSWORD_TOO_COMMON'],
      [MEMBER_PASSWORD, 'PASSWORD_SAME_AS_PORTAL_PASSWORD'],
    ];
    for (const [password, code] of cases) {
      const response = await attempt(password);
      expect(response.status).toBe(422);
      expect(response.body.errors).toContainEqual({ field: 'password', code });
    }
    const sameAsLogin = await attempt('Kx7#mQ2v!Lp9', a.loginId);
    expect(sameAsLogin.body.errors).toContainEqual({ field: 'secureId', code: 'SECURE_ID_SAME_AS_LOGIN_ID' });
  });

  it('checks a fixed password at the input step against every rule, the portal password included, registering nothing', async () => {
    const card = await seedCard(h, a.corporateNumber);
    const { body } = await inquire(a, card.cardNumber, card.pin);
    const check = (password: string, secureId = 'keiri.check1') =>
      a.client.post(`/api/v1/card-inquiries/${body.inquiryId}/enrollment/password-check`, { secureId, password });
    const same = await check(MEMBER_PASSWORD);
    expect(same.status).toBe(422);
    expect(same.body.errors).toEqual([{ field: 'password', code: 'PASSWORD_SAME_AS_PORTAL_PASSWORD' }]);
    expect((await check('Xkeiri.check1#')).body.errors).toContainEqual({ field: 'password', code: 'PASSWORD_CONTAINS_SECURE_ID' });
    expect((await check('Taro19800101')).body.errors).toContainEqual({ field: 'password', code: 'PASSWORD_CONTAINS_DATE' });
    expect((await check('Kx7#mQ2v!Lp9')).status).toBe(204);
    const [row] = await h.db.query('SELECT COUNT(*) AS n FROM enrollments WHERE card_id = ?', [card.cardId]);
    expect(Number(row.n)).toBe(0);
    // the same grant rules as the PUT: another session cannot use this inquiry
    const other = h.client();
    expect((await other.post(`/api/v1/card-inquiries/${body.inquiryId}/enrollment/password-check`, { secureId: '', password: 'x' })).status).toBe(401);
  });

  it('registers, emails the 登録受付メール, shows 登録済 on the dashboard, and deregisters', async () => {
    const card = await seedCard(h, a.corporateNumber);
    const { body } = await inquire(a, card.cardNumber, card.pin);
    const secureId = `Tanaka.${Date.now().toString(36)}`;
    const registered = await a.client.put(`/api/v1/card-inquiries/${body.inquiryId}/enrollment`, { secureId, method: 'PASSWORD', password: 'Kx7#mQ2v!Lp9' });
    expect(registered.status).toBe(200);
    expect(registered.body).toMatchObject({ status: 'REGISTERED', method: 'PASSWORD', secureId });
    const masked = `${secureId.slice(0, 2)}${'*'.repeat(secureId.length - 3)}${secureId.slice(-1)}`;
    const mail = await h.mail.waitFor((m) => m.to.includes(a.email) && m.text.includes(`本人認証ID:${masked}`));
    expect(mail.subject).toBe('【法人Webサービス】本人認証サービス登録受付のお知らせ / 3-D Secure registration received');
    // Japanese first, then the same facts in English
    expect(mail.text.indexOf('※English follows the Japanese text.')).toBe(0);
    expect(mail.text.indexOf(`本人認証ID:${masked}`)).toBeLessThan(mail.text.indexOf(`Authentication ID: ${masked}`));
    expect(mail.text).toContain(`3540 **** **** ${card.cardNumber.slice(-4)}`);
    expect(mail.text).not.toContain(card.cardNumber);
    expect(mail.text).not.toContain(secureId);
    // one footer for a change: call the configured desk if it was not you, never "discard this email"
    expect(mail.text).toContain('至急、下記の窓口までお電話でご連絡ください');
    expect(mail.text).toContain('Please call the desk below immediately.');
    expect(mail.text).toContain(`電話番号:${h.config.contactDesk.phone}`);
    expect(mail.text).toContain(`受付時間:${h.config.contactDesk.hours}`);
    expect(mail.text).not.toContain('破棄');
    const cards = await a.client.get('/api/v1/cards');
    expect(cards.body.items.find((c: any) => c.cardId === String(card.cardId)).enrollment.status).toBe('REGISTERED');
    expect(cards.body.summary.REGISTERED).toBeGreaterThanOrEqual(1);
    const again = await inquire(a, card.cardNumber, card.pin);
    expect(again.body.enrollment).toMatchObject({ status: 'REGISTERED', secureId });
    const removed = await a.client.delete(`/api/v1/card-inquiries/${again.body.inquiryId}/enrollment`);
    expect(removed.status).toBe(204);
    await h.mail.waitFor((m) => m.to.includes(a.email) && m.subject.includes('登録解除'));
    expect((await a.client.delete(`/api/v1/card-inquiries/${again.body.inquiryId}/enrollment`)).body.code).toBe('NOT_ENROLLED');
  });

  it('secure IDs are unique case-insensitively, also under 20 concurrent registrations', async () => {
    const secureId = `race${Date.now().toString(36)}`;
    const cards = await Promise.all(Array.from({ length: 20 }, () => seedCard(h, a.corporateNumber)));
    const inquiries = [];
    for (const card of cards) inquiries.push((await inquire(a, card.cardNumber, card.pin)).body.inquiryId);
    const responses = await Promise.all(inquiries.map((id, i) =>
      a.client.put(`/api/v1/card-inquiries/${id}/enrollment`, { secureId: i % 2 ? secureId.toUpperCase() : secureId, method: 'PASSWORD', password: 'Kx7#mQ2v!Lp9' })));
    expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 409).every((r) => r.body.code === 'SECURE_ID_TAKEN')).toBe(true);
    expect(responses.map((r) => r.status).filter((status) => status !== 200 && status !== 409)).toEqual([]);
    expect(responses.filter((r) => r.status === 409)).toHaveLength(19);
    expect(responses.find((r) => r.status === 409)?.body.errors).toEqual([{ field: 'secureId', code: 'SECURE_ID_TAKEN' }]);
  });

  it('tells an ID taken by another card before hashing, from the grant\'s own read, and lets a card keep its own', async () => {
    const taken = await seedCard(h, a.corporateNumber);
    const secureId = `held${Date.now().toString(36)}`;
    const first = await inquire(a, taken.cardNumber, taken.pin);
    expect((await a.client.put(`/api/v1/card-inquiries/${first.body.inquiryId}/enrollment`, { secureId, method: 'PASSWORD', password: 'Kx7#mQ2v!Lp9' })).status).toBe(200);
    const other = await seedCard(h, a.corporateNumber);
    const second = await inquire(a, other.cardNumber, other.pin);
    const refused = await a.client.put(`/api/v1/card-inquiries/${second.body.inquiryId}/enrollment`, { secureId: secureId.toUpperCase(), method: 'PASSWORD', password: 'Kx7#mQ2v!Lp9' });
    expect({ status: refused.status, errors: refused.body.errors }).toEqual({ status: 409, errors: [{ field: 'secureId', code: 'SECURE_ID_TAKEN' }] });
    const again = await inquire(a, taken.cardNumber, taken.pin);
    const kept = await a.client.put(`/api/v1/card-inquiries/${again.body.inquiryId}/enrollment`, { secureId, method: 'PASSWORD', password: 'Vb4$nR8w!Tz2' });
    expect(kept.status).toBe(200);
  });

  it('compares a new fixed password with the phone the card is enrolled with now', async () => {
    const withPhone = await seedCard(h, a.corporateNumber);
    const withoutPhone = await seedCard(h, a.corporateNumber);
    // a phone none of whose 4-digit runs is in either random card number, so the phone alone can refuse it
    let phone: string;
    let password: string;
    do {
      phone = randomMobilePhone();
      password = `Zx${phone.slice(1)}`;
    } while ([withPhone, withoutPhone].some((card) => checkPasswordRules(password, { cardNumber: card.cardNumber }).length > 0));
    const now = h.clock.now();
    const secureId = `phone${Date.now().toString(36)}`;
    await h.db.query(
      `INSERT INTO enrollments (card_id, secure_id, secure_id_key, method, phone_e164, password_hash, status, created_at, updated_at)
       VALUES (?, ?, ?, 'OTP', ?, NULL, 'REGISTERED', ?, ?)`,
      [withPhone.cardId, secureId, secureId, `+81${phone.slice(1)}`, now, now],
    );
    const check = async (card: { cardNumber: string; pin: string }) => {
      const { body } = await inquire(a, card.cardNumber, card.pin);
      return a.client.post(`/api/v1/card-inquiries/${body.inquiryId}/enrollment/password-check`, { secureId, password });
    };
    const refused = await check(withPhone);
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([{ field: 'password', code: 'PASSWORD_CONTAINS_PHONE_DIGITS' }]);
    // the same password on a card without that phone passes: the phone is what refused it
    expect((await check(withoutPhone)).status).toBe(204);
  });

  it('reads the grant, the enrolled phone and the secure ID\'s holder in one statement before the write', async () => {
    const card = await seedCard(h, a.corporateNumber);
    const { body } = await inquire(a, card.cardNumber, card.pin);
    const recorder = recordStatements(h);
    let status: number | undefined;
    try {
      status = (await a.client.put(`/api/v1/card-inquiries/${body.inquiryId}/enrollment`, { secureId: `one${Date.now().toString(36)}`, method: 'PASSWORD', password: 'Kx7#mQ2v!Lp9' })).status;
    } finally {
      recorder.stop();
    }
    expect(status).toBe(200);
    // the background sealer and outbox worker run transactions of their own at any moment: the request's
    // transaction is the one on the connection of its first write to these tables, which only it touches
    const ours = /\b(sessions|card_inquiries|enrollments|cards)\b/;
    const { statements } = recorder;
    const firstWrite = statements.find(({ sql }) => ours.test(sql) && /^\s*(INSERT|UPDATE|DELETE|CALL)\b/i.test(sql));
    expect(firstWrite?.runner).toBeDefined();
    const transactionStart = statements.findIndex(({ sql, runner }) => sql === 'START TRANSACTION' && runner === firstWrite?.runner);
    expect(transactionStart).toBeGreaterThan(0);
    const beforeWrite = statements.slice(0, transactionStart).map(({ sql }) => sql).filter((sql) => ours.test(sql));
    expect(beforeWrite).toHaveLength(2);
    expect(beforeWrite[0]).toMatch(/FROM sessions s\b/);
    expect(beforeWrite[1]).toMatch(/FROM card_inquiries i[\s\S]*LEFT JOIN enrollments e ON e\.card_id = c\.id/);
    expect(beforeWrite[1]).toMatch(/secure_id_owner/);
  });

  it('the grant expires after 10 minutes and belongs to one session and company', async () => {
    const card = await seedCard(h, a.corporateNumber);
    const { body } = await inquire(a, card.cardNumber, card.pin);
    const payload = { secureId: 'grant.test1', method: 'PASSWORD', password: 'Kx7#mQ2v!Lp9' };
    const foreign = await b.client.put(`/api/v1/card-inquiries/${body.inquiryId}/enrollment`, payload);
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('INQUIRY_NOT_FOUND');
    h.clock.advance(600_001);
    const expired = await a.client.put(`/api/v1/card-inquiries/${body.inquiryId}/enrollment`, payload);
    h.clock.advance(-600_001);
    expect(expired.status).toBe(404);
    expect(expired.body.code).toBe('INQUIRY_NOT_FOUND');
  });
});

describe('enrollment with SMS OTP', () => {
  async function start(phone: string, secureId: string, headers: Record<string, string> = {}) {
    const card = await seedCard(h, a.corporateNumber);
    const { body } = await inquire(a, card.cardNumber, card.pin);
    const started = await a.client.put(`/api/v1/card-inquiries/${body.inquiryId}/enrollment`, { secureId, method: 'OTP', phone }, { headers });
    return { card, inquiryId: body.inquiryId as string, started };
  }

  it('sends a 6-digit code by SMS and registers after the right code; the code is single use', async () => {
    const phone = randomMobilePhone();
    const { inquiryId, started } = await start(phone, `otp.${Date.now().toString(36)}`);
    expect(started.status).toBe(202);
    expect(started.body.maskedPhone).toBe(`090-****-${phone.slice(-4)}`);
    const sms = await h.sms.waitFor((s) => s.to === `+81${phone.slice(1)}`);
    expect(sms.body).toMatch(/^【法人Webサービス】認証コード:\d{6}\n/);
    const code = /(\d{6})/.exec(sms.body)![1]!;
    const wrong = await a.client.post(`/api/v1/card-inquiries/${inquiryId}/enrollment/verification`, { verificationId: started.body.verificationId, code: code === '000000' ? '111111' : '000000' });
    expect(wrong.status).toBe(422);
    expect(wrong.body.code).toBe('OTP_INVALID');
    const verify = () => a.client.post(`/api/v1/card-inquiries/${inquiryId}/enrollment/verification`, { verificationId: started.body.verificationId, code });
    const results = await Promise.all([verify(), verify(), verify()]);
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.find((r) => r.status === 200)!.body).toMatchObject({ status: 'REGISTERED', method: 'OTP', maskedPhone: `090-****-${phone.slice(-4)}` });
    const [row] = await h.db.query('SELECT code_hmac FROM otp_verifications WHERE id = ?', [started.body.verificationId]);
    expect(row.code_hmac.toString('utf8')).not.toContain(code);
  });

  it('writes the code SMS in the language of the screen that asked for it (Accept-Language)', async () => {
    const phone = randomMobilePhone();
    const { started } = await start(phone, `otp.en${Date.now().toString(36)}`, { 'accept-language': 'en-US,en;q=0.9,ja;q=0.5' });
    expect(started.status).toBe(202);
    const sms = await h.sms.waitFor((s) => s.to === `+81${phone.slice(1)}`);
    expect(sms.body).toMatch(/^\[Corporate Web Service\] Verification code: \d{6}\n/);
    expect(sms.body).not.toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
  });

  it('5 wrong codes invalidate the code; an expired code is 410', async () => {
    const { inquiryId, started } = await start(randomMobilePhone(), `otp.w${Date.now().toString(36)}`);
    const sms = await h.sms.waitFor((s) => s.body.includes('認証コード') && h.sms.messages.indexOf(s) === h.sms.messages.length - 1);
    const code = /(\d{6})/.exec(sms.body)![1]!;
    const bad = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i += 1) {
      expect((await a.client.post(`/api/v1/card-inquiries/${inquiryId}/enrollment/verification`, { verificationId: started.body.verificationId, code: bad })).body.code).toBe('OTP_INVALID');
    }
    const after = await a.client.post(`/api/v1/card-inquiries/${inquiryId}/enrollment/verification`, { verificationId: started.body.verificationId, code });
    expect(after.status).toBe(410);
    const second = await start(randomMobilePhone(), `otp.x${Date.now().toString(36)}`);
    h.clock.advance(5 * 60_000 + 1);
    const expired = await a.client.post(`/api/v1/card-inquiries/${second.inquiryId}/enrollment/verification`, { verificationId: second.started.body.verificationId, code: '123456' });
    h.clock.advance(-(5 * 60_000 + 1));
    expect(expired.status).toBe(410);
    expect(expired.body.code).toBe('OTP_EXPIRED');
  });

  it('limits sends: 60 s between codes and 5 per phone per hour', async () => {
    const phone = randomMobilePhone();
    const card = await seedCard(h, a.corporateNumber);
    const { body } = await inquire(a, card.cardNumber, card.pin);
    const send = () => a.client.put(`/api/v1/card-inquiries/${body.inquiryId}/enrollment`, { secureId: 'limit.test1', method: 'OTP', phone });
    expect((await send()).status).toBe(202);
    const tooSoon = await send();
    expect(tooSoon.status).toBe(429);
    expect(tooSoon.body.code).toBe('OTP_RATE_LIMITED');
    expect(Number(tooSoon.headers.get('retry-after'))).toBeGreaterThan(0);
    const start = h.clock.now();
    for (let i = 0; i < 4; i += 1) {
      h.clock.advance(61_000);
      expect((await send()).status).toBe(202);
    }
    h.clock.advance(61_000);
    expect((await send()).status).toBe(429);
    h.clock.set(start);
  });
});

describe('session and request protection', () => {
  it('refuses a state change without the CSRF header or from a foreign Origin', async () => {
    const noCsrf = await a.client.post('/api/v1/card-inquiries', { cardNumber: jcbCardNumber(), pin: '1234' }, { csrf: false });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.code).toBe('CSRF_TOKEN_INVALID');
    const foreign = await a.client.post('/api/v1/card-inquiries', { cardNumber: jcbCardNumber(), pin: '1234' }, { headers: { origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
    expect(foreign.body.code).toBe('ORIGIN_NOT_ALLOWED');
  });

  it('toggles fraud-data sharing for the company', async () => {
    const off = await a.client.put('/api/v1/company/fraud-data-sharing', { enabled: false });
    expect(off.status).toBe(200);
    expect((await a.client.get('/api/v1/me')).body.member.fraudDataSharing).toBe(false);
    await a.client.put('/api/v1/company/fraud-data-sharing', { enabled: true });
  });
});
