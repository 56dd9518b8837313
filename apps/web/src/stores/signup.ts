/**
 * The 法人Webサービス application flow: terms → consent → input → confirmation → submission. The consent
 * records which terms version was accepted (the API refuses a stale one), and the draft survives going
 * back from the confirmation page. Nothing is persisted: a reload starts from the terms again.
 */
import { defineStore } from 'pinia';
import { computed, readonly, ref } from 'vue';
import type { SignupApplicationResponse, TermsResponse } from '@corpweb/shared-types';
import { ApiError, isApiError } from '../api/client';
import * as publicApi from '../api/public';
import { emptySignupDraft, normalizeSignupDraft, validateSignup, type SignupDraft } from '../utils/signup-validation';
import { whileLoading } from './loading';

export const useSignupStore = defineStore('signup', () => {
  const terms = ref<TermsResponse | null>(null);
  const consentedVersion = ref<string | null>(null);
  const draft = ref<SignupDraft>(emptySignupDraft());
  const result = ref<SignupApplicationResponse | null>(null);
  /** field errors the API returned for the submitted draft, shown on the input page */
  const serverError = ref<ApiError | null>(null);
  const loading = ref(false);

  const draftReady = computed(() => Object.keys(validateSignup(draft.value)).length === 0);

  async function loadTerms(): Promise<void> {
    return whileLoading(loading, async () => {
      terms.value = await publicApi.getCurrentTerms();
    });
  }

  function consent(version: string) {
    consentedVersion.value = version;
  }

  function saveDraft(next: SignupDraft) {
    draft.value = { company: { ...next.company }, administrator: { ...next.administrator } };
    serverError.value = null;
  }

  async function submit(): Promise<void> {
    if (!consentedVersion.value) throw new ApiError(422, 'TERMS_NOT_AGREED');
    loading.value = true;
    try {
      const body = normalizeSignupDraft(draft.value);
      result.value = await publicApi.submitSignupApplication({
        termsVersion: consentedVersion.value,
        agreedToTerms: true,
        company: body.company,
        administrator: body.administrator,
      });
      draft.value = emptySignupDraft();
      consentedVersion.value = null;
      serverError.value = null;
    } catch (error) {
      if (isApiError(error, 'TERMS_VERSION_STALE')) {
        consentedVersion.value = null;
        terms.value = null;
      }
      if (isApiError(error, 'VALIDATION_FAILED')) serverError.value = error;
      throw error;
    } finally {
      loading.value = false;
    }
  }

  function reset() {
    terms.value = null;
    consentedVersion.value = null;
    draft.value = emptySignupDraft();
    result.value = null;
    serverError.value = null;
  }

  return {
    terms: readonly(terms),
    consentedVersion: readonly(consentedVersion),
    draft: readonly(draft),
    result: readonly(result),
    serverError: readonly(serverError),
    loading: readonly(loading),
    draftReady,
    loadTerms,
    consent,
    saveDraft,
    submit,
    reset,
  };
});
