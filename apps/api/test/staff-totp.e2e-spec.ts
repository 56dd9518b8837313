/**
 * Staff second factor (issue 10 point 5, PCI DSS 8.4.2) with STAFF_TOTP on: TOTP enrolled at first login, a code
 * used once, and a password failure counter that an outsider who only knows a staff login ID cannot use to keep
 * the staff member out (it locks that source address, not the account).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generate } from 'otplib';
import type { HttpClient } from './support/http-client.js';
import { STAFF_LOGIN_ID, STAFF_PASSWORD, startTestApp, type TestApp } from './support/test-app.js';

let h: TestApp;
let secret = '';
beforeAll(async () => { h = await startTestApp({ STAFF_TOTP: 'true', TRUST_PROXY: '127.0.0.1' }); });
afterAll(async () => { await h.close(); });

const from = (ip: string) => ({ headers: { 'x-forwarded-for': ip } });
const code = () => generate({ secret, epoch: Math.floor(h.clock.now().getTime() / 1000) });
/** the next 30-second step: a code is accepted once */
const nextStep = () => h.clock.advance(30_000);

async function login(client: HttpClient, otp?: string, ip = '203.0.113.10', password = STAFF_PASSWORD) {
  return client.post('/api/v1/backoffice/session', { loginId: STAFF_LOGIN_ID, password, ...(otp ? { otp } : {}) }, from(ip));
}

describe('staff TOTP', () => {
  it('is enrolled at first login: until then the session can only enroll', async () => {
    const staff = h.client();
    const first = await login(staff);
    expect(first.status).toBe(200);
    expect(first.body.totpEnrollmentRequired).toBe(true);
    const blocked = await staff.get('/api/v1/backoffice/signup-applications');
    expect([blocked.status, blocked.body.code]).toEqual([403, 'MFA_ENROLLMENT_REQUIRED']);
    expect((await staff.get('/api/v1/backoffice/me')).body.totpEnrollmentRequired).toBe(true);
    const started = await staff.post('/api/v1/backoffice/me/totp');
    expect(started.status).toBe(200);
    expect(started.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/.+secret=/);
    secret = started.body.secret;
    const [row] = await h.db.query('SELECT totp_secret FROM staff WHERE login_id = ?', [STAFF_LOGIN_ID]);
    expect(row.totp_secret.toString('latin1')).not.toContain(secret);
    expect((await staff.post('/api/v1/backoffice/me/totp/confirmation', { code: '000000' === (await code()) ? '111111' : '000000' })).status).toBe(422);
    expect((await staff.post('/api/v1/backoffice/me/totp/confirmation', { code: await code() })).status).toBe(204);
    expect((await staff.get('/api/v1/backoffice/signup-applications')).status).toBe(200);
    expect((await staff.post('/api/v1/backoffice/me/totp')).status).toBe(403);
  });

  it('a login then needs the code: 401 MFA_REQUIRED without it, each code works once', async () => {
    const missing = await login(h.client());
    expect([missing.status, missing.body.code]).toEqual([401, 'MFA_REQUIRED']);
    expect(missing.headers.get('set-cookie')).toBeNull();
    // the code of the step the enrollment used is spent
    expect((await login(h.client(), await code())).status).toBe(401);
    nextStep();
    const otp = await code();
    const staff = h.client();
    const ok = await login(staff, otp);
    expect(ok.status).toBe(200);
    expect(ok.body.totpEnrollmentRequired).toBeUndefined();
    expect((await staff.get('/api/v1/backoffice/audit-events?limit=1')).status).toBe(200);
    expect((await login(h.client(), otp)).status).toBe(401);
  });

  it('an outsider who only knows the login ID locks out only their own address', async () => {
    for (let i = 0; i < 5; i += 1) expect((await login(h.client(), undefined, '198.51.100.66', `Wrong-Passw0rd!${i}`)).status).toBe(401);
    const outsider = await login(h.client(), undefined, '198.51.100.66');
    expect([outsider.status, outsider.body.code]).toEqual([423, 'ACCOUNT_LOCKED']);
    nextStep();
    expect((await login(h.client(), await code(), '203.0.113.10')).status).toBe(200);
  });

  it('wrong codes after the right password lock the account, like wrong passwords', async () => {
    nextStep();
    const failures = async () => Number((await h.db.query("SELECT COUNT(*) AS n FROM audit_events WHERE action = 'SECOND_FACTOR_FAILED'"))[0].n);
    const before = await failures();
    const right = await code();
    const wrong = right === '123456' ? '654321' : '123456';
    for (let i = 0; i < 4; i += 1) expect((await login(h.client(), wrong, `203.0.113.${20 + i}`)).status).toBe(401);
    const fifth = await login(h.client(), wrong, '203.0.113.30');
    expect([fifth.status, fifth.body.code]).toEqual([423, 'ACCOUNT_LOCKED']);
    expect((await login(h.client(), right, '203.0.113.31')).status).toBe(423);
    expect((await failures()) - before).toBe(5);
  });
});
