/**
 * Loads, once, what pages other than the top page need: the page messages (i18n/ja-pages.ts), the styles
 * and Pinia (page-assets.ts). The router awaits it before any other guard runs, so stores are always
 * installed by the time a guard or a view uses them. A failed download is retried on the next navigation.
 */
import type { App } from 'vue';
import { loadPageMessages } from './i18n';

let app: App | undefined;
let ready: Promise<void> | undefined;

export function registerApp(instance: App): void {
  app = instance;
}

export function preparePages(): Promise<void> {
  ready ??= (async () => {
    const [{ createPinia }] = await Promise.all([import('./page-assets'), loadPageMessages()]);
    if (!app) throw new Error('registerApp() must run before the first navigation');
    app.use(createPinia());
  })().catch((error: unknown) => {
    ready = undefined;
    throw error;
  });
  return ready;
}
