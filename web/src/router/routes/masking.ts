import type { RouteRecordRaw } from 'vue-router';

// 我的主页 › 我的申请书 › 检查姓名掩盖 (B1/B2).
export const maskingRoutes: RouteRecordRaw[] = [
  {
    path: 'applicant/applications/:id(\\d+)/masking',
    name: 'ApplicantMasking',
    component: () => import('../../views/applicant/masking/index.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { title: '检查姓名掩盖', roles: ['applicant'], activeMenu: 'ApplicantHome' },
  },
];
