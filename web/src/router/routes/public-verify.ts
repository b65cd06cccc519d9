import type { RouteRecordRaw } from 'vue-router';

/** The certificate's QR code opens this page: outside the layout, no login. */
export const publicVerifyRoutes: RouteRecordRaw[] = [
  {
    path: '/verify/:token',
    name: 'VerifyCertificate',
    component: () => import('../../views/public/verify/index.vue'),
    props: (route) => ({ token: String(route.params.token) }),
    meta: { title: '电子职称证书验证', public: true },
  },
];
