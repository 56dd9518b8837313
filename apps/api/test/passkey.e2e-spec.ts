/**
 * Passkeys (issue 10 point 5, PCI DSS 8.4.2) through HTTP with a real software authenticator (EC P-256, 'none'
 * attestation, real signatures): staff register one at the first login instead of TOTP and then log in with
 * password + passkey; members add one from the settings and log in with it alone. Refused: a wrong signature, a
 * replayed challenge, a counter that does not move forward, no user verification, another account's passkey,
 * another origin, a registration finished by another session. Every registration, use and failure is audited;
 * refusals are limited per source IP.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MEMBER_PASSWORD, approvedMember, type MemberFixture } from './support/fixtures.js';
import type { HttpClient } from './support/http-client.js';
import { SoftAuthenticator, type SoftCredential } from './support/soft-authenticator.js';
import { STAFF_LOGIN_ID, STAFF_PASSWORD, startTestApp, type TestApp } from './support/test-app.js';
import { StaffAccountsService } from '../src/modules/auth/staff-accounts.service.js';

let h: TestApp;
let authenticator: SoftAuthenticator;
let staffKey: SoftCredential;
let staffClient: HttpClient;
let member: MemberFixture;
let memberKey: SoftCredential;
const OTHER_STAFF = 'operator2';

beforeAll(async () => {
  h = await startTestApp({ STAFF_TOTP: 'true', TRUST_PROXY: '127.0.0.1', RATE_LIMITS: 'true' });
  authenticator = new SoftAuthenticator('localhost', 'http://localhost:5173');
  await h.app.get(StaffAccountsService).create(OTHER_STAFF, STAFF_PASSWORD, 'OPERATOR');
});
afterAll(async () => { await h.close(); });

let ipCounter = 0;
/** a fresh source address per step: the per-IP limits are tested on their own */
const fresh = () => {
  ipCounter += 1;
  return { headers: { 'x-forwarded-for': `10.20.${Math.floor(ipCounter / 250)}.${(ipCounter % 250) + 1}` } };
};
const audit = async (action: string) =>
  (await h.db.query('SELECT actor_type, actor_id, target_id, detail FROM audit_events WHERE action = ? ORDER BY id', [action])) as
    { actor_type: string; actor_id: string | null; target_id: string | null; detail: string | null }[];
const lastFailureReason = async () => JSON.parse((await audit('PASSKEY_LOGIN_FAILED')).at(-1)!.detail!).reason as string;

async function staffChallenge(client: HttpClient, loginId = STAFF_LOGIN_ID, ip = fresh()) {
  const response = await client.post('/api/v1/backoffice/session/passkey-challenge', { loginId, password: STAFF_PASSWORD }, ip);
  expect(response.status).toBe(200);
  return response.body.options;
}

async function enrollStaff(loginId: string): Promise<{ client: HttpClient; key: SoftCredential }> {
  const client = h.client();
  const first = await client.post('/api/v1/backoffice/session', { loginId, password: STAFF_PASSWORD }, fresh());
  expect(first.body.totpEnrollmentRequired).toBe(true);
  const options = (await client.post('/api/v1/backoffice/me/passkeys/registration-options')).body.options;
  const { credential, json } = authenticator.register(options);
  const registered = await client.post('/api/v1/backoffice/me/passkeys', { credential: json, name: 'YubiKey' });
  expect(registered.status).toBe(201);
  return { client, key: credential };
}

describe('staff passkeys', () => {
  it('are registered at the first login instead of TOTP, with user verification, and audited', async () => {
    const client = h.client();
    const first = await client.post('/api/v1/backoffice/session', { loginId: STAFF_LOGIN_ID, password: STAFF_PASSWORD }, fresh());
    expect(first.body.totpEnrollmentRequired).toBe(true);
    expect((await client.get('/api/v1/backoffice/signup-applications')).body.code).toBe('MFA_ENROLLMENT_REQUIRED');
    const options = (await client.post('/api/v1/backoffice/me/passkeys/registration-options')).body.options;
    expect(options.rp).toEqual({ id: 'localhost', name: '法人Webサービス' });
    expect(options.authenticatorSelection.userVerification).toBe('required');
    expect(options.attestation).toBe('none');

    // another session cannot finish this registration
    const other = h.client();
    await other.post('/api/v1/backoffice/session', { loginId: STAFF_LOGIN_ID, password: STAFF_PASSWORD }, fresh());
    const stolen = await other.post('/api/v1/backoffice/me/passkeys', { credential: authenticator.register(options).json });
    expect([stolen.status, stolen.body.code]).toEqual([422, 'PASSKEY_REGISTRATION_FAILED']);
    // without user verification (UP | AT only), or made on another origin: refused
    const noUv = authenticator.register((await client.post('/api/v1/backoffice/me/passkeys/registration-options')).body.options, undefined, 0x41);
    expect((await client.post('/api/v1/backoffice/me/passkeys', { credential: noUv.json })).status).toBe(422);
    authenticator.origin = 'https://phish.example';
    const phished = authenticator.register((await client.post('/api/v1/backoffice/me/passkeys/registration-options')).body.options);
    authenticator.origin = 'http://localhost:5173';
    expect((await client.post('/api/v1/backoffice/me/passkeys', { credential: phished.json })).status).toBe(422);
    // a refused answer spends its challenge
    expect((await client.post('/api/v1/backoffice/me/passkeys', { credential: authenticator.register(JSON.parse(Buffer.from(phished.json.response.clientDataJSON, 'base64url').toString())).json })).status).toBe(422);
    const failures = (await audit('PASSKEY_REGISTRATION_FAILED')).map((row) => JSON.parse(row.detail!).reason);
    expect(failures).toEqual(['CHALLENGE', 'ATTESTATION', 'ATTESTATION', 'CHALLENGE']);

    // the other session's try did not spend the first challenge: its own session finishes it
    const good = authenticator.register(options);
    const registered = await client.post('/api/v1/backoffice/me/passkeys', { credential: good.json, name: 'YubiKey' });
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject({ name: 'YubiKey', backedUp: false });
    staffKey = good.credential;
    const [row] = await h.db.query("SELECT owner_kind, counter, transports, credential_id FROM webauthn_credentials WHERE owner_kind = 'STAFF'");
    expect(row).toMatchObject({ owner_kind: 'STAFF', transports: 'internal' });
    expect(Buffer.from(row.credential_id).equals(staffKey.id)).toBe(true);
    const [event] = await audit('PASSKEY_REGISTERED');
    expect([event!.actor_type, event!.target_id]).toEqual(['STAFF', registered.body.id]);

    // the passkey is the second factor: the session is no longer held at enrollment
    expect((await client.get('/api/v1/backoffice/signup-applications')).status).toBe(200);
    expect((await client.get('/api/v1/backoffice/me')).body.totpEnrollmentRequired).toBeUndefined();
    expect((await client.get('/api/v1/backoffice/me/passkeys')).body.items).toHaveLength(1);
    staffClient = client;
  });

  it('then log in with password + passkey: MFA_REQUIRED without it, a session with it', async () => {
    const missing = await h.client().post('/api/v1/backoffice/session', { loginId: STAFF_LOGIN_ID, password: STAFF_PASSWORD }, fresh());
    expect([missing.status, missing.body.code]).toEqual([401, 'MFA_REQUIRED']);
    const wrongPassword = await h.client().post('/api/v1/backoffice/session/passkey-challenge', { loginId: STAFF_LOGIN_ID, password: 'Wrong-Passw0rd!' }, fresh());
    expect([wrongPassword.status, wrongPassword.body.code]).toEqual([401, 'INVALID_CREDENTIALS']);

    const client = h.client();
    const options = await staffChallenge(client);
    expect(options.userVerification).toBe('required');
    expect(options.allowCredentials).toEqual([{ id: staffKey.id.toString('base64url'), type: 'public-key', transports: ['internal'] }]);
    const ok = await client.post('/api/v1/backoffice/session/passkey', { credential: authenticator.assert(options, staffKey) }, fresh());
    expect(ok.status).toBe(200);
    expect(ok.body.staff).toEqual({ loginId: STAFF_LOGIN_ID, role: 'SUPERVISOR' });
    expect((await client.get('/api/v1/backoffice/audit-events?limit=1')).status).toBe(200);
    const login = (await audit('LOGIN_SUCCEEDED')).at(-1)!;
    expect(JSON.parse(login.detail!)).toEqual({ secondFactor: 'PASSKEY' });
    const [stored] = await h.db.query("SELECT counter, last_used_at FROM webauthn_credentials WHERE owner_kind = 'STAFF' ORDER BY id LIMIT 1");
    expect([Number(stored.counter), stored.last_used_at]).toEqual([staffKey.counter, expect.any(Date)]);
  });

  it('refuse a replayed challenge and a wrong signature', async () => {
    const options = await staffChallenge(h.client());
    const answer = authenticator.assert(options, staffKey);
    expect((await h.client().post('/api/v1/backoffice/session/passkey', { credential: answer }, fresh())).status).toBe(200);
    const replay = await h.client().post('/api/v1/backoffice/session/passkey', { credential: answer }, fresh());
    expect([replay.status, replay.body.code]).toEqual([401, 'PASSKEY_INVALID']);
    expect(replay.headers.get('set-cookie')).toBeNull();
    expect(await lastFailureReason()).toBe('CHALLENGE');

    const forged = authenticator.assert(await staffChallenge(h.client()), staffKey, { badSignature: true });
    const refused = await h.client().post('/api/v1/backoffice/session/passkey', { credential: forged }, fresh());
    expect([refused.status, refused.body.code]).toEqual([401, 'PASSKEY_INVALID']);
    expect(await lastFailureReason()).toBe('SIGNATURE');
    // a second try on the same challenge does not get another chance
    const retry = authenticator.assert({ challenge: JSON.parse(Buffer.from(forged.response.clientDataJSON, 'base64url').toString()).challenge }, staffKey);
    expect((await h.client().post('/api/v1/backoffice/session/passkey', { credential: retry }, fresh())).status).toBe(401);
    expect(await lastFailureReason()).toBe('CHALLENGE');
    // a right answer clears the second-factor failure count
    expect((await h.client().post('/api/v1/backoffice/session/passkey', { credential: authenticator.assert(await staffChallenge(h.client()), staffKey) }, fresh())).status).toBe(200);
  });

  it('refuse a counter that does not move forward (a cloned authenticator) and an answer without user verification', async () => {
    const before = staffKey.counter;
    const cloned = await h.client().post('/api/v1/backoffice/session/passkey', {
      credential: authenticator.assert(await staffChallenge(h.client()), staffKey, { counter: before }),
    }, fresh());
    expect([cloned.status, cloned.body.code]).toEqual([401, 'PASSKEY_INVALID']);
    expect(await lastFailureReason()).toBe('COUNTER');
    const lower = await h.client().post('/api/v1/backoffice/session/passkey', {
      credential: authenticator.assert(await staffChallenge(h.client()), staffKey, { counter: before - 1 }),
    }, fresh());
    expect(lower.status).toBe(401);
    expect(await lastFailureReason()).toBe('COUNTER');
    const [stored] = await h.db.query("SELECT counter FROM webauthn_credentials WHERE owner_kind = 'STAFF' ORDER BY id LIMIT 1");
    expect(Number(stored.counter)).toBe(before);

    const noUv = await h.client().post('/api/v1/backoffice/session/passkey', {
      credential: authenticator.assert(await staffChallenge(h.client()), staffKey, { counter: before + 5, flags: 0x01 }),
    }, fresh());
    expect(noUv.status).toBe(401);
    expect(await lastFailureReason()).toBe('SIGNATURE');
    staffKey.counter = before;
    expect((await h.client().post('/api/v1/backoffice/session/passkey', { credential: authenticator.assert(await staffChallenge(h.client()), staffKey) }, fresh())).status).toBe(200);
  });

  it("refuse another staff member's passkey on this one's challenge, and count it on this account", async () => {
    const other = await enrollStaff(OTHER_STAFF);
    expect((await other.client.get('/api/v1/backoffice/me/passkeys')).body.items).toHaveLength(1);
    const options = await staffChallenge(h.client());
    const swapped = await h.client().post('/api/v1/backoffice/session/passkey', { credential: authenticator.assert(options, other.key) }, fresh());
    expect([swapped.status, swapped.body.code]).toEqual([401, 'PASSKEY_INVALID']);
    expect(await lastFailureReason()).toBe('NOT_OWNER');
    const failed = (await audit('SECOND_FACTOR_FAILED')).at(-1)!;
    const [supervisor] = await h.db.query('SELECT id FROM staff WHERE login_id = ?', [STAFF_LOGIN_ID]);
    expect(failed.actor_id).toBe(String(supervisor.id));
    // the other staff member's own login still works
    const own = await h.client().post('/api/v1/backoffice/session/passkey', {
      credential: authenticator.assert(await staffChallenge(h.client(), OTHER_STAFF), other.key),
    }, fresh());
    expect([own.status, own.body.staff.loginId]).toEqual([200, OTHER_STAFF]);
  });
});

describe('member passkeys (optional)', () => {
  it('are added from the settings after the password is entered again', async () => {
    member = await approvedMember(h, staffClient);
    const wrong = await member.client.post('/api/v1/me/passkeys/registration-options', { currentPassword: 'Wrong-Passw0rd!' });
    expect(wrong.status).toBe(422);
    const optionsResponse = await member.client.post('/api/v1/me/passkeys/registration-options', { currentPassword: MEMBER_PASSWORD });
    expect(optionsResponse.status).toBe(200);
    const options = optionsResponse.body.options;
    expect(options.authenticatorSelection).toMatchObject({ residentKey: 'required', userVerification: 'required' });
    expect(options.user.name).toBe(member.loginId);
    const { credential, json } = authenticator.register(options);
    const registered = await member.client.post('/api/v1/me/passkeys', { credential: json });
    expect(registered.status).toBe(201);
    expect(registered.body.name).toMatch(/^パスキー \d{4}-\d{2}-\d{2}$/);
    memberKey = credential;
    const [event] = (await audit('PASSKEY_REGISTERED')).filter((row) => row.actor_type === 'MEMBER');
    expect(event!.target_id).toBe(registered.body.id);
    // the same authenticator credential cannot be registered twice
    const again = await member.client.post('/api/v1/me/passkeys/registration-options', { currentPassword: MEMBER_PASSWORD });
    expect(again.body.options.excludeCredentials).toEqual([{ id: credential.id.toString('base64url'), type: 'public-key', transports: ['internal'] }]);
  });

  it('log in with the passkey alone (「パスキーでログイン」)', async () => {
    const client = h.client();
    const challenge = await client.post('/api/v1/session/passkey-challenge', undefined, fresh());
    expect(challenge.status).toBe(200);
    expect(challenge.body.options.allowCredentials).toEqual([]);
    const ok = await client.post('/api/v1/session/passkey', { credential: authenticator.assert(challenge.body.options, memberKey) }, fresh());
    expect(ok.status).toBe(200);
    expect(ok.body.member.loginId).toBe(member.loginId);
    expect((await client.get('/api/v1/me')).status).toBe(200);
    const login = (await audit('LOGIN_SUCCEEDED')).at(-1)!;
    expect([login.actor_type, JSON.parse(login.detail!)]).toEqual(['MEMBER', { method: 'PASSKEY' }]);
  });

  it("refuse a staff passkey, a wrong user handle, a member's passkey on a staff challenge, and a replay", async () => {
    const options = async () => (await h.client().post('/api/v1/session/passkey-challenge', undefined, fresh())).body.options;
    const staffOnMember = await h.client().post('/api/v1/session/passkey', { credential: authenticator.assert(await options(), staffKey) }, fresh());
    expect([staffOnMember.status, staffOnMember.body.code]).toEqual([401, 'PASSKEY_INVALID']);
    expect(await lastFailureReason()).toBe('UNKNOWN_CREDENTIAL');

    const otherHandle = Buffer.alloc(32, 7).toString('base64url');
    const handle = await h.client().post('/api/v1/session/passkey', { credential: authenticator.assert(await options(), memberKey, { userHandle: otherHandle }) }, fresh());
    expect(handle.status).toBe(401);
    expect(await lastFailureReason()).toBe('USER_HANDLE');

    const memberOnStaff = await h.client().post('/api/v1/backoffice/session/passkey', { credential: authenticator.assert(await staffChallenge(h.client()), memberKey) }, fresh());
    expect(memberOnStaff.status).toBe(401);
    expect(await lastFailureReason()).toBe('UNKNOWN_CREDENTIAL');

    const answer = authenticator.assert(await options(), memberKey);
    expect((await h.client().post('/api/v1/session/passkey', { credential: answer }, fresh())).status).toBe(200);
    expect((await h.client().post('/api/v1/session/passkey', { credential: answer }, fresh())).status).toBe(401);
    expect(await lastFailureReason()).toBe('CHALLENGE');
    // one answer posted 6 times at once: the challenge is claimed once, so exactly one login
    const raced = authenticator.assert(await options(), memberKey);
    const statuses = await Promise.all(Array.from({ length: 6 }, () => h.client().post('/api/v1/session/passkey', { credential: raced }, fresh()).then((r) => r.status)));
    expect(statuses.sort()).toEqual([200, 401, 401, 401, 401, 401]);
    // a member challenge cannot be answered on the staff endpoint either
    const crossed = authenticator.assert(await options(), staffKey);
    expect((await h.client().post('/api/v1/backoffice/session/passkey', { credential: crossed }, fresh())).status).toBe(401);
    expect(await lastFailureReason()).toBe('CHALLENGE');
  });

  it('limit refused passkey answers per source address (429), and stop working once removed', async () => {
    const ip = { headers: { 'x-forwarded-for': '198.51.100.77' } };
    for (let i = 0; i < 10; i += 1) {
      const options = (await h.client().post('/api/v1/session/passkey-challenge', undefined, fresh())).body.options;
      expect((await h.client().post('/api/v1/session/passkey', { credential: authenticator.assert(options, memberKey, { badSignature: true }) }, ip)).status).toBe(401);
    }
    const options = (await h.client().post('/api/v1/session/passkey-challenge', undefined, fresh())).body.options;
    const limited = await h.client().post('/api/v1/session/passkey', { credential: authenticator.assert(options, memberKey) }, ip);
    expect([limited.status, limited.body.code]).toEqual([429, 'RATE_LIMITED']);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);

    const { items } = (await member.client.get('/api/v1/me/passkeys')).body;
    expect(items).toHaveLength(1);
    expect((await member.client.delete(`/api/v1/me/passkeys/${items[0].id}`)).status).toBe(204);
    expect((await audit('PASSKEY_REMOVED')).at(-1)!.actor_type).toBe('MEMBER');
    const after = (await h.client().post('/api/v1/session/passkey-challenge', undefined, fresh())).body.options;
    expect((await h.client().post('/api/v1/session/passkey', { credential: authenticator.assert(after, memberKey) }, fresh())).status).toBe(401);
    expect(await lastFailureReason()).toBe('UNKNOWN_CREDENTIAL');
  });
});

describe('staff second-factor lock', () => {
  it('5 refused passkey answers after the right password lock the account, like wrong TOTP codes', async () => {
    // a right answer first: the count starts again
    expect((await h.client().post('/api/v1/backoffice/session/passkey', { credential: authenticator.assert(await staffChallenge(h.client()), staffKey) }, fresh())).status).toBe(200);
    for (let i = 0; i < 4; i += 1) {
      const refused = await h.client().post('/api/v1/backoffice/session/passkey', {
        credential: authenticator.assert(await staffChallenge(h.client()), staffKey, { badSignature: true }),
      }, fresh());
      expect(refused.status).toBe(401);
    }
    const fifth = await h.client().post('/api/v1/backoffice/session/passkey', {
      credential: authenticator.assert(await staffChallenge(h.client()), staffKey, { badSignature: true }),
    }, fresh());
    expect([fifth.status, fifth.body.code]).toEqual([423, 'ACCOUNT_LOCKED']);
    const locked = await h.client().post('/api/v1/backoffice/session/passkey-challenge', { loginId: STAFF_LOGIN_ID, password: STAFF_PASSWORD }, fresh());
    expect(locked.status).toBe(423);
  });
});
