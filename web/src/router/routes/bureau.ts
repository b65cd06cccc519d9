import type { RouteRecordRaw } from 'vue-router';

// 州人社局 (I1, R3, R5). Children of the layout route.
export const bureauRoutes: RouteRecordRaw[] = [
  {
    path: 'bureau/integrity',
    name: 'BureauIntegrity',
    component: () => import('../../views/bureau/integrity/index.vue'),
    meta: { title: '诚信档案', roles: ['bureau_admin'], menu: true, icon: 'Warning' },
  },
  {
    path: 'bureau/fees',
    name: 'BureauFees',
    component: () => import('../../views/bureau/fees/index.vue'),
    meta: { title: '评审费确认', roles: ['finance', 'bureau_admin'], menu: true, icon: 'Money' },
  },
  {
    path: 'bureau/entrustments',
    name: 'BureauEntrustments',
    component: () => import('../../views/bureau/entrustments/index.vue'),
    meta: { title: '委托评审审批', roles: ['bureau_admin'], menu: true, icon: 'Stamp' },
  },
];
