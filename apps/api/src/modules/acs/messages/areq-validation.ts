/**
 * Reads an AReq the way a DS expects an ACS to: the version first (102), then the message's shape against a
 * JSON schema per version (ajv): a missing required element is 201 and names the elements, an element of the
 * wrong format or value — an empty string included (EMV Req 309) — is 203. Unknown elements are ignored.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { AcsMessageVersions, type AcsErrorCode, type AuthenticationRequest } from '@corpweb/shared-types';

/** ISO 4217 numeric codes the issuer's card programme settles, with their minor-unit exponent. */
export const CURRENCY_EXPONENTS: Record<string, number> = {
  '392': 0, '840': 2, '978': 2, '826': 2, '156': 2, '410': 0, '344': 2, '702': 2, '036': 2, '124': 2,
  '756': 2, '901': 2, '764': 2, '458': 2, '360': 2, '608': 2, '704': 0, '554': 2,
};

const UUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const text = (max: number) => ({ type: 'string', minLength: 1, maxLength: max });
const digits = (min: number, max: number) => ({ type: 'string', pattern: `^\\d{${min},${max}}$` });
const challengeInd = { type: 'string', pattern: '^(0[1-9]|[1-7][0-9]|[8-9][0-9])$' };

function schemaFor(version: (typeof AcsMessageVersions)[number]) {
  return {
    type: 'object',
    required: [
      'threeDSServerTransID', 'dsTransID', 'deviceChannel', 'messageCategory', 'acctNumber', 'merchantName',
      'mcc', 'merchantCountryCode', 'acquirerBIN', 'acquirerMerchantID', 'threeDSRequestorID', 'threeDSRequestorName',
      'threeDSRequestorURL', 'notificationURL', 'browserAcceptHeader', 'browserLanguage', 'browserUserAgent',
      'browserJavascriptEnabled',
    ],
    properties: {
      threeDSServerTransID: { type: 'string', pattern: UUID },
      dsTransID: { type: 'string', pattern: UUID },
      deviceChannel: { type: 'string', enum: ['02'] },
      messageCategory: { type: 'string', enum: ['01', '02'] },
      acctNumber: digits(13, 19),
      cardExpiryDate: { type: 'string', pattern: '^\\d{2}(0[1-9]|1[0-2])$' },
      purchaseAmount: digits(1, 48),
      purchaseCurrency: { type: 'string', enum: Object.keys(CURRENCY_EXPONENTS) },
      purchaseExponent: digits(1, 1),
      purchaseDate: { type: 'string', pattern: '^20\\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\\d|3[01])([01]\\d|2[0-3])[0-5]\\d[0-5]\\d$' },
      merchantName: text(40),
      mcc: digits(4, 4),
      merchantCountryCode: digits(3, 3),
      acquirerBIN: text(11),
      acquirerMerchantID: text(35),
      threeDSRequestorID: text(35),
      threeDSRequestorName: text(40),
      threeDSRequestorURL: { type: 'string', maxLength: 2048, pattern: '^https?://\\S+$' },
      threeDSRequestorChallengeInd: version === '2.2.0'
        ? challengeInd
        : { type: 'array', minItems: 1, maxItems: 2, items: challengeInd },
      notificationURL: { type: 'string', maxLength: 256, pattern: '^https?://\\S+$' },
      browserAcceptHeader: text(2048),
      browserIP: { type: 'string', minLength: 1, maxLength: 45, pattern: '^[0-9A-Fa-f:.]+$' },
      browserLanguage: text(version === '2.2.0' ? 8 : 35),
      browserUserAgent: text(2048),
      browserJavascriptEnabled: { type: 'boolean' },
      browserJavaEnabled: { type: 'boolean' },
      browserColorDepth: { type: 'string', enum: ['1', '4', '8', '15', '16', '24', '32', '48'] },
      browserScreenHeight: digits(1, 6),
      browserScreenWidth: digits(1, 6),
      browserTZ: { type: 'string', pattern: '^[+-]?\\d{1,5}$' },
    },
    allOf: [
      {
        if: { properties: { messageCategory: { const: '01' } }, required: ['messageCategory'] },
        then: { required: ['purchaseAmount', 'purchaseCurrency', 'purchaseExponent', 'purchaseDate'] },
      },
      {
        if: { properties: { browserJavascriptEnabled: { const: true } }, required: ['browserJavascriptEnabled'] },
        then: { required: ['browserColorDepth', 'browserScreenHeight', 'browserScreenWidth', 'browserTZ'] },
      },
    ],
  };
}

/**
 * The elements the ACS reads, as they may be logged: unknown elements are dropped (they are ignored anyway, and
 * arbitrary keys from outside do not belong in the message log) and strings are made well-formed UTF-16.
 */
export function loggableAReq(areq: AuthenticationRequest): Record<string, unknown> {
  const known = ['messageType', 'messageVersion', ...Object.keys(schemaFor('2.3.1').properties)];
  const picked: Record<string, unknown> = {};
  for (const name of known) {
    const value = (areq as unknown as Record<string, unknown>)[name];
    if (value === undefined) continue;
    picked[name] = typeof value === 'string' ? wellFormed(value) : Array.isArray(value) ? value.map((v) => wellFormed(String(v))) : value;
  }
  return picked;
}

/** A lone UTF-16 surrogate cannot be stored as UTF-8 (MariaDB's JSON refuses it): it becomes U+FFFD. */
function wellFormed(value: string): string {
  return value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

const ajv = new Ajv({ allErrors: true, strict: false });
const validators: Record<string, ValidateFunction> = Object.fromEntries(
  AcsMessageVersions.map((version) => [version, ajv.compile(schemaFor(version))]),
);

export type ReadableIds = Partial<Record<'threeDSServerTransID' | 'dsTransID', string>>;
export type AReqReading =
  | { ok: true; areq: AuthenticationRequest }
  | { ok: false; errorCode: AcsErrorCode; description: string; detail: string; version: string; ids: ReadableIds };

/** Reads the raw body of a POST /3ds/v2/areq. */
export function readAReq(raw: string): AReqReading {
  let message: unknown;
  try {
    message = JSON.parse(raw);
  } catch {
    return refuse('101', 'Message is not valid JSON', 'body', '2.2.0', {});
  }
  if (!message || typeof message !== 'object' || Array.isArray(message)) {
    return refuse('101', 'Message is not a JSON object', 'body', '2.2.0', {});
  }
  const fields = message as Record<string, unknown>;
  const ids = readableIds(fields);
  const version = typeof fields.messageVersion === 'string' ? fields.messageVersion : '';
  if (fields.messageType !== 'AReq') return refuse('101', 'Message type is not AReq', 'messageType', supported(version), ids);
  if (!(AcsMessageVersions as readonly string[]).includes(version)) {
    return refuse('102', 'Message version not supported by the ACS', `messageVersion; supported: ${AcsMessageVersions.join(', ')}`, '2.3.1', ids);
  }
  const validate = validators[version]!;
  if (!validate(fields)) {
    const errors = validate.errors ?? [];
    const missing = unique(errors.filter((e) => e.keyword === 'required').map((e) => String(e.params.missingProperty)));
    if (missing.length) return refuse('201', 'Required data element missing', missing.join(','), version, ids);
    return refuse('203', 'Format or value of one or more data elements is invalid', invalidFields(errors).join(','), version, ids);
  }
  const exponentProblem = fields.messageCategory === '01' && CURRENCY_EXPONENTS[String(fields.purchaseCurrency)] !== Number(fields.purchaseExponent);
  if (exponentProblem) return refuse('203', 'Format or value of one or more data elements is invalid', 'purchaseExponent', version, ids);
  return { ok: true, areq: fields as unknown as AuthenticationRequest };
}

function refuse(errorCode: AcsErrorCode, description: string, detail: string, version: string, ids: ReadableIds): AReqReading {
  return { ok: false, errorCode, description, detail, version, ids };
}

function supported(version: string): string {
  return (AcsMessageVersions as readonly string[]).includes(version) ? version : '2.3.1';
}

function readableIds(fields: Record<string, unknown>): ReadableIds {
  const ids: ReadableIds = {};
  for (const key of ['threeDSServerTransID', 'dsTransID'] as const) {
    const value = fields[key];
    if (typeof value === 'string' && new RegExp(UUID).test(value)) ids[key] = value;
  }
  return ids;
}

function invalidFields(errors: ErrorObject[]): string[] {
  // '/threeDSRequestorChallengeInd/0' → 'threeDSRequestorChallengeInd'; never echo a value, only names we know
  return unique(errors.map((e) => e.instancePath.split('/')[1] ?? '').filter((name) => /^[A-Za-z0-9]{1,40}$/.test(name)));
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
