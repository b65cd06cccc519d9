import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import type { Role } from '../api/types';
import { setPasswordChangeHandler, setUnauthorizedHandler } from '../api/http';
import { installGuard } from './guard';
import { coreRoutes } from './routes/core';
import { publicVerifyRoutes } from './routes/public-verify';
import { layoutChildren } from './routes/index';

declare module 'vue-router' {
  interface RouteMeta {
    title?: string;
    /** Roles allowed; absent = any logged-in user. */
    roles?: Role[];
    /** No login needed. */
    public?: boolean;
    /** Shown in the side menu. */
    menu?: boolean;
    icon?: string;
    /** Menu item to highlight for a page that is not itself in the menu. */
    activeMenu?: string;
    /** Side-menu group (a sub-menu titled so) the menu entry belongs to, e.g. 系统管理. */
    group?: string;
  }
}

const routes: RouteRecordRaw[] = [
  ...coreRoutes,
  ...publicVerifyRoutes,
  {
    path: '/',
    name: 'Root',
    component: () => import('../layouts/basic-layout.vue'),
    children: [
      { path: '', name: 'Home', component: () => import('../views/core/not-found/index.vue'), meta: { title: '首页' } },
      ...layoutChildren,
      {
        path: '403',
        name: 'Forbidden',
        component: () => import('../views/core/forbidden/index.vue'),
        meta: { title: '无权访问' },
      },
      {
        path: ':pathMatch(.*)*',
        name: 'NotFound',
        component: () => import('../views/core/not-found/index.vue'),
        meta: { title: '页面不存在' },
      },
    ],
  },
];

export const router = createRouter({
  history: createWebHistory('/'),
  routes,
  scrollBehavior: () => ({ top: 0 }),
});

installGuard(router);

setUnauthorizedHandler(() => {
  const current = router.currentRoute.value;
  if (current.name === 'Login') return;
  void router.replace({ name: 'Login', query: { redirect: current.fullPath } });
});

setPasswordChangeHandler(() => {
  if (router.currentRoute.value.name !== 'ChangePassword') void router.replace({ name: 'ChangePassword' });
});
