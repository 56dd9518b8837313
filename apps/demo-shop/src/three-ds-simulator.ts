/**
 * The 3DS Server and Directory Server half of the demo shop, as plain functions with no HTML, so that the ACS's
 * own e2e tests can drive the ACS with exactly the messages the shop sends:
 *
 * - {@link buildAReq}: an EMV 3DS browser-channel payment AReq; `threeDSRequestorChallengeInd` is a string in
 *   2.2.0 and an array in 2.3.1, optional fields are omitted rather than sent empty (EMV Req 309).
 * - {@link sendAReq} / {@link parseAcsAnswer}: the ACS answers HTTP 200 with an ARes or an Erro; anything else
 *   (a 500, HTML, an ARes for another transaction) is reported as `invalid`, never guessed at.
 * - {@link encodeCReq} / {@link decodeCRes}: base64url JSON, encoded without padding, decoded with or without it.
 * - {@link RReqReceiver}: the DS end of the RReq. A retried RReq (same `acsTransID`) is answered with the same RRes
 *   and counted once; a second, different RReq for one transaction is kept as a conflict (the ACS must never send
 *   two).
 * - {@link verifyAuthenticationValue}: the issuer's authorization host check of an authenticationValue.
 */
import { randomUUID } from 'node:crypto';
import {
  AcsMessageVersions,
  ChallengeWindowSizes,
  TransStatuses,
  type AuthenticationRequest,
  type AuthenticationValueVerificationRequest,
  type ChallengeRequest,
  type ChallengeWindowSize,
  type ResultsResponse,
  type TransStatus,
} from '@corpweb/shared-types';

export { ChallengeWindowSizes, TransStatuses, type ChallengeWindowSize, type TransStatus };
export const MessageVersions = AcsMessageVersions;
export type MessageVersion = (typeof MessageVersions)[number];

/** statuses that end a transaction (an RReq or a final CRes never carries `C`) */
export type FinalTransStatus = Exclude<TransStatus, 'C'>;

/** `challengeWindowSize` → iframe size in CSS pixels; `05` (width 0) is the whole browser window. */
export const isChallengeWindowSize = (value: unknown): value is ChallengeWindowSize =>
  typeof value === 'string' && Object.hasOwn(ChallengeWindowSizes, value);

/** EMV `browserColorDepth` accepts only these values. */
const COLOR_DEPTHS = [1, 4, 8, 15, 16, 24, 30, 32, 48] as const;

/** threeDSRequestorChallengeInd: `01` no preference, `02` no challenge requested, `03` challenge requested (requestor preference), `04` challenge mandated. */
export type ChallengeIndicator = '01' | '02' | '03' | '04';

export interface BrowserInfo {
  acceptHeader: string;
  ip: string;
  language: string;
  userAgent: string;
  javascriptEnabled: boolean;
  javaEnabled: boolean;
  colorDepth: number;
  screenHeight: number;
  screenWidth: number;
  /** minutes, UTC minus local time (JavaScript's getTimezoneOffset(): -540 in Japan) */
  tz: number;
}

export interface MerchantProfile {
  name: string;
  mcc: string;
  countryCode: string;
  acquirerBIN: string;
  acquirerMerchantID: string;
  requestorID: string;
  requestorName: string;
  requestorURL: string;
}

export interface PurchaseRequest {
  messageVersion: MessageVersion;
  acctNumber: string;
  /** YYMM */
  cardExpiryDate: string;
  /** minor units; JPY has exponent 0, so yen */
  amount: number;
  currency?: string;
  exponent?: number;
  purchaseDate: Date;
  challengeIndicator: ChallengeIndicator;
  notificationURL: string;
  browser: BrowserInfo;
  merchant: MerchantProfile;
  /** defaults to a new UUID v4 */
  threeDSServerTransID?: string;
  /** defaults to a new UUID v4 (the DS assigns it) */
  dsTransID?: string;
  /** where the ACS should send the RReq, as a real DS states it; this ACS reads ACS_DS_URL instead */
  dsURL?: string;
}

export interface AReq {
  messageType: 'AReq';
  messageVersion: MessageVersion;
  threeDSServerTransID: string;
  dsTransID: string;
  deviceChannel: '02';
  messageCategory: '01';
  threeDSCompInd: 'U';
  threeDSRequestorAuthenticationInd: '01';
  threeDSRequestorChallengeInd: ChallengeIndicator | ChallengeIndicator[];
  threeDSServerRefNumber: string;
  dsReferenceNumber: string;
  dsURL?: string;
  acctNumber: string;
  cardExpiryDate: string;
  purchaseAmount: string;
  purchaseCurrency: string;
  purchaseExponent: string;
  purchaseDate: string;
  merchantName: string;
  mcc: string;
  merchantCountryCode: string;
  acquirerBIN: string;
  acquirerMerchantID: string;
  threeDSRequestorID: string;
  threeDSRequestorName: string;
  threeDSRequestorURL: string;
  notificationURL: string;
  browserAcceptHeader: string;
  browserIP?: string;
  browserLanguage: string;
  browserUserAgent: string;
  browserJavascriptEnabled: boolean;
  browserJavaEnabled: boolean;
  browserColorDepth: string;
  browserScreenHeight: string;
  browserScreenWidth: string;
  browserTZ: string;
}

export interface ARes {
  messageType: 'ARes';
  messageVersion: MessageVersion;
  threeDSServerTransID: string;
  dsTransID?: string;
  acsTransID: string;
  acsReferenceNumber?: string;
  transStatus: TransStatus;
  transStatusReason?: string;
  eci?: string;
  authenticationValue?: string;
  acsURL?: string;
  acsChallengeMandated?: string;
  authenticationType?: string;
  [field: string]: unknown;
}

export interface Erro {
  messageType: 'Erro';
  messageVersion?: string;
  errorCode: string;
  errorComponent?: string;
  errorDescription: string;
  errorDetail: string;
  errorMessageType?: string;
  threeDSServerTransID?: string;
  dsTransID?: string;
  acsTransID?: string;
  [field: string]: unknown;
}

export type AcsAnswer =
  | { kind: 'ARes'; ares: ARes }
  | { kind: 'Erro'; erro: Erro }
  /** not a usable answer: HTTP error, not JSON, not an ARes/Erro, or an ARes for another transaction */
  | { kind: 'invalid'; problem: string; httpStatus?: number; body?: unknown };

export interface CReq {
  threeDSServerTransID: string;
  acsTransID: string;
  messageType: 'CReq';
  messageVersion: MessageVersion;
  challengeWindowSize: ChallengeWindowSize;
}

export interface CRes {
  threeDSServerTransID: string;
  acsTransID: string;
  messageType: 'CRes';
  messageVersion: string;
  transStatus: FinalTransStatus;
  challengeCompletionInd: 'Y' | 'N';
  [field: string]: unknown;
}

export interface RReq {
  messageType: 'RReq';
  messageVersion: string;
  threeDSServerTransID: string;
  dsTransID: string;
  acsTransID: string;
  messageCategory: string;
  transStatus: FinalTransStatus;
  transStatusReason?: string;
  eci?: string;
  authenticationValue?: string;
  authenticationType: string;
  interactionCounter: string;
  challengeCancel?: string;
  [field: string]: unknown;
}

export interface RRes {
  messageType: 'RRes';
  messageVersion: string;
  threeDSServerTransID: string;
  dsTransID: string;
  acsTransID: string;
  resultsStatus: '01';
}

export interface VerificationRequest {
  acsTransID: string;
  authenticationValue: string;
  acctNumber: string;
  purchaseAmount: string;
}

export type VerificationResult =
  | { kind: 'answered'; valid: boolean; transStatus?: string; eci?: string }
  | { kind: 'failed'; problem: string; httpStatus?: number };

// What the simulator sends is what the ACS reads (shared-types is the contract): checked when this compiles.
type Assignable<T extends U, U> = T;
export type _ContractChecks = [
  Assignable<AReq, AuthenticationRequest>,
  Assignable<CReq, ChallengeRequest>,
  Assignable<RRes, ResultsResponse>,
  Assignable<VerificationRequest, AuthenticationValueVerificationRequest>,
];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

const pad = (value: number, length = 2) => String(value).padStart(length, '0');

/** EMV purchaseDate: YYYYMMDDHHMMSS in UTC. */
export function formatPurchaseDate(date: Date): string {
  return (
    `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}` +
    `${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}`
  );
}

/** The nearest value EMV allows (a 30-bit display reports 30, some report 0 or odd numbers). */
export function emvColorDepth(depth: number): number {
  if (!Number.isFinite(depth) || depth <= 0) return 24;
  return COLOR_DEPTHS.reduce((best, value) => (Math.abs(value - depth) < Math.abs(best - depth) ? value : best), 24);
}

/** 2.2.0 carries one indicator; 2.3.1 an array of them (EMV 3DS 2.3.1 Table A.1). */
export function challengeIndicatorFor(version: MessageVersion, indicator: ChallengeIndicator): ChallengeIndicator | ChallengeIndicator[] {
  return version === '2.3.1' ? [indicator] : indicator;
}

const clip = (value: string, max: number) => value.slice(0, max);
/** a browser IPv4 arriving on an IPv6 socket reads ::ffff:127.0.0.1; EMV wants the address itself */
const plainIp = (ip: string) => ip.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');
const clamp = (value: number, min: number, max: number, fallback: number) =>
  Number.isFinite(value) ? Math.min(max, Math.max(min, Math.round(value))) : fallback;

export function buildAReq(purchase: PurchaseRequest): AReq {
  if (!/^\d{13,19}$/.test(purchase.acctNumber)) throw new RangeError('acctNumber must be 13–19 digits');
  if (!/^\d{2}(0[1-9]|1[0-2])$/.test(purchase.cardExpiryDate)) throw new RangeError('cardExpiryDate must be YYMM');
  if (!Number.isSafeInteger(purchase.amount) || purchase.amount <= 0) throw new RangeError('amount must be a positive integer (minor units)');
  const { browser, merchant } = purchase;
  const ip = plainIp(browser.ip);
  const areq: AReq = {
    messageType: 'AReq',
    messageVersion: purchase.messageVersion,
    threeDSServerTransID: purchase.threeDSServerTransID ?? randomUUID(),
    dsTransID: purchase.dsTransID ?? randomUUID(),
    deviceChannel: '02',
    messageCategory: '01',
    threeDSCompInd: 'U',
    threeDSRequestorAuthenticationInd: '01',
    threeDSRequestorChallengeInd: challengeIndicatorFor(purchase.messageVersion, purchase.challengeIndicator),
    threeDSServerRefNumber: 'CORPWEB-DEMO-3DSS',
    dsReferenceNumber: 'CORPWEB-DEMO-DS',
    ...(purchase.dsURL ? { dsURL: purchase.dsURL } : {}),
    acctNumber: purchase.acctNumber,
    cardExpiryDate: purchase.cardExpiryDate,
    purchaseAmount: String(purchase.amount),
    purchaseCurrency: purchase.currency ?? '392',
    purchaseExponent: String(purchase.exponent ?? 0),
    purchaseDate: formatPurchaseDate(purchase.purchaseDate),
    merchantName: clip(merchant.name, 40),
    mcc: merchant.mcc,
    merchantCountryCode: merchant.countryCode,
    acquirerBIN: merchant.acquirerBIN,
    acquirerMerchantID: merchant.acquirerMerchantID,
    threeDSRequestorID: merchant.requestorID,
    threeDSRequestorName: merchant.requestorName,
    threeDSRequestorURL: merchant.requestorURL,
    notificationURL: purchase.notificationURL,
    browserAcceptHeader: clip(browser.acceptHeader || '*/*', 2048),
    ...(ip ? { browserIP: clip(ip, 45) } : {}),
    browserLanguage: clip(browser.language || 'ja', purchase.messageVersion === '2.3.1' ? 35 : 8),
    browserUserAgent: clip(browser.userAgent || 'unknown', 2048),
    browserJavascriptEnabled: browser.javascriptEnabled,
    browserJavaEnabled: browser.javaEnabled,
    browserColorDepth: String(emvColorDepth(browser.colorDepth)),
    browserScreenHeight: String(clamp(browser.screenHeight, 1, 999_999, 800)),
    browserScreenWidth: String(clamp(browser.screenWidth, 1, 999_999, 1280)),
    browserTZ: String(clamp(browser.tz, -840, 720, -540)),
  };
  return areq;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isNonEmptyString = (value: unknown): value is string => typeof value === 'string' && value !== '';

/**
 * Classifies what the ACS answered to `areq`. An ARes is accepted only when it names our transaction, has a
 * known transStatus and a UUID acsTransID, and (for `C`) an http(s) acsURL.
 */
export function parseAcsAnswer(body: unknown, areq?: Pick<AReq, 'threeDSServerTransID'> & Partial<Pick<AReq, 'messageVersion'>>): AcsAnswer {
  if (!isRecord(body)) return { kind: 'invalid', problem: 'the answer is not a JSON object', body };
  if (body.messageType === 'Erro') {
    if (!isNonEmptyString(body.errorCode)) return { kind: 'invalid', problem: 'Erro without errorCode', body };
    return {
      kind: 'Erro',
      erro: { ...body, errorDescription: String(body.errorDescription ?? ''), errorDetail: String(body.errorDetail ?? '') } as Erro,
    };
  }
  if (body.messageType !== 'ARes') return { kind: 'invalid', problem: `unexpected messageType ${JSON.stringify(body.messageType)}`, body };
  if (areq && body.threeDSServerTransID !== areq.threeDSServerTransID) {
    return { kind: 'invalid', problem: 'the ARes names another threeDSServerTransID', body };
  }
  if (!MessageVersions.includes(body.messageVersion as MessageVersion) || (areq?.messageVersion && body.messageVersion !== areq.messageVersion)) {
    return { kind: 'invalid', problem: `the ARes has messageVersion ${JSON.stringify(body.messageVersion)}`, body };
  }
  if (!TransStatuses.includes(body.transStatus as TransStatus)) {
    return { kind: 'invalid', problem: `unknown transStatus ${JSON.stringify(body.transStatus)}`, body };
  }
  if (!isUuid(body.acsTransID)) return { kind: 'invalid', problem: 'the ARes has no UUID acsTransID', body };
  if (body.transStatus === 'C' && !(typeof body.acsURL === 'string' && /^https?:\/\//.test(body.acsURL))) {
    return { kind: 'invalid', problem: 'a challenge ARes without an http(s) acsURL', body };
  }
  return { kind: 'ARes', ares: body as ARes };
}

export interface HttpOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
}

async function postJson(url: string, body: unknown, options: HttpOptions, headers: Record<string, string> = {}) {
  const response = await (options.fetch ?? fetch)(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text };
}

const describeFailure = (error: unknown) => {
  const err = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError') return 'no answer in time';
  return err.cause?.code ?? err.cause?.message ?? err.message ?? String(error);
};

/** POST the AReq to `${acsBaseUrl}/3ds/v2/areq`; never throws (an unreachable ACS is an `invalid` answer). */
export async function sendAReq(acsBaseUrl: string, areq: AReq, options: HttpOptions = {}): Promise<AcsAnswer> {
  try {
    const { status, json, text } = await postJson(`${acsBaseUrl.replace(/\/$/, '')}/3ds/v2/areq`, areq, options);
    if (status !== 200) return { kind: 'invalid', problem: `HTTP ${status}`, httpStatus: status, body: json ?? text.slice(0, 500) };
    if (json === undefined) return { kind: 'invalid', problem: 'the answer is not JSON', httpStatus: status, body: text.slice(0, 500) };
    return parseAcsAnswer(json, areq);
  } catch (error) {
    return { kind: 'invalid', problem: `ACS unreachable: ${describeFailure(error)}` };
  }
}

// base64url, as EMV uses it: no padding when encoding; decoding tolerates padding and standard base64 characters.
export function encodeBase64Url(json: unknown): string {
  return Buffer.from(JSON.stringify(json), 'utf8').toString('base64url');
}

export function decodeBase64UrlJson(value: string): unknown {
  if (!/^[A-Za-z0-9\-_+/]+={0,2}$/.test(value)) throw new SyntaxError('not base64url');
  return JSON.parse(Buffer.from(value.replace(/=+$/, ''), 'base64url').toString('utf8'));
}

export function buildCReq(ares: Pick<ARes, 'threeDSServerTransID' | 'acsTransID' | 'messageVersion'>, challengeWindowSize: ChallengeWindowSize): CReq {
  return {
    threeDSServerTransID: ares.threeDSServerTransID,
    acsTransID: ares.acsTransID,
    messageType: 'CReq',
    messageVersion: ares.messageVersion,
    challengeWindowSize,
  };
}

export const encodeCReq = (creq: CReq): string => encodeBase64Url(creq);

export function decodeCReq(value: string): CReq {
  const json = decodeBase64UrlJson(value);
  if (!isRecord(json) || json.messageType !== 'CReq' || !isUuid(json.acsTransID) || !isUuid(json.threeDSServerTransID)) {
    throw new SyntaxError('not a CReq');
  }
  return json as unknown as CReq;
}

export const encodeCRes = (cres: CRes): string => encodeBase64Url(cres);

/** Decodes the final CRes the ACS posts to the notificationURL; throws SyntaxError when it is not one. */
export function decodeCRes(value: string): CRes {
  const json = decodeBase64UrlJson(value);
  if (!isRecord(json) || json.messageType !== 'CRes') throw new SyntaxError('not a CRes');
  if (!isUuid(json.acsTransID) || !isUuid(json.threeDSServerTransID)) throw new SyntaxError('CRes without transaction IDs');
  if (!TransStatuses.includes(json.transStatus as TransStatus) || json.transStatus === 'C') {
    throw new SyntaxError(`CRes with transStatus ${JSON.stringify(json.transStatus)}`);
  }
  return json as unknown as CRes;
}

/** threeDSSessionData: the ACS returns it untouched; at most 1024 characters (EMV). */
export function encodeSessionData(data: unknown): string {
  const encoded = encodeBase64Url(data);
  if (encoded.length > 1024) throw new RangeError('threeDSSessionData is longer than 1024 characters');
  return encoded;
}

export function decodeSessionData(value: string): unknown {
  if (value.length > 1024) throw new SyntaxError('threeDSSessionData is longer than 1024 characters');
  return decodeBase64UrlJson(value);
}

const RREQ_REQUIRED = [
  'messageType', 'messageVersion', 'threeDSServerTransID', 'dsTransID', 'acsTransID', 'messageCategory',
  'transStatus', 'authenticationType', 'interactionCounter',
] as const;

export interface ReceivedRReq {
  rreq: RReq;
  rres: RRes;
  receivedAt: Date;
  /** how many times the ACS delivered it (retries included) */
  deliveries: number;
  /** later RReqs for the same acsTransID that differed from the first (the ACS must never send two) */
  conflicts: RReq[];
}

export type RReqOutcome =
  | { kind: 'accepted' | 'retried' | 'conflict'; record: ReceivedRReq; answer: RRes }
  | { kind: 'rejected'; answer: Erro };

/**
 * The Directory Server's RReq endpoint, in memory. Every well-formed RReq is answered with an RRes `01` (also
 * for a transaction this simulator did not start: a DS that refused would make the ACS retry forever).
 * At most `capacity` transactions are kept, oldest dropped first.
 */
export class RReqReceiver {
  private readonly received = new Map<string, ReceivedRReq>();
  private readonly listeners = new Set<(record: ReceivedRReq, kind: 'accepted' | 'retried' | 'conflict') => void>();

  constructor(
    private readonly capacity = 10_000,
    private readonly now: () => Date = () => new Date(),
  ) {}

  receive(body: unknown): RReqOutcome {
    const problem = validateRReq(body);
    if (problem) return { kind: 'rejected', answer: problem };
    const rreq = body as RReq;
    const existing = this.received.get(rreq.acsTransID);
    if (existing) {
      existing.deliveries += 1;
      const same = sameRReq(existing.rreq, rreq);
      if (!same) existing.conflicts.push(rreq);
      const kind = same ? 'retried' : 'conflict';
      this.emit(existing, kind);
      return { kind, record: existing, answer: existing.rres };
    }
    const record: ReceivedRReq = { rreq, rres: rresFor(rreq), receivedAt: this.now(), deliveries: 1, conflicts: [] };
    this.received.set(rreq.acsTransID, record);
    if (this.received.size > this.capacity) this.received.delete(this.received.keys().next().value!);
    this.emit(record, 'accepted');
    return { kind: 'accepted', record, answer: record.rres };
  }

  get(acsTransID: string): ReceivedRReq | undefined {
    return this.received.get(acsTransID);
  }

  /** distinct transactions, in arrival order */
  all(): ReceivedRReq[] {
    return [...this.received.values()];
  }

  get size(): number {
    return this.received.size;
  }

  /** Resolves with the RReq for `acsTransID` once it has arrived (at once if it already has). */
  waitFor(acsTransID: string, timeoutMs = 10_000): Promise<ReceivedRReq> {
    const known = this.received.get(acsTransID);
    if (known) return Promise.resolve(known);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`no RReq for acsTransID ${acsTransID} within ${timeoutMs} ms`));
      }, timeoutMs);
      const listener = (record: ReceivedRReq) => {
        if (record.rreq.acsTransID !== acsTransID) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(record);
      };
      this.listeners.add(listener);
    });
  }

  onReceive(listener: (record: ReceivedRReq, kind: 'accepted' | 'retried' | 'conflict') => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(record: ReceivedRReq, kind: 'accepted' | 'retried' | 'conflict') {
    for (const listener of [...this.listeners]) listener(record, kind);
  }
}

function rresFor(rreq: RReq): RRes {
  return {
    messageType: 'RRes',
    messageVersion: rreq.messageVersion,
    threeDSServerTransID: rreq.threeDSServerTransID,
    dsTransID: rreq.dsTransID,
    acsTransID: rreq.acsTransID,
    resultsStatus: '01',
  };
}

function sameRReq(a: RReq, b: RReq): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => JSON.stringify(a[key]) === JSON.stringify(b[key]));
}

function dsErro(body: unknown, errorCode: string, errorDescription: string, errorDetail: string): Erro {
  const ids = isRecord(body) ? body : {};
  const pick = (key: string) => (isNonEmptyString(ids[key]) ? { [key]: ids[key] } : {});
  return {
    messageType: 'Erro',
    messageVersion: MessageVersions.includes(ids.messageVersion as MessageVersion) ? (ids.messageVersion as string) : '2.2.0',
    errorCode,
    errorComponent: 'D',
    errorDescription,
    errorDetail,
    errorMessageType: 'RReq',
    ...pick('threeDSServerTransID'),
    ...pick('dsTransID'),
    ...pick('acsTransID'),
  };
}

/** EMV codes: 101 not an RReq, 102 version, 201 required field missing (names in errorDetail), 203 bad format. */
function validateRReq(body: unknown): Erro | undefined {
  if (!isRecord(body)) return dsErro(body, '101', 'Message received invalid', 'not a JSON object');
  if (body.messageType !== 'RReq') return dsErro(body, '101', 'Message received invalid', 'messageType');
  const missing = RREQ_REQUIRED.filter((key) => body[key] === undefined || body[key] === null);
  if (missing.length) return dsErro(body, '201', 'Required Data Element Missing', missing.join(','));
  if (!MessageVersions.includes(body.messageVersion as MessageVersion)) {
    return dsErro(body, '102', 'Message Version Number Not Supported', String(body.messageVersion));
  }
  const bad: string[] = [];
  for (const key of ['threeDSServerTransID', 'dsTransID', 'acsTransID'] as const) if (!isUuid(body[key])) bad.push(key);
  if (!['01', '02'].includes(body.messageCategory as string)) bad.push('messageCategory');
  if (!['Y', 'A', 'N', 'R', 'U'].includes(body.transStatus as string)) bad.push('transStatus');
  if (!/^\d{2}$/.test(String(body.authenticationType))) bad.push('authenticationType');
  if (!/^\d{2}$/.test(String(body.interactionCounter))) bad.push('interactionCounter');
  for (const key of ['transStatusReason', 'eci', 'challengeCancel'] as const) {
    if (body[key] !== undefined && !/^\d{2}$/.test(String(body[key]))) bad.push(key);
  }
  if (body.authenticationValue !== undefined && !/^[A-Za-z0-9+/]{27}=?$|^[A-Za-z0-9+/]{28}$/.test(String(body.authenticationValue))) {
    bad.push('authenticationValue');
  }
  if (bad.length) return dsErro(body, '203', 'Format or value of one or more Data Elements is Invalid', bad.join(','));
  return undefined;
}

/**
 * Asks the ACS whether an authenticationValue is genuine for this card and amount (valid once). Never throws: a
 * refused token, an HTTP error or an unreachable host is a `failed` result the shop shows as "could not verify".
 */
export async function verifyAuthenticationValue(
  acsBaseUrl: string,
  token: string,
  request: VerificationRequest,
  options: HttpOptions = {},
): Promise<VerificationResult> {
  try {
    const { status, json } = await postJson(
      `${acsBaseUrl.replace(/\/$/, '')}/3ds/v2/authentication-values/verification`,
      request,
      options,
      { authorization: `Bearer ${token}` },
    );
    if (status !== 200 || !isRecord(json) || typeof json.valid !== 'boolean') {
      return { kind: 'failed', problem: `HTTP ${status}`, httpStatus: status };
    }
    return {
      kind: 'answered',
      valid: json.valid,
      ...(typeof json.transStatus === 'string' ? { transStatus: json.transStatus } : {}),
      ...(typeof json.eci === 'string' ? { eci: json.eci } : {}),
    };
  } catch (error) {
    return { kind: 'failed', problem: `ACS unreachable: ${describeFailure(error)}` };
  }
}

/** For logs and the result page's message timeline: the PAN reduced to its first 6 and last 4. */
export function maskMessage<T>(message: T): T {
  if (!isRecord(message) || typeof message.acctNumber !== 'string') return message;
  const pan = message.acctNumber;
  return { ...message, acctNumber: pan.length > 10 ? `${pan.slice(0, 6)}${'*'.repeat(pan.length - 10)}${pan.slice(-4)}` : '****' };
}
