import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { createPinia, setActivePinia } from 'pinia';
import { Limits } from '@corpweb/shared-types';
import { FetchStub, json, noContent, problem, setCookies } from '../../test/fetch-stub';
import { useMemberSessionStore } from './member-session';

const member = { loginId: 'CW00012345', companyName: '株式会社サンプル商事', email: 'a@example.co.jp', fraudDataSharing: true };

describe('member session store', () => {
  let stub: FetchStub;
  let restoreCookies: () => void;

  beforeEach(() => {
    setActivePinia(createPinia());
    stub = new FetchStub().install();
    restoreCookies = setCookies('corpweb_csrf=t');
  });
  afterEach(() => {
    stub.restore();
    restoreCookies();
  });

  it('logs in and starts the idle clock', async () => {
    stub.on('POST /session', json(200, { member, csrfToken: 't' }));
    const session = useMemberSessionStore();
    const before = Date.now();
    await session.login('CW00012345', 'secret');
    expect(stub.last().body).toEqual({ loginId: 'CW00012345', password: 'secret' });
    expect(session.member).toEqual(member);
    expect(session.loggedIn).toBe(true);
    expect(session.idleExpiresAt).toBeGreaterThanOrEqual(before + Limits.sessionIdleTimeoutSeconds * 1000);
    expect(session.loading).toBe(false);
  });

  it('leaves loading false after a failed login', async () => {
    stub.on('POST /session', problem(401, 'INVALID_CREDENTIALS'));
    const session = useMemberSessionStore();
    await expect(session.login('x', 'y')).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(session.loading).toBe(false);
    expect(session.member).toBeNull();
  });

  it('restores the session from GET /me with the server idle deadline', async () => {
    stub.on('GET /me', json(200, { member, csrfToken: 't', idleExpiresAt: '2030-01-01T00:15:00.000Z' }));
    const session = useMemberSessionStore();
    await expect(session.ensure()).resolves.toBe('ok');
    expect(session.idleExpiresAt).toBe(Date.parse('2030-01-01T00:15:00.000Z'));
    await expect(session.ensure()).resolves.toBe('ok');
    expect(stub.requests).toHaveLength(1);
  });

  it('answers anonymous on 401 and maintenance on MAINTENANCE', async () => {
    stub.on('GET /me', problem(401, 'UNAUTHENTICATED'));
    stub.on('GET /me', problem(503, 'MAINTENANCE'));
    const session = useMemberSessionStore();
    await expect(session.ensure()).resolves.toBe('anonymous');
    await expect(session.ensure()).resolves.toBe('maintenance');
    expect(session.loading).toBe(false);
  });

  it('moves the idle deadline on activity, conservatively, never backwards', async () => {
    stub.on('POST /session', json(200, { member, csrfToken: 't' }));
    const session = useMemberSessionStore();
    await session.login('a', 'b');
    const start = session.idleExpiresAt!;
    session.touch(start); // much later: deadline moves to about start + 15 min − 30 s
    expect(session.idleExpiresAt).toBe(start - 30_000 + Limits.sessionIdleTimeoutSeconds * 1000);
    session.touch(0);
    expect(session.idleExpiresAt).toBe(start - 30_000 + Limits.sessionIdleTimeoutSeconds * 1000);
  });

  it('is logged out locally even when the API call fails', async () => {
    stub.on('POST /session', json(200, { member, csrfToken: 't' }));
    stub.on('DELETE /session', problem(401, 'UNAUTHENTICATED'));
    const session = useMemberSessionStore();
    await session.login('a', 'b');
    await session.logout();
    expect(session.member).toBeNull();
    expect(session.idleExpiresAt).toBeNull();
  });

  it('sends the CSRF token on logout', async () => {
    stub.on('POST /session', json(200, { member, csrfToken: 't' }));
    stub.on('DELETE /session', noContent());
    const session = useMemberSessionStore();
    await session.login('a', 'b');
    await session.logout();
    expect(stub.last('DELETE /session').headers['x-csrf-token']).toBe('t');
  });

  it('exposes read-only state: writing from outside changes nothing', async () => {
    const session = useMemberSessionStore();
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    (session as unknown as { member: unknown }).member = member;
    expect(session.member).toBeNull();
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
  });
});
