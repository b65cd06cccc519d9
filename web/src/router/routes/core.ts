import type { RouteRecordRaw } from 'vue-router';

/** Pages outside the layout; `public` ones need no login. */
export const coreRoutes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'Login',
    component: () => import('../../views/core/login/index.vue'),
    meta: { title: '登录', public: true },
  },
  {
    path: '/register',
    name: 'Register',
    component: () => import('../../views/core/register/index.vue'),
    meta: { title: '注册', public: true },
  },
  {
    // Signed in; the only page open with a one-time password (guard.ts).
    path: '/password',
    name: 'ChangePassword',
    component: () => import('../../views/core/password/index.vue'),
    meta: { title: '修改密码' },
  },
];
