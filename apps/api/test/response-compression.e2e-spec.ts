/**
 * Compressed answers: the lists marked `@CompressedResponse()` go out as brotli or gzip when the client accepts
 * it (and the same JSON once decoded); answers that carry a secret (the CSRF token of `GET /me` and of the
 * login) never do, whatever the client accepts. Read with node:http, which does not decode, so the bytes on the
 * wire are what is asserted.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { approvedMember, MEMBER_PASSWORD, seedCard, type MemberFixture } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface RawResponse {
  status: number;
  encoding: string | undefined;
  vary: string | undefined;
  bytes: Buffer;
}

function rawGet(h: TestApp, path: string, headers: Record<string, string>): Promise<RawResponse> {
  return new Promise((done, fail) => {
    const req = request(`${h.baseUrl}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done({
        status: res.statusCode ?? 0,
        encoding: res.headers['content-encoding'],
        vary: res.headers.vary,
        bytes: Buffer.concat(chunks),
      }));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end();
  });
}

function cookieOf(member: MemberFixture): string {
  return [...member.client.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
}

let h: TestApp;
let member: MemberFixture;
beforeAll(async () => {
  h = await startTestApp();
  member = await approvedMember(h);
  // enough cards that the list is well over the 1 KB below which nothing is compressed
  for (let i = 0; i < 12; i += 1) await seedCard(h, member.corporateNumber);
});
afterAll(async () => { await h.close(); });

describe('response compression', () => {
  it('sends the card list as brotli or gzip when accepted, the same JSON once decoded', async () => {
    const cookie = cookieOf(member);
    const plain = await rawGet(h, '/api/v1/cards', { cookie });
    expect(plain.status).toBe(200);
    expect(plain.encoding).toBeUndefined();
    const list = JSON.parse(plain.bytes.toString('utf8'));
    expect(list.items).toHaveLength(12);

    const br = await rawGet(h, '/api/v1/cards', { cookie, 'accept-encoding': 'gzip, deflate, br' });
    expect(br.encoding).toBe('br');
    expect(br.vary).toMatch(/accept-encoding/i);
    expect(br.bytes.length).toBeLessThan(plain.bytes.length / 3);
    expect(JSON.parse(brotliDecompressSync(br.bytes).toString('utf8'))).toEqual(list);

    const gzip = await rawGet(h, '/api/v1/cards', { cookie, 'accept-encoding': 'gzip' });
    expect(gzip.encoding).toBe('gzip');
    expect(JSON.parse(gunzipSync(gzip.bytes).toString('utf8'))).toEqual(list);
  });

  it('never compresses an answer that carries the CSRF token', async () => {
    const me = await rawGet(h, '/api/v1/me', { cookie: cookieOf(member), 'accept-encoding': 'br, gzip' });
    expect(me.status).toBe(200);
    expect(me.encoding).toBeUndefined();
    expect(JSON.parse(me.bytes.toString('utf8')).csrfToken).toEqual(expect.any(String));

    const fresh = h.client();
    const login = await fresh.post('/api/v1/session', { loginId: member.loginId, password: MEMBER_PASSWORD }, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(login.status).toBe(200);
    expect(login.body.csrfToken).toEqual(expect.any(String));
    expect(login.headers.get('content-encoding')).toBeNull();
  });
});
