import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { createPinia, setActivePinia } from 'pinia';
import { FetchStub, json, problem, setCookies } from '../../../test/fetch-stub';
import { useApplicationsStore } from './applications';
import { useAuditStore } from './audit';
import { POLL_INTERVAL_MS, useCardImportStore } from './card-import';
import { useBackofficeCardsStore } from './cards';

const summary = (id: string) => ({
  applicationId: id,
  status: 'RECEIVED',
  companyName: 'C',
  corporateNumber: '7000012050002',
  administratorName: 'A',
  receivedAt: '2026-04-01T00:00:00Z',
});

describe('back-office stores', () => {
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
    jest.useRealTimers();
  });

  it('filters the audit log, keeps the filter for more and for the CSV export of the same view', async () => {
    stub.on('GET /backoffice/audit-events', json(200, { items: [{ id: '9', occurredAt: '2026-12-01T00:00:00Z', actorType: 'STAFF', action: 'PIN_UNLOCKED' }], nextCursor: '9' }));
    stub.on('GET /backoffice/audit-events', json(200, { items: [] }));
    const store = useAuditStore();
    await store.loadFirst({ action: 'PIN_UNLOCKED', actor: ' supervisor ', target: '', from: '2026-12-01', to: '' });
    expect(Object.fromEntries(stub.last().query)).toEqual({ action: 'PIN_UNLOCKED', actor: 'supervisor', from: '2026-12-01', limit: '50' });
    expect(store.filtered).toBe(true);
    await store.loadMore();
    expect(Object.fromEntries(stub.last().query)).toEqual({ action: 'PIN_UNLOCKED', actor: 'supervisor', from: '2026-12-01', cursor: '9', limit: '50' });
    expect(store.exportUrl('ja')).toBe('/api/v1/backoffice/audit-events/export?action=PIN_UNLOCKED&actor=supervisor&from=2026-12-01&lang=ja');
    await store.loadFirst({});
    expect(store.filtered).toBe(false);
    expect(store.exportUrl('en')).toBe('/api/v1/backoffice/audit-events/export?lang=en');
  });

  it('tells a run that imported nothing apart from a completed one, and groups every reason by line', async () => {
    stub.on('POST /backoffice/card-imports', json(202, { importId: '5' }));
    stub.on('POST /backoffice/card-imports', json(202, { importId: '6' }));
    stub.on('GET /backoffice/card-imports/5', json(200, {
      status: 'COMPLETED', total: 2, processed: 2, failed: 2,
      errors: [{ line: 2, code: 'CORPORATE_NUMBER_CHECK_DIGIT' }, { line: 2, code: 'PIN_INVALID' }, { line: 3, code: 'COMPANY_NOT_FOUND' }],
    }));
    const store = useCardImportStore();
    await store.upload(new Blob(['x'], { type: 'text/csv' }));
    expect(store.outcome).toBe('none');
    expect(store.imported).toBe(0);
    expect(store.errorsByLine).toEqual([{ line: 2, codes: ['CORPORATE_NUMBER_CHECK_DIGIT', 'PIN_INVALID'] }, { line: 3, codes: ['COMPANY_NOT_FOUND'] }]);
    stub.on('GET /backoffice/card-imports/6', json(200, { status: 'COMPLETED', total: 3, processed: 3, failed: 1, errors: [{ line: 4, code: 'PIN_INVALID' }] }));
    await store.upload(new Blob(['y'], { type: 'text/csv' }));
    expect([store.outcome, store.imported]).toEqual(['partial', 2]);
  });

  it('pages applications with the opaque cursor and keeps the status filter', async () => {
    stub.on('GET /backoffice/signup-applications', json(200, { items: [summary('1'), summary('2')], nextCursor: '2' }));
    stub.on('GET /backoffice/signup-applications', json(200, { items: [summary('3')] }));
    const store = useApplicationsStore();
    await store.loadFirst('RECEIVED');
    expect(Object.fromEntries(stub.last().query)).toEqual({ status: 'RECEIVED', limit: '20' });
    expect(store.nextCursor).toBe('2');
    await store.loadMore();
    expect(Object.fromEntries(stub.last().query)).toEqual({ status: 'RECEIVED', cursor: '2', limit: '20' });
    expect(store.items.map((i) => i.applicationId)).toEqual(['1', '2', '3']);
    expect(store.nextCursor).toBeUndefined();
  });

  it('rejects with a reason and reloads the application; a second decision surfaces as 409', async () => {
    stub.on('POST /backoffice/signup-applications/A-1/rejection', json(200, {}));
    stub.on('GET /backoffice/signup-applications/A-1', json(200, { ...summary('A-1'), status: 'REJECTED', notes: [] }));
    const store = useApplicationsStore();
    await store.reject('A-1', '法人番号が確認できません');
    expect(stub.last('POST /backoffice/signup-applications/A-1/rejection').body).toEqual({ reason: '法人番号が確認できません' });
    expect(stub.last('POST /backoffice/signup-applications/A-1/rejection').headers['x-csrf-token']).toBe('staff');
    expect(store.current?.status).toBe('REJECTED');
    stub.on('POST /backoffice/signup-applications/A-1/approval', problem(409, 'APPLICATION_ALREADY_DECIDED'));
    await expect(store.approve('A-1')).rejects.toMatchObject({ status: 409 });
    expect(store.deciding).toBe(false);
  });

  it('uploads the CSV and polls the progress until the import is finished', async () => {
    jest.useFakeTimers();
    stub.on('POST /backoffice/card-imports', json(202, { importId: 'imp-1' }));
    stub.on('GET /backoffice/card-imports/imp-1', json(200, { status: 'PROCESSING', total: 4, processed: 1, failed: 0, errors: [] }));
    stub.on('GET /backoffice/card-imports/imp-1', json(200, { status: 'PROCESSING', total: 4, processed: 3, failed: 1, errors: [{ line: 3, code: 'CARD_NUMBER_INVALID' }] }));
    stub.on('GET /backoffice/card-imports/imp-1', json(200, { status: 'COMPLETED', total: 4, processed: 4, failed: 1, errors: [{ line: 3, code: 'CARD_NUMBER_INVALID' }] }));
    const store = useCardImportStore();
    await store.upload(new Blob(['corporate_number,card_number,expiry_yymm,pin,holder_name\n'], { type: 'text/csv' }));
    expect(stub.last('POST /backoffice/card-imports').headers['content-type']).toBe('text/csv');
    expect(store.percent).toBe(25);
    await jest.advanceTimersByTimeAsync(POLL_INTERVAL_MS);
    expect(store.percent).toBe(75);
    await jest.advanceTimersByTimeAsync(POLL_INTERVAL_MS);
    expect(store.finished).toBe(true);
    expect(store.progress?.errors).toEqual([{ line: 3, code: 'CARD_NUMBER_INVALID' }]);
    await jest.advanceTimersByTimeAsync(POLL_INTERVAL_MS * 5);
    expect(stub.requests.filter((r) => r.method === 'GET')).toHaveLength(3);
  });

  it('reissues a card and searches again with the same criteria', async () => {
    stub.on('GET /backoffice/cards', json(200, { items: [] }));
    stub.on('POST /backoffice/cards/c-1/reissue', json(200, { cardId: 'c-2', maskedNumber: '3540 **** **** 0012' }));
    const store = useBackofficeCardsStore();
    await store.search({ last4: '0004' });
    const result = await store.reissue('c-1', { newCardNumber: '3540123456789012', expiryYymm: '3012', pin: '1234' });
    expect(result.maskedNumber).toBe('3540 **** **** 0012');
    expect(stub.requests.map((r) => `${r.method} ${r.path}?${r.query}`)).toEqual([
      'GET /backoffice/cards?last4=0004',
      'POST /backoffice/cards/c-1/reissue?',
      'GET /backoffice/cards?last4=0004',
    ]);
  });
});
