/**
 * The request-level checks (maintenance window, Origin, content-type allow-list, no-store) are decided on the
 * route the router picked, not on the raw URL string: an encoded, double-slashed or case-varied prefix that
 * still reaches a handler must meet every check.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../src/common/clock/clock.js';
import { STAFF_LOGIN_ID, STAFF_PASSWORD, startTestApp, type TestApp } from './support/test-app.js';

const VARIANTS = [
  '/%61pi/v1/backoffice/session',
  '/api/%761/backoffice/session',
  '/api/v1/backoffice/%73ession',
  '//api/v1/backoffice/session',
  '/api//v1/backoffice/session',
  '/API/v1/backoffice/session',
  '/Api/V1/backoffice/session',
  '/%2561pi/v1/backoffice/session',
];

function expectStatusIn(path: string, status: number, allowed: number[]): void {
  expect(`${path} → ${allowed.includes(status) ? 'refused' : status}`).toBe(`${path} → refused`);
}

let h: TestApp;
beforeAll(async () => { h = await startTestApp(); });
afterAll(async () => { await h.close(); });

describe('request checks on the routed path', () => {
  it('a staff login during maintenance gets 503 whatever the spelling of the prefix', async () => {
    const clock = new ManualClock(new Date('2026-11-24T20:30:00.000Z')); // 05:30 JST
    const app = await startTestApp({}, { clock });
    try {
      for (const path of VARIANTS) {
        const response = await app.client().post(path, { loginId: STAFF_LOGIN_ID, password: STAFF_PASSWORD });
        // either the router does not know the spelling (404) or the window applies (503): never a session
        expectStatusIn(path, response.status, [503, 404]);
        expect(response.headers.get('set-cookie')).toBeNull();
      }
      expect((await app.client().post('/%61pi/v1/backoffice/session', { loginId: STAFF_LOGIN_ID, password: STAFF_PASSWORD })).status).toBe(503);
    } finally {
      await app.close();
    }
  });

  it('a foreign Origin, a wrong content type and a missing no-store are caught on every spelling', async () => {
    for (const path of VARIANTS) {
      const foreign = await h.client().post(path, { loginId: STAFF_LOGIN_ID, password: STAFF_PASSWORD }, { headers: { origin: 'https://evil.example' } });
      expectStatusIn(path, foreign.status, [403, 404]);
      const form = await h.client().post(path, undefined, { raw: `loginId=${STAFF_LOGIN_ID}`, contentType: 'text/plain' });
      expectStatusIn(path, form.status, [415, 404]);
    }
    const terms = await h.client().get('/%61pi/v1/terms/current');
    expect(terms.status).toBe(200);
    expect(terms.headers.get('cache-control')).toBe('no-store');
  });
});

describe('an unset NODE_ENV fails closed', () => {
  it('serves neither the dev outbox nor the API docs', async () => {
    const keys = Object.fromEntries(['PAN_ENCRYPTION_KEY', 'PAN_FINGERPRINT_KEY', 'PIN_KEY', 'OTP_KEY', 'AUDIT_KEY', 'AUDIT_SIGNING_KEY'].map((name) => [name, randomBytes(32).toString('base64')]));
    const app = await startTestApp({ NODE_ENV: '', WEB_ORIGIN: 'https://corp.example.jp', AUDIT_CHECKPOINT_DIR: mkdtempSync(join(tmpdir(), 'corpweb-audit-')),
      CONTACT_DESK_NAME: '法人カードデスク', CONTACT_DESK_PHONE: '0120-123-456', CONTACT_DESK_HOURS: '9:00〜17:00', ...keys });
    try {
      expect(app.config.env).toBe('production');
      expect((await app.client().get('/api/v1/dev/outbox')).status).toBe(404);
      expect((await app.client().get('/api/docs/openapi.json')).status).toBe(404);
      expect((await app.client().get('/api/v1/health')).status).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe('TRUST_PROXY', () => {
  async function loggedIp(env: Record<string, string>): Promise<string> {
    const app = await startTestApp(env);
    try {
      const loginId = `CW${Math.random().toString().slice(2, 10)}`;
      await app.client().post('/api/v1/session', { loginId, password: 'Wrong-Passw0rd!' }, { headers: { 'x-forwarded-for': '203.0.113.7' } });
      const [row] = await app.db.query("SELECT ip FROM audit_events WHERE action = 'LOGIN_FAILED' ORDER BY id DESC LIMIT 1");
      return row.ip as string;
    } finally {
      await app.close();
    }
  }

  it('ignores X-Forwarded-For from a peer that is not a configured proxy', async () => {
    await expect(loggedIp({ TRUST_PROXY: '10.9.9.9' })).resolves.toMatch(/127\.0\.0\.1/);
    await expect(loggedIp({})).resolves.toMatch(/127\.0\.0\.1/);
  });

  it('takes the client address from a configured proxy', async () => {
    await expect(loggedIp({ TRUST_PROXY: '127.0.0.1' })).resolves.toBe('203.0.113.7');
  });
});

describe('content security policy', () => {
  it("allows styles from the app's own files only (no 'unsafe-inline')", async () => {
    const csp = (await h.client().get('/api/v1/terms/current')).headers.get('content-security-policy') ?? '';
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
  });
});
