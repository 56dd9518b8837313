/**
 * The audit log as staff read it: labelled actors and targets (login IDs, masked cards, companies), filters by
 * action, actor, target and day, and the CSV export of the filtered view — itself audited, formula cells
 * neutralised, no card data beyond the mask.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { approvedMember, seedCard, staffLogin, type MemberFixture } from './support/fixtures.js';
import type { HttpClient } from './support/http-client.js';
import { STAFF_LOGIN_ID, startTestApp, type TestApp } from './support/test-app.js';

let h: TestApp;
let staff: HttpClient;
let member: MemberFixture;
let card: { cardId: number; cardNumber: string; pin: string };
let company = '';
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(h.clock.now());

beforeAll(async () => {
  h = await startTestApp();
  staff = await staffLogin(h);
  member = await approvedMember(h, staff);
  card = await seedCard(h, member.corporateNumber);
  [{ name: company }] = await h.db.query('SELECT name FROM companies WHERE corporate_number = ?', [member.corporateNumber]);
  // one wrong PIN, sent with a user agent a spreadsheet would run as a formula
  const wrong = await member.client.post('/api/v1/card-inquiries', { cardNumber: card.cardNumber, pin: '0000' }, { headers: { 'user-agent': '=HYPERLINK("http://evil.example")' } });
  expect(wrong.status).toBe(422);
});
afterAll(async () => { await h.close(); });

describe('audit log for staff', () => {
  it('keeps the plain ?cursor=&limit= paging', async () => {
    const first = await staff.get('/api/v1/backoffice/audit-events?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    const next = await staff.get(`/api/v1/backoffice/audit-events?limit=2&cursor=${first.body.nextCursor}`);
    expect(Number(next.body.items[0].id)).toBeLessThan(Number(first.body.items[1].id));
  });

  it('names the actor by login ID and the target by its masked card and company', async () => {
    const page = await staff.get('/api/v1/backoffice/audit-events?action=PIN_FAILED');
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(1);
    const [event] = page.body.items;
    expect(event).toMatchObject({ action: 'PIN_FAILED', actorType: 'MEMBER', actorLoginId: member.loginId });
    expect(event.targetLabel).toBe(`3540 **** **** ${card.cardNumber.slice(-4)}(${company})`);
    expect(JSON.stringify(page.body)).not.toContain(card.cardNumber);
    const approval = await staff.get('/api/v1/backoffice/audit-events?action=APPLICATION_APPROVED&actor=' + STAFF_LOGIN_ID);
    expect(approval.body.items[0]).toMatchObject({ actorLoginId: STAFF_LOGIN_ID, targetLabel: `${company}(${member.corporateNumber})` });
  });

  it('filters by actor, target (last 4 / corporate number / company name) and day, combined', async () => {
    const ids = async (query: string) => {
      const response = await staff.get(`/api/v1/backoffice/audit-events?limit=200&${query}`);
      expect(response.status).toBe(200);
      return response.body.items as { action: string; actorLoginId?: string; targetLabel?: string }[];
    };
    const byActor = await ids(`actor=${member.loginId}`);
    expect(byActor.length).toBeGreaterThanOrEqual(2);
    expect(byActor.every((e) => e.actorLoginId === member.loginId)).toBe(true);
    expect((await ids(`target=${card.cardNumber.slice(-4)}`)).map((e) => e.action)).toContain('PIN_FAILED');
    const byCompany = await ids(`target=${member.corporateNumber}`);
    expect(byCompany.map((e) => e.action)).toEqual(expect.arrayContaining(['PIN_FAILED', 'APPLICATION_APPROVED', 'APPLICATION_SUBMITTED']));
    expect(await ids(`target=${member.corporateNumber}&actor=${member.loginId}&action=PIN_FAILED&from=${today()}&to=${today()}`)).toHaveLength(1);
    expect(await ids(`action=PIN_FAILED&to=2020-01-01`)).toHaveLength(0);
    expect(await ids(`action=PIN_FAILED&from=2999-01-01`)).toHaveLength(0);
    expect((await staff.get('/api/v1/backoffice/audit-events?from=2026-13-45')).status).toBe(422);
    expect((await staff.get('/api/v1/backoffice/audit-events?action=drop%20table')).status).toBe(422);
  });

  it('exports the filtered view as CSV: labels, seconds, formulas neutralised, and the export is audited', async () => {
    const response = await staff.get(`/api/v1/backoffice/audit-events/export?actor=${member.loginId}&action=PIN_FAILED`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    expect(response.headers.get('content-disposition')).toMatch(/attachment; filename="audit-log-\d{8}T\d{6}\.csv"/);
    const lines = response.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}","暗証番号の誤り","PIN_FAILED","法人管理者"/);
    expect(lines[1]).toContain(`"${member.loginId}"`);
    expect(lines[1]).toContain(`"3540 **** **** ${card.cardNumber.slice(-4)}(${company})"`);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
    expect(response.text).not.toContain(card.cardNumber);
    const exported = await staff.get('/api/v1/backoffice/audit-events?action=AUDIT_EXPORTED');
    expect(exported.body.items[0]).toMatchObject({ actorLoginId: STAFF_LOGIN_ID, detail: { rows: 1, filter: `action=PIN_FAILED actor=${member.loginId}` } });
    const english = await staff.get('/api/v1/backoffice/audit-events/export?action=PIN_FAILED&lang=en');
    expect(english.text).toContain('"Wrong card PIN"');
  });

  it('is for staff only', async () => {
    expect((await member.client.get('/api/v1/backoffice/audit-events/export')).status).toBe(401);
    expect((await h.client().get('/api/v1/backoffice/audit-events/export')).status).toBe(401);
  });
});
