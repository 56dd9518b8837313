/**
 * Member and staff pages need their session. The stores are imported here on demand so that the public
 * pages' bundle holds no session code. When the session is missing, the login page gets the intended
 * page as `?redirect=`, and goes back there after a successful login.
 */
import type { RouteLocationRaw } from 'vue-router';

export async function requireSession(area: 'member' | 'staff', intended: string): Promise<RouteLocationRaw | boolean> {
  if (area === 'member') {
    const { useMemberSessionStore } = await import('../stores/member-session');
    const state = await useMemberSessionStore().ensure();
    if (state === 'ok') return true;
    if (state === 'maintenance') return { name: 'maintenance' };
    return { name: 'login', query: { redirect: intended, reason: 'required' } };
  }
  const { useStaffSessionStore } = await import('../stores/staff-session');
  const state = await useStaffSessionStore().ensure();
  if (state === 'ok') return true;
  if (state === 'maintenance') return { name: 'maintenance' };
  return { name: 'bo-login', query: { redirect: intended } };
}
