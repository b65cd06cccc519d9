import type { RouteRecordRaw } from 'vue-router';

// 主管单位 (C1); for a personnel agency's files (U4) the bureau administrator acts. Children of the layout route.
export const competentRoutes: RouteRecordRaw[] = [
  {
    path: 'competent/applications',
    name: 'CompetentFiles',
    component: () => import('../../views/competent/files/index.vue'),
    meta: { title: '待审核材料', roles: ['competent_reviewer', 'bureau_admin'], menu: true, icon: 'Files' },
  },
  {
    path: 'competent/applications/:id(\\d+)',
    name: 'CompetentFile',
    component: () => import('../../views/competent/file/index.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { title: '审核申报材料', roles: ['competent_reviewer', 'bureau_admin'], activeMenu: 'CompetentFiles' },
  },
];
