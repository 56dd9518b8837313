/**
 * The OpenAPI document an API user reads: every route with its response schema, problem+json errors with the
 * codes it can return, the OTP PUT's 202, and "session AND CSRF" where both are required.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from './support/test-app.js';

let h: TestApp;
let doc: any;
beforeAll(async () => {
  h = await startTestApp();
  doc = (await h.client().get('/api/docs/openapi.json')).body;
});
afterAll(async () => { await h.close(); });

const operations = () => Object.entries(doc.paths as Record<string, Record<string, any>>)
  .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, method, op })));

describe('OpenAPI document', () => {
  it('documents every route with a response schema (or an explicit 204/202 without body)', () => {
    expect(doc['x-undocumented']).toBeUndefined();
    const missing = operations().filter(({ op }) => {
      const success = Object.entries(op.responses ?? {}).filter(([status]) => /^2/.test(status));
      return success.length === 0 || success.some(([status, response]: [string, any]) => status !== '204' && status !== '202' && !response.content);
    }).map(({ key }) => key);
    expect(missing).toEqual([]);
    expect(operations().length).toBeGreaterThanOrEqual(35);
  });

  it('documents the errors of every operation as problem+json with their codes', () => {
    for (const { key, op } of operations()) {
      const errors = Object.entries(op.responses).filter(([status]) => /^[45]/.test(status));
      expect([key, errors.length > 0]).toEqual([key, true]);
      for (const [, response] of errors as [string, any][]) expect([key, Object.keys(response.content)]).toEqual([key, ['application/problem+json']]);
    }
    const inquiry = doc.paths['/api/v1/card-inquiries'].post.responses;
    expect(inquiry['423'].content['application/problem+json'].schema.allOf[1].properties.code.enum).toEqual(['PIN_LOCKED']);
    expect(inquiry['422'].description).toContain('CARD_OR_PIN_INVALID');
    expect(doc.components.schemas.Problem.required).toEqual(['type', 'title', 'status', 'code']);
  });

  it('documents the OTP PUT: 200 with the enrollment for a password, 202 with the verification for OTP', () => {
    const put = doc.paths['/api/v1/card-inquiries/{inquiryId}/enrollment'].put;
    expect(put.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Enrollment' });
    expect(put.responses['202'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/OtpVerificationStarted' });
    expect(put.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/EnrollmentDto' });
  });

  it('requires the session AND the CSRF token on state changes, the session alone on reads, nothing on public routes', () => {
    expect(doc.paths['/api/v1/card-inquiries'].post.security).toEqual([{ member: [], csrf: [] }]);
    expect(doc.paths['/api/v1/cards'].get.security).toEqual([{ member: [] }]);
    expect(doc.paths['/api/v1/backoffice/cards/{id}/pin-unlock'].post.security).toEqual([{ staff: [], csrf: [] }]);
    expect(doc.paths['/api/v1/signup-applications'].post.security).toEqual([]);
  });

  it('gives every error a title that is a sentence', async () => {
    const response = await h.client().post('/api/v1/session', { loginId: 'nobody', password: 'wrong-Password-1' });
    expect(response.body.title).toBe('The login ID or password is not correct.');
    const notFound = await h.client().get('/api/v1/backoffice/audit-events');
    expect(notFound.body.title).toMatch(/^[A-Z].*\.$/);
  });
});
