/**
 * The member's portal session. The session itself is a server-side HttpOnly cookie; this store only knows
 * who is logged in and when the server will consider the session idle (15 min without a request),
 * so the UI can warn before it happens and send the person to the login page — with the page they were on
 * restored afterwards — instead of failing on the next click.
 */
import { defineStore } from 'pinia';
import { computed, readonly, ref } from 'vue';
import { Limits, type MemberProfile } from '@corpweb/shared-types';
import { isApiError } from '../api/client';
import * as memberApi from '../api/member';
import { whileLoading } from './loading';

/** The API refreshes its idle clock at most every 30 s, so a request resets it to at least now − 30 s. */
const SERVER_TOUCH_SLACK_MS = 30_000;

export type SessionState = 'ok' | 'anonymous' | 'maintenance';

export const useMemberSessionStore = defineStore('member-session', () => {
  const member = ref<MemberProfile | null>(null);
  /** epoch ms */
  const idleExpiresAt = ref<number | null>(null);
  const loading = ref(false);

  const loggedIn = computed(() => member.value !== null);

  function start(profile: MemberProfile, idleUntil: number) {
    member.value = profile;
    idleExpiresAt.value = idleUntil;
  }

  /** Restores the session after a reload (GET /me); a 401 simply means nobody is logged in. */
  async function ensure(): Promise<SessionState> {
    if (member.value) return 'ok';
    loading.value = true;
    try {
      const me = await memberApi.getMe();
      start(me.member, Date.parse(me.idleExpiresAt));
      return 'ok';
    } catch (error) {
      if (isApiError(error, 'MAINTENANCE')) return 'maintenance';
      return 'anonymous';
    } finally {
      loading.value = false;
    }
  }

  async function login(loginId: string, password: string): Promise<void> {
    return whileLoading(loading, async () => {
      const response = await memberApi.login({ loginId, password });
      start(response.member, Date.now() + Limits.sessionIdleTimeoutSeconds * 1000);
    });
  }

  async function logout(): Promise<void> {
    loading.value = true;
    try {
      await memberApi.logout();
    } catch {
      // the session may already be gone; the person is logged out either way
    } finally {
      clear();
      loading.value = false;
    }
  }

  /** Asks the server, which also keeps the session alive ("ログインを続ける"). */
  async function refresh(): Promise<void> {
    return whileLoading(loading, async () => {
      const me = await memberApi.getMe();
      start(me.member, Date.parse(me.idleExpiresAt));
    });
  }

  /** A member call succeeded: the server's idle clock was reset. */
  function touch(now = Date.now()) {
    if (!member.value) return;
    const estimate = now - SERVER_TOUCH_SLACK_MS + Limits.sessionIdleTimeoutSeconds * 1000;
    idleExpiresAt.value = Math.max(idleExpiresAt.value ?? 0, estimate);
  }

  function setFraudDataSharing(enabled: boolean) {
    if (member.value) member.value = { ...member.value, fraudDataSharing: enabled };
  }

  function clear() {
    member.value = null;
    idleExpiresAt.value = null;
  }

  return {
    member: readonly(member),
    idleExpiresAt: readonly(idleExpiresAt),
    loading: readonly(loading),
    loggedIn,
    ensure,
    login,
    logout,
    refresh,
    touch,
    setFraudDataSharing,
    clear,
  };
});
