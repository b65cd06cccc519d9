// The route groups, one per folder: each is an encapsulated plugin under its prefix whose
// onRequest hook requires the role (STYLE §6). Shared helpers live in src/http/plugins.
import type { FastifyInstance } from 'fastify';
import { adminGroup } from './admin';
import { applicantGroup } from './applicant';
import { bureauGroup } from './bureau';
import { committeeGroup } from './committee';
import { competentGroup } from './competent';
import { expertGroup } from './expert';
import { publicGroup } from './public';
import { sharedGroup } from './shared';
import { unitGroup } from './unit';

export const routeGroups: ReadonlyArray<{ prefix: string; plugin: (app: FastifyInstance) => Promise<void> }> = [
  { prefix: '/api', plugin: publicGroup }, // /api/auth/…, /api/me, /api/catalog, /api/public/certificates/:token
  { prefix: '/api', plugin: sharedGroup }, // /api/attachments/…, /api/applications/:id/…, /api/notifications…, /api/fee-batches/:id/receipt
  { prefix: '/api/applicant', plugin: applicantGroup }, // 申报人 (A1–A14, B1/B2, R4 结果)
  { prefix: '/api/unit', plugin: unitGroup }, // 推荐单位 (U1–U5, R3 缴费登记)
  { prefix: '/api/competent', plugin: competentGroup }, // 主管单位 (C1)
  { prefix: '/api/committee', plugin: committeeGroup }, // 评审委员会办事机构 (R1–R5)
  { prefix: '/api/expert', plugin: expertGroup }, // 评审专家 (B5, R4 盲评、投票)
  { prefix: '/api/bureau', plugin: bureauGroup }, // 州人社局 (I1, R3 财务确认, R5 审批, 统计)
  { prefix: '/api/admin', plugin: adminGroup }, // 系统管理（州人社局管理员）：评审年度、评审政策、审计日志
];
