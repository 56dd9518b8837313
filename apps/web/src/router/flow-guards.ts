/**
 * Multi-step flows cannot be entered in the middle: the sign-up form needs the terms consent, the
 * confirmation needs the input, and so on. A page reached without its prerequisite sends the person to
 * the step that is missing. The flow stores are loaded on demand (see session-guard.ts for why).
 */
import type { NavigationGuard } from 'vue-router';

export function signupStep(step: 'form' | 'confirm' | 'complete'): NavigationGuard {
  return async () => {
    const { useSignupStore } = await import('../stores/signup');
    const signup = useSignupStore();
    if (step === 'complete') return signup.result ? true : { name: 'top' };
    if (!signup.consentedVersion) return { name: 'signup-terms', query: { reason: 'consent' } };
    if (step === 'confirm' && !signup.draftReady) return { name: 'signup-form' };
    return true;
  };
}

export function enrollmentStep(step: 'status' | 'form' | 'confirm' | 'verify' | 'complete'): NavigationGuard {
  return async () => {
    const { useEnrollmentStore } = await import('../stores/enrollment');
    const enrollment = useEnrollmentStore();
    if (step === 'complete') return enrollment.outcome ? true : { name: 'enrollment-inquiry' };
    if (!enrollment.inquiry) return { name: 'enrollment-inquiry' };
    if (enrollment.inquiryExpired()) {
      enrollment.reset();
      return { name: 'enrollment-inquiry', query: { reason: 'expired' } };
    }
    if (step === 'confirm' && !enrollment.draft) return { name: 'enrollment-form' };
    if (step === 'verify' && !enrollment.verification) return { name: 'enrollment-form' };
    return true;
  };
}
