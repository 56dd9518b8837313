import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createPinia, setActivePinia } from 'pinia';
import { FetchStub, json, problem, setCookies } from '../../../test/fetch-stub';
import { ACS_PAGE_SIZE, useAcsTransactionsStore } from './acs-transactions';
import { recentRange, tokyoDate, useAcsSummaryStore } from './acs-summary';

const ID = '5b1f0c2e-4d3a-4b6f-9e8d-7c6b5a4f3e2d';
const item = (acsTransId: string) => ({
  acsTransId,
  createdAt: '2026-11-25T03:00:00.000Z',
  maskedNumber: '3540 **** **** 1234',
  merchantName: 'テスト商店',
  transStatus: 'Y',
  state: 'DECIDED',
});
const detail = (locked: boolean) => ({
  ...item(ID),
  cardId: '42',
  riskRules: [],
  timeline: [],
  passwordLock: { method: 'PASSWORD', failCount: locked ? 5 : 0, locked },
});

describe('ACS console stores', () => {
  let stub: FetchStub;
  let restoreCookies: () => void;
  beforeEach(() => {
    setActivePinia(createPinia());
    stub = new FetchStub().install();
    restoreCookies = setCookies('corpweb_csrf=member; corpweb_staff_csrf=staff');
  });
  afterEach(() => {
    stub.restore();
    restoreCookies();
  });

  it('searches with only the criteria given, then pages forward by the server\'s cursor and back by the cursors seen', async () => {
    stub.on('GET /backoffice/acs-transactions', json(200, { items: [item('a'), item('b')], nextCursor: 'c1' }));
    stub.on('GET /backoffice/acs-transactions', json(200, { items: [item('c')], nextCursor: 'c2' }));
    stub.on('GET /backoffice/acs-transactions', json(200, { items: [item('d')] }));
    stub.on('GET /backoffice/acs-transactions', json(200, { items: [item('c')], nextCursor: 'c2' }));
    const store = useAcsTransactionsStore();
    await store.search({ corporateNumber: '7000012050002', last4: '', transStatus: 'N', from: undefined, to: '2026-11-30' });
    expect(Object.fromEntries(stub.last().query)).toEqual({
      corporateNumber: '7000012050002', transStatus: 'N', to: '2026-11-30', limit: String(ACS_PAGE_SIZE),
    });
    expect(store.pageNumber).toBe(1);
    await store.next();
    expect(Object.fromEntries(stub.last().query)).toMatchObject({ corporateNumber: '7000012050002', cursor: 'c1' });
    expect(store.items.map((i) => i.acsTransId)).toEqual(['c']);
    await store.next();
    expect(stub.last().query.get('cursor')).toBe('c2');
    expect(store.nextCursor).toBeUndefined();
    expect(store.pageNumber).toBe(3);
    await store.next(); // no further page: no request
    expect(stub.requests).toHaveLength(3);
    await store.previous();
    expect(stub.last().query.get('cursor')).toBe('c1');
    expect(store.pageNumber).toBe(2);
    expect(store.items.map((i) => i.acsTransId)).toEqual(['c']);
    expect(store.loading).toBe(false);
  });

  it('a new search starts again at page 1; a 422 leaves the loading flag down', async () => {
    stub.on('GET /backoffice/acs-transactions', json(200, { items: [item('a')], nextCursor: 'c1' }));
    stub.on('GET /backoffice/acs-transactions', json(200, { items: [item('b')] }));
    stub.on('GET /backoffice/acs-transactions', problem(422, 'VALIDATION_FAILED', { errors: [{ field: 'last4', code: 'INVALID_FORMAT' }] }));
    const store = useAcsTransactionsStore();
    await store.search({});
    await store.next();
    await expect(store.search({ last4: '12a4' })).rejects.toMatchObject({ status: 422 });
    expect(store.loading).toBe(false);
    expect(store.pageNumber).toBe(2);
  });

  it('loads a detail, unlocks the card\'s fixed password with the staff CSRF token, and reads the detail again', async () => {
    stub.on(`GET /backoffice/acs-transactions/${ID}`, json(200, detail(true)));
    stub.on(`GET /backoffice/acs-transactions/${ID}`, json(200, detail(false)));
    stub.on('POST /backoffice/acs-locks/42/password-unlock', json(200, { cardId: '42', maskedNumber: '3540 **** **** 1234', passwordLock: { method: 'PASSWORD', failCount: 0, locked: false } }));
    const store = useAcsTransactionsStore();
    await store.load(ID);
    expect(store.current?.passwordLock?.locked).toBe(true);
    await store.unlockPassword();
    expect(stub.last('POST /backoffice/acs-locks/42/password-unlock').headers['x-csrf-token']).toBe('staff');
    expect(store.current?.passwordLock?.locked).toBe(false);
    expect(store.unlocking).toBe(false);
  });

  it('an OPERATOR\'s unlock surfaces as 403 and the detail stays', async () => {
    stub.on(`GET /backoffice/acs-transactions/${ID}`, json(200, detail(true)));
    stub.on('POST /backoffice/acs-locks/42/password-unlock', problem(403, 'FORBIDDEN'));
    const store = useAcsTransactionsStore();
    await store.load(ID);
    await expect(store.unlockPassword()).rejects.toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect(store.current?.passwordLock?.locked).toBe(true);
    expect(store.unlocking).toBe(false);
  });

  it('loads the summary for a range; the default range is the last 14 days in Japan time', async () => {
    expect(tokyoDate(new Date('2026-11-25T15:00:00Z'))).toBe('2026-11-26');
    expect(recentRange(new Date('2026-11-25T15:00:00Z'))).toEqual({ from: '2026-11-13', to: '2026-11-26' });
    stub.on('GET /backoffice/acs-summary', json(200, { timeZone: 'Asia/Tokyo', from: '2026-11-13', to: '2026-11-26', days: [], totals: {}, topRefusalReasons: [] }));
    const store = useAcsSummaryStore();
    await store.load('2026-11-13', '2026-11-26');
    expect(Object.fromEntries(stub.last().query)).toEqual({ from: '2026-11-13', to: '2026-11-26' });
    expect(store.summary?.timeZone).toBe('Asia/Tokyo');
    expect(store.loading).toBe(false);
  });
});
