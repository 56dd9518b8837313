/**
 * Completes the OpenAPI document Nest generates from the controllers: every operation gets its success
 * response schema (from the shared-types shapes below), its error responses as problem+json with the codes it
 * can return, and its security as "session AND CSRF token" where both are checked (Nest's decorators alone
 * render them as alternatives). An operation missing from OPERATIONS keeps only what Nest generated and is
 * named in `x-undocumented`; test/openapi.e2e-spec.ts fails on it, so a new route cannot go undocumented.
 */
import { ErrorCodes, type ErrorCode } from '@corpweb/shared-types';
import { STATUS_BY_CODE, TITLE_BY_CODE } from '../common/errors/app.exception.js';

type Schema = Record<string, unknown>;
const str = (extra: Schema = {}): Schema => ({ type: 'string', ...extra });
const obj = (properties: Record<string, Schema>, required: string[] = Object.keys(properties)): Schema => ({ type: 'object', properties, required });
const arr = (items: Schema): Schema => ({ type: 'array', items });
const bool: Schema = { type: 'boolean' };
const int: Schema = { type: 'integer' };
const isoTime = str({ format: 'date-time' });
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });

const SCHEMAS: Record<string, Schema> = {
  Problem: obj({
    type: str(), title: str(), status: int, detail: str(), code: str({ enum: Object.values(ErrorCodes) }),
    errors: arr(obj({ field: str(), code: str() })), instance: str(),
  }, ['type', 'title', 'status', 'code']),
  Member: obj({ loginId: str(), companyName: str(), email: str(), fraudDataSharing: bool }),
  MemberSession: obj({ member: ref('Member'), csrfToken: str() }),
  StaffSession: obj({ staff: obj({ loginId: str(), role: str({ enum: ['OPERATOR', 'SUPERVISOR'] }) }), csrfToken: str() }),
  MaskedCard: obj({ maskedNumber: str({ example: '3540 **** **** 1234' }), brand: str({ example: 'JCB' }), expiry: str({ example: '12/30' }) }),
  Enrollment: obj({
    status: str({ enum: ['UNREGISTERED', 'REGISTERED', 'REREGISTRATION_REQUIRED'] }), method: str({ enum: ['OTP', 'PASSWORD'] }),
    secureId: str(), maskedPhone: str({ example: '090-****-5678' }), updatedAt: isoTime,
  }, ['status']),
  OtpVerificationStarted: obj({ verificationId: str(), expiresAt: isoTime, maskedPhone: str(), resendAvailableAt: isoTime }),
  ApplicationSummary: obj({
    applicationId: str(), receiptNumber: str(), status: str({ enum: ['RECEIVED', 'APPROVED', 'REJECTED'] }), companyName: str(),
    corporateNumber: str(), administratorName: str(), receivedAt: isoTime, decidedAt: isoTime,
  }, ['applicationId', 'status', 'companyName', 'corporateNumber', 'administratorName', 'receivedAt']),
  BackofficeCard: obj({
    cardId: str(), corporateNumber: str(), companyName: str(), maskedNumber: str({ example: '3540 **** **** 1234' }), brand: str(), expiry: str(),
    holderName: str(), status: str({ enum: ['ACTIVE', 'REPLACED'] }), pinLocked: bool, enrollment: ref('Enrollment'),
  }, ['cardId', 'corporateNumber', 'companyName', 'maskedNumber', 'brand', 'expiry', 'holderName', 'status', 'pinLocked']),
  AuditEvent: obj({
    id: str(), occurredAt: isoTime, actorType: str(), actorId: str(), actorLoginId: str(), action: str(), targetType: str(),
    targetId: str(), targetLabel: str(), ip: str(), userAgent: str(), detail: { type: 'object', additionalProperties: true },
  }, ['id', 'occurredAt', 'actorType', 'action']),
  PasskeyOptions: obj({ options: { type: 'object', additionalProperties: true, description: 'WebAuthn options JSON for @simplewebauthn/browser' } }),
  Passkey: obj({ id: str(), name: str(), createdAt: isoTime, lastUsedAt: isoTime, backedUp: bool }, ['id', 'name', 'createdAt', 'backedUp']),
  AcsAmount: obj({ value: str({ example: '12800' }), currency: str({ example: '392' }), exponent: int }),
  AcsTransaction: obj({
    acsTransId: str(), createdAt: isoTime, maskedNumber: str({ example: '3540 **** **** 1234' }), cardId: str(), companyName: str(),
    corporateNumber: str(), merchantName: str(), amount: ref('AcsAmount'), transStatus: str({ enum: ['Y', 'C', 'N', 'R', 'U', 'A'] }),
    transStatusReason: str(), authenticationMethod: str({ enum: ['OTP', 'PASSWORD'] }),
    state: str({ enum: ['DECIDED', 'AWAITING_CREQ', 'CHALLENGING', 'COMPLETED'] }),
  }, ['acsTransId', 'createdAt', 'maskedNumber', 'merchantName', 'transStatus', 'state']),
  AcsPasswordLock: obj({ method: str({ enum: ['OTP', 'PASSWORD'] }), failCount: int, locked: bool }),
  CheckoutAuthentication: obj({
    acsTransId: str(), cardId: str(), maskedNumber: str(), at: isoTime, merchantName: str(), amount: ref('AcsAmount'),
    transStatus: str({ enum: ['Y', 'C', 'N', 'R', 'U', 'A'] }), transStatusReason: str(), inProgress: bool, challenged: bool,
  }, ['acsTransId', 'cardId', 'maskedNumber', 'at', 'merchantName', 'transStatus', 'inProgress', 'challenged']),
};

const page = (item: Schema): Schema => obj({ items: arr(item), nextCursor: str() }, ['items']);

interface Operation {
  /** the success status and its body schema (none for 204) */
  ok: [number, Schema?];
  /** more success answers, e.g. the OTP PUT's 202 */
  also?: [number, Schema][];
  /** the codes this operation answers with, beyond the ones every operation can return */
  errors?: ErrorCode[];
  /** 'text/csv' bodies */
  produces?: string;
}

/** readiness for the load balancer: 200 when ready, 503 (same body) when not or while draining for shutdown */
const READINESS = obj({
  status: str({ enum: ['ready', 'not-ready', 'draining'] }),
  db: str({ enum: ['up', 'down'] }),
  migrations: str({ enum: ['current', 'pending', 'unknown'] }),
  workers: { type: 'object', additionalProperties: str({ enum: ['alive', 'stalled'] }) },
});

const MEMBER_GRANT: ErrorCode[] = ['INQUIRY_NOT_FOUND', 'VALIDATION_FAILED'];

/** Every route, as "METHOD /path" in the document. */
export const OPERATIONS: Record<string, Operation> = {
  'GET /api/v1/health': { ok: [200, obj({ status: str({ enum: ['ok', 'degraded'] }), db: str({ enum: ['up', 'down'] }) })], errors: ['SERVICE_UNAVAILABLE'] },
  'GET /api/v1/health/live': { ok: [200, obj({ status: str({ enum: ['ok'] }) })] },
  'GET /api/v1/health/ready': {
    ok: [200, READINESS],
    also: [[503, READINESS]],
  },
  'GET /api/v1/service-info': { ok: [200, ref('ServiceInfoDto')] },
  'GET /api/v1/terms/current': { ok: [200, obj({ version: str(), title: str(), body: str(), effectiveDate: str({ format: 'date' }) })] },
  'POST /api/v1/signup-applications': {
    ok: [202, obj({ applicationId: str(), status: str({ enum: ['RECEIVED'] }), receivedAt: isoTime, receiptNumber: str({ example: 'CW-261201-7K3F-9QX2' }) })],
    errors: ['VALIDATION_FAILED', 'TERMS_NOT_AGREED', 'TERMS_VERSION_STALE', 'APPLICATION_EXISTS'],
  },
  'POST /api/v1/session': { ok: [200, ref('MemberSession')], errors: ['VALIDATION_FAILED', 'INVALID_CREDENTIALS', 'ACCOUNT_LOCKED', 'PASSWORD_NOT_SET'] },
  'DELETE /api/v1/session': { ok: [204] },
  'GET /api/v1/me': { ok: [200, obj({ member: ref('Member'), csrfToken: str(), idleExpiresAt: isoTime }, ['member', 'csrfToken'])] },
  'PUT /api/v1/me/password': { ok: [204], errors: ['VALIDATION_FAILED', 'INVALID_CREDENTIALS'] },
  'POST /api/v1/password-setup': { ok: [204], errors: ['VALIDATION_FAILED', 'TOKEN_INVALID'] },
  'POST /api/v1/password-reset-requests': { ok: [202], errors: ['VALIDATION_FAILED'] },
  'POST /api/v1/login-id-reminders': { ok: [202], errors: ['VALIDATION_FAILED'] },
  'POST /api/v1/backoffice/session': { ok: [200, ref('StaffSession')], errors: ['VALIDATION_FAILED', 'INVALID_CREDENTIALS', 'ACCOUNT_LOCKED'] },
  'DELETE /api/v1/backoffice/session': { ok: [204] },
  'POST /api/v1/backoffice/me/totp': { ok: [200, obj({ secret: str(), otpauthUri: str() })], errors: ['UNAUTHENTICATED', 'CSRF_TOKEN_INVALID'] },
  'POST /api/v1/backoffice/me/totp/confirmation': { ok: [204], errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'CSRF_TOKEN_INVALID', 'MFA_REQUIRED'] },
  'GET /api/v1/backoffice/me': { ok: [200, ref('StaffSession')] },
  'GET /api/v1/backoffice/signup-applications': { ok: [200, page(ref('ApplicationSummary'))], errors: ['VALIDATION_FAILED'] },
  'GET /api/v1/backoffice/signup-applications/{id}': {
    ok: [200, { allOf: [ref('ApplicationSummary'), obj({ company: ref('SignupCompanyDto'), administrator: ref('SignupAdministratorDto'), notes: arr(obj({ text: str(), createdAt: isoTime })) }, ['company', 'administrator'])] }],
    errors: ['APPLICATION_NOT_FOUND'],
  },
  'POST /api/v1/backoffice/signup-applications/{id}/approval': { ok: [200, obj({ memberLoginId: str() })], errors: ['APPLICATION_NOT_FOUND', 'APPLICATION_ALREADY_DECIDED'] },
  'POST /api/v1/backoffice/signup-applications/{id}/rejection': { ok: [200, obj({})], errors: ['VALIDATION_FAILED', 'APPLICATION_NOT_FOUND', 'APPLICATION_ALREADY_DECIDED'] },
  'POST /api/v1/backoffice/signup-applications/{id}/notes': { ok: [204], errors: ['VALIDATION_FAILED', 'APPLICATION_NOT_FOUND'] },
  'GET /api/v1/backoffice/audit-events': { ok: [200, page(ref('AuditEvent'))], errors: ['VALIDATION_FAILED'] },
  'GET /api/v1/backoffice/audit-events/export': { ok: [200, str({ description: 'CSV (UTF-8 with BOM), one row per event' })], produces: 'text/csv', errors: ['VALIDATION_FAILED'] },
  'GET /api/v1/backoffice/audit-events/verification': {
    ok: [200, obj({ ok: bool, checked: int, brokenAt: obj({ chain: int, eventId: str(), reason: str({ enum: ['HASH_MISMATCH', 'LINK_BROKEN', 'SEQUENCE_GAP'] }) }) }, ['ok', 'checked'])],
  },
  'POST /api/v1/backoffice/card-imports': { ok: [202, obj({ importId: str() })], errors: ['UNSUPPORTED_MEDIA_TYPE', 'PAYLOAD_TOO_LARGE'] },
  'GET /api/v1/backoffice/card-imports/{importId}': {
    ok: [200, obj({ status: str({ enum: ['PENDING', 'PROCESSING', 'COMPLETED', 'FAILED'] }), total: int, processed: int, failed: int, errors: arr(obj({ line: int, code: str() })) })],
    errors: ['IMPORT_NOT_FOUND'],
  },
  'POST /api/v1/session/passkey-challenge': { ok: [200, ref('PasskeyOptions')], errors: ['RATE_LIMITED'] },
  'POST /api/v1/session/passkey': { ok: [200, ref('MemberSession')], errors: ['VALIDATION_FAILED', 'PASSKEY_INVALID', 'RATE_LIMITED'] },
  'GET /api/v1/me/passkeys': { ok: [200, obj({ items: arr(ref('Passkey')) })] },
  'POST /api/v1/me/passkeys/registration-options': { ok: [200, ref('PasskeyOptions')], errors: ['VALIDATION_FAILED', 'INVALID_CREDENTIALS', 'ACCOUNT_LOCKED'] },
  'POST /api/v1/me/passkeys': { ok: [201, ref('Passkey')], errors: ['VALIDATION_FAILED', 'PASSKEY_REGISTRATION_FAILED'] },
  'DELETE /api/v1/me/passkeys/{id}': { ok: [204], errors: ['NOT_FOUND'] },
  'POST /api/v1/backoffice/session/passkey-challenge': { ok: [200, ref('PasskeyOptions')], errors: ['VALIDATION_FAILED', 'INVALID_CREDENTIALS', 'ACCOUNT_LOCKED', 'PASSKEY_NOT_REGISTERED', 'RATE_LIMITED'] },
  'POST /api/v1/backoffice/session/passkey': { ok: [200, ref('StaffSession')], errors: ['VALIDATION_FAILED', 'PASSKEY_INVALID', 'ACCOUNT_LOCKED', 'RATE_LIMITED'] },
  'GET /api/v1/backoffice/me/passkeys': { ok: [200, obj({ items: arr(ref('Passkey')) })] },
  'POST /api/v1/backoffice/me/passkeys/registration-options': { ok: [200, ref('PasskeyOptions')] },
  'POST /api/v1/backoffice/me/passkeys': { ok: [201, ref('Passkey')], errors: ['VALIDATION_FAILED', 'PASSKEY_REGISTRATION_FAILED'] },
  'DELETE /api/v1/backoffice/me/passkeys/{id}': { ok: [204], errors: ['NOT_FOUND'] },
  'GET /api/v1/backoffice/acs-transactions': { ok: [200, page(ref('AcsTransaction'))], errors: ['VALIDATION_FAILED'] },
  'GET /api/v1/backoffice/acs-transactions/{acsTransId}': {
    ok: [200, { allOf: [ref('AcsTransaction'), obj({
      threeDSServerTransId: str(), dsTransId: str(), messageVersion: str(), messageCategory: str({ enum: ['01', '02'] }), eci: str(),
      riskProvider: str(), riskRules: arr(obj({ rule: str(), action: str({ enum: ['DENY', 'CHALLENGE', 'NOTE'] }), inputs: { type: 'object', additionalProperties: true } })),
      passwordLock: ref('AcsPasswordLock'),
      timeline: arr(obj({ id: str(), kind: str(), direction: str({ enum: ['IN', 'OUT', 'EVENT'] }), at: isoTime, body: { type: 'object', additionalProperties: true } })),
    }, ['threeDSServerTransId', 'dsTransId', 'messageVersion', 'riskRules', 'timeline'])] }],
    errors: ['VALIDATION_FAILED', 'ACS_TRANSACTION_NOT_FOUND'],
  },
  'GET /api/v1/backoffice/acs-summary': {
    ok: [200, obj({ timeZone: str(), from: str({ format: 'date' }), to: str({ format: 'date' }), days: arr({ type: 'object', additionalProperties: true }), totals: { type: 'object', additionalProperties: true }, topRefusalReasons: arr(obj({ transStatus: str(), transStatusReason: str(), count: int })) })],
    errors: ['VALIDATION_FAILED'],
  },
  'POST /api/v1/backoffice/acs-locks/{cardId}/password-unlock': {
    ok: [200, obj({ cardId: str(), maskedNumber: str(), passwordLock: ref('AcsPasswordLock') })], errors: ['CARD_NOT_FOUND', 'PASSWORD_NOT_LOCKED', 'FORBIDDEN'],
  },
  'GET /api/v1/checkout-authentications': { ok: [200, obj({ items: arr(ref('CheckoutAuthentication')) })], errors: ['VALIDATION_FAILED'] },
  'GET /api/v1/cards/{cardId}/checkout-authentications': { ok: [200, obj({ items: arr(ref('CheckoutAuthentication')) })], errors: ['VALIDATION_FAILED', 'CARD_NOT_FOUND'] },
  'GET /api/v1/backoffice/cards': { ok: [200, page(ref('BackofficeCard'))], errors: ['VALIDATION_FAILED'] },
  'POST /api/v1/backoffice/cards/{id}/pin-unlock': { ok: [200, ref('BackofficeCard')], errors: ['CARD_NOT_FOUND'] },
  'POST /api/v1/backoffice/cards/{id}/reissue': { ok: [200, obj({ cardId: str(), maskedNumber: str() })], errors: ['VALIDATION_FAILED', 'CARD_NUMBER_INVALID', 'CARD_BRAND_NOT_SUPPORTED', 'CARD_NOT_FOUND', 'CARD_NOT_ACTIVE', 'CARD_ALREADY_EXISTS'] },
  'PUT /api/v1/backoffice/cards/{id}/provisional-phone': { ok: [200, ref('BackofficeCard')], errors: ['VALIDATION_FAILED', 'CARD_NOT_FOUND', 'CARD_NOT_ACTIVE'] },
  'POST /api/v1/card-inquiries': {
    ok: [200, obj({ inquiryId: str(), expiresAt: isoTime, card: ref('MaskedCard'), enrollment: ref('Enrollment') })],
    errors: ['VALIDATION_FAILED', 'CARD_NUMBER_INVALID', 'CARD_BRAND_NOT_SUPPORTED', 'CARD_OR_PIN_INVALID', 'PIN_LOCKED'],
  },
  'GET /api/v1/cards': {
    ok: [200, obj({ items: arr(obj({ cardId: str(), card: ref('MaskedCard'), holderName: str(), pinLocked: bool, enrollment: ref('Enrollment') })), summary: obj({ UNREGISTERED: int, REGISTERED: int, REREGISTRATION_REQUIRED: int }) })],
  },
  'PUT /api/v1/company/fraud-data-sharing': { ok: [200, obj({ enabled: bool })], errors: ['VALIDATION_FAILED'] },
  'PUT /api/v1/card-inquiries/{inquiryId}/enrollment': {
    ok: [200, ref('Enrollment')],
    also: [[202, ref('OtpVerificationStarted')]],
    errors: [...MEMBER_GRANT, 'SECURE_ID_TAKEN', 'OTP_RATE_LIMITED'],
  },
  'DELETE /api/v1/card-inquiries/{inquiryId}/enrollment': { ok: [204], errors: ['INQUIRY_NOT_FOUND', 'NOT_ENROLLED'] },
  'POST /api/v1/card-inquiries/{inquiryId}/enrollment/verification': {
    ok: [200, ref('Enrollment')], errors: [...MEMBER_GRANT, 'VERIFICATION_NOT_FOUND', 'OTP_INVALID', 'OTP_EXPIRED', 'SECURE_ID_TAKEN'],
  },
  'POST /api/v1/card-inquiries/{inquiryId}/enrollment/password-check': { ok: [204], errors: MEMBER_GRANT },
};

const STATE_CHANGING = new Set(['post', 'put', 'patch', 'delete']);

interface OpenApiOperation {
  responses?: Record<string, { description?: string; content?: Record<string, { schema: Schema }> }>;
  security?: Record<string, string[]>[];
  [key: string]: unknown;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, Schema>; [key: string]: unknown };
  [key: string]: unknown;
}

function problemResponses(codes: ErrorCode[]): OpenApiOperation['responses'] {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) byStatus.set(STATUS_BY_CODE[code], [...(byStatus.get(STATUS_BY_CODE[code]) ?? []), code]);
  const responses: NonNullable<OpenApiOperation['responses']> = {};
  for (const [status, list] of [...byStatus].sort(([a], [b]) => a - b)) {
    responses[String(status)] = {
      description: list.map((code) => `\`${code}\`: ${TITLE_BY_CODE[code]}`).join(' '),
      content: { 'application/problem+json': { schema: { allOf: [ref('Problem'), obj({ code: str({ enum: list }) })] } } },
    };
  }
  return responses;
}

export function completeOpenApiDocument<T extends object>(document: T): T {
  const doc = document as unknown as OpenApiDocument;
  doc.components = { ...doc.components, schemas: { ...SCHEMAS, ...doc.components?.schemas } };
  const undocumented: string[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const key = `${method.toUpperCase()} ${path}`;
      const spec = OPERATIONS[key];
      if (!spec) {
        undocumented.push(key);
        continue;
      }
      const security = operation.security ?? [];
      const session = security.map((entry) => Object.keys(entry)[0]).find((name) => name === 'member' || name === 'staff');
      const changes = STATE_CHANGING.has(method);
      // both the session cookie and (for state changes) the CSRF header are required: one requirement object
      operation.security = session ? [{ [session]: [], ...(changes ? { csrf: [] } : {}) }] : [];
      const common: ErrorCode[] = ['MAINTENANCE', 'INTERNAL_ERROR'];
      if (session) common.push('UNAUTHENTICATED');
      if (session && changes) common.push('CSRF_TOKEN_INVALID', 'ORIGIN_NOT_ALLOWED');
      if (session === 'staff') common.push('FORBIDDEN');
      if (!session && changes) common.push('ORIGIN_NOT_ALLOWED', 'RATE_LIMITED');
      if (changes && operation.requestBody) common.push('MALFORMED_REQUEST', 'UNSUPPORTED_MEDIA_TYPE');
      const [status, schema] = spec.ok;
      const success = (code: number, body?: Schema) => ({
        description: operation.responses?.[String(code)]?.description || (body ? 'OK' : 'No content'),
        ...(body ? { content: { [spec.produces ?? 'application/json']: { schema: body } } } : {}),
      });
      const responses: NonNullable<OpenApiOperation['responses']> = { [String(status)]: success(status, schema) };
      for (const [code, body] of spec.also ?? []) responses[String(code)] = success(code, body);
      const errors = problemResponses([...new Set([...(spec.errors ?? []), ...common])]) ?? {};
      operation.responses = { ...responses, ...errors };
      if (key === 'POST /api/v1/backoffice/card-imports') {
        operation.requestBody = { required: true, content: { 'text/csv': { schema: str({ description: 'corporate_number,card_number,expiry_yymm,pin,holder_name, header first' }) } } };
      }
    }
  }
  if (undocumented.length) doc['x-undocumented'] = undocumented;
  return document;
}
