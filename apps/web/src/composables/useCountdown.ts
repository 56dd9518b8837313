/**
 * Seconds left until a deadline, ticking once a second while the component is mounted. Used for the
 * inquiry grant (10 min), the OTP code (5 min), the resend wait (60 s) and the idle-logout warning.
 */
import { computed, onBeforeUnmount, onMounted, ref, toValue, type MaybeRefOrGetter } from 'vue';

export function secondsUntil(deadline: number | null | undefined, now: number): number {
  if (deadline === null || deadline === undefined || Number.isNaN(deadline)) return 0;
  return Math.max(0, Math.ceil((deadline - now) / 1000));
}

/** `m:ss` split for the message `{m}分{s}秒`. */
export function splitMinutes(totalSeconds: number): { m: number; s: string } {
  return { m: Math.floor(totalSeconds / 60), s: String(totalSeconds % 60).padStart(2, '0') };
}

export function useCountdown(deadline: MaybeRefOrGetter<number | null | undefined>) {
  const now = ref(Date.now());
  let timer: ReturnType<typeof setInterval> | undefined;
  onMounted(() => {
    timer = setInterval(() => (now.value = Date.now()), 1000);
  });
  onBeforeUnmount(() => clearInterval(timer));
  const remaining = computed(() => secondsUntil(toValue(deadline), now.value));
  return { remaining, now };
}
