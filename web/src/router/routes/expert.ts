import type { RouteRecordRaw } from 'vue-router';

// The expert's blind review (B5, R4): files are reached by file code only.
export const expertRoutes: RouteRecordRaw[] = [
  {
    path: 'expert/meetings',
    name: 'ExpertMeetings',
    component: () => import('../../views/expert/meetings/index.vue'),
    meta: { title: '我的评审会', roles: ['expert'], menu: true, icon: 'Stamp' },
  },
  {
    path: 'expert/meetings/:id(\\d+)',
    name: 'ExpertMeeting',
    component: () => import('../../views/expert/meeting/index.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { title: '评审材料清单', roles: ['expert'], activeMenu: 'ExpertMeetings' },
  },
  {
    path: 'expert/meetings/:id(\\d+)/files/:code',
    name: 'ExpertFile',
    component: () => import('../../views/expert/file/index.vue'),
    props: (route) => ({ meetingId: Number(route.params.id), code: String(route.params.code) }),
    meta: { title: '评审材料', roles: ['expert'], activeMenu: 'ExpertMeetings' },
  },
];
