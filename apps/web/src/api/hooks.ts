/**
 * What the API client does about app-wide answers (maintenance, an ended session, activity that keeps the
 * session alive). Kept apart from client.ts so that main.ts can wire it without pulling the client, and
 * everything it imports, into the top page's initial bundle.
 */
export type SessionArea = 'member' | 'staff';

export interface ApiClientHooks {
  /** the API answered MAINTENANCE: show the maintenance page */
  onMaintenance?(retryAfterSeconds: number | undefined): void;
  /** a member or staff call answered 401 UNAUTHENTICATED: that session has ended */
  onUnauthenticated?(area: SessionArea): void;
  /** a session call of that area succeeded, so the server-side idle timer was reset */
  onSessionActivity?(area: SessionArea): void;
}

export const apiHooks: ApiClientHooks = {};

export function setApiClientHooks(next: ApiClientHooks): void {
  Object.assign(apiHooks, next);
}
