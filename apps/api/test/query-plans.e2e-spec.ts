/**
 * Issue 5: the hot paths' statements are proven to use indexes. The test records every statement the app runs
 * while it serves the hot paths over HTTP (login, card inquiry, enrollment, GET /cards, back-office lists and
 * searches, the outbox worker, the receipt-number fill, the ACS console and the dashboard's checkout authentications), then EXPLAINs
 * each one against tables padded with thousands of rows: none may scan a table, and none may estimate reading more than a page's worth of rows (unless it reads in index
 * order and stops at its LIMIT). Recording the real
 * statements (not copies of their SQL) means a new query without an index fails here.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ReceiptNumbers } from '../src/modules/applications/receipt-numbers.service.js';
import { approvedMember, seedCard, staffLogin, type MemberFixture } from './support/fixtures.js';
import type { HttpClient } from './support/http-client.js';
import { recordStatements, type RecordedStatement } from './support/statement-recorder.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { eventually } from './support/eventually.js';

const PADDING_ROWS = 3000;
/** a keyset page (≤ 101 rows) plus slack; a scan of any padded table estimates ≥ PADDING_ROWS */
const MAX_ROWS_ESTIMATE = 250;

interface PlanRow {
  table: string | null;
  type: string | null;
  key: string | null;
  rows: number | string | null;
  Extra: string | null;
}

let h: TestApp;
let member: MemberFixture;
let staff: HttpClient;
let recorded: RecordedStatement[] = [];

/** Pads the big tables so that the optimizer prefers an index whenever one applies. */
async function padTables(): Promise<void> {
  await h.db.query(
    `INSERT INTO companies (corporate_number, name, name_kana, created_at, updated_at)
     VALUES ('9999999999999', 'パディング株式会社', 'パディング', NOW(3), NOW(3))`,
  );
  const [{ id: companyId }] = await h.db.query("SELECT id FROM companies WHERE corporate_number = '9999999999999'");
  const seq = `seq_1_to_${PADDING_ROWS}`;
  await h.db.query(
    `INSERT INTO companies (corporate_number, name, name_kana, created_at, updated_at)
     SELECT CONCAT('6', LPAD(seq, 12, '0')), 'パディング', 'パディング', NOW(3), NOW(3) FROM ${seq}`,
  );
  await h.db.query(
    `INSERT INTO members (company_id, login_id, name, email, created_at)
     SELECT ?, CONCAT('PAD', seq), 'パディング', CONCAT('pad', seq, '@example.com'), NOW(3) FROM ${seq}`, [companyId],
  );
  await h.db.query(
    `INSERT INTO cards (company_id, pan_ciphertext, pan_key_id, pan_fingerprint, first4, last4, brand, expiry_yymm, holder_name, pin_hash, created_at, updated_at)
     SELECT ?, UNHEX(SHA2(seq, 256)), 'pad', UNHEX(SHA2(CONCAT('fp', seq), 256)), '3540', LPAD(seq MOD 10000, 4, '0'), 'JCB', '3012', 'PAD', UNHEX(SHA2(CONCAT('pin', seq), 256)), NOW(3), NOW(3)
       FROM ${seq}`, [companyId],
  );
  await h.db.query(
    `INSERT INTO enrollments (card_id, secure_id, secure_id_key, method, password_hash, status, created_at, updated_at)
     SELECT id, CONCAT('pad', id), CONCAT('pad', id), 'PASSWORD', 'x', 'REGISTERED', NOW(3), NOW(3) FROM cards WHERE company_id = ?`, [companyId],
  );
  await h.db.query(
    `INSERT INTO signup_applications (status, corporate_number, active_corporate_number, company_name, company_name_kana, postal_code, address,
       company_phone, admin_name, admin_name_kana, admin_department, admin_email, admin_phone, terms_version, consent_at, consent_ip,
       consent_user_agent, received_at)
     SELECT IF(seq MOD 3 = 0, 'REJECTED', 'RECEIVED'), CONCAT('7', LPAD(seq, 12, '0')), IF(seq MOD 3 = 0, NULL, CONCAT('7', LPAD(seq, 12, '0'))), 'パディング', 'パディング',
       '100-0001', '東京都', '0312345678', '山田', 'ヤマダ', '総務', 'pad@example.com', '09012345678', '2026-04', NOW(3), '127.0.0.1', 'pad', NOW(3)
       FROM ${seq}`,
  );
  await h.db.query(
    `INSERT INTO sessions (id_hash, kind, principal_id, csrf_token, created_at, last_seen_at, absolute_expires_at, ip, user_agent)
     SELECT UNHEX(SHA2(CONCAT('session', seq), 256)), 'MEMBER', seq, 'pad', NOW(3), NOW(3), NOW(3), '127.0.0.1', 'pad' FROM ${seq}`,
  );
  await h.db.query(
    `INSERT INTO outbox_messages (channel, recipient, payload, template, status, attempts, next_attempt_at, created_at, sent_at)
     SELECT 'EMAIL', 'pad@example.com', 'x', 'pad', 'SENT', 1, NOW(3), NOW(3), NOW(3) FROM ${seq}`,
  );
  await h.db.query(
    `INSERT INTO card_inquiries (id, session_hash, member_id, card_id, expires_at, created_at)
     SELECT UUID(), UNHEX(SHA2(seq, 256)), seq, seq, NOW(3), NOW(3) FROM ${seq}`,
  );
  // ACS transactions of a year ago (outside the ranges the console reads below), one message each
  await h.db.query(
    `INSERT INTO acs_transactions (acs_trans_id, three_ds_server_trans_id, ds_trans_id, message_version, message_category, pan_fingerprint,
       card_id, company_id, card_last4, purchase_amount, purchase_currency, purchase_exponent, merchant_name, requestor_name, notification_url,
       browser_language, device_hash, challenge_mandated, state, trans_status, trans_status_reason, risk_provider, ares, created_at)
     SELECT UUID(), UUID(), UUID(), '2.2.0', '01', UNHEX(SHA2(CONCAT('fp', seq), 256)), c.id, c.company_id, c.last4, 8800, '392', 0,
       'パディング商店', 'Pad', 'https://pad.example.jp/n', 'ja', UNHEX(SHA2(seq, 256)), 0, 'DECIDED', IF(seq MOD 5 = 0, 'N', 'Y'),
       IF(seq MOD 5 = 0, '11', NULL), 'LOCAL', '{}', TIMESTAMP('2025-11-01 00:00:00') + INTERVAL seq MINUTE
       FROM ${seq} JOIN cards c ON c.company_id = ? AND c.id = (SELECT MIN(id) FROM cards WHERE company_id = ?) + seq - 1`, [companyId, companyId],
  );
  await h.db.query(
    `INSERT INTO acs_messages (acs_trans_id, three_ds_server_trans_id, kind, direction, body, created_at)
     SELECT acs_trans_id, three_ds_server_trans_id, 'AReq', 'IN', '{}', created_at FROM acs_transactions`,
  );
  // a year of someone else's audit events, out of any chain the app verifies here (seq far past the heads)
  await h.db.query(
    `INSERT INTO audit_events (chain, seq, occurred_at, actor_type, actor_id, action, target_type, target_id, ip, user_agent, detail, prev_hash, hash, key_id)
     SELECT 7, 1000000 + seq, TIMESTAMP('2025-11-01 00:00:00') + INTERVAL seq * 100 MINUTE, IF(seq MOD 2 = 0, 'MEMBER', 'STAFF'), seq MOD 500,
       ELT(1 + seq MOD 4, 'LOGIN_SUCCEEDED', 'CARD_INQUIRY_SUCCEEDED', 'PIN_FAILED', 'APPLICATION_VIEWED'), 'CARD', seq, '127.0.0.1', 'pad', NULL,
       UNHEX(SHA2(seq, 256)), UNHEX(SHA2(CONCAT('h', seq), 256)), 'a1'
       FROM ${seq}`,
  );
  for (const table of ['companies', 'members', 'cards', 'enrollments', 'signup_applications', 'sessions', 'outbox_messages', 'card_inquiries', 'acs_transactions', 'acs_messages', 'audit_events']) {
    await h.db.query(`ANALYZE TABLE ${table}`);
  }
}

beforeAll(async () => {
  h = await startTestApp();
  staff = await staffLogin(h);
  member = await approvedMember(h, staff);
  await padTables();
  recorded = recordStatements(h).statements;

  // the hot paths, over HTTP
  const card = await seedCard(h, member.corporateNumber);
  const other = await seedCard(h, member.corporateNumber);
  const login = await h.client().post('/api/v1/session', { loginId: member.loginId, password: 'Hk4$wN9q!rTz' });
  expect(login.status).toBe(200);
  const inquiry = await member.client.post('/api/v1/card-inquiries', { cardNumber: card.cardNumber, pin: card.pin });
  expect(inquiry.status).toBe(200);
  const wrongPin = await member.client.post('/api/v1/card-inquiries', { cardNumber: other.cardNumber, pin: '0000' });
  expect(wrongPin.status).toBe(422);
  const enrollment = await member.client.put(`/api/v1/card-inquiries/${inquiry.body.inquiryId}/enrollment`, {
    secureId: 'plan01', method: 'PASSWORD', password: 'Amber-Falcon-Ridgeline%',
  });
  expect(enrollment.status).toBe(200);
  expect((await member.client.get('/api/v1/cards')).status).toBe(200);
  const page1 = await staff.get('/api/v1/backoffice/signup-applications?limit=100');
  expect(page1.status).toBe(200);
  const deep = await staff.get(`/api/v1/backoffice/signup-applications?limit=100&cursor=${page1.body.nextCursor}`);
  expect(deep.status).toBe(200);
  expect((await staff.get(`/api/v1/backoffice/signup-applications?status=RECEIVED&limit=100&cursor=${page1.body.nextCursor}`)).status).toBe(200);
  expect((await staff.get('/api/v1/backoffice/audit-events?limit=50')).status).toBe(200);
  // the audit screen's filters (issue 13 point 5)
  for (const filter of ['action=PIN_LOCKED', `actor=${member.loginId}`, `target=${card.cardNumber.slice(-4)}`, 'from=2026-11-25&to=2026-11-25']) {
    expect((await staff.get(`/api/v1/backoffice/audit-events?limit=50&${filter}`)).status).toBe(200);
  }
  expect((await staff.get(`/api/v1/backoffice/cards?corporateNumber=${member.corporateNumber}`)).status).toBe(200);
  expect((await staff.get(`/api/v1/backoffice/cards?last4=${card.cardNumber.slice(-4)}`)).status).toBe(200);
  // the back-office ACS console and the dashboard's checkout authentications
  const acsPage = await staff.get('/api/v1/backoffice/acs-transactions?limit=100');
  expect(acsPage.status).toBe(200);
  expect((await staff.get(`/api/v1/backoffice/acs-transactions?limit=100&cursor=${acsPage.body.nextCursor}`)).status).toBe(200);
  expect((await staff.get(`/api/v1/backoffice/acs-transactions?corporateNumber=${member.corporateNumber}&transStatus=N&from=2026-11-01&to=2026-11-30`)).status).toBe(200);
  expect((await staff.get('/api/v1/backoffice/acs-transactions?last4=0042')).status).toBe(200);
  expect((await staff.get('/api/v1/backoffice/acs-transactions?transStatus=N&limit=20')).status).toBe(200);
  expect((await staff.get('/api/v1/backoffice/acs-transactions?from=2026-11-01&to=2026-11-30')).status).toBe(200);
  expect((await staff.get(`/api/v1/backoffice/acs-transactions/${acsPage.body.items[0].acsTransId}`)).status).toBe(200);
  expect((await staff.get('/api/v1/backoffice/acs-summary?from=2026-09-01&to=2026-11-30')).status).toBe(200);
  expect((await member.client.get('/api/v1/checkout-authentications')).status).toBe(200);
  expect((await member.client.get(`/api/v1/cards/${card.cardId}/checkout-authentications`)).status).toBe(200);
  // the padded applications carry no receipt number, like rows from before numbers were stored: the fill after start
  expect(await h.app.get(ReceiptNumbers).fillMissing()).toBeGreaterThanOrEqual(PADDING_ROWS);
  // the enrollment email is delivered by the outbox worker: its claiming and marking statements are recorded too
  await eventually(() => recorded.some((s) => /UPDATE outbox_messages SET status = 'SENT'/.test(s.sql)), 'the outbox marking the email SENT', { timeoutMs: 10_000, intervalMs: 50 });
}, 60_000);
afterAll(async () => { await h.close(); });

const EXPLAINABLE = /^\s*(SELECT|UPDATE|DELETE)\b[\s\S]*\b(FROM|UPDATE)\s/i;

function distinctStatements(): RecordedStatement[] {
  const seen = new Map<string, RecordedStatement>();
  for (const statement of recorded) {
    if (!EXPLAINABLE.test(statement.sql) || /GET_LOCK|RELEASE_LOCK/.test(statement.sql)) continue;
    const key = statement.sql.replace(/\s+/g, ' ').trim();
    if (!seen.has(key)) seen.set(key, statement);
  }
  return [...seen.values()];
}

describe('query plans of the hot paths (EXPLAIN on padded tables)', () => {
  it('recorded the statements of every hot path', () => {
    const sql = distinctStatements().map((s) => s.sql).join('\n');
    for (const table of ['sessions', 'cards', 'members', 'enrollments', 'card_inquiries', 'signup_applications', 'audit_events', 'audit_chain_heads', 'outbox_messages', 'acs_transactions', 'acs_messages']) {
      expect({ table, recorded: sql.includes(table) }).toEqual({ table, recorded: true });
    }
    expect(distinctStatements().length).toBeGreaterThan(15);
  });

  it('no statement scans a table or reads more than a page of rows', async () => {
    const offenders: object[] = [];
    for (const statement of distinctStatements()) {
      const plan = (await h.db.query(`EXPLAIN ${statement.sql}`, statement.params)) as PlanRow[];
      for (const row of plan) {
        if (row.table === null) continue; // "Impossible WHERE", "No tables used": nothing is read
        const rows = Number(row.rows ?? 0);
        // EXPLAIN's estimate ignores LIMIT: a range read in index order (no filesort) stops after LIMIT rows
        const stopsAtLimit = /\bLIMIT\b/i.test(statement.sql) && !/filesort/i.test(row.Extra ?? '');
        if (row.type === 'ALL' || row.key === null || (rows > MAX_ROWS_ESTIMATE && !stopsAtLimit)) {
          offenders.push({ sql: statement.sql.replace(/\s+/g, ' ').slice(0, 200), table: row.table, type: row.type, key: row.key, rows, extra: row.Extra });
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('each filter of the audit screen reads its own index, not the whole log in id order', async () => {
    const listed = distinctStatements().filter((s) => /FROM audit_events e/.test(s.sql) && /ORDER BY e\.id DESC LIMIT/.test(s.sql));
    const keyFor = async (pattern: RegExp) => {
      const statement = listed.find((s) => pattern.test(s.sql));
      if (!statement) return 'not recorded';
      const plan = (await h.db.query(`EXPLAIN ${statement.sql}`, statement.params)) as PlanRow[];
      return plan.find((row) => row.table === 'e')?.key ?? plan.map((row) => `${row.table}:${row.key}`).join(',');
    };
    await expect(keyFor(/e\.action = \?/)).resolves.toBe('ix_audit_action');
    await expect(keyFor(/e\.actor_type = \? AND e\.actor_id = \?/)).resolves.toBe('ix_audit_actor');
    await expect(keyFor(/e\.target_type = 'CARD' AND e\.target_id IN/)).resolves.toBe('ix_audit_target');
    await expect(keyFor(/e\.occurred_at >= \?/)).resolves.toBe('ix_audit_time');
  });

  it('the receipt-number fill finds the rows without a number by its index, not by walking the whole table', async () => {
    const statement = distinctStatements().find((s) => /FROM signup_applications\b.* WHERE receipt_number IS NULL/.test(s.sql.replace(/\s+/g, ' ')));
    expect(statement).toBeDefined();
    const plan = (await h.db.query(`EXPLAIN ${statement!.sql}`, statement!.params)) as PlanRow[];
    expect(plan.map((row) => row.key)).toEqual(['ix_application_receipt_number']);
  });

  it('the checks above do catch a scan', async () => {
    const [plan] = (await h.db.query('EXPLAIN SELECT * FROM cards WHERE holder_name = ?', ['PAD'])) as PlanRow[];
    expect(plan!.type).toBe('ALL');
    expect(Number(plan!.rows)).toBeGreaterThan(MAX_ROWS_ESTIMATE);
  });
});
