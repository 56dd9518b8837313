/** The member's portal session (shared behaviour in session-core.ts). */
import { defineStore } from 'pinia';
import { computed, readonly } from 'vue';
import type { MemberProfile } from '@corpweb/shared-types';
import * as memberApi from '../api/member';
import { whileLoading } from './loading';
import { useSessionCore } from './session-core';

export type { SessionState } from './session-core';

export const useMemberSessionStore = defineStore('member-session', () => {
  const core = useSessionCore<MemberProfile>({
    me: async () => {
      const me = await memberApi.getMe();
      return { principal: me.member, idleExpiresAt: me.idleExpiresAt };
    },
    logout: () => memberApi.logout(),
  });
  const member = core.principal;

  async function login(loginId: string, password: string): Promise<void> {
    return whileLoading(core.loading, async () => {
      const response = await memberApi.login({ loginId, password });
      core.start(response.member);
    });
  }

  function setFraudDataSharing(enabled: boolean) {
    if (member.value) member.value = { ...member.value, fraudDataSharing: enabled };
  }

  return {
    ...core.exposed,
    member: readonly(member),
    loggedIn: computed(() => member.value !== null),
    login,
    setFraudDataSharing,
  };
});
