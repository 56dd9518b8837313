import { describe, expect, it } from '@jest/globals';
import {
  buildAReq,
  buildCReq,
  decodeBase64UrlJson,
  decodeCReq,
  decodeCRes,
  decodeSessionData,
  emvColorDepth,
  encodeCReq,
  encodeCRes,
  encodeSessionData,
  formatPurchaseDate,
  maskMessage,
  parseAcsAnswer,
  RReqReceiver,
  type CRes,
  type PurchaseRequest,
  type RReq,
} from './three-ds-simulator.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const SERVER_ID = '8a880dc0-d2d2-4067-bcb1-b08d1690b26e';
const ACS_ID = 'd7c1ee99-9478-44a6-b1f2-391e29c6b340';
const DS_ID = '0b2e8f2c-95e4-4c56-9a5b-64d0b9f9c0a1';

const purchase = (overrides: Partial<PurchaseRequest> = {}): PurchaseRequest => ({
  messageVersion: '2.2.0',
  acctNumber: '3540123456789016',
  cardExpiryDate: '2908',
  amount: 12_800,
  purchaseDate: new Date('2026-12-01T23:05:09Z'),
  challengeIndicator: '01',
  notificationURL: 'http://localhost:3002/3ds/notification',
  browser: {
    acceptHeader: 'text/html', ip: '::ffff:127.0.0.1', language: 'ja-JP', userAgent: 'Mozilla/5.0', javascriptEnabled: true,
    javaEnabled: false, colorDepth: 24, screenHeight: 844, screenWidth: 390, tz: -540,
  },
  merchant: {
    name: 'Corpweb Demo Shop', mcc: '5999', countryCode: '392', acquirerBIN: '356999', acquirerMerchantID: 'M1',
    requestorID: 'R1', requestorName: 'Demo', requestorURL: 'http://localhost:3002/',
  },
  ...overrides,
});

describe('buildAReq', () => {
  it('builds a 2.2.0 browser payment AReq with the challenge indicator as a string', () => {
    const areq = buildAReq(purchase({ challengeIndicator: '04' }));
    expect(areq).toMatchObject({
      messageType: 'AReq',
      messageVersion: '2.2.0',
      deviceChannel: '02',
      messageCategory: '01',
      threeDSRequestorChallengeInd: '04',
      acctNumber: '3540123456789016',
      cardExpiryDate: '2908',
      purchaseAmount: '12800',
      purchaseCurrency: '392',
      purchaseExponent: '0',
      purchaseDate: '20261201230509',
      merchantCountryCode: '392',
      mcc: '5999',
      notificationURL: 'http://localhost:3002/3ds/notification',
      browserIP: '127.0.0.1',
      browserLanguage: 'ja-JP',
      browserJavascriptEnabled: true,
      browserJavaEnabled: false,
      browserColorDepth: '24',
      browserScreenHeight: '844',
      browserScreenWidth: '390',
      browserTZ: '-540',
    });
    expect(areq.threeDSServerTransID).toMatch(UUID_V4);
    expect(areq.dsTransID).toMatch(UUID_V4);
  });

  it('builds a 2.3.1 AReq with the challenge indicator as an array', () => {
    expect(buildAReq(purchase({ messageVersion: '2.3.1', challengeIndicator: '04' })).threeDSRequestorChallengeInd).toEqual(['04']);
    expect(buildAReq(purchase({ messageVersion: '2.3.1' })).threeDSRequestorChallengeInd).toEqual(['01']);
  });

  it('takes a new transaction ID per purchase unless told one', () => {
    const a = buildAReq(purchase());
    const b = buildAReq(purchase());
    expect(a.threeDSServerTransID).not.toBe(b.threeDSServerTransID);
    expect(buildAReq(purchase({ threeDSServerTransID: SERVER_ID })).threeDSServerTransID).toBe(SERVER_ID);
  });

  it('never sends an empty field: defaults stand in for what a browser without script does not say', () => {
    const areq = buildAReq(
      purchase({
        browser: {
          acceptHeader: '', ip: '', language: '', userAgent: '', javascriptEnabled: false, javaEnabled: false,
          colorDepth: NaN, screenHeight: NaN, screenWidth: 0, tz: NaN,
        },
      }),
    );
    for (const [key, value] of Object.entries(areq)) expect([key, value]).not.toEqual([key, '']);
    expect(areq).not.toHaveProperty('browserIP');
    expect(areq).toMatchObject({
      browserJavascriptEnabled: false, browserColorDepth: '24', browserScreenHeight: '800', browserScreenWidth: '1',
      browserTZ: '-540', browserLanguage: 'ja', browserAcceptHeader: '*/*',
    });
  });

  it('refuses what would be an invalid AReq', () => {
    expect(() => buildAReq(purchase({ acctNumber: '3540 1234' }))).toThrow(RangeError);
    expect(() => buildAReq(purchase({ cardExpiryDate: '2913' }))).toThrow(RangeError);
    expect(() => buildAReq(purchase({ amount: 0 }))).toThrow(RangeError);
    expect(() => buildAReq(purchase({ amount: 12.5 }))).toThrow(RangeError);
  });

  it('formats purchaseDate in UTC and maps colour depths onto EMV values', () => {
    expect(formatPurchaseDate(new Date('2027-01-02T03:04:05+09:00'))).toBe('20270101180405');
    expect([emvColorDepth(24), emvColorDepth(30), emvColorDepth(31), emvColorDepth(0), emvColorDepth(64)]).toEqual([24, 30, 30, 24, 48]);
  });
});

describe('parseAcsAnswer', () => {
  const ares = { messageType: 'ARes', messageVersion: '2.2.0', threeDSServerTransID: SERVER_ID, acsTransID: ACS_ID };

  it('accepts a frictionless ARes and a challenge ARes with an acsURL', () => {
    expect(parseAcsAnswer({ ...ares, transStatus: 'Y', eci: '05' }, { threeDSServerTransID: SERVER_ID })).toMatchObject({ kind: 'ARes' });
    expect(parseAcsAnswer({ ...ares, transStatus: 'C', acsURL: 'http://localhost:3001/3ds/v2/challenge' })).toMatchObject({ kind: 'ARes' });
  });

  it('reads an Erro', () => {
    const answer = parseAcsAnswer({ messageType: 'Erro', errorCode: '102', errorDescription: 'version', errorDetail: 'messageVersion' });
    expect(answer).toEqual({
      kind: 'Erro',
      erro: { messageType: 'Erro', errorCode: '102', errorDescription: 'version', errorDetail: 'messageVersion' },
    });
  });

  it.each([
    ['not an object', 'hello'],
    ['another transaction', { ...ares, threeDSServerTransID: DS_ID, transStatus: 'Y' }],
    ['unknown transStatus', { ...ares, transStatus: 'Q' }],
    ['no acsTransID', { ...ares, acsTransID: undefined, transStatus: 'Y' }],
    ['C without acsURL', { ...ares, transStatus: 'C' }],
    ['C with a javascript: acsURL', { ...ares, transStatus: 'C', acsURL: 'javascript:alert(1)' }],
    ['a retired version', { ...ares, transStatus: 'Y', messageVersion: '2.1.0' }],
    ['another message', { messageType: 'RReq' }],
  ])('calls %s invalid', (_label, body) => {
    expect(parseAcsAnswer(body, { threeDSServerTransID: SERVER_ID }).kind).toBe('invalid');
  });
});

describe('CReq and CRes encoding', () => {
  const creq = buildCReq({ threeDSServerTransID: SERVER_ID, acsTransID: ACS_ID, messageVersion: '2.3.1' }, '02');

  it('encodes the CReq as base64url JSON without padding', () => {
    const encoded = encodeCReq(creq);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'))).toEqual({
      threeDSServerTransID: SERVER_ID,
      acsTransID: ACS_ID,
      messageType: 'CReq',
      messageVersion: '2.3.1',
      challengeWindowSize: '02',
    });
    expect(decodeCReq(encoded)).toEqual(creq);
  });

  const cres: CRes = {
    threeDSServerTransID: SERVER_ID, acsTransID: ACS_ID, messageType: 'CRes', messageVersion: '2.2.0', transStatus: 'Y',
    challengeCompletionInd: 'Y',
  };

  it('decodes a final CRes with or without padding', () => {
    const unpadded = encodeCRes(cres);
    const padded = Buffer.from(JSON.stringify(cres)).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
    expect(decodeCRes(unpadded)).toEqual(cres);
    expect(decodeCRes(padded)).toEqual(cres);
    // standard base64 alphabet too (some ACSs send it)
    expect(decodeCRes(Buffer.from(JSON.stringify(cres)).toString('base64'))).toEqual(cres);
  });

  it.each([
    ['not base64', '%%%'],
    ['not JSON', Buffer.from('hello').toString('base64url')],
    ['a CReq', encodeCReq(creq)],
    ['a CRes still C', Buffer.from(JSON.stringify({ ...cres, transStatus: 'C' })).toString('base64url')],
    ['a CRes without IDs', Buffer.from(JSON.stringify({ ...cres, acsTransID: 'x' })).toString('base64url')],
  ])('refuses %s', (_label, value) => {
    expect(() => decodeCRes(value)).toThrow(SyntaxError);
  });

  it('round-trips threeDSSessionData within 1024 characters', () => {
    expect(decodeSessionData(encodeSessionData({ orderId: ACS_ID }))).toEqual({ orderId: ACS_ID });
    expect(() => encodeSessionData({ pad: 'x'.repeat(800) })).toThrow(RangeError);
    expect(() => decodeSessionData('a'.repeat(1025))).toThrow(SyntaxError);
    expect(() => decodeBase64UrlJson('')).toThrow(SyntaxError);
  });
});

describe('RReqReceiver', () => {
  const rreq: RReq = {
    messageType: 'RReq', messageVersion: '2.2.0', threeDSServerTransID: SERVER_ID, dsTransID: DS_ID, acsTransID: ACS_ID,
    messageCategory: '01', transStatus: 'Y', eci: '05', authenticationValue: 'AAABBEg0VhI0VniQEjRWAAAAAAA=',
    authenticationType: '02', interactionCounter: '01',
  };

  it('answers an RRes 01 and counts a retried RReq once', () => {
    const receiver = new RReqReceiver();
    const first = receiver.receive(rreq);
    expect(first).toMatchObject({
      kind: 'accepted',
      answer: { messageType: 'RRes', messageVersion: '2.2.0', threeDSServerTransID: SERVER_ID, dsTransID: DS_ID, acsTransID: ACS_ID, resultsStatus: '01' },
    });
    const again = receiver.receive({ ...rreq });
    expect(again.kind).toBe('retried');
    expect(again.answer).toEqual(first.answer);
    expect(receiver.size).toBe(1);
    expect(receiver.get(ACS_ID)).toMatchObject({ deliveries: 2, conflicts: [] });
  });

  it('keeps a second, different RReq for one transaction as a conflict', () => {
    const receiver = new RReqReceiver();
    receiver.receive(rreq);
    expect(receiver.receive({ ...rreq, transStatus: 'N', transStatusReason: '01' }).kind).toBe('conflict');
    expect(receiver.get(ACS_ID)!.rreq.transStatus).toBe('Y');
    expect(receiver.get(ACS_ID)!.conflicts).toHaveLength(1);
  });

  it.each([
    ['not an object', '101', []],
    ['another message type', '101', { ...rreq, messageType: 'ARes' }],
    ['a missing field', '201', { ...rreq, interactionCounter: undefined }],
    ['an unsupported version', '102', { ...rreq, messageVersion: '2.1.0' }],
    ['a non-UUID acsTransID', '203', { ...rreq, acsTransID: 'abc' }],
    ['transStatus C', '203', { ...rreq, transStatus: 'C' }],
    ['an empty reason', '203', { ...rreq, transStatusReason: '' }],
  ])('answers %s with an Erro %s', (_label, code, body) => {
    const receiver = new RReqReceiver();
    const outcome = receiver.receive(body);
    expect(outcome).toMatchObject({ kind: 'rejected', answer: { messageType: 'Erro', errorCode: code, errorComponent: 'D' } });
    expect(receiver.size).toBe(0);
  });

  it('names the missing fields in errorDetail', () => {
    const outcome = new RReqReceiver().receive({ messageType: 'RReq', messageVersion: '2.2.0' });
    expect(outcome.answer).toMatchObject({ errorCode: '201' });
    expect((outcome.answer as { errorDetail: string }).errorDetail.split(',')).toEqual(
      expect.arrayContaining(['threeDSServerTransID', 'acsTransID', 'transStatus', 'interactionCounter']),
    );
  });

  it('waitFor resolves when the RReq arrives, and keeps at most its capacity', async () => {
    const receiver = new RReqReceiver(2);
    const waiting = receiver.waitFor(ACS_ID, 1_000);
    receiver.receive(rreq);
    await expect(waiting).resolves.toMatchObject({ rreq: { acsTransID: ACS_ID } });
    await expect(receiver.waitFor(DS_ID, 10)).rejects.toThrow('no RReq');
    receiver.receive({ ...rreq, acsTransID: SERVER_ID });
    receiver.receive({ ...rreq, acsTransID: DS_ID });
    expect(receiver.size).toBe(2);
    expect(receiver.get(ACS_ID)).toBeUndefined();
  });
});

describe('maskMessage', () => {
  it('keeps the first 6 and the last 4 digits', () => {
    expect(maskMessage({ acctNumber: '3540123456789016', x: 1 })).toEqual({ acctNumber: '354012******9016', x: 1 });
    expect(maskMessage('text')).toBe('text');
  });
});
