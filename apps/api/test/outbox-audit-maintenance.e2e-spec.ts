import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../src/common/clock/clock.js';
import { OutboxWorker } from '../src/modules/outbox/outbox.worker.js';
import { approvedMember, randomMobilePhone, seedCard, signupPayload, staffLogin } from './support/fixtures.js';
import { recordStatements } from './support/statement-recorder.js';
import { startTestApp, NOON_JST, type TestApp } from './support/test-app.js';
import { eventually } from './support/eventually.js';
import { outboxAttemptsRecorded } from './support/outbox.js';

let h: TestApp;
beforeAll(async () => { h = await startTestApp(); });
afterAll(async () => { await h.close(); });

describe('transactional outbox', () => {
  it('keeps messages while SMTP is down and delivers each exactly once when it is back', async () => {
    h.mail.refusing = true;
    const payloads = [signupPayload(), signupPayload(), signupPayload()];
    for (const payload of payloads) expect((await h.client().post('/api/v1/signup-applications', payload)).status).toBe(202);
    const worker = h.app.get(OutboxWorker);
    // the background worker (woken by the enqueue) tries them while the server refuses
    const attempted = async () => {
      const rows = await h.db.query(
        "SELECT status, attempts FROM outbox_messages WHERE template = 'application-received' AND recipient IN (?)",
        [payloads.map((p) => p.administrator.email)],
      );
      return rows.length === 3 && rows.every((row: any) => row.attempts >= 1) ? rows : undefined;
    };
    const pending = await eventually(attempted, 'three refused first attempts', { timeoutMs: 15_000, intervalMs: 100 });
    expect(pending.every((row: any) => row.status === 'PENDING')).toBe(true);
    expect(h.mail.messages.filter((m) => payloads.some((p) => m.to.includes(p.administrator.email)))).toHaveLength(0);
    h.mail.refusing = false;
    h.clock.advance(10 * 60_000);
    for (const payload of payloads) await h.mail.waitFor((m) => m.to.includes(payload.administrator.email));
    await worker.deliverBatch();
    for (const payload of payloads) expect(h.mail.to(payload.administrator.email)).toHaveLength(1);
    // the background worker may still be committing the batch it sent (deliverBatch above then skips its locked rows)
    const allSent = async () => (await h.db.query("SELECT status FROM outbox_messages WHERE recipient IN (?)", [payloads.map((p) => p.administrator.email)]))
      .every((row: any) => row.status === 'SENT');
    await eventually(allSent, 'every message SENT', { timeoutMs: 5_000, intervalMs: 100 });
    for (const payload of payloads) expect(h.mail.to(payload.administrator.email)).toHaveLength(1);
    h.clock.set(NOON_JST);
  });

  it('polls with one indexed read per interval when idle, and no transaction', async () => {
    await h.app.get(OutboxWorker).deliverBatch(); // nothing left from the tests above
    const recorder = recordStatements(h);
    await new Promise((resolve) => setTimeout(resolve, 500)); // OUTBOX_POLL_MS is 50 in tests
    recorder.stop();
    const polls = recorder.statements.filter((s) => s.sql.includes('outbox_messages'));
    expect(polls.length).toBeGreaterThanOrEqual(3);
    // besides the outbox poll, only the audit sealer's one indexed probe for unsealed events (issue 13)
    expect(recorder.statements.filter((s) => !/^SELECT id FROM audit_events WHERE chain IS NULL LIMIT 1$/.test(s.sql))
      .every((s) => /^SELECT id FROM outbox_messages WHERE status = 'PENDING'/.test(s.sql))).toBe(true);
  });

  it('retries an SMS after gateway 500s and delivers it once', async () => {
    const member = await approvedMember(h);
    const card = await seedCard(h, member.corporateNumber);
    const { body } = await member.client.post('/api/v1/card-inquiries', { cardNumber: card.cardNumber, pin: card.pin });
    h.sms.failNext = 2;
    const phone = randomMobilePhone('080');
    const started = await member.client.put(`/api/v1/card-inquiries/${body.inquiryId}/enrollment`, { secureId: `sms.retry${Date.now() % 10000}`, method: 'OTP', phone });
    expect(started.status).toBe(202);
    const e164 = `+81${phone.slice(1)}`;
    const outboxRow = async () => (await h.db.query("SELECT attempts, status FROM outbox_messages WHERE recipient = ?", [e164]))[0];
    // the clock moves only once a failure is recorded (its back-off, 2 s then 4 s, counts from that moment)
    for (const failed of [1, 2]) {
      expect(await outboxAttemptsRecorded(h.db, { recipient: e164 }, failed)).toEqual({ status: 'PENDING', attempts: failed });
      h.clock.advance(5_000); // past the back-off, well short of the 60 s claim lease of a send in flight
      await h.app.get(OutboxWorker).deliverBatch();
    }
    await h.sms.waitFor((s) => s.to === e164);
    await eventually(async () => (await outboxRow())?.status === 'SENT', 'the delivery recorded SENT', { timeoutMs: 10_000 });
    await h.app.get(OutboxWorker).deliverBatch();
    expect(h.sms.messages.filter((s) => s.to === e164)).toHaveLength(1);
    expect(await outboxRow()).toMatchObject({ status: 'SENT', attempts: 3 });
    h.clock.set(NOON_JST);
  });

  it('two API instances on one database never send the same message twice', async () => {
    const second = await startTestApp({}, { sinks: { mail: h.mail, sms: h.sms }, clock: h.clock });
    try {
      const emails: string[] = [];
      for (let i = 0; i < 40; i += 1) {
        const payload = signupPayload();
        emails.push(payload.administrator.email);
        await (i % 2 ? second : h).client().post('/api/v1/signup-applications', payload);
      }
      await Promise.all([h.app.get(OutboxWorker).deliverBatch(), second.app.get(OutboxWorker).deliverBatch()]);
      for (const email of emails) await h.mail.waitFor((m) => m.to.includes(email));
      await new Promise((resolve) => setTimeout(resolve, 300));
      for (const email of emails) expect(h.mail.to(email)).toHaveLength(1);
    } finally {
      await second.close();
    }
  });

  it('stores message bodies encrypted (OTP codes and password links are not readable in the table)', async () => {
    const rows = await h.db.query('SELECT payload FROM outbox_messages LIMIT 50');
    for (const row of rows) {
      expect(row.payload.toString('utf8')).not.toMatch(/法人Webサービス|token=|認証コード|確認コード/);
    }
  });
});

describe('two API instances on one database', () => {
  it('a session from one instance is valid on the other, and the PIN lock is shared', async () => {
    const second = await startTestApp({}, { sinks: { mail: h.mail, sms: h.sms }, clock: h.clock });
    try {
      const member = await approvedMember(h);
      const card = await seedCard(h, member.corporateNumber);
      const onSecond = second.client();
      for (const [name, value] of member.client.cookies) onSecond.cookies.set(name, value);
      expect((await onSecond.get('/api/v1/me')).body.member.loginId).toBe(member.loginId);
      expect((await member.client.post('/api/v1/card-inquiries', { cardNumber: card.cardNumber, pin: '0000' })).status).toBe(422);
      expect((await onSecond.post('/api/v1/card-inquiries', { cardNumber: card.cardNumber, pin: '0000' })).status).toBe(422);
      expect((await member.client.post('/api/v1/card-inquiries', { cardNumber: card.cardNumber, pin: '0000' })).status).toBe(423);
      expect((await onSecond.post('/api/v1/card-inquiries', { cardNumber: card.cardNumber, pin: card.pin })).body.code).toBe('PIN_LOCKED');
    } finally {
      await second.close();
    }
  });
});

describe('dev outbox', () => {
  it('without SMTP and SMS URLs, messages stay readable at GET /dev/outbox', async () => {
    const dev = await startTestApp({ SMTP_URL: '', SMS_GATEWAY_URL: '' });
    try {
      const payload = signupPayload();
      await dev.client().post('/api/v1/signup-applications', payload);
      const outbox = await dev.client().get('/api/v1/dev/outbox');
      expect(outbox.status).toBe(200);
      const message = outbox.body.items.find((m: any) => m.to === payload.administrator.email);
      expect(message).toMatchObject({ channel: 'EMAIL', status: 'DEV_ONLY', subject: '【法人Webサービス】お申込みを受け付けました / We have received your application' });
    } finally {
      await dev.close();
    }
  });

  it('is not served when DEV_OUTBOX is false', async () => {
    const prod = await startTestApp({ DEV_OUTBOX: 'false' });
    try {
      const response = await prod.client().get('/api/v1/dev/outbox');
      expect(response.status).toBe(404);
    } finally {
      await prod.close();
    }
  });
});

describe('audit log', () => {
  it('records state changes with actor, IP and user agent, and lists them newest first', async () => {
    const staff = await staffLogin(h);
    const page = await staff.get('/api/v1/backoffice/audit-events?limit=5');
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(5);
    expect(Number(page.body.items[0].id)).toBeGreaterThan(Number(page.body.items[4].id));
    const next = await staff.get(`/api/v1/backoffice/audit-events?limit=5&cursor=${page.body.nextCursor}`);
    expect(Number(next.body.items[0].id)).toBeLessThan(Number(page.body.items[4].id));
    const [login] = await h.db.query("SELECT actor_type, ip, user_agent FROM audit_events WHERE action = 'LOGIN_SUCCEEDED' AND actor_type = 'STAFF' LIMIT 1");
    expect(login.ip).toMatch(/127\.0\.0\.1/);
  });

  it('verification detects an edited, a deleted and a reordered row, and names it', async () => {
    const staff = await staffLogin(h);
    const ok = await staff.get('/api/v1/backoffice/audit-events/verification');
    expect(ok.body).toMatchObject({ ok: true });
    expect(ok.body.checked).toBeGreaterThan(10);

    const [victim] = await h.db.query('SELECT * FROM audit_events WHERE seq > 1 ORDER BY id LIMIT 1');
    await h.db.query('UPDATE audit_events SET detail = ? WHERE id = ?', ['{"forged":true}', victim.id]);
    const edited = await staff.get('/api/v1/backoffice/audit-events/verification');
    expect(edited.body).toMatchObject({ ok: false, brokenAt: { eventId: String(victim.id), reason: 'HASH_MISMATCH' } });
    await h.db.query('UPDATE audit_events SET detail = ? WHERE id = ?', [victim.detail, victim.id]);

    await h.db.query('DELETE FROM audit_events WHERE id = ?', [victim.id]);
    const deleted = await staff.get('/api/v1/backoffice/audit-events/verification');
    expect(deleted.body.ok).toBe(false);
    expect(deleted.body.brokenAt.reason).toBe('SEQUENCE_GAP');
    await h.db.query(
      `INSERT INTO audit_events (id, chain, seq, occurred_at, actor_type, actor_id, action, target_type, target_id, ip, user_agent, detail, prev_hash, hash, key_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [victim.id, victim.chain, victim.seq, victim.occurred_at, victim.actor_type, victim.actor_id, victim.action, victim.target_type,
        victim.target_id, victim.ip, victim.user_agent, victim.detail, victim.prev_hash, victim.hash, victim.key_id],
    );

    const [first, second] = await h.db.query('SELECT id, seq FROM audit_events WHERE chain = ? ORDER BY seq LIMIT 2', [victim.chain]);
    await h.db.query('UPDATE audit_events SET seq = seq + 1000000 WHERE id IN (?, ?)', [first.id, second.id]);
    await h.db.query('UPDATE audit_events SET seq = ? WHERE id = ?', [second.seq, first.id]);
    await h.db.query('UPDATE audit_events SET seq = ? WHERE id = ?', [first.seq, second.id]);
    const reordered = await staff.get('/api/v1/backoffice/audit-events/verification');
    expect(reordered.body.ok).toBe(false);
    expect(reordered.body.brokenAt.chain).toBe(victim.chain);
    await h.db.query('UPDATE audit_events SET seq = seq + 1000000 WHERE id IN (?, ?)', [first.id, second.id]);
    await h.db.query('UPDATE audit_events SET seq = ? WHERE id = ?', [first.seq, first.id]);
    await h.db.query('UPDATE audit_events SET seq = ? WHERE id = ?', [second.seq, second.id]);
    expect((await staff.get('/api/v1/backoffice/audit-events/verification')).body.ok).toBe(true);
  });
});

describe('maintenance window, health and API docs', () => {
  it('answers 503 MAINTENANCE with Retry-After between 05:00 and 07:00 JST, except health', async () => {
    const clock = new ManualClock(new Date('2026-11-24T20:30:00.000Z')); // 05:30 JST
    const app = await startTestApp({}, { clock });
    try {
      const terms = await app.client().get('/api/v1/terms/current');
      expect(terms.status).toBe(503);
      expect(terms.body.code).toBe('MAINTENANCE');
      expect(terms.headers.get('retry-after')).toBe('5400');
      expect((await app.client().get('/api/v1/health')).status).toBe(200);
      // the maintenance page still learns when the service reopens and whom to call
      const info = await app.client().get('/api/v1/service-info');
      expect(info.status).toBe(200);
      expect(info.body.maintenanceWindow).toEqual({ start: '05:00', end: '07:00', timeZone: 'Asia/Tokyo' });
      clock.set(new Date('2026-11-24T22:00:00.000Z')); // 07:00 JST
      expect((await app.client().get('/api/v1/terms/current')).status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('can be disabled', async () => {
    const app = await startTestApp({ MAINTENANCE_WINDOW: '' }, { clock: new ManualClock(new Date('2026-11-24T20:30:00.000Z')) });
    try {
      expect((await app.client().get('/api/v1/terms/current')).status).toBe(200);
      expect((await app.client().get('/api/v1/service-info')).body.maintenanceWindow).toBeNull();
    } finally {
      await app.close();
    }
  });

  it('serves the configured contact desk and window to the screens', async () => {
    const app = await startTestApp({
      MAINTENANCE_WINDOW: '02:30-04:00', CONTACT_DESK_NAME: 'テスト法人カードデスク', CONTACT_DESK_PHONE: '0120-987-654', CONTACT_DESK_HOURS: '9:00〜18:00(土日祝休)',
    });
    try {
      // devOutbox says what GET /dev/outbox does, so the SPA need not probe it (a 404 is a console error)
      const outboxServed = (await app.client().get('/api/v1/dev/outbox')).status === 200;
      expect((await app.client().get('/api/v1/service-info')).body).toEqual({
        contactDesk: { name: 'テスト法人カードデスク', phone: '0120-987-654', hours: '9:00〜18:00(土日祝休)' },
        maintenanceWindow: { start: '02:30', end: '04:00', timeZone: 'Asia/Tokyo' },
        devOutbox: outboxServed,
      });
    } finally {
      await app.close();
    }
  });

  it('health reports the database', async () => {
    const response = await h.client().get('/api/v1/health');
    expect(response.body).toEqual({ status: 'ok', db: 'up' });
  });

  it('publishes an OpenAPI document with every contract path', async () => {
    const response = await h.client().get('/api/docs/openapi.json');
    expect(response.status).toBe(200);
    const paths = Object.keys(response.body.paths);
    for (const path of [
      '/api/v1/health', '/api/v1/terms/current', '/api/v1/signup-applications', '/api/v1/password-setup', '/api/v1/password-reset-requests',
      '/api/v1/session', '/api/v1/me', '/api/v1/card-inquiries', '/api/v1/card-inquiries/{inquiryId}/enrollment',
      '/api/v1/card-inquiries/{inquiryId}/enrollment/verification', '/api/v1/cards', '/api/v1/company/fraud-data-sharing',
      '/api/v1/backoffice/session', '/api/v1/backoffice/signup-applications', '/api/v1/backoffice/signup-applications/{id}',
      '/api/v1/backoffice/signup-applications/{id}/approval', '/api/v1/backoffice/signup-applications/{id}/rejection',
      '/api/v1/backoffice/audit-events', '/api/v1/backoffice/audit-events/verification',
    ]) expect(paths).toContain(path);
  });

  it('sends security headers and no-store', async () => {
    const response = await h.client().get('/api/v1/terms/current');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('cache-control')).toBe('no-store');
  });
});
