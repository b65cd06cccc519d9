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

  // ── 系统管理 › 组织与人员 (issue 10: organisations, accounts, expert pool, import) ──
  {
    path: 'admin/organisations',
    name: 'AdminOrganisations',
    component: () => import('../../views/bureau/admin/organisations/index.vue'),
    meta: { title: '组织机构', roles: ['bureau_admin'], menu: true, icon: 'OfficeBuilding', group: '系统管理' },
  },
  {
    path: 'admin/users',
    name: 'AdminUsers',
    component: () => import('../../views/bureau/admin/users/index.vue'),
    meta: { title: '用户与权限', roles: ['bureau_admin'], menu: true, icon: 'User', group: '系统管理' },
  },
  {
    path: 'admin/experts',
    name: 'AdminExperts',
    component: () => import('../../views/bureau/admin/experts/index.vue'),
    meta: { title: '专家库', roles: ['bureau_admin'], menu: true, icon: 'Avatar', group: '系统管理' },
  },
  {
    path: 'admin/import',
    name: 'AdminImport',
    component: () => import('../../views/bureau/admin/import/index.vue'),
    meta: { title: '批量导入', roles: ['bureau_admin'], menu: true, icon: 'Upload', group: '系统管理' },
  },
  // ── end 系统管理 › 组织与人员 ──
];
