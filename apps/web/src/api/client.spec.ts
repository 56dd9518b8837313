import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { FetchStub, json, noContent, problem, setCookies } from '../../test/fetch-stub';
import { ApiError, buildUrl, http, isApiError, toApiError } from './client';
import { setApiClientHooks, type SessionArea } from './hooks';

describe('API client', () => {
  let stub: FetchStub;
  let restoreCookies: () => void;
  const events: string[] = [];

  beforeEach(() => {
    stub = new FetchStub().install();
    restoreCookies = setCookies('corpweb_csrf=member-token; other=x; corpweb_staff_csrf=staff%20token');
    events.length = 0;
    setApiClientHooks({
      onMaintenance: (retryAfter) => events.push(`maintenance:${retryAfter}`),
      onUnauthenticated: (area: SessionArea) => events.push(`unauthenticated:${area}`),
      onSessionActivity: (area: SessionArea) => events.push(`activity:${area}`),
    });
  });

  afterEach(() => {
    stub.restore();
    restoreCookies();
  });

  describe('problem+json', () => {
    it('becomes a typed ApiError with status, code, field errors, Retry-After and the support id', async () => {
      stub.on(
        'POST /signup-applications',
        problem(422, 'VALIDATION_FAILED', {
          errors: [
            { field: 'company.nameKana', code: 'NOT_KATAKANA' },
            { field: 'company.corporateNumber', code: 'CORPORATE_NUMBER_INVALID' },
          ],
          instance: 'req-123',
        }),
      );
      const error = await http.post('/signup-applications', {}, { session: false }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      const apiError = error as ApiError;
      expect(apiError.status).toBe(422);
      expect(apiError.code).toBe('VALIDATION_FAILED');
      expect(apiError.errors).toEqual([
        { field: 'company.nameKana', code: 'NOT_KATAKANA' },
        { field: 'company.corporateNumber', code: 'CORPORATE_NUMBER_INVALID' },
      ]);
      expect(apiError.fieldCodes('company.nameKana')).toEqual(['NOT_KATAKANA']);
      expect(apiError.instance).toBe('req-123');
      expect(isApiError(apiError, 'VALIDATION_FAILED')).toBe(true);
      expect(isApiError(apiError, 'NOT_FOUND')).toBe(false);
    });

    it('reads Retry-After in seconds', async () => {
      const error = await toApiError(problem(503, 'MAINTENANCE', {}, { 'retry-after': '3600' }));
      expect(error.retryAfter).toBe(3600);
    });

    it('gives a code from the status when the body is not problem+json or the code is unknown', async () => {
      await expect(toApiError(new Response('<html>bad gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } }))).resolves.toMatchObject({
        status: 502,
        code: 'SERVICE_UNAVAILABLE',
      });
      await expect(toApiError(problem(418, 'SOMETHING_NEW'))).resolves.toMatchObject({ code: 'MALFORMED_REQUEST' });
      await expect(toApiError(new Response('{not json', { status: 500, headers: { 'content-type': 'application/json' } }))).resolves.toMatchObject({
        code: 'INTERNAL_ERROR',
      });
    });

    it('drops malformed field errors instead of passing them to the UI', async () => {
      const error = await toApiError(problem(422, 'VALIDATION_FAILED', { errors: [{ field: 'a' }, null, { field: 'b', code: 'REQUIRED' }] }));
      expect(error.errors).toEqual([{ field: 'b', code: 'REQUIRED' }]);
    });

    it('turns a network failure into SERVICE_UNAVAILABLE with status 0', async () => {
      stub.on('GET /terms/current', () => {
        throw new TypeError('fetch failed');
      });
      await expect(http.get('/terms/current', { session: false })).rejects.toMatchObject({ status: 0, code: 'SERVICE_UNAVAILABLE' });
    });
  });

  describe('CSRF token', () => {
    it('sends the member token on member state changes, with same-origin credentials', async () => {
      stub.on('POST /card-inquiries', json(200, { ok: true }));
      await http.post('/card-inquiries', { cardNumber: '1', pin: '1' });
      const request = stub.last();
      expect(request.headers['x-csrf-token']).toBe('member-token');
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.credentials).toBe('same-origin');
      expect(request.url).toBe('/api/v1/card-inquiries');
    });

    it('sends the staff token on /backoffice state changes', async () => {
      stub.on('POST /backoffice/cards/7/pin-unlock', noContent());
      await http.post('/backoffice/cards/7/pin-unlock');
      expect(stub.last().headers['x-csrf-token']).toBe('staff token');
      expect(stub.last().body).toEqual({});
    });

    it('sends the token on PUT and DELETE but not on GET', async () => {
      stub.on('PUT /company/fraud-data-sharing', json(200, { enabled: false }));
      stub.on('DELETE /session', noContent());
      stub.on('GET /cards', json(200, { items: [] }));
      await http.put('/company/fraud-data-sharing', { enabled: false });
      expect(stub.last().headers['x-csrf-token']).toBe('member-token');
      await http.delete('/session');
      expect(stub.last().headers['x-csrf-token']).toBe('member-token');
      await http.get('/cards');
      expect(stub.last().headers['x-csrf-token']).toBeUndefined();
    });

    it('reads the __Host- prefixed cookie used over HTTPS', async () => {
      restoreCookies();
      restoreCookies = setCookies('__Host-corpweb_csrf=secure-token');
      stub.on('DELETE /session', noContent());
      await http.delete('/session');
      expect(stub.last().headers['x-csrf-token']).toBe('secure-token');
    });

    it('uploads raw CSV as text/csv', async () => {
      stub.on('POST /backoffice/card-imports', json(202, { importId: '9' }));
      await expect(http.upload('/backoffice/card-imports', 'text/csv', 'a,b\n1,2\n')).resolves.toEqual({ importId: '9' });
      expect(stub.last().headers['content-type']).toBe('text/csv');
      expect(stub.last().rawBody).toBe('a,b\n1,2\n');
      expect(stub.last().headers['x-csrf-token']).toBe('staff token');
    });
  });

  describe('Accept-Language', () => {
    it('names the language the screen is shown in (<html lang>), Japanese by default', async () => {
      stub.on('GET /cards', json(200, { items: [] }));
      await http.get('/cards');
      expect(stub.last().headers['accept-language']).toBe('ja');
      const document = globalThis.document as unknown as { documentElement?: { lang: string } };
      document.documentElement = { lang: 'en' };
      await http.get('/cards');
      expect(stub.last().headers['accept-language']).toBe('en');
    });
  });

  describe('app-wide answers', () => {
    it('reports MAINTENANCE with its Retry-After', async () => {
      stub.on('GET /terms/current', problem(503, 'MAINTENANCE', {}, { 'retry-after': '120' }));
      await expect(http.get('/terms/current', { session: false })).rejects.toMatchObject({ code: 'MAINTENANCE' });
      expect(events).toEqual(['maintenance:120']);
    });

    it('reports an ended session for the area of the call', async () => {
      stub.on('GET /backoffice/signup-applications', problem(401, 'UNAUTHENTICATED'));
      stub.on('GET /cards', problem(401, 'UNAUTHENTICATED'));
      await expect(http.get('/backoffice/signup-applications')).rejects.toMatchObject({ status: 401 });
      await expect(http.get('/cards')).rejects.toMatchObject({ status: 401 });
      expect(events).toEqual(['unauthenticated:staff', 'unauthenticated:member']);
    });

    it('does not treat a public call\'s 401 (a failed login) as an ended session', async () => {
      stub.on('POST /session', problem(401, 'INVALID_CREDENTIALS'));
      stub.on('GET /me', problem(401, 'UNAUTHENTICATED'));
      await expect(http.post('/session', { loginId: 'a', password: 'b' }, { session: false })).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
      await expect(http.get('/me', { session: false })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
      expect(events).toEqual([]);
    });

    it('reports session activity after a successful session call only', async () => {
      stub.on('GET /cards', json(200, { items: [] }));
      stub.on('GET /terms/current', json(200, {}));
      await http.get('/cards');
      await http.get('/terms/current', { session: false });
      expect(events).toEqual(['activity:member']);
    });

    it('returns undefined for 204 and parses JSON otherwise', async () => {
      stub.on('DELETE /card-inquiries/abc/enrollment', noContent());
      await expect(http.delete('/card-inquiries/abc/enrollment')).resolves.toBeUndefined();
    });
  });

  it('builds query strings without empty values', () => {
    expect(buildUrl('/backoffice/signup-applications', { status: 'RECEIVED', cursor: undefined, limit: 20, last4: '' })).toBe(
      '/api/v1/backoffice/signup-applications?status=RECEIVED&limit=20',
    );
  });
});
