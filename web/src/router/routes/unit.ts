import type { RouteRecordRaw } from 'vue-router';

// 推荐单位 (U1–U5, R3 fee). Children of the layout route.
export const unitRoutes: RouteRecordRaw[] = [
  {
    path: 'unit/applications',
    name: 'UnitFiles',
    component: () => import('../../views/unit/files/index.vue'),
    meta: { title: '待审核材料', roles: ['unit_reviewer', 'unit_leader'], menu: true, icon: 'Files' },
  },
  {
    path: 'unit/applications/:id(\\d+)',
    name: 'UnitFile',
    component: () => import('../../views/unit/file/index.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { title: '审核申报材料', roles: ['unit_reviewer', 'unit_leader'], activeMenu: 'UnitFiles' },
  },
  {
    path: 'unit/fees',
    name: 'UnitFees',
    component: () => import('../../views/unit/fees/index.vue'),
    meta: { title: '评审费缴纳', roles: ['unit_reviewer', 'unit_leader'], menu: true, icon: 'Wallet' },
  },
  {
    path: 'unit/reviewers',
    name: 'UnitReviewers',
    component: () => import('../../views/unit/reviewers/index.vue'),
    meta: { title: '审核员账号', roles: ['unit_leader'], menu: true, icon: 'User' },
  },
];
