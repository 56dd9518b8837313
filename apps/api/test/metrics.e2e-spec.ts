/**
 * Issue 15: after an inquiry on the portal and a challenged checkout on the ACS (whose first RReq the DS
 * refuses), both metrics listeners report the request, outbox, ACS, pool and process series with values, and
 * no card number, login ID, secure ID or raw path (an inquiry ID, an unmatched URL) appears anywhere in them.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { MetricsListener } from '../src/modules/metrics/metrics-listener.js';
import { enrolledCard, type EnrolledCard } from './support/acs-fixtures.js';
import { approvedMember, type MemberFixture } from './support/fixtures.js';
import { startTestAcs, type TestAcs } from './support/test-acs.js';
import { outboxAttemptsRecorded } from './support/outbox.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { answer, buildAReq, finalCRes, openChallenge, sendAReq } from './support/three-ds-server.js';

let portal: TestApp;
let acs: TestAcs;
let member: MemberFixture;
let card: EnrolledCard;
let portalMetrics: string;
let acsMetrics: string;
let inquiryId: string;
let acsTransId: string;
const unmatchedPath = `/api/v1/no-such-${randomUUID()}`;

async function scrape(listener: MetricsListener): Promise<string> {
  const address = await listener.listen(0, '127.0.0.1');
  const response = await fetch(`http://127.0.0.1:${address.port}/metrics`);
  expect(response.status).toBe(200);
  return response.text();
}

/** The value of the one sample of `name` whose labels include all of `labels`; undefined when there is none. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => present[key] === value)) return Number(match[3]);
  }
  return undefined;
}

beforeAll(async () => {
  portal = await startTestApp();
  acs = await startTestAcs(portal);
  member = await approvedMember(portal);
  card = await enrolledCard(portal, member, 'PASSWORD');
  const inquiry = await member.client.post('/api/v1/card-inquiries', { cardNumber: card.cardNumber, pin: card.pin });
  expect(inquiry.status).toBe(200);
  inquiryId = inquiry.body.inquiryId;
  const check = await member.client.post(`/api/v1/card-inquiries/${inquiryId}/enrollment/password-check`, { secureId: card.secureId, password: 'Xv7!kQm2#rTp' });
  expect(check.status).toBe(204);
  expect((await portal.client().get(unmatchedPath)).status).toBe(404);

  // a checkout: C, the password, Y; the DS refuses the first RReq, the retry (after the back-off) is accepted
  acs.ds.refuseNext = 1;
  const ares = (await sendAReq(acs.baseUrl, buildAReq(card, { amount: '12800' }))).body;
  expect(ares.transStatus).toBe('C');
  acsTransId = ares.acsTransID;
  const done = await answer(await openChallenge(ares), { secureId: card.secureId, password: card.password! });
  expect(finalCRes(done).transStatus).toBe('Y');
  // once the refusal is recorded (its retry due 2 s later on the test clock), move the clock past the back-off
  await outboxAttemptsRecorded(portal.db, { dedupeKey: `rreq:${acsTransId}` }, 1);
  portal.clock.advance(5_000);
  await acs.ds.waitForAccepted(acsTransId);
  // and an AReq that is not JSON: an Erro
  expect((await sendAReq(acs.baseUrl, undefined, 'not json')).body.messageType).toBe('Erro');

  portalMetrics = await scrape(portal.app.get(MetricsListener));
  acsMetrics = await scrape(acs.app.get(MetricsListener));
});

afterAll(async () => {
  await acs?.close();
  await portal?.close();
});

describe('portal metrics', () => {
  it('count and time HTTP requests by routed pattern and status', () => {
    const inquiries = { service: 'portal', method: 'POST', route: '/api/v1/card-inquiries', status: '200' };
    expect(sample(portalMetrics, 'http_request_duration_seconds_count', inquiries)).toBeGreaterThanOrEqual(2);
    expect(sample(portalMetrics, 'http_request_duration_seconds_sum', inquiries)).toBeGreaterThan(0);
    expect(sample(portalMetrics, 'http_request_duration_seconds_bucket', { ...inquiries, le: '+Inf' })).toBeGreaterThanOrEqual(2);
    expect(sample(portalMetrics, 'http_request_duration_seconds_count', { method: 'POST', route: '/api/v1/card-inquiries/:inquiryId/enrollment/password-check', status: '204' })).toBe(1);
    expect(sample(portalMetrics, 'http_request_duration_seconds_count', { route: 'unmatched', status: '404' })).toBe(1);
  });

  it('report the outbox by channel, the pool, the event loop and the process', () => {
    for (const channel of ['EMAIL', 'SMS', 'RREQ']) {
      expect(sample(portalMetrics, 'outbox_pending_messages', { channel })).toBeGreaterThanOrEqual(0);
      expect(sample(portalMetrics, 'outbox_oldest_pending_age_seconds', { channel })).toBeGreaterThanOrEqual(0);
      expect(sample(portalMetrics, 'outbox_dead_messages', { channel })).toBe(0);
    }
    // the approval email, the enrollment notices: delivered by the portal's worker, each after its enqueue
    expect(sample(portalMetrics, 'outbox_delivery_lag_seconds_count', { channel: 'EMAIL' })).toBeGreaterThanOrEqual(1);
    expect(sample(portalMetrics, 'db_pool_max_connections')).toBe(16);
    // the sealer's window: present on both processes (the audit table is shared)
    expect(sample(portalMetrics, 'audit_sealing_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(acsMetrics, 'audit_sealing_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(portalMetrics, 'db_pool_connections', { state: 'idle' })).toBeGreaterThanOrEqual(1);
    expect(sample(portalMetrics, 'db_pool_connections', { state: 'busy' })).toBeGreaterThanOrEqual(0);
    expect(sample(portalMetrics, 'db_pool_waiting_requests')).toBe(0);
    expect(sample(portalMetrics, 'nodejs_eventloop_lag_p99_seconds')).toBeGreaterThan(0);
    expect(sample(portalMetrics, 'process_cpu_seconds_total')).toBeGreaterThan(0);
  });
});

describe('ACS metrics', () => {
  it('count decisions by stage, transStatus and reason, and Erro answers by code', () => {
    expect(sample(acsMetrics, 'acs_decisions_total', { service: 'acs', stage: 'areq', trans_status: 'C', reason: 'none' })).toBe(1);
    expect(sample(acsMetrics, 'acs_decisions_total', { stage: 'challenge', trans_status: 'Y', reason: 'none' })).toBe(1);
    expect(sample(acsMetrics, 'acs_message_errors_total', { error_code: '101' })).toBe(1);
    expect(sample(acsMetrics, 'http_request_duration_seconds_count', { method: 'POST', route: '/3ds/v2/areq', status: '200' })).toBe(2);
  });

  it('count the refused RReq as a delivery failure and measure the RReq delivery lag', () => {
    expect(sample(acsMetrics, 'outbox_delivery_failures_total', { channel: 'RREQ' })).toBe(1);
    expect(sample(acsMetrics, 'outbox_delivery_lag_seconds_count', { channel: 'RREQ' })).toBe(1);
    // enqueued at the challenge's end, sent after the clock moved past the 2 s back-off
    expect(sample(acsMetrics, 'outbox_delivery_lag_seconds_sum', { channel: 'RREQ' })).toBeGreaterThanOrEqual(2);
    expect(sample(acsMetrics, 'outbox_pending_messages', { channel: 'RREQ' })).toBe(0);
  });
});

describe('what the metrics never contain', () => {
  it('has no card number, login ID, secure ID, PIN, password or raw path in either scrape', () => {
    for (const text of [portalMetrics, acsMetrics]) {
      for (const secret of [card.cardNumber, card.cardNumber.slice(0, 6), member.loginId, card.secureId, card.password!, member.email, inquiryId, acsTransId, unmatchedPath]) {
        expect(text).not.toContain(secret);
      }
      expect(text).not.toMatch(new RegExp(`[="]${card.pin}["\\n]`));
    }
  });
});
