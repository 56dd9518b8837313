/**
 * The SPA's one HTTP client. Calls go to the same origin under /api/v1 with the session cookies
 * (`credentials: 'same-origin'`). State-changing requests carry the double-submit CSRF token that the API
 * left in a readable cookie — `corpweb_csrf` for member calls, `corpweb_staff_csrf` for /backoffice calls
 * (`__Host-` prefixed outside localhost) — as `X-CSRF-Token`. Every non-2xx answer becomes an `ApiError`
 * parsed from RFC 9457 problem+json, so views only ever deal with codes from shared-types. Every call names the
 * screen's language as `Accept-Language`, so what the API sends back to the person (an SMS code) is in that language.
 */
import { ErrorCodes, type ErrorCode, type FieldError, type ProblemDetails } from '@corpweb/shared-types';
import { CSRF_COOKIES, readCookie } from '../utils/cookies';
import { apiHooks, type SessionArea } from './hooks';

export type { SessionArea } from './hooks';

export const API_BASE = '/api/v1';

export function areaOf(path: string): SessionArea {
  return path === '/backoffice' || path.startsWith('/backoffice/') ? 'staff' : 'member';
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    readonly errors: readonly FieldError[] = [],
    /** seconds, from `Retry-After` (maintenance, rate limits) */
    readonly retryAfter?: number,
    /** correlation id for support */
    readonly instance?: string,
  ) {
    super(`${status} ${code}`);
    this.name = 'ApiError';
  }

  /** The field-level codes for one field (`company.nameKana`), in the order the API gave them. */
  fieldCodes(field: string): FieldError['code'][] {
    return this.errors.filter((e) => e.field === field).map((e) => e.code);
  }
}

export function isApiError(error: unknown, code?: ErrorCode): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

/** The language the screen is shown in: i18n's setLocale mirrors it in <html lang>, read here to keep vue-i18n out of the client. */
export function uiLanguage(): 'ja' | 'en' {
  return globalThis.document?.documentElement?.lang === 'en' ? 'en' : 'ja';
}

export function csrfTokenFor(area: SessionArea): string | undefined {
  return readCookie(CSRF_COOKIES[area]);
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
const STATE_CHANGING: ReadonlySet<Method> = new Set(['POST', 'PUT', 'DELETE']);
const KNOWN_CODES: ReadonlySet<string> = new Set(Object.values(ErrorCodes));

export type Query = Record<string, string | number | undefined>;

export interface RequestOptions {
  /** serialized as JSON */
  json?: unknown;
  /** sent as is, e.g. a CSV file */
  raw?: { contentType: string; body: Blob | string };
  query?: Query;
  signal?: AbortSignal;
  /** false for public endpoints: their 401s are not session expiry and they do not keep a session alive */
  session?: boolean;
}

export function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return `${API_BASE}${path}${search ? `?${search}` : ''}`;
}

/** Turns any failed response into an ApiError; a body that is not problem+json still gets a code. */
export async function toApiError(response: Response): Promise<ApiError> {
  const retryHeader = response.headers.get('retry-after');
  const retryAfter = retryHeader !== null && /^\d+$/.test(retryHeader) ? Number(retryHeader) : undefined;
  let problem: Partial<ProblemDetails> = {};
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      problem = (await response.json()) as Partial<ProblemDetails>;
    } catch {
      problem = {};
    }
  }
  const code = typeof problem.code === 'string' && KNOWN_CODES.has(problem.code) ? problem.code : fallbackCode(response.status);
  const errors = Array.isArray(problem.errors)
    ? problem.errors.filter((e): e is FieldError => typeof e?.field === 'string' && typeof e?.code === 'string')
    : [];
  return new ApiError(response.status, code, errors, retryAfter, typeof problem.instance === 'string' ? problem.instance : undefined);
}

function fallbackCode(status: number): ErrorCode {
  if (status === 401) return ErrorCodes.UNAUTHENTICATED;
  if (status === 403) return ErrorCodes.FORBIDDEN;
  if (status === 404) return ErrorCodes.NOT_FOUND;
  if (status === 413) return ErrorCodes.PAYLOAD_TOO_LARGE;
  if (status === 429) return ErrorCodes.RATE_LIMITED;
  if (status === 502 || status === 503 || status === 504) return ErrorCodes.SERVICE_UNAVAILABLE;
  if (status >= 400 && status < 500) return ErrorCodes.MALFORMED_REQUEST;
  return ErrorCodes.INTERNAL_ERROR;
}

export async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const area = areaOf(path);
  const session = options.session ?? true;
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json', 'Accept-Language': uiLanguage() };
  let body: BodyInit | undefined;
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.raw) {
    headers['Content-Type'] = options.raw.contentType;
    body = options.raw.body;
  }
  if (STATE_CHANGING.has(method)) {
    const token = csrfTokenFor(area);
    if (token) headers['X-CSRF-Token'] = token;
  }

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, ErrorCodes.SERVICE_UNAVAILABLE);
  }

  if (!response.ok) {
    const error = await toApiError(response);
    if (error.code === ErrorCodes.MAINTENANCE) apiHooks.onMaintenance?.(error.retryAfter);
    else if (error.code === ErrorCodes.UNAUTHENTICATED && session) apiHooks.onUnauthenticated?.(area);
    throw error;
  }
  if (session) apiHooks.onSessionActivity?.(area);
  if (response.status === 204 || response.status === 205) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

type CallOptions = Pick<RequestOptions, 'query' | 'signal' | 'session'>;

/** Shorthands used by the endpoint modules; a POST/PUT without a body still sends `{}` so the API sees JSON. */
export const http = {
  get: <T>(path: string, options?: CallOptions) => request<T>('GET', path, { ...options }),
  post: <T>(path: string, json?: unknown, options?: CallOptions) => request<T>('POST', path, { ...options, json: json ?? {} }),
  put: <T>(path: string, json?: unknown, options?: CallOptions) => request<T>('PUT', path, { ...options, json: json ?? {} }),
  delete: <T = void>(path: string, options?: CallOptions) => request<T>('DELETE', path, { ...options }),
  upload: <T>(path: string, contentType: string, body: Blob | string) => request<T>('POST', path, { raw: { contentType, body } }),
};
