/**
 * Pages of the workspace, hash-routed so links in mail (#/cases/<id>, #/link/<token>) work from
 * any static host. Every page but sign-in, the one-click task page and the published replies
 * (#/public) needs a session; without one the person signs in and comes back to where they were going.
 */
import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router';
import { session } from './session';

const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/cases' },
  { path: '/login', name: 'login', component: () => import('./views/LoginView.vue'), meta: { public: true } },
  {
    path: '/link/:token',
    name: 'link',
    component: () => import('./views/LinkView.vue'),
    meta: { public: true },
  },
  {
    path: '/public',
    name: 'public',
    component: () => import('./views/PublicView.vue'),
    meta: { public: true },
  },
  {
    path: '/public/replies/:id',
    name: 'public-reply',
    component: () => import('./views/PublicView.vue'),
    meta: { public: true },
  },
  { path: '/cases', name: 'cases', component: () => import('./views/CaseListView.vue') },
  { path: '/cases/:id', name: 'case', component: () => import('./views/CaseView.vue') },
  {
    path: '/cases/:id/units/:unitId/letter',
    name: 'reply-letter',
    component: () => import('./views/LetterView.vue'),
  },
  { path: '/cases/:id/past', name: 'past-actions', component: () => import('./views/PastActionsView.vue') },
  {
    path: '/cases/:id/opinions/:no/letter',
    name: 'opinion-letter',
    component: () => import('./views/LetterView.vue'),
  },
  { path: '/dashboard', name: 'dashboard', component: () => import('./views/DashboardView.vue') },
  { path: '/new', name: 'new', component: () => import('./views/RegisterView.vue') },
  { path: '/preview', name: 'preview', component: () => import('./views/PreviewView.vue') },
  { path: '/import', name: 'import', component: () => import('./views/ImportView.vue') },
  { path: '/mail', name: 'mail', component: () => import('./views/MailView.vue') },
  { path: '/admin/:section?/:rest(.*)*', name: 'admin', component: () => import('./views/AdminView.vue') },
  { path: '/:missing(.*)*', name: 'missing', component: () => import('./views/NotFoundView.vue') },
];

export const router = createRouter({ history: createWebHashHistory(), routes });

router.beforeEach((to) => {
  session.sync();
  if (to.meta.public || session.token) return true;
  // `next` is the page's hash, as mail links and the login page read it
  return { name: 'login', query: to.fullPath && to.fullPath !== '/' ? { next: `#${to.fullPath}` } : {} };
});

/** Where `next` (a hash such as #/cases/<id>) points, when it is a page of this workspace. */
export function nextPage(next: unknown): string {
  return typeof next === 'string' && next.startsWith('#/') && !next.startsWith('#/login')
    ? next.slice(1)
    : '/cases';
}
