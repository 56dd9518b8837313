/**
 * Issue 4, properties 5 and 8: who may do what, and the cookie/header hardening outside localhost.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { StaffAccountsService } from '../src/modules/auth/staff-accounts.service.js';
import { MEMBER_PASSWORD, approvedMember, seedCard, staffLogin, type MemberFixture } from './support/fixtures.js';
import type { HttpClient } from './support/http-client.js';
import { recordStatements } from './support/statement-recorder.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let h: TestApp;
let a: MemberFixture;
let b: MemberFixture;
let operator: HttpClient;
let supervisor: HttpClient;

beforeAll(async () => {
  h = await startTestApp();
  supervisor = await staffLogin(h);
  a = await approvedMember(h, supervisor);
  b = await approvedMember(h, supervisor);
  const loginId = `op${Date.now().toString(36)}`;
  await h.app.get(StaffAccountsService).create(loginId, 'Op3rat0r!Kx9z', 'OPERATOR');
  operator = await staffLogin(h, loginId, 'Op3rat0r!Kx9z');
});
afterAll(async () => { await h.close(); });

describe('company isolation', () => {
  it('a member sees only the company\'s own cards and cannot use another company\'s inquiry', async () => {
    const cardA = await seedCard(h, a.corporateNumber);
    const cardB = await seedCard(h, b.corporateNumber);
    const listA = await a.client.get('/api/v1/cards');
    expect(listA.body.items.map((c: any) => c.cardId)).toContain(String(cardA.cardId));
    expect(listA.body.items.map((c: any) => c.cardId)).not.toContain(String(cardB.cardId));
    const inquiryB = await b.client.post('/api/v1/card-inquiries', { cardNumber: cardB.cardNumber, pin: cardB.pin });
    const id = inquiryB.body.inquiryId;
    for (const response of [
      await a.client.put(`/api/v1/card-inquiries/${id}/enrollment`, { secureId: 'steal.try1', method: 'PASSWORD', password: 'Kx7#mQ2v!Lp9' }),
      await a.client.post(`/api/v1/card-inquiries/${id}/enrollment/verification`, { verificationId: id, code: '123456' }),
      await a.client.delete(`/api/v1/card-inquiries/${id}/enrollment`),
    ]) {
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('INQUIRY_NOT_FOUND');
    }
  });

  it('an inquiry belongs to the session that made it, even for the same member', async () => {
    const card = await seedCard(h, a.corporateNumber);
    const { body } = await a.client.post('/api/v1/card-inquiries', { cardNumber: card.cardNumber, pin: card.pin });
    const otherSession = h.client();
    await otherSession.post('/api/v1/session', { loginId: a.loginId, password: MEMBER_PASSWORD });
    const response = await otherSession.delete(`/api/v1/card-inquiries/${body.inquiryId}/enrollment`);
    expect(response.status).toBe(404);
  });
});

describe('member and staff sessions are separate', () => {
  it('a staff cookie does not open member endpoints, a member cookie does not open back-office ones', async () => {
    expect((await supervisor.get('/api/v1/me')).status).toBe(401);
    expect((await supervisor.get('/api/v1/cards')).status).toBe(401);
    expect((await a.client.get('/api/v1/backoffice/me')).status).toBe(401);
    expect((await a.client.get('/api/v1/backoffice/audit-events')).status).toBe(401);
  });

  it('a member\'s session token in the staff cookie opens nothing (and a staff token in the member cookie)', async () => {
    const asStaff = h.client();
    asStaff.cookies.set('corpweb_staff_sid', a.client.cookies.get('corpweb_sid')!);
    expect((await asStaff.get('/api/v1/backoffice/signup-applications')).status).toBe(401);
    const asMember = h.client();
    asMember.cookies.set('corpweb_sid', supervisor.cookies.get('corpweb_staff_sid')!);
    expect((await asMember.get('/api/v1/cards')).status).toBe(401);
  });

  it('one statement authorizes a back-office request: the session, the role and the second factor', async () => {
    const recorder = recordStatements(h);
    const response = await supervisor.get('/api/v1/backoffice/signup-applications');
    recorder.stop();
    expect(response.status).toBe(200);
    const authorizing = recorder.statements.map(({ sql }) => sql).filter((sql) => /\b(sessions|staff|webauthn_credentials)\b/.test(sql));
    expect(authorizing).toHaveLength(1);
    expect(authorizing[0]).toMatch(/FROM sessions s LEFT JOIN staff st ON st\.id = s\.principal_id AND s\.kind = 'STAFF'/);
  });

  it('a logged-out staff session is refused', async () => {
    const staff = await staffLogin(h);
    const sid = staff.cookies.get('corpweb_staff_sid')!;
    expect((await staff.delete('/api/v1/backoffice/session')).status).toBe(204);
    const replay = h.client();
    replay.cookies.set('corpweb_staff_sid', sid);
    expect((await replay.get('/api/v1/backoffice/me')).status).toBe(401);
  });
});

describe('OPERATOR reads; only SUPERVISOR decides, imports, unlocks, reissues', () => {
  it('refuses every SUPERVISOR action to an OPERATOR with 403, and allows reading', async () => {
    const card = await seedCard(h, a.corporateNumber);
    expect((await operator.get(`/api/v1/backoffice/cards?corporateNumber=${a.corporateNumber}`)).status).toBe(200);
    expect((await operator.get('/api/v1/backoffice/audit-events')).status).toBe(200);
    const attempts = [
      await operator.post(`/api/v1/backoffice/signup-applications/${a.applicationId}/approval`),
      await operator.post(`/api/v1/backoffice/signup-applications/${a.applicationId}/rejection`, { reason: 'x' }),
      await operator.post('/api/v1/backoffice/card-imports', undefined, { raw: 'corporate_number,card_number,expiry_yymm,pin,holder_name\n', contentType: 'text/csv' }),
      await operator.post(`/api/v1/backoffice/cards/${card.cardId}/pin-unlock`),
      await operator.post(`/api/v1/backoffice/cards/${card.cardId}/reissue`, { newCardNumber: '3540123456789016', expiryYymm: '3012', pin: '1234' }),
      await operator.put(`/api/v1/backoffice/cards/${card.cardId}/provisional-phone`, { phone: '090-1234-5678' }),
    ];
    for (const response of attempts) {
      expect(response.status).toBe(403);
      expect(response.body.code).toBe('FORBIDDEN');
    }
  });
});

describe('cookies and headers outside localhost', () => {
  it('uses __Host- Secure cookies and HSTS for an https origin', async () => {
    const production = await startTestApp({ WEB_ORIGIN: 'https://corp.example.jp' });
    try {
      const response = await production.client().post('/api/v1/session', { loginId: a.loginId, password: MEMBER_PASSWORD });
      expect(response.status).toBe(200);
      const cookies = response.headers.getSetCookie();
      const session = cookies.find((c) => c.startsWith('__Host-corpweb_sid='))!;
      expect(session).toMatch(/;\s*Secure/i);
      expect(session).toMatch(/HttpOnly/i);
      expect(session).toMatch(/SameSite=Strict/i);
      expect(session).toMatch(/Path=\//);
      expect(cookies.find((c) => c.startsWith('__Host-corpweb_csrf='))).toMatch(/;\s*Secure/i);
      expect(response.headers.get('strict-transport-security')).toMatch(/max-age=31536000/);
      const foreign = await production.client().post('/api/v1/session', { loginId: a.loginId, password: MEMBER_PASSWORD }, { headers: { origin: 'http://localhost:3000' } });
      expect(foreign.status).toBe(403);
    } finally {
      await production.close();
    }
  });

  it('sends no HSTS on localhost', async () => {
    const response = await h.client().get('/api/v1/terms/current');
    expect(response.headers.get('strict-transport-security')).toBeNull();
  });
});

describe('the first supervisor (the pnpm start banner prints its password)', () => {
  it('logs in with INITIAL_STAFF_PASSWORD, and is reported otherwise once the database holds a supervisor with another', async () => {
    expect(h.app.get(StaffAccountsService).initialPasswordLogsIn).toBe(true);
    const otherClone = await startTestApp({ INITIAL_STAFF_PASSWORD: 'An0ther-Clone#Kept-DB' }, { sinks: { mail: h.mail, sms: h.sms }, clock: h.clock });
    try {
      expect(otherClone.app.get(StaffAccountsService).initialPasswordLogsIn).toBe(false);
    } finally {
      await otherClone.close();
    }
  });
});
