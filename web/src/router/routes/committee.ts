import type { RouteRecordRaw } from 'vue-router';

// 评审委员会办事机构 (R1–R3, R5, B5). Children of the layout route.
export const committeeRoutes: RouteRecordRaw[] = [
  {
    path: 'committee/applications',
    name: 'CommitteeFiles',
    component: () => import('../../views/committee/files/index.vue'),
    meta: { title: '材料接收', roles: ['committee_officer'], menu: true, icon: 'FolderChecked' },
  },
  {
    path: 'committee/applications/:id(\\d+)',
    name: 'CommitteeFile',
    component: () => import('../../views/committee/file/index.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { title: '检查申报材料', roles: ['committee_officer'], activeMenu: 'CommitteeFiles' },
  },
  {
    path: 'committee/fees',
    name: 'CommitteeFees',
    component: () => import('../../views/committee/fees/index.vue'),
    meta: { title: '评审费', roles: ['committee_officer'], menu: true, icon: 'Wallet' },
  },
  {
    path: 'committee/entrustments',
    name: 'CommitteeEntrustments',
    component: () => import('../../views/committee/entrustments/index.vue'),
    meta: { title: '委托评审', roles: ['committee_officer'], menu: true, icon: 'Connection' },
  },
  {
    path: 'committee/queue',
    name: 'CommitteeQueue',
    component: () => import('../../views/committee/queue/index.vue'),
    meta: { title: '作业队列', roles: ['committee_officer'], menu: true, icon: 'Timer' },
  },
];
