import type { RouteRecordRaw } from 'vue-router';
import { applicantRoutes } from './applicant';
import { expertRoutes } from './expert';
import { meetingRoutes } from './meeting';
import { resultRoutes } from './results';

/** Role pages under the layout; each role's file (routes/<role>.ts) adds its own. */
export const layoutChildren: RouteRecordRaw[] = [...applicantRoutes, ...meetingRoutes, ...expertRoutes, ...resultRoutes];
