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

async function resetLink(email: string, before: number): Promise<string> {
  const mail = await h.mail.waitFor((m) => m.to.includes(email) && m.subject.includes('パスワード再設定') && h.mail.messages.indexOf(m) >= before);
  return tokenFrom(mail.text);
}

describe('password tokens and the current-password counter', () => {
  it('a reset link issued before a password change no longer works after it', async () => {
    const member = await approvedMember(h);
    const before = h.mail.messages.length;
    await h.client().post('/api/v1/password-reset-requests', { loginId: member.loginId, email: member.email });
    const token = await resetLink(member.email, before);
    expect((await member.client.put('/api/v1/me/password', { currentPassword: MEMBER_PASSWORD, newPassword: 'Vb8%tRw2!mKq' })).status).toBe(204);
    const late = await h.client().post('/api/v1/password-setup', { token, password: 'Nw5#pLq8!zXr' });
    expect(late.status).toBe(410);
    expect(late.body.code).toBe('TOKEN_INVALID');
    expect((await h.client().post('/api/v1/session', { loginId: member.loginId, password: 'Vb8%tRw2!mKq' })).status).toBe(200);
  });

  it('only the newest reset link is live', async () => {
    const member = await approvedMember(h);
    let before = h.mail.messages.length;
    await h.client().post('/api/v1/password-reset-requests', { loginId: member.loginId, email: member.email });
    const first = await resetLink(member.email, before);
    before = h.mail.messages.length;
    await h.client().post('/api/v1/password-reset-requests', { loginId: member.loginId, email: member.email });
    const second = await resetLink(member.email, before);
    expect(second).not.toBe(first);
    expect((await h.client().post('/api/v1/password-setup', { token: first, password: 'Nw5#pLq8!zXr' })).status).toBe(410);
    expect((await h.client().post('/api/v1/password-setup', { token: second, password: 'Nw5#pLq8!zXr' })).status).toBe(204);
  });

  it('5 wrong current passwords on PUT /me/password lock the account like logins and end its sessions', async () => {
    const member = await approvedMember(h);
    for (let i = 0; i < 4; i += 1) {
      const wrong = await member.client.put('/api/v1/me/password', { currentPassword: `Wrong-Passw0rd!${i}`, newPassword: 'Vb8%tRw2!mKq' });
      expect(wrong.status).toBe(422);
    }
    const fifth = await member.client.put('/api/v1/me/password', { currentPassword: 'Wrong-Passw0rd!5', newPassword: 'Vb8%tRw2!mKq' });
    expect(fifth.status).toBe(423);
    expect(fifth.body.code).toBe('ACCOUNT_LOCKED');
    expect((await member.client.get('/api/v1/me')).status).toBe(401);
    const login = await h.client().post('/api/v1/session', { loginId: member.loginId, password: MEMBER_PASSWORD });
    expect(login.status).toBe(423);
    const [{ n }] = await h.db.query(
      "SELECT COUNT(*) AS n FROM audit_events WHERE action = 'CURRENT_PASSWORD_FAILED' AND actor_id = (SELECT id FROM members WHERE login_id = ?)", [member.loginId],
    );
    expect(Number(n)).toBe(5);
  });

  it('a right current password resets the counter', async () => {
    const member = await approvedMember(h);
    for (let i = 0; i < 4; i += 1) await member.client.put('/api/v1/me/password', { currentPassword: `Wrong-Passw0rd!${i}`, newPassword: 'Vb8%tRw2!mKq' });
    expect((await member.client.put('/api/v1/me/password', { currentPassword: MEMBER_PASSWORD, newPassword: 'Vb8%tRw2!mKq' })).status).toBe(204);
    expect((await member.client.put('/api/v1/me/password', { currentPassword: 'Wrong-Passw0rd!x', newPassword: 'Jm3$kWq9!pLz' })).status).toBe(422);
    expect((await h.client().post('/api/v1/session', { loginId: member.loginId, password: 'Vb8%tRw2!mKq' })).status).toBe(200);
  });
});

describe('failed-login audit rows', () => {
  it('keep the typed login ID only when it is a well-formed login ID', async () => {
    const member = await approvedMember(h);
    const lastDetail = async () => {
      const [row] = await h.db.query("SELECT detail FROM audit_events WHERE action = 'LOGIN_FAILED' ORDER BY id DESC LIMIT 1");
      return JSON.parse(row.detail);
    };
    await h.client().post('/api/v1/session', { loginId: member.loginId, password: 'Wrong-Passw0rd!' });
    await expect(lastDetail()).resolves.toEqual({ loginId: member.loginId });
    await h.client().post('/api/v1/session', { loginId: 'CW00000001', password: 'Wrong-Passw0rd!' });
    await expect(lastDetail()).resolves.toEqual({ loginId: 'CW00000001' });
    // a password typed into the ID field
    await h.client().post('/api/v1/session', { loginId: MEMBER_PASSWORD, password: 'Wrong-Passw0rd!' });
    await expect(lastDetail()).resolves.toEqual({ loginIdWellFormed: false });
    await h.client().post('/api/v1/backoffice/session', { loginId: 'Qz7!mLw#2pVx-typo', password: 'Wrong-Passw0rd!' });
    await expect(lastDetail()).resolves.toEqual({ loginIdWellFormed: false });
    const [{ n }] = await h.db.query('SELECT COUNT(*) AS n FROM audit_events WHERE detail LIKE ?', [`%${MEMBER_PASSWORD}%`]);
    expect(Number(n)).toBe(0);
  });
});

describe('existence oracles', () => {
  it('after 5 failures an unknown login ID answers exactly like a locked account (423, same body, Retry-After)', async () => {
    const member = await approvedMember(h);
    const unknownId = `CW5${String(Date.now()).slice(-7)}`;
    for (let i = 0; i < 5; i += 1) {
      expect((await h.client().post('/api/v1/session', { loginId: member.loginId, password: 'Wrong-Passw0rd!' })).status).toBe(401);
      expect((await h.client().post('/api/v1/session', { loginId: unknownId, password: 'Wrong-Passw0rd!' })).status).toBe(401);
    }
    const locked = await h.client().post('/api/v1/session', { loginId: member.loginId, password: 'Wrong-Passw0rd!' });
    const unknown = await h.client().post('/api/v1/session', { loginId: unknownId.toLowerCase(), password: 'Wrong-Passw0rd!' });
    expect([locked.status, unknown.status]).toEqual([423, 423]);
    expect({ ...unknown.body, instance: 0 }).toEqual({ ...locked.body, instance: 0 });
    expect(Number(unknown.headers.get('retry-after'))).toBeGreaterThan(29 * 60);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(29 * 60);
  });
});

describe('the password-hash queue is bounded', () => {
  it('200 concurrent logins: beyond the queue the answer is 503 SERVER_BUSY with Retry-After, never a 500, and a real login gets through after', async () => {
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) =>
      h.client().post('/api/v1/session', { loginId: `CW4${String(i).padStart(7, '0')}`, password: 'Wrong-Passw0rd!' })));
    const statuses = results.map((r) => r.status);
    expect(statuses.every((s) => s === 401 || s === 503)).toBe(true);
    const busy = results.filter((r) => r.status === 503);
    expect(busy.length).toBeGreaterThan(0);
    for (const response of busy) {
      expect(response.body.code).toBe('SERVER_BUSY');
      expect(response.headers.get('retry-after')).toBe('1');
    }
    const member = await approvedMember(h);
    const started = performance.now();
    expect((await h.client().post('/api/v1/session', { loginId: member.loginId, password: MEMBER_PASSWORD })).status).toBe(200);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
