/**
 * Rate limits (issue 10 point 2) with RATE_LIMITS on: per source IP, per account, per company and per
 * destination, in the shared MariaDB store, 429 with Retry-After. The proxy 127.0.0.1 is trusted, so each test
 * chooses its source address with X-Forwarded-For. The fixtures (approvedMember) sign up from 127.0.0.1 itself:
 * this file may call them at most 5 times (signupsPerIp).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RateLimits } from '../src/common/rate-limit/rate-limits.service.js';
import { OutboxWorker } from '../src/modules/outbox/outbox.worker.js';
import { MEMBER_PASSWORD, approvedMember, jcbCardNumber, randomDigits, randomMobilePhone, seedCard, signupPayload } from './support/fixtures.js';
import { recordStatements } from './support/statement-recorder.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const ENV = { RATE_LIMITS: 'true', TRUST_PROXY: '127.0.0.1' };
let h: TestApp;
beforeAll(async () => { h = await startTestApp(ENV); });
afterAll(async () => { await h.close(); });

let ipCounter = 0;
/** a fresh documentation address (RFC 5737) per call */
function newIp(): string {
  ipCounter += 1;
  return `198.51.${Math.floor(ipCounter / 250)}.${(ipCounter % 250) + 1}`;
}
const from = (ip: string) => ({ headers: { 'x-forwarded-for': ip } });

function expectLimited(response: { status: number; body: any; headers: Headers }, code = 'RATE_LIMITED'): void {
  expect([response.status, response.body.code]).toEqual([429, code]);
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
}

describe('password reset requests', () => {
  it('send at most 3 reset emails per account per hour, silently (always 202)', async () => {
    const member = await approvedMember(h);
    const before = h.mail.messages.length;
    for (let i = 0; i < 5; i += 1) {
      const response = await h.client().post('/api/v1/password-reset-requests', { loginId: member.loginId, email: member.email }, from(newIp()));
      expect(response.status).toBe(202);
    }
    await h.app.get(OutboxWorker).deliverBatch();
    await h.mail.waitFor((m) => m.to.includes(member.email) && m.subject.includes('パスワード再設定') && h.mail.messages.indexOf(m) >= before);
    const [{ n }] = await h.db.query("SELECT COUNT(*) AS n FROM outbox_messages WHERE template = 'password-reset' AND recipient = ?", [member.email]);
    expect(Number(n)).toBe(3);
    const [{ live }] = await h.db.query(
      "SELECT COUNT(*) AS live FROM password_tokens WHERE member_id = (SELECT id FROM members WHERE login_id = ?) AND used_at IS NULL", [member.loginId],
    );
    expect(Number(live)).toBe(1);
  });

  it('are limited to 10 per source IP per hour (429 with Retry-After)', async () => {
    const ip = newIp();
    for (let i = 0; i < 10; i += 1) {
      expect((await h.client().post('/api/v1/password-reset-requests', { loginId: `CW7${randomDigits(7)}`, email: 'x@example.com' }, from(ip))).status).toBe(202);
    }
    expectLimited(await h.client().post('/api/v1/password-reset-requests', { loginId: 'CW70000000', email: 'x@example.com' }, from(ip)));
    expect((await h.client().post('/api/v1/password-reset-requests', { loginId: 'CW70000000', email: 'x@example.com' }, from(newIp()))).status).toBe(202);
  });
});

describe('sign-ups', () => {
  it('are limited per source IP (5 per hour) and per email address (3 per day), shared by every instance', async () => {
    const ip = newIp();
    for (let i = 0; i < 5; i += 1) expect((await h.client().post('/api/v1/signup-applications', signupPayload(), from(ip))).status).toBe(202);
    expectLimited(await h.client().post('/api/v1/signup-applications', signupPayload(), from(ip)));

    const email = `squat${randomDigits(6)}@example.co.jp`;
    const second = await startTestApp(ENV, { sinks: { mail: h.mail, sms: h.sms }, clock: h.clock });
    try {
      expect((await h.client().post('/api/v1/signup-applications', signupPayload({ email }), from(newIp()))).status).toBe(202);
      expect((await second.client().post('/api/v1/signup-applications', signupPayload({ email }), from(newIp()))).status).toBe(202);
      expect((await h.client().post('/api/v1/signup-applications', signupPayload({ email }), from(newIp()))).status).toBe(202);
      expectLimited(await second.client().post('/api/v1/signup-applications', signupPayload({ email }), from(newIp())));
    } finally {
      await second.close();
    }
  });

  it('the 受付メール carries nothing the applicant typed: no company or person name', async () => {
    const payload = signupPayload();
    payload.company.name = '【重要】アカウント停止のお知らせ http://phish.example/';
    payload.administrator.name = '至急ご確認ください';
    const response = await h.client().post('/api/v1/signup-applications', payload, from(newIp()));
    expect(response.status).toBe(202);
    const mail = await h.mail.waitFor((m) => m.to.includes(payload.administrator.email));
    expect(mail.text).toContain(`受付番号:${response.body.receiptNumber}`);
    for (const typed of ['phish.example', '重要', '至急', payload.company.nameKana, payload.company.address, payload.administrator.department]) {
      expect(mail.text).not.toContain(typed);
      expect(mail.subject).not.toContain(typed);
    }
  });
});

describe('card inquiries and OTP sends', () => {
  it('one member gets at most 30 card inquiries per 10 minutes, whatever the source IP', async () => {
    const member = await approvedMember(h);
    for (let i = 0; i < 30; i += 1) {
      expect((await member.client.post('/api/v1/card-inquiries', { cardNumber: jcbCardNumber(), pin: '1234' }, from(newIp()))).status).toBe(422);
    }
    expectLimited(await member.client.post('/api/v1/card-inquiries', { cardNumber: jcbCardNumber(), pin: '1234' }, from(newIp())));
  });

  it('one inquiry grant cannot pump SMS: at most 10 OTP sends per member per hour (429 OTP_RATE_LIMITED)', async () => {
    const member = await approvedMember(h);
    const card = await seedCard(h, member.corporateNumber);
    const inquiry = await member.client.post('/api/v1/card-inquiries', { cardNumber: card.cardNumber, pin: card.pin }, from(newIp()));
    expect(inquiry.status).toBe(200);
    const sends = [];
    for (let i = 0; i < 11; i += 1) {
      sends.push(await member.client.put(`/api/v1/card-inquiries/${inquiry.body.inquiryId}/enrollment`,
        { secureId: 'pump.test1', method: 'OTP', phone: randomMobilePhone() }, from(newIp())));
    }
    expect(sends.slice(0, 10).map((r) => r.status)).toEqual(Array(10).fill(202));
    expectLimited(sends[10]!, 'OTP_RATE_LIMITED');
  });
});

describe('logins', () => {
  it('50 failed logins from one source IP: the next login from it is refused with 429, another IP still logs in', async () => {
    const member = await approvedMember(h);
    const ip = newIp();
    for (let batch = 0; batch < 5; batch += 1) {
      const results = await Promise.all(Array.from({ length: 10 }, () =>
        h.client().post('/api/v1/session', { loginId: `CW6${randomDigits(7)}`, password: 'Wrong-Passw0rd!' }, from(ip))));
      expect(results.every((r) => r.status === 401)).toBe(true);
    }
    expectLimited(await h.client().post('/api/v1/session', { loginId: member.loginId, password: MEMBER_PASSWORD }, from(ip)));
    expect((await h.client().post('/api/v1/session', { loginId: member.loginId, password: MEMBER_PASSWORD }, from(newIp()))).status).toBe(200);
  });
});

describe('more limits', () => {
  it('counts each hit in one statement, exactly under 50 concurrent hits, and starts a new window once the old one ends', async () => {
    const limits = h.app.get(RateLimits);
    const subject = `concurrent-${randomDigits(8)}`;
    const recorder = recordStatements(h);
    let admitted: boolean[];
    try {
      admitted = await Promise.all(Array.from({ length: 50 }, () => limits.hit('secureIdChecksPerMember', subject)));
    } finally {
      recorder.stop();
    }
    // secureIdChecksPerMember allows 30 an hour
    expect(admitted.filter(Boolean)).toHaveLength(30);
    const hits = recorder.statements.filter(({ sql }) => /\brate_limits\b/.test(sql));
    expect(hits).toHaveLength(50);
    expect(hits.every(({ sql }) => /^INSERT INTO rate_limits[\s\S]*RETURNING points, expire$/.test(sql))).toBe(true);
    const key = hits[0]!.params[0] as string;
    expect(hits.every(({ params }) => params[0] === key)).toBe(true);
    const points = async () => Number((await h.db.query('SELECT points FROM rate_limits WHERE `key` = ?', [key]))[0].points);
    expect(await points()).toBe(50);
    expect(await limits.hit('secureIdChecksPerMember', subject)).toBe(false);
    await h.db.query('UPDATE rate_limits SET expire = ? WHERE `key` = ?', [Date.now() - 1, key]);
    expect(await limits.hit('secureIdChecksPerMember', subject)).toBe(true);
    expect(await points()).toBe(1);
  });

  it('login-ID reminders: at most 3 emails per address per hour, silently', async () => {
    const member = await approvedMember(h);
    for (let i = 0; i < 5; i += 1) {
      expect((await h.client().post('/api/v1/login-id-reminders', { email: member.email }, from(newIp()))).status).toBe(202);
    }
    const [{ n }] = await h.db.query("SELECT COUNT(*) AS n FROM outbox_messages WHERE template = 'login-id-reminder' AND recipient = ?", [member.email]);
    expect(Number(n)).toBe(3);
  });

  it('password setups: 20 per source IP per hour', async () => {
    const ip = newIp();
    for (let i = 0; i < 20; i += 1) {
      expect((await h.client().post('/api/v1/password-setup', { token: `guess${i}`, password: 'Nw5#pLq8!zXr' }, from(ip))).status).toBe(410);
    }
    expectLimited(await h.client().post('/api/v1/password-setup', { token: 'guess', password: 'Nw5#pLq8!zXr' }, from(ip)));
  });

  it('sign-ups for one corporate number: 3 attempts a day, whoever sends them', async () => {
    const corporate = signupPayload().company.corporateNumber;
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await h.client().post('/api/v1/signup-applications', signupPayload({ corporateNumber: corporate }), from(newIp()))).status);
    expect(statuses).toEqual([202, 409, 409, 429]);
  });

  it('staff logins: 20 failures per source IP, then 429', async () => {
    const ip = newIp();
    for (let batch = 0; batch < 2; batch += 1) {
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) =>
        h.client().post('/api/v1/backoffice/session', { loginId: `nobody${batch}${i}`, password: 'Wrong-Passw0rd!' }, from(ip))));
      expect(results.every((r) => r.status === 401)).toBe(true);
    }
    expectLimited(await h.client().post('/api/v1/backoffice/session', { loginId: 'supervisor', password: 'Qz7!mLw#2pVx' }, from(ip)));
  });
});
