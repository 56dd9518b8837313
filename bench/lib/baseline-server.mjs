/**
 * The baseline: what this machine does with the same stack minus our application — a bare fastify route that
 * parses a JSON card number, computes its HMAC fingerprint and does ONE indexed SELECT by fingerprint on the
 * bench database through a mysql2 pool of the API's size (16), with the same text protocol TypeORM uses.
 * Run as its own process (PORT, DATABASE_URL, PAN_FINGERPRINT_KEY from the environment).
 */
import { createHmac } from 'node:crypto';
import { requireFromApi } from './common.mjs';

const Fastify = requireFromApi('fastify');
const mysql = requireFromApi('mysql2/promise');

const fingerprintKey = Buffer.from(process.env.PAN_FINGERPRINT_KEY ?? '', 'base64');
const pool = mysql.createPool({ uri: process.env.DATABASE_URL, connectionLimit: 16, maxIdle: 16, timezone: 'Z', supportBigNumbers: true });
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

const shutdown = async () => {
  await app.close();
  await pool.end();
  process.exit(0);
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
