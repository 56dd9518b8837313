/**
 * The baselines: what this machine does with the same stack minus our application, through a mysql2 pool of
 * the API's size (16) with the same text protocol TypeORM uses. Run as its own process (PORT, DATABASE_URL,
 * PAN_FINGERPRINT_KEY, PIN_KEY from the environment).
 * - POST /baseline/card-lookup: the baseline, parse a card number, HMAC it, ONE indexed SELECT.
 * - POST /baseline/card-inquiry-sql: the card inquiry's own statements (session by key, card + member +
 *   enrollment, then one transaction: PIN counter, grant, audit chain append) with none of our framework
 *   around them, to tell the work the inquiry must do from what NestJS, TypeORM and our code add to it.
 */
import { createHash, createHmac, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { importApiDist, requireFromApi } from './common.mjs';

const Fastify = requireFromApi('fastify');
const mysql = requireFromApi('mysql2/promise');

const fingerprintKey = Buffer.from(process.env.PAN_FINGERPRINT_KEY ?? '', 'base64');
const pinKey = Buffer.from(process.env.PIN_KEY ?? '', 'base64');
// the API's own hash function, so the audit chains of the bench database stay verifiable
const { auditHash } = await importApiDist('modules/audit/audit.service.js');
const { AUDIT_CHAINS } = await importApiDist('database/migrations/1764100000000-seed-terms-and-audit-chains.js');
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

app.post('/baseline/card-inquiry-sql', async (request, reply) => {
  const token = /corpweb_sid=([^;]+)/.exec(request.headers.cookie ?? '')?.[1] ?? '';
  const [[session]] = await pool.query(
    'SELECT id_hash, kind, principal_id, csrf_token, last_seen_at, absolute_expires_at, revoked_at FROM sessions WHERE id_hash = ?',
    [createHash('sha256').update(token).digest()],
  );
  if (!session) return reply.code(401).send({ code: 'UNAUTHENTICATED' });
  const pan = String(request.body?.cardNumber ?? '').replace(/\D/g, '');
  const [[card]] = await pool.query(
    `SELECT c.*, e.card_id AS enrollment_card_id, e.secure_id AS enrollment_secure_id, e.method AS enrollment_method,
            e.phone_e164 AS enrollment_phone_e164, e.status AS enrollment_status, e.updated_at AS enrollment_updated_at
       FROM cards c JOIN members m ON m.company_id = c.company_id LEFT JOIN enrollments e ON e.card_id = c.id
      WHERE c.pan_fingerprint = ? AND m.id = ?`,
    [createHmac('sha256', fingerprintKey).update(pan).digest(), session.principal_id],
  );
  const pinHash = createHmac('sha256', pinKey).update(`${pan}\u0000${request.body?.pin ?? ''}`).digest();
  if (!card || card.status !== 'ACTIVE' || !timingSafeEqual(pinHash, card.pin_hash)) return reply.code(422).send({ code: 'CARD_OR_PIN_INVALID' });
  const connection = await pool.getConnection();
  try {
    const now = new Date();
    const inquiryId = randomUUID();
    await connection.query('START TRANSACTION');
    await connection.query('UPDATE cards SET pin_fail_count = 0, updated_at = ? WHERE id = ? AND pin_locked_at IS NULL', [now, card.id]);
    await connection.query(
      'INSERT INTO card_inquiries (id, session_hash, member_id, card_id, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      [inquiryId, session.id_hash, session.principal_id, card.id, new Date(now.getTime() + 600_000), now],
    );
    const chain = randomInt(AUDIT_CHAINS);
    const [[head]] = await connection.query('SELECT seq, hash FROM audit_chain_heads WHERE chain = ? FOR UPDATE', [chain]);
    const row = {
      chain, seq: Number(head.seq) + 1, occurred_at: now, actor_type: 'MEMBER', actor_id: String(session.principal_id), action: 'CARD_INQUIRY_SUCCEEDED',
      target_type: 'CARD', target_id: String(card.id), ip: request.ip, user_agent: request.headers['user-agent'] ?? null, detail: null,
    };
    const hash = auditHash(head.hash, row);
    await connection.query(
      `INSERT INTO audit_events (chain, seq, occurred_at, actor_type, actor_id, action, target_type, target_id, ip, user_agent, detail, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [row.chain, row.seq, row.occurred_at, row.actor_type, row.actor_id, row.action, row.target_type, row.target_id, row.ip, row.user_agent, row.detail, head.hash, hash],
    );
    await connection.query('UPDATE audit_chain_heads SET seq = ?, hash = ? WHERE chain = ?', [row.seq, hash, chain]);
    await connection.query('COMMIT');
    return { inquiryId, last4: card.last4, enrollment: card.enrollment_status ?? 'UNREGISTERED' };
  } catch (error) {
    await connection.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    connection.release();
  }
});

const shutdown = async () => {
  await app.close();
  await pool.end();
  process.exit(0);
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
