/**
 * Issue 4, property 4: the answers that must not reveal existence are identical in status and body, and their
 * response-time distributions cannot be told apart by a two-sample Kolmogorov–Smirnov test at α = 0.001.
 * Samples are interleaved so drift in machine load hits every group alike.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { approvedMember, jcbCardNumber, seedCard, type MemberFixture } from './support/fixtures.js';
import type { HttpResponse } from './support/http-client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const SAMPLES = 40;
let h: TestApp;
let a: MemberFixture;
let b: MemberFixture;

beforeAll(async () => {
  h = await startTestApp();
  a = await approvedMember(h);
  b = await approvedMember(h);
});
afterAll(async () => { await h.close(); });

/** KS statistic D and its critical value for α = 0.001 (c(α) = 1.949). */
export function ksTest(x: number[], y: number[]): { d: number; critical: number } {
  const xs = [...x].sort((p, q) => p - q);
  const ys = [...y].sort((p, q) => p - q);
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < xs.length && j < ys.length) {
    const value = Math.min(xs[i]!, ys[j]!);
    while (i < xs.length && xs[i]! <= value) i += 1;
    while (j < ys.length && ys[j]! <= value) j += 1;
    d = Math.max(d, Math.abs(i / xs.length - j / ys.length));
  }
  return { d, critical: 1.949 * Math.sqrt((xs.length + ys.length) / (xs.length * ys.length)) };
}

async function timed(send: () => Promise<HttpResponse>): Promise<{ ms: number; response: HttpResponse }> {
  const started = performance.now();
  const response = await send();
  return { ms: performance.now() - started, response };
}

async function compare(groups: Record<string, (i: number) => Promise<HttpResponse>>, after?: (name: string, i: number) => Promise<void>) {
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(groups).map((name) => [name, []]));
  const bodies: Record<string, string> = {};
  for (let i = 0; i < SAMPLES; i += 1) {
    for (const [name, send] of Object.entries(groups)) {
      const { ms, response } = await timed(() => send(i));
      times[name]!.push(ms);
      bodies[name] = `${response.status} ${JSON.stringify({ ...response.body, instance: undefined })}`;
      await after?.(name, i);
    }
  }
  const names = Object.keys(groups);
  for (const other of names.slice(1)) expect(bodies[other]).toBe(bodies[names[0]!]);
  for (let p = 0; p < names.length; p += 1) {
    for (let q = p + 1; q < names.length; q += 1) {
      const { d, critical } = ksTest(times[names[p]!]!, times[names[q]!]!);
      expect({ pair: `${names[p]} vs ${names[q]}`, distinguishable: d > critical }).toEqual({ pair: `${names[p]} vs ${names[q]}`, distinguishable: false });
    }
  }
}

describe('no enumeration by answer or by time', () => {
  it('login: unknown ID vs wrong password', async () => {
    await compare(
      {
        unknown: (i) => h.client().post('/api/v1/session', { loginId: `CW9${String(i).padStart(7, '0')}`, password: 'Wrong-Passw0rd!' }),
        wrongPassword: () => h.client().post('/api/v1/session', { loginId: a.loginId, password: 'Wrong-Passw0rd!' }),
      },
      // keep the account below its lockout so every sample is a plain wrong password
      async (name) => { if (name === 'wrongPassword') await h.db.query('UPDATE members SET failed_login_count = 0 WHERE login_id = ?', [a.loginId]); },
    );
  });

  it('card inquiry: unknown card vs another company\'s card vs wrong PIN', async () => {
    const own = await Promise.all(Array.from({ length: SAMPLES }, () => seedCard(h, a.corporateNumber)));
    const foreign = await Promise.all(Array.from({ length: SAMPLES }, () => seedCard(h, b.corporateNumber)));
    await compare({
      unknown: () => a.client.post('/api/v1/card-inquiries', { cardNumber: jcbCardNumber(), pin: '0000' }),
      otherCompany: (i) => a.client.post('/api/v1/card-inquiries', { cardNumber: foreign[i]!.cardNumber, pin: foreign[i]!.pin }),
      wrongPin: (i) => a.client.post('/api/v1/card-inquiries', { cardNumber: own[i]!.cardNumber, pin: '0000' }),
    });
  });

  it('password reset: existing vs unknown account', async () => {
    await compare({
      existing: () => h.client().post('/api/v1/password-reset-requests', { loginId: a.loginId, email: a.email }),
      unknown: (i) => h.client().post('/api/v1/password-reset-requests', { loginId: `CW8${String(i).padStart(7, '0')}`, email: `nobody${i}@example.com` }),
    });
  });

  it('the KS test does tell apart distributions that differ', () => {
    const fast = Array.from({ length: SAMPLES }, (_, i) => 20 + (i % 5));
    const slow = fast.map((ms) => ms + 3);
    const { d, critical } = ksTest(fast, slow);
    expect(d).toBeGreaterThan(critical);
  });
});
