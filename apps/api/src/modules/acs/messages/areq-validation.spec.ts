import { loggableAReq, readAReq } from './areq-validation.js';

const valid = {
  messageType: 'AReq', messageVersion: '2.2.0', threeDSServerTransID: '8a880dc0-d2d2-4067-bcb1-b08d1690b26e',
  dsTransID: '9b880dc0-d2d2-4067-bcb1-b08d1690b26e', deviceChannel: '02', messageCategory: '01', acctNumber: '3540123456789016',
  purchaseAmount: '12800', purchaseCurrency: '392', purchaseExponent: '0', purchaseDate: '20261201120000', merchantName: 'Shop',
  mcc: '5732', merchantCountryCode: '392', acquirerBIN: '354000', acquirerMerchantID: 'M1', threeDSRequestorID: 'R1',
  threeDSRequestorName: 'Shop', threeDSRequestorURL: 'https://shop.example', notificationURL: 'https://shop.example/n',
  browserAcceptHeader: 'text/html', browserLanguage: 'ja', browserUserAgent: 'UA', browserJavascriptEnabled: false,
};
const read = (change: Record<string, unknown>, drop: string[] = []) => {
  const body: Record<string, unknown> = { ...valid, ...change };
  for (const name of drop) delete body[name];
  return readAReq(JSON.stringify(body));
};

describe('readAReq', () => {
  it('accepts a complete browser AReq', () => {
    expect(read({}).ok).toBe(true);
  });

  it('maps each failure to its EMV error code', () => {
    expect(readAReq('{').ok || (readAReq('{') as { errorCode: string }).errorCode).toBe('101');
    expect(read({ messageVersion: '2.1.0' })).toMatchObject({ ok: false, errorCode: '102' });
    expect(read({}, ['acctNumber'])).toMatchObject({ ok: false, errorCode: '201', detail: 'acctNumber' });
    expect(read({ acctNumber: '' })).toMatchObject({ ok: false, errorCode: '203', detail: 'acctNumber' });
    expect(read({ purchaseCurrency: '392', purchaseExponent: '2' })).toMatchObject({ ok: false, errorCode: '203', detail: 'purchaseExponent' });
  });

  it('needs the screen data only when JavaScript is on, and the purchase only for payments', () => {
    expect(read({ browserJavascriptEnabled: true })).toMatchObject({ ok: false, errorCode: '201' });
    expect(read({ messageCategory: '02' }, ['purchaseAmount', 'purchaseCurrency', 'purchaseExponent', 'purchaseDate']).ok).toBe(true);
  });

  it('never echoes a value in errorDetail, only element names', () => {
    const result = read({ merchantName: 42, '<script>': 'x' });
    expect(result).toMatchObject({ ok: false, errorCode: '203', detail: 'merchantName' });
  });
});

describe('loggableAReq', () => {
  it('keeps only the elements the ACS reads, with well-formed strings', () => {
    const logged = loggableAReq({ ...valid, merchantName: 'a\uD800b', unknownKey: { '\uD800': 1 } } as never);
    expect(logged.unknownKey).toBeUndefined();
    expect(logged.merchantName).toBe('a\uFFFDb');
  });
});
