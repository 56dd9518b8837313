/**
 * Issue 4, property 3: after a full journey, no full PAN, PIN, OTP or password is anywhere it does not
 * belong — not in any column of any table, not in any log line, not in any email; an OTP appears only in the
 * body of its own SMS. The journey goes through HTTP only (sign-up → approval → setup → login → CSV import →
 * inquiries incl. wrong PINs → fixed-password and OTP registrations → change → deregistration).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { MEMBER_PASSWORD, approvedMember, jcbCardNumber, staffLogin, type MemberFixture } from './support/fixtures.js';
import type { HttpClient } from './support/http-client.js';
import { STAFF_PASSWORD, startTestApp, type TestApp } from './support/test-app.js';
import { startTestAcs, type TestAcs } from './support/test-acs.js';
import { answer, buildAReq, openChallenge, sendAReq } from './support/three-ds-server.js';
import { eventually } from './support/eventually.js';

const logLines: string[] = [];
const logSink = new Writable({
  write(chunk, _encoding, done) {
    logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  },
});

let h: TestApp;
let acs: TestAcs;
let member: MemberFixture;
let staff: HttpClient;
const pans: string[] = [];
const pins = ['7294', '8163'];
const fixedPassword = 'Qm4!vZr8#tLw';
const otpCodes: string[] = [];

async function importCards(corporateNumber: string): Promise<void> {
  for (let i = 0; i < 2; i += 1) pans.push(jcbCardNumber());
  const csv = ['corporate_number,card_number,expiry_yymm,pin,holder_name', ...pans.map((pan, i) => `${corporateNumber},${pan},3012,${pins[i]},テスト\u3000タロウ`)].join('\n');
  const accepted = await staff.post('/api/v1/backoffice/card-imports', undefined, { raw: `${csv}\n`, contentType: 'text/csv' });
  expect(accepted.status).toBe(202);
  await eventually(async () => (await staff.get(`/api/v1/backoffice/card-imports/${accepted.body.importId}`)).body.status === 'COMPLETED',
    'the import to complete', { timeoutMs: 5_000, intervalMs: 25 });
}

beforeAll(async () => {
  h = await startTestApp({ LOG_LEVEL: 'trace' }, { logDestination: logSink });
  staff = await staffLogin(h);
  member = await approvedMember(h, staff);
  await importCards(member.corporateNumber);
  const [pan1, pan2] = pans as [string, string];
  // wrong PINs and a lock, on purpose: failures must not leak either
  await member.client.post('/api/v1/card-inquiries', { cardNumber: pan1, pin: '0000' });
  const first = await member.client.post('/api/v1/card-inquiries', { cardNumber: pan1, pin: pins[0] });
  expect(first.status).toBe(200);
  const registered = await member.client.put(`/api/v1/card-inquiries/${first.body.inquiryId}/enrollment`, { secureId: 'scan.keiri1', method: 'PASSWORD', password: fixedPassword });
  expect(registered.status).toBe(200);
  const second = await member.client.post('/api/v1/card-inquiries', { cardNumber: pan2, pin: pins[1] });
  const started = await member.client.put(`/api/v1/card-inquiries/${second.body.inquiryId}/enrollment`, { secureId: 'scan.keiri2', method: 'OTP', phone: '090-5555-0101' });
  expect(started.status).toBe(202);
  const sms = await h.sms.waitFor((s) => s.to === '+819055550101');
  const code = /(\d{6})/.exec(sms.body)![1]!;
  otpCodes.push(code);
  const wrongCode = code === '111111' ? '222222' : '111111';
  await member.client.post(`/api/v1/card-inquiries/${second.body.inquiryId}/enrollment/verification`, { verificationId: started.body.verificationId, code: wrongCode });
  const verified = await member.client.post(`/api/v1/card-inquiries/${second.body.inquiryId}/enrollment/verification`, { verificationId: started.body.verificationId, code });
  expect(verified.status).toBe(200);
  const change = await member.client.put(`/api/v1/card-inquiries/${first.body.inquiryId}/enrollment`, { secureId: 'scan.keiri3', method: 'PASSWORD', password: fixedPassword });
  expect(change.status).toBe(200);
  expect((await member.client.delete(`/api/v1/card-inquiries/${first.body.inquiryId}/enrollment`)).status).toBe(204);
  await h.mail.waitFor((m) => m.to.includes(member.email) && m.subject.includes('登録解除'));
  // and a checkout through the ACS on the OTP card: a wrong code, then the right one (Y with a cryptogram)
  acs = await startTestAcs(h, { LOG_LEVEL: 'trace' }, { logDestination: logSink });
  const ares = (await sendAReq(acs.baseUrl, buildAReq({ cardNumber: pan2 }, { amount: '12800' }))).body;
  expect(ares.transStatus).toBe('C');
  const page = await openChallenge(ares);
  const checkoutSms = await h.sms.waitFor((s) => s.to === '+819055550101' && s.body.includes('J/Secure'));
  const checkoutCode = /(\d{6})/.exec(checkoutSms.body)![1]!;
  otpCodes.push(checkoutCode);
  const wrongPage = await answer(page, { secureId: 'scan.keiri2', otp: checkoutCode === '111111' ? '222222' : '111111' });
  await answer(wrongPage, { secureId: 'scan.keiri2', otp: checkoutCode });
  await acs.ds.waitForAccepted(ares.acsTransID);
});
afterAll(async () => {
  await acs?.close();
  await h.close();
});

function forbidden(): string[] {
  return [...pans, fixedPassword, MEMBER_PASSWORD, STAFF_PASSWORD];
}

/** Every column of every row as text: strings as they are, binary both as UTF-8/latin1 and hex. */
async function everyStoredValue(): Promise<{ where: string; text: string }[]> {
  const tables: { name: string }[] = await h.db.query(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'",
  );
  const values: { where: string; text: string }[] = [];
  for (const { name } of tables) {
    const rows: Record<string, unknown>[] = await h.db.query(`SELECT * FROM \`${name}\``);
    for (const row of rows) {
      for (const [column, value] of Object.entries(row)) {
        if (value === null || value === undefined) continue;
        const texts = Buffer.isBuffer(value) ? [value.toString('utf8'), value.toString('latin1'), value.toString('hex')] : [value instanceof Date ? value.toISOString() : String(value)];
        for (const text of texts) values.push({ where: `${name}.${column}`, text });
      }
    }
  }
  return values;
}

describe('no card data where it does not belong', () => {
  it('the journey really produced logs, emails and SMS to scan', () => {
    expect(logLines.length).toBeGreaterThan(20);
    expect(h.mail.messages.length).toBeGreaterThan(4);
    expect(otpCodes).toHaveLength(2);
    expect(acs.ds.accepted.size).toBe(1);
  });

  it('no column of any table holds a PAN, a password, an OTP or a PIN in clear', async () => {
    const values = await everyStoredValue();
    expect(values.length).toBeGreaterThan(100);
    for (const secret of forbidden()) {
      const hits = values.filter((v) => v.text.includes(secret)).map((v) => v.where);
      expect({ secret: secret.slice(0, 4), hits }).toEqual({ secret: secret.slice(0, 4), hits: [] });
    }
    for (const code of otpCodes) {
      const hits = values.filter((v) => !v.where.endsWith('_at') && v.text.includes(code) && !/^[0-9a-f]+$/.test(v.text)).map((v) => v.where);
      expect(hits).toEqual([]);
    }
    // a 4-digit PIN can equal some card's last4 or expiry by chance; those columns hold no PIN by design
    const numericColumns = new Set(['cards.first4', 'cards.last4', 'cards.expiry_yymm']);
    for (const pin of pins) {
      const hits = values.filter((v) => v.text === pin && !numericColumns.has(v.where)).map((v) => v.where);
      expect(hits).toEqual([]);
    }
  });

  it('no log line holds a PAN, PIN, OTP, password, cookie or CSRF token', () => {
    const joined = logLines.join('\n');
    for (const secret of [...forbidden(), ...otpCodes]) expect(joined.includes(secret)).toBe(false);
    expect(joined).not.toMatch(/"pin"\s*:/);
    expect(joined).not.toMatch(/corpweb_sid=|corpweb_staff_sid=/);
    const csrf = member.client.cookies.get('corpweb_csrf')!;
    expect(joined.includes(csrf)).toBe(false);
  });

  it('emails show masked card numbers only; OTPs appear only in their SMS', () => {
    const mails = h.mail.messages.map((m) => `${m.subject}\n${m.text}`).join('\n');
    for (const secret of [...forbidden(), ...otpCodes]) expect(mails.includes(secret)).toBe(false);
    expect(mails).toMatch(/3540 \*\*\*\* \*\*\*\* \d{4}/);
    for (const sms of h.sms.messages) for (const secret of forbidden()) expect(sms.body.includes(secret)).toBe(false);
    const rreqs = JSON.stringify([...acs.ds.received]);
    for (const secret of [...forbidden(), ...otpCodes]) expect(rreqs.includes(secret)).toBe(false);
  });
});
