/** The dev outbox shows each message's real delivery state, not a PENDING that never changes. */
import { describe, expect, it } from '@jest/globals';
import { signupPayload } from './support/fixtures.js';
import { startTestApp } from './support/test-app.js';

async function outboxFor(app: Awaited<ReturnType<typeof startTestApp>>, email: string, want: (status: string) => boolean) {
  for (let i = 0; i < 100; i += 1) {
    const items = (await app.client().get('/api/v1/dev/outbox')).body.items as { to: string; status: string; attempts: number; sentAt?: string }[];
    const found = items.find((m) => m.to === email && want(m.status));
    if (found) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('no such message');
}

describe('dev outbox delivery state', () => {
  it('says SENT with the time once SMTP delivered it', async () => {
    const app = await startTestApp();
    try {
      const payload = signupPayload();
      expect((await app.client().post('/api/v1/signup-applications', payload)).status).toBe(202);
      await app.mail.waitFor((m) => m.to.includes(payload.administrator.email));
      const message = await outboxFor(app, payload.administrator.email, (s) => s === 'SENT');
      expect(message).toMatchObject({ status: 'SENT', attempts: 1, sentAt: expect.any(String) });
    } finally {
      await app.close();
    }
  });

  it('says DEV_ONLY when no transport is configured for the channel', async () => {
    const app = await startTestApp({ SMTP_URL: '' });
    try {
      const payload = signupPayload();
      expect((await app.client().post('/api/v1/signup-applications', payload)).status).toBe(202);
      const message = await outboxFor(app, payload.administrator.email, () => true);
      expect(message).toMatchObject({ status: 'DEV_ONLY', attempts: 0 });
    } finally {
      await app.close();
    }
  });
});
