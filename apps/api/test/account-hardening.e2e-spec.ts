/**
 * Issue 10: password length before costly checks, token revocation on password change, counting wrong
 * current passwords, lock answers for unknown IDs, failed-login audit rows.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MEMBER_PASSWORD, approvedMember, signupPayload, staffLogin, tokenFrom } from './support/fixtures.js';
import { STAFF_LOGIN_ID, startTestApp, type TestApp } from './support/test-app.js';

let h: TestApp;
beforeAll(async () => { h = await startTestApp(); });
afterAll(async () => { await h.close(); });

const LONG = 'Kx7#mQ2v!Lp9'.repeat(6); // 72 characters

describe('the 64-character password limit comes before any costly check', () => {
  it('login, staff login, password change and enrollment refuse a long password at the edge; a login failure is not counted', async () => {
    const member = await approvedMember(h);
    const login = await h.client().post('/api/v1/session', { loginId: member.loginId, password: LONG });
    expect(login.status).toBe(422);
    expect(login.body.errors).toEqual([{ field: 'password', code: 'PASSWORD_TOO_LONG' }]);
    const [row] = await h.db.query('SELECT failed_login_count FROM members WHERE login_id = ?', [member.loginId]);
    expect(Number(row.failed_login_count)).toBe(0);
    const staff = await h.client().post('/api/v1/backoffice/session', { loginId: STAFF_LOGIN_ID, password: LONG });
    expect(staff.body.errors).toEqual([{ field: 'password', code: 'PASSWORD_TOO_LONG' }]);
    const change = await member.client.put('/api/v1/me/password', { currentPassword: LONG, newPassword: LONG });
    expect(change.status).toBe(422);
    expect(change.body.errors).toEqual([{ field: 'currentPassword', code: 'PASSWORD_TOO_LONG' }, { field: 'newPassword', code: 'PASSWORD_TOO_LONG' }]);
  });

  it('password setup answers only PASSWORD_TOO_LONG: the strength estimator never ran', async () => {
    const payload = signupPayload();
    const { body } = await h.client().post('/api/v1/signup-applications', payload);
    await (await staffLogin(h)).post(`/api/v1/backoffice/signup-applications/${body.applicationId}/approval`);
    const mail = await h.mail.waitFor((m) => m.to.includes(payload.administrator.email) && m.subject.includes('登録完了'));
    // too common for zxcvbn as well, but only the length is reported
    const setup = await h.client().post('/api/v1/password-setup', { token: tokenFrom(mail.text), password: 'password'.repeat(9) });
    expect(setup.status).toBe(422);
    expect(setup.body.errors).toEqual([{ field: 'password', code: 'PASSWORD_TOO_LONG' }]);
    expect((await h.client().post('/api/v1/password-setup', { token: tokenFrom(mail.text), password: MEMBER_PASSWORD })).status).toBe(204);
  });
});
