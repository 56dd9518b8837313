/**
 * Outbox payloads are sealed to their row (AES-GCM associated data: id, channel, recipient, template): someone who
 * can write to the database cannot redirect a reset link to another address by copying its payload.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createCipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { OutboxWorker } from '../src/modules/outbox/outbox.worker.js';
import { approvedMember } from './support/fixtures.js';
import { TEST_KEYS, startTestApp, type TestApp } from './support/test-app.js';

let h: TestApp;
beforeAll(async () => { h = await startTestApp({ OUTBOX_POLL_MS: '600000' }); });
afterAll(async () => { await h.close(); });

async function insertRow(recipient: string, payload: Buffer, template = 'password-reset'): Promise<number> {
  const now = h.clock.now();
  const result = await h.db.query(
    `INSERT INTO outbox_messages (channel, recipient, payload, template, status, attempts, next_attempt_at, created_at)
     VALUES ('EMAIL', ?, ?, ?, 'PENDING', 0, ?, ?)`,
    [recipient, payload, template, now, now],
  );
  return Number(result.insertId);
}

describe('outbox payloads are bound to their row', () => {
  it('a reset email payload copied onto a row for another address is never delivered', async () => {
    const member = await approvedMember(h);
    await h.client().post('/api/v1/password-reset-requests', { loginId: member.loginId, email: member.email });
    const [reset] = await h.db.query("SELECT payload FROM outbox_messages WHERE template = 'password-reset' AND recipient = ? ORDER BY id DESC LIMIT 1", [member.email]);
    const forged = await insertRow('attacker@example.com', reset.payload);
    const worker = h.app.get(OutboxWorker);
    for (let i = 0; i < 3; i += 1) {
      await worker.deliverBatch();
      await h.db.query('UPDATE outbox_messages SET next_attempt_at = ? WHERE id = ?', [h.clock.now(), forged]);
    }
    await h.mail.waitFor((m) => m.to.includes(member.email) && m.subject.includes('パスワード再設定'));
    expect(h.mail.to('attacker@example.com')).toHaveLength(0);
    const [row] = await h.db.query('SELECT status, attempts FROM outbox_messages WHERE id = ?', [forged]);
    expect(row.status).not.toBe('SENT');
  });

  it('rows sealed before binding (v1, no associated data) are still delivered', async () => {
    const key = Buffer.from(hkdfSync('sha256', Buffer.from(TEST_KEYS.OTP_KEY, 'base64'), Buffer.alloc(0), 'corpweb outbox payload v1', 32));
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify({ subject: '旧形式のメッセージ', body: 'legacy v1 row' }), 'utf8'), cipher.final()]);
    await insertRow('legacy@example.com', Buffer.concat([iv, cipher.getAuthTag(), body]), 'password-changed');
    await h.app.get(OutboxWorker).deliverBatch();
    const mail = await h.mail.waitFor((m) => m.to.includes('legacy@example.com'));
    expect(mail.text).toContain('legacy v1 row');
  });
});
