import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MEMBER_PASSWORD, approvedMember, signupPayload, staffLogin, tokenFrom } from './support/fixtures.js';
import { SESSION_TOUCH_GRANULARITY_MS } from '../src/modules/session/session.service.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let h: TestApp;
beforeAll(async () => { h = await startTestApp(); });
afterAll(async () => { await h.close(); });

describe('password setup from the completion email', () => {
  it('is single use, checks the password rules, and expires after 72 hours', async () => {
    const payload = signupPayload();
    const { body } = await h.client().post('/api/v1/signup-applications', payload);
    const staff = await staffLogin(h);
    const { body: approval } = await staff.post(`/api/v1/backoffice/signup-applications/${body.applicationId}/approval`);
    const mail = await h.mail.waitFor((m) => m.to.includes(payload.administrator.email) && m.subject.includes('登録完了'));
    const token = tokenFrom(mail.text);
    const weak = await h.client().post('/api/v1/password-setup', { token, password: 'password1' });
    expect(weak.status).toBe(422);
    expect(weak.body.errors.map((e: any) => e.code)).toContain('PASSWORD_TOO_COMMON');
    const containsId = await h.client().post('/api/v1/password-setup', { token, password: `x#${approval.memberLoginId}` });
    expect(containsId.body.errors).toContainEqual({ field: 'password', code: 'PASSWORD_CONTAINS_LOGIN_ID' });
    expect((await h.client().post('/api/v1/password-setup', { token, password: MEMBER_PASSWORD })).status).toBe(204);
    const reuse = await h.client().post('/api/v1/password-setup', { token, password: MEMBER_PASSWORD });
    expect(reuse.status).toBe(410);
    expect(reuse.body.code).toBe('TOKEN_INVALID');
    await h.mail.waitFor((m) => m.to.includes(payload.administrator.email) && m.subject.includes('パスワード変更'));

    const late = signupPayload();
    const { body: second } = await h.client().post('/api/v1/signup-applications', late);
    await staff.post(`/api/v1/backoffice/signup-applications/${second.applicationId}/approval`);
    const lateMail = await h.mail.waitFor((m) => m.to.includes(late.administrator.email) && m.subject.includes('登録完了'));
    h.clock.advance(72 * 3600_000 + 1000);
    const expired = await h.client().post('/api/v1/password-setup', { token: tokenFrom(lateMail.text), password: MEMBER_PASSWORD });
    h.clock.advance(-(72 * 3600_000 + 1000));
    expect(expired.status).toBe(410);
  });
});

describe('login, lockout and sessions', () => {
  it('answers unknown ID and wrong password the same way', async () => {
    const member = await approvedMember(h);
    const unknown = await h.client().post('/api/v1/session', { loginId: 'CW00000000', password: 'whatever-Password1' });
    const wrong = await h.client().post('/api/v1/session', { loginId: member.loginId, password: 'whatever-Password1' });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect({ ...unknown.body, instance: 0 }).toEqual({ ...wrong.body, instance: 0 });
    expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
  });

  it('locks the account for 30 minutes after 5 consecutive failures, also when they are concurrent', async () => {
    const member = await approvedMember(h);
    const attempts = await Promise.all(Array.from({ length: 8 }, () => h.client().post('/api/v1/session', { loginId: member.loginId, password: 'Wrong-Passw0rd!' })));
    expect(attempts.every((r) => r.status === 401 || r.status === 423)).toBe(true);
    const locked = await h.client().post('/api/v1/session', { loginId: member.loginId, password: MEMBER_PASSWORD });
    expect(locked.status).toBe(423);
    expect(locked.body.code).toBe('ACCOUNT_LOCKED');
    h.clock.advance(30 * 60_000 + 1000);
    const after = await h.client().post('/api/v1/session', { loginId: member.loginId, password: MEMBER_PASSWORD });
    h.clock.advance(-(30 * 60_000 + 1000));
    expect(after.status).toBe(200);
    const [{ n }] = await h.db.query("SELECT COUNT(*) AS n FROM audit_events WHERE action = 'ACCOUNT_LOCKED' AND actor_id = (SELECT id FROM members WHERE login_id = ?)", [member.loginId]);
    expect(Number(n)).toBeGreaterThanOrEqual(1);
  });

  it('sequential failures: the 5th locks, the 4th does not', async () => {
    const member = await approvedMember(h);
    for (let i = 0; i < 4; i += 1) expect((await h.client().post('/api/v1/session', { loginId: member.loginId, password: 'Wrong-Passw0rd!' })).status).toBe(401);
    expect((await h.client().post('/api/v1/session', { loginId: member.loginId, password: MEMBER_PASSWORD })).status).toBe(200);
    for (let i = 0; i < 5; i += 1) await h.client().post('/api/v1/session', { loginId: member.loginId, password: 'Wrong-Passw0rd!' });
    expect((await h.client().post('/api/v1/session', { loginId: member.loginId, password: MEMBER_PASSWORD })).status).toBe(423);
  });

  it('sets an HttpOnly SameSite=Strict cookie, rotates it at login, and revokes it at logout', async () => {
    const member = await approvedMember(h);
    const client = h.client();
    const first = await client.post('/api/v1/session', { loginId: member.loginId, password: MEMBER_PASSWORD });
    const cookie = first.headers.getSetCookie().find((c) => c.startsWith('corpweb_sid='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(first.body).toMatchObject({ member: { loginId: member.loginId }, csrfToken: expect.any(String) });
    const oldSid = client.cookies.get('corpweb_sid')!;
    await client.post('/api/v1/session', { loginId: member.loginId, password: MEMBER_PASSWORD });
    expect(client.cookies.get('corpweb_sid')).not.toBe(oldSid);
    const stale = h.client();
    stale.cookies.set('corpweb_sid', oldSid);
    expect((await stale.get('/api/v1/me')).status).toBe(401);
    expect((await client.get('/api/v1/me')).status).toBe(200);
    const sid = client.cookies.get('corpweb_sid')!;
    expect((await client.delete('/api/v1/session')).status).toBe(204);
    const replay = h.client();
    replay.cookies.set('corpweb_sid', sid);
    expect((await replay.get('/api/v1/me')).status).toBe(401);
  });

  it('expires sessions after 15 idle minutes and after 8 hours in any case', async () => {
    const member = await approvedMember(h);
    const start = h.clock.now();
    h.clock.advance(14 * 60_000);
    expect((await member.client.get('/api/v1/me')).status).toBe(200);
    h.clock.advance(14 * 60_000);
    expect((await member.client.get('/api/v1/me')).status).toBe(200);
    h.clock.advance(16 * 60_000);
    expect((await member.client.get('/api/v1/me')).status).toBe(401);
    h.clock.set(start);
    const busy = await approvedMember(h);
    for (let minutes = 0; minutes < 8 * 60; minutes += 10) {
      h.clock.advance(10 * 60_000);
      const me = await busy.client.get('/api/v1/me');
      expect({ minutes: minutes + 10, status: me.status }).toEqual({ minutes: minutes + 10, status: minutes + 10 < 8 * 60 ? 200 : 401 });
    }
    h.clock.set(start);
  });

  it('touches the idle timestamp at most every 30 s and still ends a session 15 idle minutes after the stored touch', async () => {
    const member = await approvedMember(h);
    const start = h.clock.now();
    const [{ id_hash: idHash }] = await h.db.query('SELECT id_hash FROM sessions WHERE principal_id = (SELECT id FROM members WHERE login_id = ?) ORDER BY created_at DESC LIMIT 1', [member.loginId]);
    const lastSeen = async () => new Date((await h.db.query('SELECT last_seen_at FROM sessions WHERE id_hash = ?', [idHash]))[0].last_seen_at).getTime();
    const touched = await lastSeen();
    h.clock.advance(SESSION_TOUCH_GRANULARITY_MS); // within the granularity: no write
    expect((await member.client.get('/api/v1/me')).status).toBe(200);
    expect(await lastSeen()).toBe(touched);
    // 15 minutes after the stored touch the session is over, though the last request was 30 s later
    h.clock.set(new Date(touched + 15 * 60_000 - 1));
    expect((await member.client.get('/api/v1/me')).status).toBe(200);
    expect(await lastSeen()).toBe(touched + 15 * 60_000 - 1); // past the granularity: touched
    h.clock.set(new Date(touched + 15 * 60_000 - 1 + 15 * 60_000 - 1));
    expect((await member.client.get('/api/v1/me')).status).toBe(200);
    const second = await lastSeen();
    h.clock.advance(SESSION_TOUCH_GRANULARITY_MS);
    expect((await member.client.get('/api/v1/me')).status).toBe(200); // not touched (exactly the granularity)
    h.clock.set(new Date(second + 15 * 60_000));
    expect((await member.client.get('/api/v1/me')).status).toBe(401);
    h.clock.set(start);
  });

  it('a password change needs the current password, revokes other sessions and emails a notice', async () => {
    const member = await approvedMember(h);
    const other = h.client();
    await other.post('/api/v1/session', { loginId: member.loginId, password: MEMBER_PASSWORD });
    const wrong = await member.client.put('/api/v1/me/password', { currentPassword: 'nope-Nope-1!', newPassword: 'Vb8%tRw2!mKq' });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors).toEqual([{ field: 'currentPassword', code: 'CURRENT_PASSWORD_WRONG' }]);
    expect((await member.client.put('/api/v1/me/password', { currentPassword: MEMBER_PASSWORD, newPassword: 'Vb8%tRw2!mKq' })).status).toBe(204);
    expect((await other.get('/api/v1/me')).status).toBe(401);
    expect((await member.client.get('/api/v1/me')).status).toBe(200);
    await h.mail.waitFor((m) => m.to.includes(member.email) && m.subject.includes('パスワード変更'));
  });
});

describe('password reset and forgotten login ID', () => {
  it('answers 202 whether or not the account exists, and emails only a match', async () => {
    const member = await approvedMember(h);
    const unknown = await h.client().post('/api/v1/password-reset-requests', { loginId: 'CW99999999', email: 'nobody@example.com' });
    const mismatch = await h.client().post('/api/v1/password-reset-requests', { loginId: member.loginId, email: 'other@example.com' });
    const match = await h.client().post('/api/v1/password-reset-requests', { loginId: member.loginId, email: member.email.toUpperCase() });
    expect([unknown.status, mismatch.status, match.status]).toEqual([202, 202, 202]);
    expect(unknown.text).toBe(match.text);
    const mail = await h.mail.waitFor((m) => m.to.includes(member.email) && m.subject.includes('パスワード再設定'));
    await h.app.get((await import('../src/modules/outbox/outbox.worker.js')).OutboxWorker).deliverBatch();
    expect(h.mail.to('nobody@example.com')).toHaveLength(0);
    expect(h.mail.to('other@example.com')).toHaveLength(0);
    expect(h.mail.to(member.email).filter((m) => m.subject.includes('パスワード再設定'))).toHaveLength(1);
    h.clock.advance(61 * 60_000);
    const expired = await h.client().post('/api/v1/password-setup', { token: tokenFrom(mail.text), password: 'Nw5#pLq8!zXr' });
    h.clock.advance(-61 * 60_000);
    expect(expired.status).toBe(410);
    await h.client().post('/api/v1/password-reset-requests', { loginId: member.loginId, email: member.email });
    await h.mail.waitFor((m) => m.to.includes(member.email) && m.subject.includes('パスワード再設定') && m !== mail);
    const latest = h.mail.messages.filter((m) => m.to.includes(member.email) && m.subject.includes('パスワード再設定')).at(-1)!;
    expect((await h.client().post('/api/v1/password-setup', { token: tokenFrom(latest.text), password: 'Nw5#pLq8!zXr' })).status).toBe(204);
    expect((await h.client().post('/api/v1/session', { loginId: member.loginId, password: 'Nw5#pLq8!zXr' })).status).toBe(200);
  });

  it('reminds the login ID by email, uniformly', async () => {
    const member = await approvedMember(h);
    const unknown = await h.client().post('/api/v1/login-id-reminders', { email: 'nobody@example.com' });
    const known = await h.client().post('/api/v1/login-id-reminders', { email: member.email });
    expect([unknown.status, known.status]).toEqual([202, 202]);
    const mail = await h.mail.waitFor((m) => m.to.includes(member.email) && m.subject.includes('ログインID'));
    expect(mail.text).toContain(member.loginId);
  });
});
