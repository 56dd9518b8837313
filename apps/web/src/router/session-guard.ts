/**
 * Member and staff pages need their session. The stores are imported here on demand so that the public
 * pages' bundle holds no session code. When the session is missing, the login page gets the intended
 * page as `?redirect=`, and goes back there after a successful login.
 */
import type { RouteLocationRaw, RouteRecordNormalized } from 'vue-router';

const sessionStores = {
  member: () => import('../stores/member-session'),
  staff: () => import('../stores/staff-session'),
};

/**
 * Starts the downloads a session page will need whatever the check says: the session store and the route's
 * own lazy components (vue-router would fetch them only after every guard). Nothing runs from them yet; a page
 * the session check refuses costs its few kilobytes of code and nothing else.
 */
export function prefetchSessionPage(area: 'member' | 'staff', matched: RouteRecordNormalized[]): void {
  const downloads: Promise<unknown>[] = [sessionStores[area]()];
  for (const record of matched) {
    const component = record.components?.default;
    // a lazy component is a function that imports it; a loaded one is an object
    if (typeof component === 'function') downloads.push((component as () => Promise<unknown>)());
  }
  // a failed download is retried, and reported, by whoever needs it next
  for (const download of downloads) download.catch(() => undefined);
}

export async function requireSession(area: 'member' | 'staff', intended: string): Promise<RouteLocationRaw | boolean> {
  if (area === 'member') {
    const { useMemberSessionStore } = await sessionStores.member();
    const state = await useMemberSessionStore().ensure();
    if (state === 'ok') return true;
    if (state === 'maintenance') return { name: 'maintenance' };
    return { name: 'login', query: { redirect: intended, reason: 'required' } };
  }
  const { useStaffSessionStore } = await sessionStores.staff();
  const state = await useStaffSessionStore().ensure();
  if (state === 'ok') return true;
  if (state === 'maintenance') return { name: 'maintenance' };
  return { name: 'bo-login', query: { redirect: intended } };
}
