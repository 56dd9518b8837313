/**
 * The dashboard's two lists, started by the route as soon as the session is known, so they travel side by side
 * with the page's own chunks instead of after them (Lighthouse's largest paint on /member was a chain of round
 * trips). The page takes the started load once; a later visit starts a fresh one.
 */
import { defineStore } from 'pinia';
import { useCheckoutAuthenticationsStore } from './checkout-authentications';
import { useCompanyStore } from './company';

export interface DashboardLoad {
  cardsError: unknown;
  checkoutsError: unknown;
}

export const useDashboardStore = defineStore('dashboard', () => {
  let started: Promise<DashboardLoad> | null = null;

  function load(): Promise<DashboardLoad> {
    const result: DashboardLoad = { cardsError: null, checkoutsError: null };
    // one failing list does not hide the other
    return Promise.all([
      useCompanyStore().loadCards().catch((e: unknown) => {
        result.cardsError = e;
      }),
      useCheckoutAuthenticationsStore().load().catch((e: unknown) => {
        result.checkoutsError = e;
      }),
    ]).then(() => result);
  }

  /** Always a fresh load: a start that arrives after the page took its load must not leave a stale one behind. */
  function start(): void {
    started = load();
  }

  /** The load the route started (or a new one when the page is shown without it), handed out once. */
  function take(): Promise<DashboardLoad> {
    const load_ = started ?? load();
    started = null;
    return load_;
  }

  return { start, take };
});
