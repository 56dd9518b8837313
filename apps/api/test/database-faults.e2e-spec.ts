/**
 * Issue 4, property 6 (database): when MariaDB goes away mid-run the API answers 503 (never 500), health says
 * `db: down`, and it recovers by itself when the database is back; a registration cut mid-flight is either
 * fully written (enrollment + its email + its audit event) or not at all.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { approvedMember, seedCard, staffLogin, type MemberFixture } from './support/fixtures.js';
import { TcpProxy } from './support/tcp-proxy.js';
import { startTestApp, testDatabaseUrl, type TestApp } from './support/test-app.js';
import { eventually } from './support/eventually.js';

let h: TestApp;
let proxy: TcpProxy;
let member: MemberFixture;

beforeAll(async () => {
  const database = new URL(await testDatabaseUrl());
  proxy = new TcpProxy(database.hostname, Number(database.port || 3306));
  await proxy.start();
  database.host = `127.0.0.1:${proxy.port}`;
  h = await startTestApp({ DATABASE_URL: database.toString() });
  member = await approvedMember(h);
});
afterAll(async () => {
  proxy.up();
  await h.close();
  await proxy.stop();
});

async function until(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  await eventually(check, 'the condition', { timeoutMs, intervalMs: 100 });
}

describe('database outage', () => {
  it('answers 503 while the database is down and recovers by itself', async () => {
    expect((await member.client.get('/api/v1/cards')).status).toBe(200);
    proxy.down();
    const during = await Promise.all([
      member.client.get('/api/v1/cards'),
      h.client().get('/api/v1/terms/current'),
      h.client().post('/api/v1/session', { loginId: member.loginId, password: 'whatever-Passw0rd' }),
    ]);
    for (const response of during) {
      expect(response.status).toBe(503);
      expect(response.body.code).toBe('SERVICE_UNAVAILABLE');
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
    const health = await h.client().get('/api/v1/health');
    expect(health.status).toBe(503);
    expect(health.body).toEqual({ status: 'degraded', db: 'down' });
    // the load balancer stops routing here; the supervisor does not restart the process
    const ready = await h.client().get('/api/v1/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ status: 'not-ready', db: 'down', migrations: 'unknown' });
    expect((await h.client().get('/api/v1/health/live')).status).toBe(200);
    proxy.up();
    await until(async () => (await h.client().get('/api/v1/health')).status === 200);
    await until(async () => (await h.client().get('/api/v1/health/ready')).status === 200);
    expect((await member.client.get('/api/v1/cards')).status).toBe(200);
  });

  it('a registration cut mid-flight is all or nothing', async () => {
    const cards = await Promise.all(Array.from({ length: 12 }, () => seedCard(h, member.corporateNumber)));
    const inquiries: { cardId: number; inquiryId: string }[] = [];
    for (const card of cards) {
      const { body } = await member.client.post('/api/v1/card-inquiries', { cardNumber: card.cardNumber, pin: card.pin });
      inquiries.push({ cardId: card.cardId, inquiryId: body.inquiryId });
    }
    const inflight = inquiries.map(({ inquiryId }, i) =>
      member.client.put(`/api/v1/card-inquiries/${inquiryId}/enrollment`, { secureId: `cut.${Date.now() % 100000}.${i}`, method: 'PASSWORD', password: 'Kx7#mQ2v!Lp9' }));
    // cut as soon as the first registration has committed: the others are hashing, mid-transaction or queued
    await Promise.race(inflight);
    proxy.down();
    await new Promise((resolve) => setTimeout(resolve, 300));
    proxy.up();
    const responses = await Promise.all(inflight);
    for (const response of responses) expect([200, 503]).toContain(response.status);
    expect(responses.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(1);
    expect(responses.filter((r) => r.status === 503).length).toBeGreaterThanOrEqual(1);
    await until(async () => (await h.client().get('/api/v1/health')).status === 200);
    for (const [i, { cardId }] of inquiries.entries()) {
      const [enrollment] = await h.db.query('SELECT updated_at FROM enrollments WHERE card_id = ?', [cardId]);
      const [{ audits }] = await h.db.query("SELECT COUNT(*) AS audits FROM audit_events WHERE action = 'ENROLLMENT_REGISTERED' AND target_id = ?", [String(cardId)]);
      expect({ card: i, written: Boolean(enrollment), audited: Number(audits) > 0 }).toEqual({ card: i, written: Number(audits) > 0, audited: Boolean(enrollment) });
      // an acknowledged registration is written
      expect({ card: i, acknowledgedButLost: responses[i]!.status === 200 && !enrollment }).toEqual({ card: i, acknowledgedButLost: false });
    }
    const staff = await staffLogin(h);
    expect((await staff.get('/api/v1/backoffice/audit-events/verification')).body.ok).toBe(true);
  });
});
