/**
 * The inquiry grant lasts 10 minutes. Pages that use it show the time left, and when it runs out
 * — on the clock, or because the API answers INQUIRY_NOT_FOUND — the flow is reset and the person is sent
 * back to 照会 with a message saying why.
 */
import { computed, watch } from 'vue';
import { useRouter } from 'vue-router';
import { isApiError } from '../api/client';
import { useEnrollmentStore } from '../stores/enrollment';
import { useCountdown } from './useCountdown';

export function useInquiryGuard() {
  const enrollment = useEnrollmentStore();
  const router = useRouter();
  const deadline = computed(() => (enrollment.inquiry ? Date.parse(enrollment.inquiry.expiresAt) : null));
  const { remaining } = useCountdown(deadline);

  async function backToInquiry() {
    enrollment.reset();
    await router.replace({ name: 'enrollment-inquiry', query: { reason: 'expired' } });
  }

  watch(remaining, (seconds) => {
    if (seconds === 0 && deadline.value !== null) void backToInquiry();
  });

  /** true when the error meant "the grant is gone" and has been handled */
  async function handleInquiryError(error: unknown): Promise<boolean> {
    if (!isApiError(error, 'INQUIRY_NOT_FOUND')) return false;
    await backToInquiry();
    return true;
  }

  return { remaining, handleInquiryError };
}
