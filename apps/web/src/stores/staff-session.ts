/**
 * The back-office staff session: a separate cookie from the member's, so the two never mix.
 * Same idle handling as the member session (see member-session.ts).
 */
import { defineStore } from 'pinia';
import { computed, readonly, ref } from 'vue';
import { Limits, type StaffLoginResponse } from '@corpweb/shared-types';
import { isApiError } from '../api/client';
import * as backofficeApi from '../api/backoffice';
import type { SessionState } from './member-session';
import { whileLoading } from './loading';

const SERVER_TOUCH_SLACK_MS = 30_000;

type Staff = StaffLoginResponse['staff'];

export const useStaffSessionStore = defineStore('staff-session', () => {
  const staff = ref<Staff | null>(null);
  const idleExpiresAt = ref<number | null>(null);
  const loading = ref(false);

  const isSupervisor = computed(() => staff.value?.role === 'SUPERVISOR');

  async function ensure(): Promise<SessionState> {
    if (staff.value) return 'ok';
    loading.value = true;
    try {
      const me = await backofficeApi.getStaffMe();
      staff.value = me.staff;
      idleExpiresAt.value = Date.parse(me.idleExpiresAt);
      return 'ok';
    } catch (error) {
      if (isApiError(error, 'MAINTENANCE')) return 'maintenance';
      return 'anonymous';
    } finally {
      loading.value = false;
    }
  }

  /** resolves to true when the authenticator app must be enrolled before anything else */
  async function login(loginId: string, password: string, otp?: string): Promise<boolean> {
    return whileLoading(loading, async () => {
      const response = await backofficeApi.staffLogin({ loginId, password, ...(otp ? { otp } : {}) });
      staff.value = response.staff;
      idleExpiresAt.value = Date.now() + Limits.sessionIdleTimeoutSeconds * 1000;
      return response.totpEnrollmentRequired === true;
    });
  }

  async function logout(): Promise<void> {
    loading.value = true;
    try {
      await backofficeApi.staffLogout();
    } catch {
      // already ended on the server
    } finally {
      clear();
      loading.value = false;
    }
  }

  async function refresh(): Promise<void> {
    return whileLoading(loading, async () => {
      const me = await backofficeApi.getStaffMe();
      staff.value = me.staff;
      idleExpiresAt.value = Date.parse(me.idleExpiresAt);
    });
  }

  function touch(now = Date.now()) {
    if (!staff.value) return;
    const estimate = now - SERVER_TOUCH_SLACK_MS + Limits.sessionIdleTimeoutSeconds * 1000;
    idleExpiresAt.value = Math.max(idleExpiresAt.value ?? 0, estimate);
  }

  function clear() {
    staff.value = null;
    idleExpiresAt.value = null;
  }

  return {
    staff: readonly(staff),
    idleExpiresAt: readonly(idleExpiresAt),
    loading: readonly(loading),
    isSupervisor,
    ensure,
    login,
    logout,
    refresh,
    touch,
    clear,
  };
});
