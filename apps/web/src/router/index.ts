/**
 * Routes. Only the top page and the site frame are in the first download; every other page is its own
 * chunk, loaded with what all of them share (page-support.ts), and member / back-office code (stores, API
 * modules) is imported by the guards on demand, so a visitor of the public pages never loads it.
 */
import { createRouter, createWebHistory, type RouteLocationRaw, type RouteRecordRaw, START_LOCATION } from 'vue-router';
import SiteLayout from '../components/SiteLayout.vue';
import { i18n, type MessageSchema } from '../i18n';
import { preparePages } from '../page-support';
import TopView from '../views/public/TopView.vue';
import { enrollmentStep, signupStep } from './flow-guards';
import { prefetchSessionPage, requireSession } from './session-guard';

declare module 'vue-router' {
  interface RouteMeta {
    /** which session the page needs */
    area?: 'member' | 'staff';
    /** key under `titles` for document.title */
    title?: keyof MessageSchema['titles'];
  }
}

const routes: RouteRecordRaw[] = [
  {
    path: '/',
    component: SiteLayout,
    children: [
      { path: '', name: 'top', component: TopView, meta: { title: 'top' } },
      { path: 'signup', name: 'signup-flow', component: () => import('../views/public/SignupFlowView.vue'), meta: { title: 'signupFlow' } },
      { path: 'signup/terms', name: 'signup-terms', component: () => import('../views/public/TermsView.vue'), meta: { title: 'terms' } },
      {
        path: 'signup/input',
        name: 'signup-form',
        component: () => import('../views/public/SignupFormView.vue'),
        meta: { title: 'signupForm' },
        beforeEnter: signupStep('form'),
      },
      {
        path: 'signup/confirm',
        name: 'signup-confirm',
        component: () => import('../views/public/SignupConfirmView.vue'),
        meta: { title: 'signupConfirm' },
        beforeEnter: signupStep('confirm'),
      },
      {
        path: 'signup/complete',
        name: 'signup-complete',
        component: () => import('../views/public/SignupCompleteView.vue'),
        meta: { title: 'signupComplete' },
        beforeEnter: signupStep('complete'),
      },
      { path: 'password-setup', name: 'password-setup', component: () => import('../views/public/PasswordSetupView.vue'), meta: { title: 'passwordSetup' } },
      { path: 'login', name: 'login', component: () => import('../views/public/LoginView.vue'), meta: { title: 'login' } },
      { path: 'forgot-password', name: 'forgot-password', component: () => import('../views/public/ForgotPasswordView.vue'), meta: { title: 'forgotPassword' } },
      { path: 'forgot-login-id', name: 'forgot-login-id', component: () => import('../views/public/ForgotLoginIdView.vue'), meta: { title: 'forgotLoginId' } },
      { path: 'maintenance', name: 'maintenance', component: () => import('../views/public/MaintenanceView.vue'), meta: { title: 'maintenance' } },
      { path: 'dev/outbox', name: 'dev-outbox', component: () => import('../views/dev/DevOutboxView.vue'), meta: { title: 'devOutbox' } },
      {
        path: 'member',
        component: () => import('../views/member/MemberShell.vue'),
        meta: { area: 'member' },
        children: [
          {
            path: '',
            name: 'dashboard',
            component: () => import('../views/member/DashboardView.vue'),
            meta: { title: 'dashboard' },
            // the lists start now, beside the page's chunks (see stores/dashboard.ts); the store's chunk is lazy,
            // so the top page does not carry the member stores
            beforeEnter: () => {
              void import('../stores/dashboard').then(({ useDashboardStore }) => useDashboardStore().start());
            },
          },
          { path: 'enrollment', name: 'enrollment-inquiry', component: () => import('../views/member/InquiryView.vue'), meta: { title: 'inquiry' } },
          {
            path: 'enrollment/status',
            name: 'enrollment-status',
            component: () => import('../views/member/EnrollmentStatusView.vue'),
            meta: { title: 'enrollmentStatus' },
            beforeEnter: enrollmentStep('status'),
          },
          {
            path: 'enrollment/input',
            name: 'enrollment-form',
            component: () => import('../views/member/EnrollmentFormView.vue'),
            meta: { title: 'enrollForm' },
            beforeEnter: enrollmentStep('form'),
          },
          {
            path: 'enrollment/confirm',
            name: 'enrollment-confirm',
            component: () => import('../views/member/EnrollmentConfirmView.vue'),
            meta: { title: 'enrollConfirm' },
            beforeEnter: enrollmentStep('confirm'),
          },
          {
            path: 'enrollment/verify',
            name: 'enrollment-verify',
            component: () => import('../views/member/EnrollmentVerifyView.vue'),
            meta: { title: 'verify' },
            beforeEnter: enrollmentStep('verify'),
          },
          {
            path: 'enrollment/complete',
            name: 'enrollment-complete',
            component: () => import('../views/member/EnrollmentCompleteView.vue'),
            meta: { title: 'enrollComplete' },
            beforeEnter: enrollmentStep('complete'),
          },
          { path: 'settings', name: 'settings', component: () => import('../views/member/SettingsView.vue'), meta: { title: 'settings' } },
        ],
      },
      { path: ':pathMatch(.*)*', name: 'not-found', component: () => import('../views/public/NotFoundView.vue'), meta: { title: 'notFound' } },
    ],
  },
  {
    path: '/backoffice/login',
    name: 'bo-login',
    component: () => import('../views/backoffice/BackofficeLoginView.vue'),
    meta: { title: 'boLogin' },
  },
  {
    path: '/backoffice',
    component: () => import('../views/backoffice/BackofficeLayout.vue'),
    meta: { area: 'staff' },
    children: [
      { path: '', redirect: { name: 'bo-applications' } },
      { path: 'applications', name: 'bo-applications', component: () => import('../views/backoffice/ApplicationListView.vue'), meta: { title: 'boApplications' } },
      { path: 'applications/:id', name: 'bo-application', component: () => import('../views/backoffice/ApplicationDetailView.vue'), meta: { title: 'boApplication' }, props: true },
      { path: 'card-imports', name: 'bo-import', component: () => import('../views/backoffice/CardImportView.vue'), meta: { title: 'boImport' } },
      { path: 'cards', name: 'bo-cards', component: () => import('../views/backoffice/CardSearchView.vue'), meta: { title: 'boCards' } },
      { path: 'audit', name: 'bo-audit', component: () => import('../views/backoffice/AuditLogView.vue'), meta: { title: 'boAudit' } },
      { path: 'acs-transactions', name: 'bo-acs-transactions', component: () => import('../views/backoffice/AcsTransactionListView.vue'), meta: { title: 'boAcsTransactions' } },
      {
        path: 'acs-transactions/:acsTransId',
        name: 'bo-acs-transaction',
        component: () => import('../views/backoffice/AcsTransactionDetailView.vue'),
        meta: { title: 'boAcsTransaction' },
        props: true,
      },
      { path: 'acs-summary', name: 'bo-acs-summary', component: () => import('../views/backoffice/AcsSummaryView.vue'), meta: { title: 'boAcsSummary' } },
    ],
  },
];

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior(_to, from, saved) {
    // a fresh page load is at the top already: scrolling there would only force a layout of the first render
    if (saved) return saved;
    return from === START_LOCATION ? false : { top: 0 };
  },
});

router.beforeEach(async (to): Promise<RouteLocationRaw | boolean> => {
  // a page behind a session: its own code and the session store download beside the shared chunks, not after
  // the session check (Lighthouse's dashboard paint was a chain of seven requests, one after another)
  if (to.meta.area) prefetchSessionPage(to.meta.area, to.matched);
  if (to.name !== 'top') await preparePages();
  if (to.meta.area) return requireSession(to.meta.area, to.fullPath);
  return true;
});

export function applyDocumentTitle(): void {
  const key = router.currentRoute.value.meta.title;
  const { t } = i18n.global;
  document.title = key ? `${t(`titles.${key}`)} | ${t('app.name')}` : t('app.name');
}

router.afterEach(() => applyDocumentTitle());
