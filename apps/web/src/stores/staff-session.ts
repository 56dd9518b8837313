/**
 * The back-office staff session: a separate cookie from the member's, so the two never mix (shared behaviour in
 * session-core.ts); staff login may need its second factor.
 */
import { defineStore } from 'pinia';
import { computed, readonly } from 'vue';
import type { StaffLoginResponse } from '@corpweb/shared-types';
import * as backofficeApi from '../api/backoffice';
import { whileLoading } from './loading';
import { useSessionCore } from './session-core';

type Staff = StaffLoginResponse['staff'];

export const useStaffSessionStore = defineStore('staff-session', () => {
  const core = useSessionCore<Staff>({
    me: async () => {
      const me = await backofficeApi.getStaffMe();
      return { principal: me.staff, idleExpiresAt: me.idleExpiresAt };
    },
    logout: () => backofficeApi.staffLogout(),
  });
  const staff = core.principal;

  /** resolves to true when the authenticator app must be enrolled before anything else */
  async function login(loginId: string, password: string, otp?: string): Promise<boolean> {
    return whileLoading(core.loading, async () => {
      const response = await backofficeApi.staffLogin({ loginId, password, ...(otp ? { otp } : {}) });
      core.start(response.staff);
      return response.totpEnrollmentRequired === true;
    });
  }

  return {
    ...core.exposed,
    staff: readonly(staff),
    isSupervisor: computed(() => staff.value?.role === 'SUPERVISOR'),
    login,
  };
});
