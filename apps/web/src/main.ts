import { createApp } from 'vue';
import App from './App.vue';
import { setApiClientHooks } from './api/hooks';
import { i18n, savedLocale, setLocale } from './i18n';
import { registerApp } from './page-support';
import { router } from './router';
import './styles/base.css';

setApiClientHooks({
  onMaintenance(retryAfter) {
    const current = router.currentRoute.value;
    if (current.name === 'maintenance') return;
    void router.replace({
      name: 'maintenance',
      query: { from: current.fullPath, ...(retryAfter !== undefined ? { retryAfter: String(retryAfter) } : {}) },
    });
  },
  async onUnauthenticated(area) {
    const current = router.currentRoute.value;
    // a public page's call (e.g. the header's guess was wrong) is not a session expiry to act on
    if (current.meta.area !== area) return;
    if (area === 'member') {
      const { useMemberSessionStore } = await import('./stores/member-session');
      useMemberSessionStore().clear();
      await router.replace({ name: 'login', query: { redirect: current.fullPath, reason: 'expired' } });
    } else {
      const { useStaffSessionStore } = await import('./stores/staff-session');
      useStaffSessionStore().clear();
      await router.replace({ name: 'bo-login', query: { redirect: current.fullPath, reason: 'expired' } });
    }
  },
  async onSessionActivity(area) {
    if (area === 'member') {
      const { useMemberSessionStore } = await import('./stores/member-session');
      useMemberSessionStore().touch();
    } else {
      const { useStaffSessionStore } = await import('./stores/staff-session');
      useStaffSessionStore().touch();
    }
  },
});

async function start() {
  const locale = savedLocale();
  if (locale !== 'ja') await setLocale(locale);
  const app = createApp(App);
  // Pinia is installed by page-support.ts with the first page that needs it (the top page has no store)
  registerApp(app);
  app.use(i18n);
  app.use(router);
  await router.isReady();
  app.mount('#app');
}

void start();
