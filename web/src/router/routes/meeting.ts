import type { RouteRecordRaw } from 'vue-router';

// The committee office's review meetings (R4). Children of the layout route.
export const meetingRoutes: RouteRecordRaw[] = [
  {
    path: 'committee/meetings',
    name: 'CommitteeMeetings',
    component: () => import('../../views/meeting/list/index.vue'),
    meta: { title: '评审会', roles: ['committee_officer'], menu: true, icon: 'Calendar' },
  },
  {
    path: 'committee/meetings/:id(\\d+)',
    name: 'CommitteeMeeting',
    component: () => import('../../views/meeting/detail/index.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { title: '评审会详情', roles: ['committee_officer'], activeMenu: 'CommitteeMeetings' },
  },
];
