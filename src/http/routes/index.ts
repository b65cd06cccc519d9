// Route groups of the review chain and later features, registered under /api.
import type { FastifyInstance } from 'fastify';
import { bureauRoutes } from './bureau/bureau.routes';
import { committeeRoutes } from './committee/committee.routes';
import { competentRoutes } from './competent/competent.routes';
import { notificationRoutes } from './shared/notification.routes';
import { unitRoutes } from './unit/unit.routes';
import { expertRoutes } from './expert/expert.routes';
import { meetingRoutes } from './committee/meeting.routes';
import { verifyRoutes } from './public/verify.routes';
import { dashboardRoutes } from './bureau/dashboard.routes';
import { applicantResultRoutes } from './applicant/result.routes';
import { accountRoutes } from './public/account.routes';
import { bureauAccountRoutes } from './bureau/account.routes';

export const extraRouteGroups: Array<(app: FastifyInstance) => Promise<void>> = [
  unitRoutes, // /api/unit/…       推荐单位 (U1–U5, R3 缴费登记)
  competentRoutes, // /api/competent/… 主管单位 (C1)
  committeeRoutes, // /api/committee/… 评审委员会办事机构 (R1–R3, R5)
  bureauRoutes, // /api/bureau/…    州人社局 (I1, R3 财务确认, R5 审批)
  notificationRoutes, // /api/notifications, /api/applications/:id/documents/…
  expertRoutes, // /api/expert/…    评审专家 (B5, R4 盲评、投票)
  meetingRoutes, // /api/committee/meetings/…, /api/committee/certificates/… 评审会 (R4)
  verifyRoutes, // /api/public/certificates/:token 证书验证（无需登录）
  dashboardRoutes, // /api/bureau/dashboard…, /api/bureau/certificates/… 统计、导出、撤销证书
  applicantResultRoutes, // /api/applicant/results, /api/applicant/applications/:id/certificate.pdf
  accountRoutes, // /api/auth/password 修改密码, /api/auth/demo 演示账号（仅演示模式）
  bureauAccountRoutes, // /api/bureau/users/password-reset 重置密码
];
