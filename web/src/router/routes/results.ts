import type { RouteRecordRaw } from 'vue-router';

// Results (R4): the applicant's result and certificate; the bureau's statistics and exports.
export const resultRoutes: RouteRecordRaw[] = [
  {
    path: 'applicant/results',
    name: 'ApplicantResults',
    component: () => import('../../views/applicant/results/index.vue'),
    meta: { title: '评审结果', roles: ['applicant'], menu: true, icon: 'Medal' },
  },
  {
    path: 'bureau/dashboard',
    name: 'BureauDashboard',
    component: () => import('../../views/dashboard/index.vue'),
    meta: { title: '统计', roles: ['bureau_admin'], menu: true, icon: 'DataAnalysis' },
  },
];
