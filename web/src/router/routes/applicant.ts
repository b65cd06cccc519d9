import type { RouteRecordRaw } from 'vue-router';

// Applicant pages (A1–A14). Children of the layout route.
export const applicantRoutes: RouteRecordRaw[] = [
  {
    path: 'applicant',
    name: 'ApplicantHome',
    component: () => import('../../views/applicant/home/index.vue'),
    meta: { title: '我的主页', roles: ['applicant'], menu: true, icon: 'House' },
  },
  {
    path: 'applicant/applications/:id(\\d+)',
    name: 'ApplicantApplication',
    component: () => import('../../views/applicant/application/index.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { title: '我的申请书', roles: ['applicant'], activeMenu: 'ApplicantHome' },
  },
];
