/**
 * What the member and the staff sessions share, written once: the session itself is a server-side HttpOnly cookie;
 * the store knows who is logged in and when the server will consider the session idle (15 min without a request),
 * so the UI can warn before it happens and send the person to the login page — with the page they were on
 * restored afterwards — instead of failing on the next click. Each kind's store (member-session.ts,
 * staff-session.ts) builds on it inside its defineStore and adds its own login call.
 */
import { readonly, ref, type Ref } from 'vue';
import { Limits } from '@corpweb/shared-types';
import { isApiError } from '../api/client';
import { whileLoading } from './loading';

/** The API refreshes its idle clock at most every 30 s, so a request resets it to at least now − 30 s. */
const SERVER_TOUCH_SLACK_MS = 30_000;

export type SessionState = 'ok' | 'anonymous' | 'maintenance';

export interface SessionApi<P> {
  /** GET …/me: who is logged in, and until when the session stays alive without a request */
  me(): Promise<{ principal: P; idleExpiresAt: string }>;
  logout(): Promise<unknown>;
}

export function useSessionCore<P>(api: SessionApi<P>) {
  const principal = ref<P | null>(null) as Ref<P | null>;
  /** epoch ms */
  const idleExpiresAt = ref<number | null>(null);
  const loading = ref(false);

  function start(who: P, idleUntil = Date.now() + Limits.sessionIdleTimeoutSeconds * 1000) {
    principal.value = who;
    idleExpiresAt.value = idleUntil;
  }

  function clear() {
    principal.value = null;
    idleExpiresAt.value = null;
  }

  /** Restores the session after a reload; a 401 simply means nobody is logged in. */
  async function ensure(): Promise<SessionState> {
    if (principal.value) return 'ok';
    loading.value = true;
    try {
      const me = await api.me();
      start(me.principal, Date.parse(me.idleExpiresAt));
      return 'ok';
    } catch (error) {
      if (isApiError(error, 'MAINTENANCE')) return 'maintenance';
      return 'anonymous';
    } finally {
      loading.value = false;
    }
  }

  async function logout(): Promise<void> {
    loading.value = true;
    try {
      await api.logout();
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
      const me = await api.me();
      start(me.principal, Date.parse(me.idleExpiresAt));
    });
  }

  /** A call of this kind succeeded: the server's idle clock was reset. */
  function touch(now = Date.now()) {
    if (!principal.value) return;
    const estimate = now - SERVER_TOUCH_SLACK_MS + Limits.sessionIdleTimeoutSeconds * 1000;
    idleExpiresAt.value = Math.max(idleExpiresAt.value ?? 0, estimate);
  }

  return {
    principal,
    idleExpiresAt,
    loading,
    start,
    clear,
    ensure,
    logout,
    refresh,
    touch,
    /** the read-only view each store exposes */
    exposed: { idleExpiresAt: readonly(idleExpiresAt), loading: readonly(loading), ensure, logout, refresh, touch, clear },
  };
}
