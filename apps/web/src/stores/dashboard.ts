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
  /** begun by the route and not yet taken by the page */
  let started: Promise<DashboardLoad> | null = null;
  /** a load (started or taken) is still waiting for its answers */
  let answering = false;

  function load(): Promise<DashboardLoad> {
    const result: DashboardLoad = { cardsError: null, checkoutsError: null };
    answering = true;
    // one failing list does not hide the other
    return Promise.all([
      useCompanyStore().loadCards().catch((e: unknown) => {
        result.cardsError = e;
      }),
      useCheckoutAuthenticationsStore().load().catch((e: unknown) => {
        result.checkoutsError = e;
      }),
    ]).then(() => {
      answering = false;
      return result;
    });
  }

  /**
   * The route's start. The page can mount before this store's chunk arrives and begin its own load: then this
   * start adds nothing (one set of requests, not two). A start after every answer came begins a fresh load.
   */
  function start(): void {
    if (!answering) started = load();
  }

  /** The load the route started (or a new one when the page is shown without it), handed out once. */
  function take(): Promise<DashboardLoad> {
    const load_ = started ?? load();
    started = null;
    return load_;
  }

  return { start, take };
});
