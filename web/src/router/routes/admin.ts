import type { RouteRecordRaw } from 'vue-router';

/** The side-menu group of the bureau administrator's pages. */
export const ADMIN_GROUP = '系统管理';

// 系统管理 (issue 10): one list of entries; a page joins the group by adding its entry here.
export const adminRoutes: RouteRecordRaw[] = [
  {
    path: 'admin/years',
    name: 'AdminYears',
    component: () => import('../../views/admin/years/index.vue'),
    meta: { title: '评审年度', roles: ['bureau_admin'], menu: true, icon: 'Calendar', group: ADMIN_GROUP },
  },
  {
    path: 'admin/specialties',
    name: 'AdminSpecialties',
    component: () => import('../../views/admin/specialties/index.vue'),
    meta: { title: '系列与专业', roles: ['bureau_admin'], menu: true, icon: 'Collection', group: ADMIN_GROUP },
  },
  {
    path: 'admin/audit-log',
    name: 'AdminAuditLog',
    component: () => import('../../views/admin/audit-log/index.vue'),
    meta: { title: '审计日志', roles: ['bureau_admin'], menu: true, icon: 'Tickets', group: ADMIN_GROUP },
  },
];
