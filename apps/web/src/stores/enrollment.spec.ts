import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createPinia, setActivePinia } from 'pinia';
import { FetchStub, json, noContent, problem, setCookies } from '../../test/fetch-stub';
import { useEnrollmentStore } from './enrollment';

const inquiry = (status = 'UNREGISTERED', expiresAt = new Date(Date.now() + 600_000).toISOString()) => ({
  inquiryId: 'inq-1',
  expiresAt,
  card: { maskedNumber: '3540 **** **** 0004', brand: 'JCB', expiry: '12/29' },
  enrollment: status === 'REGISTERED' ? { status, method: 'PASSWORD', secureId: 'keiri.taro' } : { status },
});

describe('enrollment store', () => {
  let stub: FetchStub;
  let restoreCookies: () => void;

  beforeEach(() => {
    setActivePinia(createPinia());
    stub = new FetchStub().install();
    restoreCookies = setCookies('corpweb_csrf=tok');
  });
  afterEach(() => {
    stub.restore();
    restoreCookies();
  });

  it('sends the card number without spaces and keeps it only for the password rules', async () => {
    stub.on('POST /card-inquiries', json(200, inquiry()));
    const store = useEnrollmentStore();
    await store.inquire('3540 1234 5678 9012', '1234');
    expect(stub.last().body).toEqual({ cardNumber: '3540123456789012', pin: '1234' });
    expect(stub.last().headers['x-csrf-token']).toBe('tok');
    expect(store.inquiry?.inquiryId).toBe('inq-1');
    expect(store.cardNumberForRules()).toBe('3540123456789012');
    expect(JSON.stringify(store.$state)).not.toContain('3540123456789012');
  });

  it('checks a fixed password with the API before the confirm step, registering nothing', async () => {
    stub.on('POST /card-inquiries', json(200, inquiry()));
    stub.on('POST /card-inquiries/inq-1/enrollment/password-check', problem(422, 'VALIDATION_FAILED', { errors: [{ field: 'password', code: 'PASSWORD_SAME_AS_PORTAL_PASSWORD' }] }));
    stub.on('POST /card-inquiries/inq-1/enrollment/password-check', noContent());
    const store = useEnrollmentStore();
    await store.inquire('3540123456789012', '1234');
    await expect(store.checkFixedPassword(' keiri.taro ', 'Harbor-Kite-73-Lumen')).rejects.toMatchObject({ status: 422 });
    expect(stub.last().body).toEqual({ secureId: 'keiri.taro', password: 'Harbor-Kite-73-Lumen' });
    expect(stub.last().headers['x-csrf-token']).toBe('tok');
    await expect(store.checkFixedPassword('keiri.taro', 'Velvet-Orbit-93-Lantern')).resolves.toBeUndefined();
    expect(stub.requests.some((r) => r.method === 'PUT')).toBe(false);
  });

  it('registers a fixed password at once', async () => {
    stub.on('POST /card-inquiries', json(200, inquiry()));
    stub.on('PUT /card-inquiries/inq-1/enrollment', json(200, { status: 'REGISTERED', method: 'PASSWORD', secureId: 'keiri.taro' }));
    const store = useEnrollmentStore();
    await store.inquire('3540123456789012', '1234');
    store.saveDraft({ secureId: 'keiri.taro', method: 'PASSWORD', phone: '', password: 'Blue-Harbor-Kite' });
    await expect(store.submit()).resolves.toBe('done');
    expect(stub.last().body).toEqual({ secureId: 'keiri.taro', method: 'PASSWORD', password: 'Blue-Harbor-Kite' });
    expect(store.outcome).toMatchObject({ kind: 'REGISTERED', maskedNumber: '3540 **** **** 0004' });
    // the flow's secrets are gone
    expect(store.draft).toBeNull();
    expect(store.inquiry).toBeNull();
    expect(store.cardNumberForRules()).toBeUndefined();
  });

  it('asks for the SMS code for OTP, then completes on verification as a change', async () => {
    const started = { verificationId: 'v-1', expiresAt: new Date(Date.now() + 300_000).toISOString(), maskedPhone: '090-****-5678', resendAvailableAt: new Date().toISOString() };
    stub.on('POST /card-inquiries', json(200, inquiry('REGISTERED')));
    stub.on('PUT /card-inquiries/inq-1/enrollment', json(202, started));
    stub.on('POST /card-inquiries/inq-1/enrollment/verification', json(200, { status: 'REGISTERED', method: 'OTP', secureId: 'keiri.taro', maskedPhone: '090-****-5678' }));
    const store = useEnrollmentStore();
    await store.inquire('3540123456789012', '1234');
    expect(store.isChange).toBe(true);
    store.saveDraft({ secureId: 'keiri.taro', method: 'OTP', phone: '090-1234-5678', password: 'ignored' });
    await expect(store.submit()).resolves.toBe('verify');
    expect(stub.last().body).toEqual({ secureId: 'keiri.taro', method: 'OTP', phone: '090-1234-5678' });
    expect(store.verification?.verificationId).toBe('v-1');
    await store.verifyCode('123456');
    expect(stub.last().body).toEqual({ verificationId: 'v-1', code: '123456' });
    expect(store.outcome).toMatchObject({ kind: 'CHANGED', enrollment: { method: 'OTP' } });
  });

  it('resends the code by sending the same registration again', async () => {
    const started = (id: string) => ({ verificationId: id, expiresAt: new Date().toISOString(), maskedPhone: '090-****-5678', resendAvailableAt: new Date().toISOString() });
    stub.on('POST /card-inquiries', json(200, inquiry()));
    stub.on('PUT /card-inquiries/inq-1/enrollment', json(202, started('v-1')));
    stub.on('PUT /card-inquiries/inq-1/enrollment', json(202, started('v-2')));
    const store = useEnrollmentStore();
    await store.inquire('3540123456789012', '1234');
    store.saveDraft({ secureId: 'keiri.taro', method: 'OTP', phone: '09012345678', password: '' });
    await store.submit();
    await store.resendCode();
    expect(store.verification?.verificationId).toBe('v-2');
  });

  it('keeps the API field errors for the input page', async () => {
    stub.on('POST /card-inquiries', json(200, inquiry()));
    stub.on('PUT /card-inquiries/inq-1/enrollment', problem(409, 'SECURE_ID_TAKEN'));
    const store = useEnrollmentStore();
    await store.inquire('3540123456789012', '1234');
    store.saveDraft({ secureId: 'taken.id', method: 'OTP', phone: '09012345678', password: '' });
    await expect(store.submit()).rejects.toMatchObject({ code: 'SECURE_ID_TAKEN' });
    expect(store.serverError?.code).toBe('SECURE_ID_TAKEN');
    expect(store.loading).toBe(false);
  });

  it('deregisters and remembers only the masked number', async () => {
    stub.on('POST /card-inquiries', json(200, inquiry('REGISTERED')));
    stub.on('DELETE /card-inquiries/inq-1/enrollment', noContent());
    const store = useEnrollmentStore();
    await store.inquire('3540123456789012', '1234');
    await store.deregister();
    expect(store.outcome).toEqual({ kind: 'DEREGISTERED', maskedNumber: '3540 **** **** 0004' });
    expect(store.inquiry).toBeNull();
  });

  it('knows when the 10-minute grant has run out', async () => {
    stub.on('POST /card-inquiries', json(200, inquiry('UNREGISTERED', '2030-01-01T00:10:00.000Z')));
    const store = useEnrollmentStore();
    expect(store.inquiryExpired()).toBe(false);
    await store.inquire('3540123456789012', '1234');
    expect(store.inquiryExpired(Date.parse('2030-01-01T00:09:59.000Z'))).toBe(false);
    expect(store.inquiryExpired(Date.parse('2030-01-01T00:10:00.000Z'))).toBe(true);
  });

  it('passes PIN errors through untouched and keeps no state', async () => {
    stub.on('POST /card-inquiries', problem(423, 'PIN_LOCKED'));
    const store = useEnrollmentStore();
    await expect(store.inquire('3540123456789012', '0000')).rejects.toMatchObject({ status: 423, code: 'PIN_LOCKED' });
    expect(store.inquiry).toBeNull();
    expect(store.cardNumberForRules()).toBeUndefined();
  });
});
