import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ReceiptNumbers } from '../src/modules/applications/receipt-numbers.service.js';
import { approvedMember, corporateNumber, signupPayload, staffLogin } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let h: TestApp;
beforeAll(async () => { h = await startTestApp(); });
afterAll(async () => { await h.close(); });

describe('terms and sign-up', () => {
  it('serves the current terms from the database', async () => {
    const response = await h.client().get('/api/v1/terms/current');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ version: '2026-04', title: '法人Webサービス利用規約', effectiveDate: '2026-04-01' });
    expect(response.body.body).toContain('第1条');
  });

  it('accepts an application, records consent and sends the 受付メール', async () => {
    const payload = signupPayload();
    const response = await h.client().post('/api/v1/signup-applications', payload, { headers: { 'user-agent': 'jest-e2e/1.0' } });
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({ status: 'RECEIVED', applicationId: expect.any(String) });
    const mail = await h.mail.waitFor((m) => m.to.includes(payload.administrator.email));
    expect(mail.subject).toBe('【法人Webサービス】お申込みを受け付けました / We have received your application');
    // a formatted, non-guessable 受付番号, not the row id
    expect(response.body.receiptNumber).toMatch(/^CW-\d{6}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(mail.text).toContain(`受付番号:${response.body.receiptNumber}`);
    expect(mail.text).toContain(`Reference number: ${response.body.receiptNumber}`);
    expect(mail.text).not.toContain(`受付番号:${response.body.applicationId}\n`);
    const [row] = await h.db.query('SELECT terms_version, consent_ip, consent_user_agent, status FROM signup_applications WHERE id = ?', [response.body.applicationId]);
    expect(row).toMatchObject({ terms_version: '2026-04', consent_user_agent: 'jest-e2e/1.0', status: 'RECEIVED' });
    expect(row.consent_ip).toMatch(/127\.0\.0\.1/);
  });

  it('stores the receipt number; one from before numbers were stored is shown the same, then stored at start', async () => {
    const staff = await staffLogin(h);
    const submitted = await h.client().post('/api/v1/signup-applications', signupPayload());
    const id = submitted.body.applicationId as string;
    const stored = async () => (await h.db.query('SELECT receipt_number FROM signup_applications WHERE id = ?', [id]))[0].receipt_number;
    expect(await stored()).toBe(submitted.body.receiptNumber);
    const shown = async () => (await staff.get(`/api/v1/backoffice/signup-applications/${id}`)).body.receiptNumber;
    // as a row written before the migration: no stored number, so the list and detail derive the same one
    await h.db.query('UPDATE signup_applications SET receipt_number = NULL WHERE id = ?', [id]);
    expect(await shown()).toBe(submitted.body.receiptNumber);
    const listed = (await staff.get('/api/v1/backoffice/signup-applications?limit=100')).body.items.find((item: { applicationId: string }) => item.applicationId === id);
    expect(listed.receiptNumber).toBe(submitted.body.receiptNumber);
    expect(await h.app.get(ReceiptNumbers).fillMissing()).toBeGreaterThanOrEqual(1);
    expect(await stored()).toBe(submitted.body.receiptNumber);
    expect(await shown()).toBe(submitted.body.receiptNumber);
  });

  it('refuses a second live application for the same corporate number with 409, even when concurrent', async () => {
    const number = corporateNumber();
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => h.client().post('/api/v1/signup-applications', signupPayload({ corporateNumber: number }))),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([202, 409, 409, 409, 409]);
    expect(responses.find((r) => r.status === 409)!.body.code).toBe('APPLICATION_EXISTS');
  });

  it('validates every field with its own code', async () => {
    const payload = signupPayload();
    const bad = {
      ...payload,
      company: { ...payload.company, nameKana: 'Ｋａｂｕｓｈｉｋｉ', corporateNumber: '1234567890123', postalCode: '12-345', phone: 'abc' },
      administrator: { ...payload.administrator, email: 'not-an-email', nameKana: 'Yamada' },
    };
    const response = await h.client().post('/api/v1/signup-applications', bad);
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.errors).toEqual(expect.arrayContaining([
      { field: 'company.nameKana', code: 'NOT_KATAKANA' },
      { field: 'company.corporateNumber', code: 'CORPORATE_NUMBER_INVALID' },
      { field: 'company.postalCode', code: 'POSTAL_CODE_INVALID' },
      { field: 'company.phone', code: 'PHONE_INVALID' },
      { field: 'administrator.email', code: 'EMAIL_INVALID' },
      { field: 'administrator.nameKana', code: 'NOT_KATAKANA' },
    ]));
  });

  it('normalises kana names as the SPA does (ASCII space, half-width kana, hiragana) and refuses romaji', async () => {
    const payload = signupPayload();
    const accepted = await h.client().post('/api/v1/signup-applications', {
      ...payload,
      company: { ...payload.company, nameKana: 'ｶﾌﾞｼｷｶﾞｲｼｬ ﾃｽﾄ(ｼｮｳｼﾞ)' },
      administrator: { ...payload.administrator, nameKana: ' やまだ タロウ ' },
    });
    expect(accepted.status).toBe(202);
    const [row] = await h.db.query('SELECT company_name_kana, admin_name_kana FROM signup_applications WHERE id = ?', [accepted.body.applicationId]);
    expect(row).toEqual({ company_name_kana: 'カブシキガイシャ　テスト（ショウジ）', admin_name_kana: 'ヤマダ　タロウ' });

    for (const romaji of ['Ｙａｍａｄａ　Ｔａｒｏ', 'Yamada Taro']) {
      const refused = await h.client().post('/api/v1/signup-applications', {
        ...signupPayload(), administrator: { ...payload.administrator, nameKana: romaji },
      });
      expect(refused.status).toBe(422);
      expect(refused.body.errors).toEqual([{ field: 'administrator.nameKana', code: 'NOT_KATAKANA' }]);
    }
  });

  it('requires consent and the current terms version', async () => {
    const notAgreed = await h.client().post('/api/v1/signup-applications', { ...signupPayload(), agreedToTerms: false });
    expect(notAgreed.status).toBe(422);
    expect(notAgreed.body.code).toBe('TERMS_NOT_AGREED');
    const stale = await h.client().post('/api/v1/signup-applications', signupPayload({ termsVersion: '2020-01' }));
    expect(stale.status).toBe(422);
    expect(stale.body.code).toBe('TERMS_VERSION_STALE');
    expect(stale.body.errors).toEqual([{ field: 'termsVersion', code: 'TERMS_VERSION_STALE' }]);
  });

  it('answers malformed JSON, unknown fields and wrong types with problem+json, never 500', async () => {
    const client = h.client();
    const truncated = await client.post('/api/v1/signup-applications', undefined, { raw: '{"termsVersion":' });
    expect(truncated.status).toBe(400);
    expect(truncated.body.code).toBe('MALFORMED_REQUEST');
    const proto = await client.post('/api/v1/signup-applications', undefined, { raw: '{"__proto__":{"admin":true}}' });
    expect(proto.status).toBe(400);
    const extra = await client.post('/api/v1/signup-applications', { ...signupPayload(), isAdmin: true });
    expect(extra.status).toBe(422);
    expect(extra.body.errors).toContainEqual({ field: 'isAdmin', code: 'UNKNOWN_FIELD' });
    const wrongType = await client.post('/api/v1/signup-applications', { ...signupPayload(), company: 'x' });
    expect(wrongType.status).toBe(422);
    const array = await client.post('/api/v1/signup-applications', [1, 2]);
    expect(array.status).toBe(422);
    const text = await client.post('/api/v1/signup-applications', undefined, { raw: 'hello', contentType: 'text/plain' });
    expect(text.status).toBe(415);
    expect(text.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });
});

describe('back-office review', () => {
  it('lists applications with keyset pagination and shows the detail with consent', async () => {
    const staff = await staffLogin(h);
    for (let i = 0; i < 3; i += 1) await h.client().post('/api/v1/signup-applications', signupPayload());
    const first = await staff.get('/api/v1/backoffice/signup-applications?status=RECEIVED&limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toBeDefined();
    const second = await staff.get(`/api/v1/backoffice/signup-applications?status=RECEIVED&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items[0].applicationId).not.toBe(first.body.items[1].applicationId);
    expect(Number(second.body.items[0].applicationId)).toBeLessThan(Number(first.body.items[1].applicationId));
    const detail = await staff.get(`/api/v1/backoffice/signup-applications/${first.body.items[0].applicationId}`);
    expect(detail.status).toBe(200);
    expect(detail.body.consent).toMatchObject({ ip: expect.any(String), agreedAt: expect.any(String) });
    const bad = await staff.get('/api/v1/backoffice/signup-applications?limit=5000');
    expect(bad.status).toBe(422);
  });

  it('approves once: login ID assigned, 登録完了メール with a setup link; a second decision is 409', async () => {
    const staff = await staffLogin(h);
    const payload = signupPayload();
    const { body } = await h.client().post('/api/v1/signup-applications', payload);
    const approval = await staff.post(`/api/v1/backoffice/signup-applications/${body.applicationId}/approval`);
    expect(approval.status).toBe(200);
    expect(approval.body.memberLoginId).toMatch(/^CW\d{8}$/);
    const mail = await h.mail.waitFor((m) => m.to.includes(payload.administrator.email) && m.subject.includes('登録完了'));
    expect(mail.text).toContain(approval.body.memberLoginId);
    expect(mail.text).toMatch(/http:\/\/localhost:5173\/password-setup#token=[A-Za-z0-9_-]{40,}/);
    // the setup page shows the login ID instead of asking for it again
    expect(mail.text).toMatch(new RegExp(`password-setup#token=[A-Za-z0-9_-]{40,}&id=${approval.body.memberLoginId}\\s`));
    const again = await staff.post(`/api/v1/backoffice/signup-applications/${body.applicationId}/rejection`, { reason: 'x' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('APPLICATION_ALREADY_DECIDED');
  });

  it('20 concurrent approvals of one application create exactly one member', async () => {
    const staff = await staffLogin(h);
    const { body } = await h.client().post('/api/v1/signup-applications', signupPayload());
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => staff.post(`/api/v1/backoffice/signup-applications/${body.applicationId}/approval`)),
    );
    expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 409)).toHaveLength(19);
    const [{ members }] = await h.db.query(
      'SELECT COUNT(*) AS members FROM members m JOIN companies c ON c.id = m.company_id JOIN signup_applications a ON a.corporate_number = c.corporate_number WHERE a.id = ?',
      [body.applicationId],
    );
    expect(Number(members)).toBe(1);
  });

  it('rejects with a reason and emails it; the company may apply again', async () => {
    const staff = await staffLogin(h);
    const payload = signupPayload();
    const { body } = await h.client().post('/api/v1/signup-applications', payload);
    const missing = await staff.post(`/api/v1/backoffice/signup-applications/${body.applicationId}/rejection`, {});
    expect(missing.status).toBe(422);
    const rejection = await staff.post(`/api/v1/backoffice/signup-applications/${body.applicationId}/rejection`, { reason: '法人番号と商号が一致しません' });
    expect(rejection.status).toBe(200);
    const mail = await h.mail.waitFor((m) => m.to.includes(payload.administrator.email) && m.subject.includes('審査結果'));
    expect(mail.text).toContain('法人番号と商号が一致しません');
    const reapply = await h.client().post('/api/v1/signup-applications', signupPayload({ corporateNumber: payload.company.corporateNumber }));
    expect(reapply.status).toBe(202);
  });

  it('enforces roles: an OPERATOR reads and annotates but cannot decide', async () => {
    const { StaffAccountsService } = await import('../src/modules/auth/staff-accounts.service.js');
    const loginId = `operator${Date.now()}`;
    await h.app.get(StaffAccountsService).create(loginId, 'Op3rat0r!Kx9z', 'OPERATOR');
    const operator = await staffLogin(h, loginId, 'Op3rat0r!Kx9z');
    const { body } = await h.client().post('/api/v1/signup-applications', signupPayload());
    expect((await operator.get(`/api/v1/backoffice/signup-applications/${body.applicationId}`)).status).toBe(200);
    expect((await operator.post(`/api/v1/backoffice/signup-applications/${body.applicationId}/notes`, { text: '書類確認済み' })).status).toBe(204);
    const approval = await operator.post(`/api/v1/backoffice/signup-applications/${body.applicationId}/approval`);
    expect(approval.status).toBe(403);
    expect(approval.body.code).toBe('FORBIDDEN');
  });

  it('refuses back-office calls without a staff session, and a member session is not a staff session', async () => {
    expect((await h.client().get('/api/v1/backoffice/signup-applications')).status).toBe(401);
    const member = await approvedMember(h);
    const response = await member.client.get('/api/v1/backoffice/signup-applications');
    expect(response.status).toBe(401);
  });
});

describe('terms in force, by the business day', () => {
  it('new terms apply from 00:00 in Japan, not from 09:00 (00:00 UTC)', async () => {
    await h.db.query(
      "INSERT INTO terms_versions (version, title, body, effective_date, created_at) VALUES ('2026-11-26', '法人Webサービス利用規約', '第1条 改定', '2026-11-26', ?)",
      [h.clock.now()],
    );
    const start = h.clock.now();
    try {
      h.clock.set(new Date('2026-11-25T14:30:00.000Z')); // 23:30 JST on the 25th
      expect((await h.client().get('/api/v1/terms/current')).body).toMatchObject({ version: '2026-04' });
      h.clock.set(new Date('2026-11-25T15:30:00.000Z')); // 00:30 JST on the 26th, still the 25th in UTC
      expect((await h.client().get('/api/v1/terms/current')).body).toMatchObject({ version: '2026-11-26', effectiveDate: '2026-11-26' });
    } finally {
      h.clock.set(start);
      await h.db.query("DELETE FROM terms_versions WHERE version = '2026-11-26'");
    }
  });
});
