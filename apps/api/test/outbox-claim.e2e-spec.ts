/**
 * The outbox claim (a committed write before sending, not SKIP LOCKED): workers of two instances on one
 * database deliver every message exactly once, and a message claimed by a worker that died before sending is
 * due again when the claim lease has run out. The same design across Galera nodes is proven by pnpm test:cluster.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../src/common/clock/clock.js';
import { CLAIM_LEASE_SECONDS, OutboxWorker } from '../src/modules/outbox/outbox.worker.js';
import { OutboxService } from '../src/modules/outbox/outbox.service.js';
import { eventually } from './support/eventually.js';
import { SmsSink, SmtpSink } from './support/sinks.js';
import { NOON_JST, startTestApp, type TestApp } from './support/test-app.js';

let a: TestApp;
let b: TestApp;
const mail = new SmtpSink();
const sms = new SmsSink();

beforeAll(async () => {
  await Promise.all([mail.start(), sms.start()]);
  const clock = new ManualClock(NOON_JST);
  // no polling: the test decides when each worker runs (a wake after commit still runs it at once)
  a = await startTestApp({ OUTBOX_POLL_MS: '600000' }, { sinks: { mail, sms }, clock });
  b = await startTestApp({ OUTBOX_POLL_MS: '600000' }, { sinks: { mail, sms }, clock });
});
afterAll(async () => {
  await Promise.all([a.close(), b.close()]);
  await Promise.all([mail.stop(), sms.stop()]);
});

async function enqueue(app: TestApp, to: string): Promise<void> {
  await app.db.transaction((manager) => app.app.get(OutboxService).email(manager, to, 'password-changed', { subject: '件名', body: `本文 ${to}` }));
}

describe('outbox claim', () => {
  it('two instances racing over 30 messages deliver each exactly once', async () => {
    const recipients = Array.from({ length: 30 }, (_, i) => `claim${i}.${Date.now().toString(36)}@example.com`);
    await Promise.all(recipients.map((to, i) => enqueue(i % 2 ? a : b, to)));
    const workers = [a.app.get(OutboxWorker), b.app.get(OutboxWorker)];
    for (let round = 0; round < 3; round += 1) await Promise.all(workers.flatMap((worker) => [worker.deliverBatch(), worker.deliverBatch()]));
    for (const to of recipients) await mail.waitFor((m) => m.to.includes(to));
    for (const to of recipients) expect([to, mail.messages.filter((m) => m.to.includes(to)).length]).toEqual([to, 1]);
    // the sink has a message before its sender has written SENT: wait until no row is left PENDING, then count
    const settled = async () => Number((await a.db.query("SELECT COUNT(*) AS n FROM outbox_messages WHERE recipient IN (?) AND status = 'PENDING'", [recipients]))[0].n) === 0;
    await eventually(settled, 'every claimed message marked', { timeoutMs: 5_000 });
    const [row] = await a.db.query("SELECT COUNT(*) AS n FROM outbox_messages WHERE recipient IN (?) AND status = 'SENT' AND attempts = 1", [recipients]);
    expect(Number(row.n)).toBe(30);
  });

  it('a message claimed by a worker that died before sending goes out once the lease has run out', async () => {
    const to = `lease.${Date.now().toString(36)}@example.com`;
    const worker = a.app.get(OutboxWorker);
    // a claim exactly as the worker writes it, by a worker that then never sends
    await a.db.transaction(async (manager) => {
      await a.app.get(OutboxService).email(manager, to, 'password-changed', { subject: '件名', body: '本文' });
      await manager.query('UPDATE outbox_messages SET next_attempt_at = ? WHERE recipient = ?', [new Date(a.clock.now().getTime() + CLAIM_LEASE_SECONDS * 1000), to]);
    });
    await worker.deliverBatch();
    await b.app.get(OutboxWorker).deliverBatch();
    expect(mail.messages.filter((m) => m.to.includes(to))).toHaveLength(0);
    a.clock.advance(CLAIM_LEASE_SECONDS * 1000);
    await worker.deliverBatch();
    await mail.waitFor((m) => m.to.includes(to));
    expect(mail.messages.filter((m) => m.to.includes(to))).toHaveLength(1);
  });
});
