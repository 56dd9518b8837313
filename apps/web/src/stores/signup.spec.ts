import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createPinia, setActivePinia } from 'pinia';
import { FetchStub, json, problem } from '../../test/fetch-stub';
import type { SignupDraft } from '../utils/signup-validation';
import { useSignupStore } from './signup';

const draft = (): SignupDraft => ({
  company: {
    name: '株式会社サンプル商事',
    nameKana: 'カブシキガイシャサンプルショウジ',
    corporateNumber: '7000-0120-50002',
    postalCode: '1000001',
    address: '東京都千代田区千代田1-1',
    phone: '03-1234-5678',
  },
  administrator: { name: '山田 太郎', nameKana: 'ヤマダ　タロウ', department: '経理部', email: 'taro@example.co.jp', phone: '090-1234-5678' },
});

describe('sign-up store', () => {
  let stub: FetchStub;
  beforeEach(() => {
    setActivePinia(createPinia());
    stub = new FetchStub().install();
  });
  afterEach(() => stub.restore());

  it('submits the consented terms version with normalised values, then forgets the draft', async () => {
    stub.on('GET /terms/current', json(200, { version: '2026-04', title: '規約', body: '本文', effectiveDate: '2026-04-01' }));
    stub.on('POST /signup-applications', json(202, { applicationId: 'A-1', status: 'RECEIVED', receivedAt: '2026-04-01T00:00:00Z' }));
    const signup = useSignupStore();
    await signup.loadTerms();
    signup.consent(signup.terms!.version);
    signup.saveDraft(draft());
    expect(signup.draftReady).toBe(true);
    await signup.submit();
    expect(stub.last().body).toMatchObject({
      termsVersion: '2026-04',
      agreedToTerms: true,
      company: { corporateNumber: '7000012050002', postalCode: '100-0001' },
    });
    expect(signup.result?.applicationId).toBe('A-1');
    expect(signup.consentedVersion).toBeNull();
    expect(signup.draft.company.name).toBe('');
  });

  it('keeps the input after going back (the draft is a copy, not the form)', () => {
    const signup = useSignupStore();
    const form = draft();
    signup.saveDraft(form);
    form.company.name = 'changed later';
    expect(signup.draft.company.name).toBe('株式会社サンプル商事');
  });

  it('withdraws the consent when the terms changed meanwhile', async () => {
    stub.on('POST /signup-applications', problem(422, 'TERMS_VERSION_STALE'));
    const signup = useSignupStore();
    signup.consent('2025-01');
    signup.saveDraft(draft());
    await expect(signup.submit()).rejects.toMatchObject({ code: 'TERMS_VERSION_STALE' });
    expect(signup.consentedVersion).toBeNull();
    expect(signup.draft.company.name).toBe('株式会社サンプル商事');
  });

  it('keeps the API field errors for the input page', async () => {
    stub.on('POST /signup-applications', problem(422, 'VALIDATION_FAILED', { errors: [{ field: 'company.corporateNumber', code: 'CORPORATE_NUMBER_INVALID' }] }));
    const signup = useSignupStore();
    signup.consent('2026-04');
    signup.saveDraft(draft());
    await expect(signup.submit()).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(signup.serverError?.fieldCodes('company.corporateNumber')).toEqual(['CORPORATE_NUMBER_INVALID']);
    expect(signup.loading).toBe(false);
  });

  it('refuses to submit without consent', async () => {
    const signup = useSignupStore();
    signup.saveDraft(draft());
    await expect(signup.submit()).rejects.toMatchObject({ code: 'TERMS_NOT_AGREED' });
    expect(stub.requests).toHaveLength(0);
  });
});
