/**
 * The baselines: what this machine does with the same stack minus our application, through a mysql2 pool of
 * the API's size (16). Run as its own process (PORT, DATABASE_URL,
 * PAN_FINGERPRINT_KEY, PIN_KEY from the environment).
 * - POST /baseline/card-lookup: the baseline, parse a card number, HMAC it, ONE indexed SELECT.
 * - POST /baseline/card-inquiry-floor: only what an inquiry must do (issue 13), with none of our framework around
 *   it: one read (the session and the member's card with its enrollment, one prepared statement) and one write
 *   transaction in one round trip (the API's grant_card_inquiry procedure: the PIN counter only when it must change,
 *   the grant, the unsealed audit row). The API's inquiry is measured against this floor.
 * - GET /baseline/application-list-floor?cursor=: only what a back-office list page must do: one read (the staff
 *   session with its role and second factor), the page's keyset SELECT (stored receipt numbers, times as ISO text
 *   from MariaDB, as the API reads them), the same JSON. The API's list pages are measured against this floor.
 */
import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { importApiDist, requireFromApi } from './common.mjs';

const Fastify = requireFromApi('fastify');
const mysql = requireFromApi('mysql2/promise');

const fingerprintKey = Buffer.from(process.env.PAN_FINGERPRINT_KEY ?? '', 'base64');
const pinKey = Buffer.from(process.env.PIN_KEY ?? '', 'base64');
// the API's own append MAC, so that the API's sealer chains these events and the bench database stays verifiable
const { newAppendMac } = await importApiDist('modules/audit/audit-chain.js');
// the API's own expression for the list's times, as the page the floor must answer has them
const { isoTimeOf } = await importApiDist('common/database/sql.js');
const auditKey = Buffer.from(process.env.AUDIT_KEY ?? '', 'base64');
const auditKeyId = process.env.AUDIT_KEY_ID ?? 'a1';
const pool = mysql.createPool({ uri: process.env.DATABASE_URL, connectionLimit: 16, maxIdle: 16, timezone: 'Z', supportBigNumbers: true, trace: false });
const app = Fastify({ logger: false });

app.get('/ready', async () => {
  await pool.query('SELECT 1');
  return { ok: true };
});

app.post('/baseline/card-lookup', async (request, reply) => {
  const digits = String(request.body?.cardNumber ?? '').replace(/\D/g, '');
  const fingerprint = createHmac('sha256', fingerprintKey).update(digits).digest();
  const [rows] = await pool.query('SELECT * FROM cards WHERE pan_fingerprint = ?', [fingerprint]);
  const card = rows[0];
  if (!card) return reply.code(404).send({ found: false });
  return { found: true, last4: card.last4, status: card.status };
});

app.post('/baseline/card-inquiry-floor', async (request, reply) => {
  const token = /corpweb_sid=([^;]+)/.exec(request.headers.cookie ?? '')?.[1] ?? '';
  const pan = String(request.body?.cardNumber ?? '').replace(/\D/g, '');
  // one read: the session and the member's card with its enrollment
  const [[card]] = await pool.execute(
    `SELECT s.id_hash AS session_hash, s.principal_id AS member_id, s.last_seen_at, s.absolute_expires_at, s.revoked_at, c.*,
            e.card_id AS enrollment_card_id, e.secure_id AS enrollment_secure_id, e.method AS enrollment_method,
            e.phone_e164 AS enrollment_phone_e164, e.status AS enrollment_status, e.updated_at AS enrollment_updated_at
       FROM sessions s JOIN members m ON m.id = s.principal_id JOIN cards c ON c.company_id = m.company_id AND c.pan_fingerprint = ?
       LEFT JOIN enrollments e ON e.card_id = c.id
      WHERE s.id_hash = ? AND s.kind = 'MEMBER'`,
    [createHmac('sha256', fingerprintKey).update(pan).digest(), createHash('sha256').update(token).digest()],
  );
  if (!card || card.revoked_at) return reply.code(422).send({ code: 'CARD_OR_PIN_INVALID' });
  const pinHash = createHmac('sha256', pinKey).update(`${pan}\u0000${request.body?.pin ?? ''}`).digest();
  if (card.status !== 'ACTIVE' || card.pin_locked_at || !timingSafeEqual(pinHash, card.pin_hash)) return reply.code(422).send({ code: 'CARD_OR_PIN_INVALID' });
  // one write transaction in one round trip: counter only when it must change, the grant, the audit row
  const now = new Date();
  const inquiryId = randomUUID();
  const event = {
    occurred_at: now, actor_type: 'MEMBER', actor_id: String(card.member_id), action: 'CARD_INQUIRY_SUCCEEDED', target_type: 'CARD',
    target_id: String(card.id), ip: request.ip, user_agent: request.headers['user-agent'] ?? null, detail: null,
  };
  const [[[result]]] = await pool.execute('CALL grant_card_inquiry(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', [
    inquiryId, card.session_hash, card.member_id, card.id, new Date(now.getTime() + 600_000), now, Number(card.pin_fail_count) === 0 ? 0 : 1,
    event.occurred_at, event.actor_type, event.actor_id, event.action, event.target_type, event.target_id, event.ip, event.user_agent, event.detail,
    newAppendMac(auditKey, auditKeyId, event), auditKeyId,
  ]);
  if (Number(result?.granted) !== 1) return reply.code(422).send({ code: 'PIN_LOCKED' });
  return { inquiryId, last4: card.last4, enrollment: card.enrollment_status ?? 'UNREGISTERED' };
});

app.get('/baseline/application-list-floor', async (request, reply) => {
  const token = /corpweb_staff_sid=([^;]+)/.exec(request.headers.cookie ?? '')?.[1] ?? '';
  const [[staff]] = await pool.execute(
    `SELECT s.revoked_at, st.role, st.totp_enabled_at,
            EXISTS (SELECT 1 FROM webauthn_credentials w WHERE w.owner_kind = 'STAFF' AND w.owner_id = st.id) AS has_passkey
       FROM sessions s JOIN staff st ON st.id = s.principal_id WHERE s.id_hash = ? AND s.kind = 'STAFF'`,
    [createHash('sha256').update(token).digest()],
  );
  if (!staff || staff.revoked_at) return reply.code(401).send({ code: 'UNAUTHENTICATED' });
  const cursor = Number(request.query.cursor ?? 0);
  const [rows] = await pool.execute(
    `SELECT id, status, receipt_number, corporate_number, company_name, admin_name,
            ${isoTimeOf('received_at')} AS received_iso, ${isoTimeOf('decided_at')} AS decided_iso
       FROM signup_applications ${cursor ? 'WHERE id < ?' : ''} ORDER BY id DESC LIMIT 101`,
    cursor ? [cursor] : [],
  );
  const page = rows.slice(0, 100);
  return {
    items: page.map((row) => ({
      applicationId: String(row.id), status: row.status, companyName: row.company_name, corporateNumber: row.corporate_number,
      administratorName: row.admin_name, receivedAt: row.received_iso, ...(row.decided_iso ? { decidedAt: row.decided_iso } : {}),
      receiptNumber: row.receipt_number,
    })),
    ...(rows.length > 100 ? { nextCursor: String(page[page.length - 1].id) } : {}),
  };
});

const shutdown = async () => {
  await app.close();
  await pool.end();
  process.exit(0);
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
