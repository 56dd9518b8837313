/**
 * Property-based fuzzing of every endpoint's body, query and path (issue 4, property 2): whatever arrives —
 * wrong types, huge strings, unicode edge cases, nested objects, prototype-pollution keys, SQL/HTML
 * metacharacters, truncated JSON, wrong content types — the answer is never a 500 and never a stack trace:
 * always problem+json with a code. FUZZ_RUNS scales the run (CI default gives > 10,000 requests in total).
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import fc from 'fast-check';
import { ErrorCodes } from '@corpweb/shared-types';
import type { HttpClient, HttpResponse } from './support/http-client.js';
import { approvedMember, staffLogin } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// 21.25 requests per run unit: CI (CI=true) fuzzes > 10,000 requests, a local run about 2,000
const RUNS = Number(process.env.FUZZ_RUNS ?? (process.env.CI ? 480 : 100));
jest.setTimeout(300_000);
const KNOWN_CODES = new Set<string>(Object.values(ErrorCodes));

let h: TestApp;
let member: HttpClient;
let staff: HttpClient;
let requests = 0;

beforeAll(async () => {
  h = await startTestApp();
  member = (await approvedMember(h)).client;
  staff = await staffLogin(h);
});
afterAll(async () => {
  process.stdout.write(`hostile-input: ${requests} fuzzed requests\n`);
  await h.close();
});

const nasty = fc.oneof(
  fc.constantFrom(
    "' OR 1=1 --", '"; DROP TABLE cards; --', '<script>alert(1)</script>', '${7*7}', '{{7*7}}', '../../etc/passwd',
    '\u0000', '\uFEFF', '\uD800', '𠮷野家', 'ｶﾞｷﾞｸﾞ', '٣٤٥', 'NaN', '-0', '1e309', 'true', 'null', '__proto__', 'constructor',
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ minLength: 5000, maxLength: 20000 }),
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    nasty,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(nasty, fc.constantFrom('__proto__', 'constructor', 'prototype')), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** A body shaped like the endpoint's, with any field replaced or extra fields added. */
function shaped(fields: string[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    value,
    fc.record(Object.fromEntries(fields.map((field) => [field, value])), { requiredKeys: [] }),
    fc.tuple(fc.record(Object.fromEntries(fields.map((field) => [field, value])), { requiredKeys: [] }), fc.dictionary(nasty, value, { maxKeys: 3 }))
      .map(([a, b]) => ({ ...b, ...a })),
  );
}

const rawBodies = fc.oneof(
  fc.constantFrom('{', '{"a":', '[1,2', '{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"x":1}}}', 'null', '""', '0', '\u0000'),
  fc.string({ maxLength: 200 }),
);
const contentTypes = fc.constantFrom('text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'application/json; charset=utf-16', 'application/json');

interface Endpoint {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  client: () => HttpClient;
  fields?: string[];
}

const endpoints: Endpoint[] = [
  { method: 'POST', path: '/api/v1/signup-applications', client: () => h.client(), fields: ['termsVersion', 'agreedToTerms', 'company', 'administrator'] },
  { method: 'POST', path: '/api/v1/password-setup', client: () => h.client(), fields: ['token', 'password'] },
  { method: 'POST', path: '/api/v1/password-reset-requests', client: () => h.client(), fields: ['loginId', 'email'] },
  { method: 'POST', path: '/api/v1/login-id-reminders', client: () => h.client(), fields: ['email'] },
  { method: 'POST', path: '/api/v1/session', client: () => h.client(), fields: ['loginId', 'password'] },
  { method: 'POST', path: '/api/v1/card-inquiries', client: () => member, fields: ['cardNumber', 'pin'] },
  { method: 'PUT', path: '/api/v1/card-inquiries/{id}/enrollment', client: () => member, fields: ['secureId', 'method', 'password', 'phone'] },
  { method: 'POST', path: '/api/v1/card-inquiries/{id}/enrollment/verification', client: () => member, fields: ['verificationId', 'code'] },
  { method: 'PUT', path: '/api/v1/company/fraud-data-sharing', client: () => member, fields: ['enabled'] },
  { method: 'PUT', path: '/api/v1/me/password', client: () => member, fields: ['currentPassword', 'newPassword'] },
  { method: 'POST', path: '/api/v1/backoffice/session', client: () => h.client(), fields: ['loginId', 'password', 'otp'] },
  { method: 'POST', path: '/api/v1/backoffice/me/totp/confirmation', client: () => staff, fields: ['code'] },
  { method: 'POST', path: '/api/v1/backoffice/signup-applications/{id}/rejection', client: () => staff, fields: ['reason'] },
  { method: 'POST', path: '/api/v1/backoffice/signup-applications/{id}/notes', client: () => staff, fields: ['text'] },
  { method: 'POST', path: '/api/v1/backoffice/cards/{id}/reissue', client: () => staff, fields: ['newCardNumber', 'expiryYymm', 'pin'] },
  { method: 'PUT', path: '/api/v1/backoffice/cards/{id}/provisional-phone', client: () => staff, fields: ['phone'] },
  { method: 'POST', path: '/api/v1/session/passkey', client: () => h.client(), fields: ['credential'] },
  { method: 'POST', path: '/api/v1/me/passkeys', client: () => member, fields: ['credential', 'name'] },
  { method: 'POST', path: '/api/v1/backoffice/session/passkey-challenge', client: () => h.client(), fields: ['loginId', 'password'] },
  { method: 'POST', path: '/api/v1/backoffice/session/passkey', client: () => h.client(), fields: ['credential'] },
  { method: 'POST', path: '/api/v1/backoffice/me/passkeys', client: () => staff, fields: ['credential', 'name'] },
];

const queryEndpoints: { path: string; client: () => HttpClient; params: string[] }[] = [
  { path: '/api/v1/backoffice/signup-applications', client: () => staff, params: ['status', 'cursor', 'limit'] },
  { path: '/api/v1/backoffice/audit-events', client: () => staff, params: ['cursor', 'limit'] },
  { path: '/api/v1/backoffice/cards', client: () => staff, params: ['corporateNumber', 'last4'] },
];

const pathTemplates = [
  '/api/v1/backoffice/signup-applications/{id}', '/api/v1/backoffice/card-imports/{id}', '/api/v1/card-inquiries/{id}/enrollment',
];

function assertProblem(response: HttpResponse, context: string): void {
  requests += 1;
  if (response.status >= 500) throw new Error(`${context} → ${response.status}: ${response.text.slice(0, 300)}`);
  // field names in errors[] echo the client's own keys; everything else is the server's words
  const serverWords = typeof response.body === 'object' && response.body
    ? JSON.stringify({ ...response.body, errors: (response.body.errors ?? []).map((e: { code: string }) => e.code) })
    : response.text;
  expect(serverWords).not.toMatch(/\bat [\w.<>]+ \(|node_modules|\.ts:\d+|QueryFailedError|\bER_[A-Z_]+/);
  for (const error of response.body?.errors ?? []) expect(error.field.length).toBeLessThanOrEqual(64);
  if (response.status >= 400) {
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(KNOWN_CODES.has(response.body.code)).toBe(true);
  }
}

/** lone surrogates cannot be percent-encoded; replace them as a browser would */
const wellFormed = (s: string) => s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
const pathSegment = fc.oneof(nasty, fc.integer().map(String), fc.uuid()).map((s) => encodeURIComponent(wellFormed(s)).slice(0, 2000) || 'x');

describe('hostile input never yields a 500 or a stack trace', () => {
  it.each(endpoints.map((e) => [`${e.method} ${e.path}`, e] as const))('%s — JSON bodies', async (_name, endpoint) => {
    await fc.assert(
      fc.asyncProperty(shaped(endpoint.fields ?? []), pathSegment, async (body, id) => {
        const path = endpoint.path.replace('{id}', id);
        const response = await endpoint.client().request(endpoint.method, path, body === undefined ? null : body);
        assertProblem(response, `${endpoint.method} ${path}`);
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
  });

  it.each(endpoints.map((e) => [`${e.method} ${e.path}`, e] as const))('%s — raw bodies and content types', async (_name, endpoint) => {
    await fc.assert(
      fc.asyncProperty(rawBodies, contentTypes, async (raw, contentType) => {
        const response = await endpoint.client().request(endpoint.method, endpoint.path.replace('{id}', '1'), undefined, { raw, contentType });
        assertProblem(response, `${endpoint.method} ${endpoint.path} raw`);
      }),
      { numRuns: Math.ceil(RUNS / 4), endOnFailure: true },
    );
  });

  it.each(endpoints.map((e) => [`${e.method} ${e.path}`, e] as const))('%s — deep nesting and wide arrays', async (_name, endpoint) => {
    const fields = endpoint.fields ?? ['x'];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...fields), fc.integer({ min: 1, max: 5000 }), fc.constantFrom('array', 'object', 'mixed'), fc.integer({ min: 0, max: 20000 }),
        fc.boolean(),
        async (field, depth, kind, width, deep) => {
          let raw: string;
          if (deep) {
            const open = Array.from({ length: depth }, (_, i) => (kind === 'array' || (kind === 'mixed' && i % 2) ? '[' : '{"a":'));
            const close = open.map((o) => (o === '[' ? ']' : '}')).reverse();
            raw = `{"${field}":${open.join('')}1${close.join('')}}`;
          } else {
            const items = Array.from({ length: width }, (_, i) => (kind === 'object' ? `"k${i}":${i}` : String(i))).join(',');
            raw = `{"${field}":${kind === 'object' ? `{${items}}` : `[${items}]`}}`;
          }
          const response = await endpoint.client().request(endpoint.method, endpoint.path.replace('{id}', '1'), undefined, { raw });
          assertProblem(response, `${endpoint.method} ${endpoint.path} ${deep ? `depth ${depth}` : `width ${width}`}`);
          const tooBig = (deep && depth >= 16) || (!deep && width > 256);
          const refused = response.status === 400 && response.body.code === 'MALFORMED_REQUEST';
          expect({ tooBig, refused: tooBig ? refused : 'n/a' }).toEqual({ tooBig, refused: tooBig ? true : 'n/a' });
        },
      ),
      { numRuns: Math.ceil(RUNS / 4), endOnFailure: true },
    );
  });

  it('3,000 levels of nesting on a public endpoint: 400, not 500', async () => {
    const raw = `{"loginId":${'['.repeat(3000)}${']'.repeat(3000)},"password":"x"}`;
    const response = await h.client().request('POST', '/api/v1/session', undefined, { raw });
    assertProblem(response, 'deep session body');
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('MALFORMED_REQUEST');
  });

  it.each(queryEndpoints.map((e) => [e.path, e] as const))('GET %s — query strings', async (_name, endpoint) => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.oneof(fc.constantFrom(...endpoint.params), nasty), fc.oneof(nasty, fc.array(nasty, { maxLength: 3 })), { maxKeys: 4 }), async (query) => {
        const search = new URLSearchParams();
        for (const [key, val] of Object.entries(query)) for (const v of [val].flat()) search.append(key, String(v).slice(0, 3000));
        const response = await endpoint.client().get(`${endpoint.path}?${search.toString()}`);
        assertProblem(response, `GET ${endpoint.path}?…`);
      }),
      { numRuns: Math.ceil(RUNS / 2), endOnFailure: true },
    );
  });

  it('path parameters', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...pathTemplates), pathSegment, async (template, id) => {
        const client = template.includes('backoffice') ? staff : member;
        const response = await client.get(template.replace('{id}', id));
        assertProblem(response, `GET ${template}`);
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
  });

  it('sent the planned number of requests', () => {
    expect(requests).toBeGreaterThanOrEqual(Math.floor(RUNS * 21));
  });
});
