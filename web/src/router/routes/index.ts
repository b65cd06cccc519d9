import type { RouteRecordRaw } from 'vue-router';
import { applicantRoutes } from './applicant';

/** Role pages under the layout; each role's file (routes/<role>.ts) adds its own. */
export const layoutChildren: RouteRecordRaw[] = [...applicantRoutes];
