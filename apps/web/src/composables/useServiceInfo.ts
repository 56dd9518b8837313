/**
 * The service facts every screen may show — the issuer's contact desk and the daily maintenance window — read
 * once from `GET /service-info` (configuration on the API side), never hard-coded in the SPA.
 * Module-level state rather than a Pinia store: the footer shows the window on the top page, whose first load
 * has no Pinia and no API client (both are loaded here only when asked).
 */
import { computed, readonly, ref } from 'vue';
import type { ServiceInfoResponse } from '@corpweb/shared-types';

const info = ref<ServiceInfoResponse | null>(null);
let pending: Promise<void> | null = null;

/** "05:00" → "5:00", as Japanese notices write times */
const clock = (hhmm: string) => hhmm.replace(/^0(\d)/, '$1');

export function loadServiceInfo(): Promise<void> {
  pending ??= import('../api/public')
    .then(({ getServiceInfo }) => getServiceInfo())
    .then((response) => {
      info.value = response;
    })
    .catch(() => {
      // shown again on the next page that asks; the screens read null as "not known yet"
      pending = null;
    });
  return pending;
}

export function useServiceInfo() {
  void loadServiceInfo();
  return {
    info: readonly(info),
    contactDesk: computed(() => info.value?.contactDesk ?? null),
    /** `{ start: '5:00', end: '7:00' }`, or null when there is no window (or it is not known yet) */
    maintenanceWindow: computed(() => {
      const window = info.value?.maintenanceWindow;
      return window ? { start: clock(window.start), end: clock(window.end), timeZone: window.timeZone } : null;
    }),
  };
}

/** Test hook: forget what was loaded. */
export function resetServiceInfo(): void {
  info.value = null;
  pending = null;
}
