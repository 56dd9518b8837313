/**
 * 本人認証サービス registration / change / deregistration for one card.
 * A card+PIN inquiry yields a grant valid 10 minutes, bound to this session and card; every later step uses
 * it. An OTP registration completes only after the SMS code is verified. The card number typed for the
 * inquiry is kept outside the reactive state, in memory only, for the local password rule "no 4+ digits of
 * the card number", and forgotten as soon as the flow ends.
 */
import { defineStore } from 'pinia';
import { computed, readonly, ref } from 'vue';
import {
  normalizeCardNumber,
  type CardInquiryResponse,
  type EnrollmentMethod,
  type EnrollmentRequest,
  type EnrollmentView,
  type OtpVerificationStarted,
} from '@corpweb/shared-types';
import { isApiError, type ApiError } from '../api/client';
import * as memberApi from '../api/member';
import { whileLoading } from './loading';

export interface EnrollmentDraft {
  secureId: string;
  method: EnrollmentMethod;
  phone: string;
  password: string;
}

export type EnrollmentOutcome =
  | { kind: 'REGISTERED' | 'CHANGED'; enrollment: EnrollmentView; maskedNumber: string }
  | { kind: 'DEREGISTERED'; maskedNumber: string };

function isVerificationStarted(value: EnrollmentView | OtpVerificationStarted): value is OtpVerificationStarted {
  return 'verificationId' in value;
}

export const useEnrollmentStore = defineStore('enrollment', () => {
  const inquiry = ref<CardInquiryResponse | null>(null);
  const draft = ref<EnrollmentDraft | null>(null);
  const verification = ref<OtpVerificationStarted | null>(null);
  const outcome = ref<EnrollmentOutcome | null>(null);
  /** the API's field errors for the draft (422, SECURE_ID_TAKEN), shown back on the input page */
  const serverError = ref<ApiError | null>(null);
  const loading = ref(false);
  let cardDigits: string | null = null;

  /** a registered card is changed; an unregistered or provisional one is (re-)registered */
  const isChange = computed(() => inquiry.value?.enrollment.status === 'REGISTERED');

  function inquiryExpired(now = Date.now()): boolean {
    return inquiry.value !== null && Date.parse(inquiry.value.expiresAt) <= now;
  }

  function cardNumberForRules(): string | undefined {
    return cardDigits ?? undefined;
  }

  async function inquire(cardNumber: string, pin: string): Promise<void> {
    return whileLoading(loading, async () => {
      const digits = normalizeCardNumber(cardNumber);
      const response = await memberApi.inquireCard({ cardNumber: digits, pin });
      reset();
      inquiry.value = response;
      cardDigits = digits;
    });
  }

  function saveDraft(next: EnrollmentDraft) {
    draft.value = { ...next };
    serverError.value = null;
  }

  function requestBody(d: EnrollmentDraft): EnrollmentRequest {
    return d.method === 'OTP'
      ? { secureId: d.secureId.trim(), method: 'OTP', phone: d.phone.trim() }
      : { secureId: d.secureId.trim(), method: 'PASSWORD', password: d.password };
  }

  /** PASSWORD: registered at once. OTP: an SMS code is sent and `verification` is set. */
  async function submit(): Promise<'done' | 'verify'> {
    if (!inquiry.value || !draft.value) throw new Error('no inquiry or draft');
    loading.value = true;
    try {
      const wasChange = isChange.value;
      const response = await memberApi.putEnrollment(inquiry.value.inquiryId, requestBody(draft.value));
      if (isVerificationStarted(response)) {
        verification.value = response;
        return 'verify';
      }
      finish(wasChange ? 'CHANGED' : 'REGISTERED', response);
      return 'done';
    } catch (error) {
      if (isApiError(error, 'VALIDATION_FAILED') || isApiError(error, 'SECURE_ID_TAKEN')) serverError.value = error;
      throw error;
    } finally {
      loading.value = false;
    }
  }

  /**
   * Before the confirm step: asks the API whether the fixed password passes the rules only it can check (the
   * portal password, the registered phone's digits). Rejects with the 422 ApiError; the view shows its codes.
   */
  async function checkFixedPassword(secureId: string, password: string): Promise<void> {
    if (!inquiry.value) throw new Error('no inquiry');
    await memberApi.checkFixedPassword(inquiry.value.inquiryId, { secureId: secureId.trim(), password });
  }

  /** Sends a new code: the same request again (the API enforces 60 s between sends and 5 per hour). */
  async function resendCode(): Promise<void> {
    const current = inquiry.value;
    const otpDraft = draft.value;
    if (!current || !otpDraft || otpDraft.method !== 'OTP') throw new Error('no OTP registration');
    return whileLoading(loading, async () => {
      const response = await memberApi.putEnrollment(current.inquiryId, requestBody(otpDraft));
      if (isVerificationStarted(response)) verification.value = response;
    });
  }

  async function verifyCode(code: string): Promise<void> {
    const current = inquiry.value;
    const started = verification.value;
    if (!current || !started) throw new Error('no verification');
    return whileLoading(loading, async () => {
      const wasChange = isChange.value;
      const enrollment = await memberApi.verifyEnrollmentOtp(current.inquiryId, {
        verificationId: started.verificationId,
        code,
      });
      finish(wasChange ? 'CHANGED' : 'REGISTERED', enrollment);
    });
  }

  async function deregister(): Promise<void> {
    const current = inquiry.value;
    if (!current) throw new Error('no inquiry');
    return whileLoading(loading, async () => {
      await memberApi.deleteEnrollment(current.inquiryId);
      const maskedNumber = current.card.maskedNumber;
      reset();
      outcome.value = { kind: 'DEREGISTERED', maskedNumber };
    });
  }

  function finish(kind: 'REGISTERED' | 'CHANGED', enrollment: EnrollmentView) {
    const maskedNumber = inquiry.value?.card.maskedNumber ?? '';
    reset();
    outcome.value = { kind, enrollment, maskedNumber };
  }

  /** Forgets the inquiry, the draft (with its password) and the card number. */
  function reset() {
    inquiry.value = null;
    draft.value = null;
    verification.value = null;
    outcome.value = null;
    serverError.value = null;
    cardDigits = null;
  }

  return {
    inquiry: readonly(inquiry),
    draft: readonly(draft),
    verification: readonly(verification),
    outcome: readonly(outcome),
    serverError: readonly(serverError),
    loading: readonly(loading),
    isChange,
    inquiryExpired,
    cardNumberForRules,
    inquire,
    saveDraft,
    checkFixedPassword,
    submit,
    resendCode,
    verifyCode,
    deregister,
    reset,
  };
});
