import type { RouteRecordRaw } from 'vue-router';
import { adminRoutes } from './admin';
import { applicantRoutes } from './applicant';
import { bureauRoutes } from './bureau';
import { committeeRoutes } from './committee';
import { competentRoutes } from './competent';
import { expertRoutes } from './expert';
import { maskingRoutes } from './masking';
import { meetingRoutes } from './meeting';
import { resultRoutes } from './results';
import { unitRoutes } from './unit';

/** Role pages under the layout; each role's file (routes/<role>.ts) adds its own. */
export const layoutChildren: RouteRecordRaw[] = [
  ...applicantRoutes,
  ...maskingRoutes,
  ...unitRoutes,
  ...committeeRoutes,
  ...meetingRoutes,
  ...expertRoutes,
  ...resultRoutes,
  ...bureauRoutes,
  ...competentRoutes,
  ...adminRoutes,
];
