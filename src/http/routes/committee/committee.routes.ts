// 评审委员会办事机构 (R1–R3, R5): receive and check files, accept or return with a deadline,
// follow fees per recommending unit, and request entrusted or joint review.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { committeeAccept, committeeReturn } from '../../../services/review.service';
import { committeeAbandonUnpaid, committeeFeeOverview } from '../../../services/fee.service';
import { listEntrustments } from '../../../services/entrustment.service';
import { requireActor } from '../../plugins/session.plugin';
import { IdParams, Problem } from '../../schemas/common.schema';
import { EntrustmentList } from '../../schemas/entrustment.schema';
import { CommitteeFeeOverview, FeeListQuery, UnpaidAbandoned } from '../../schemas/fee.schema';
import { CommitteeMaskingView, MaskingOverridden, RequireMaskingBody } from '../../schemas/masking.schema';
import { BatchOpinionBody, BatchResult, OpinionBody, ReturnBody, TransitionResult, YearBody, YearQuery } from '../../schemas/review.schema';
import { batchCommitteeAccept } from '../../../services/batch.service';
import { entrustmentLetterRoute, entrustmentRequestRoute } from '../../plugins/entrustment-request';
import { stageFileRoutes } from '../../plugins/stage-files';
import { committeeMaskingView, overrideMaskingDecision } from '../../../services/masking.service';
import { AttachmentParams } from '../../schemas/declaration.schema';
import { QueueStatus } from '../../schemas/queue.schema';
import { queueStatus } from '../../../services/queue-status.service';

export async function committeeRoutes(fastify: FastifyInstance) {
  const a = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = a.ctx;
  const tags = ['committee'];
  stageFileRoutes(a, 'committee', '评审委员会办事机构');
  const errors = { 400: Problem, 404: Problem, 409: Problem, 422: Problem };
  a.post('/applications/:id/accept', { schema: { summary: '接收材料（评审委员会已接收材料）', tags, params: IdParams, body: OpinionBody, response: { 200: TransitionResult, ...errors } } }, async (req) =>
    committeeAccept(ctx, requireActor(req), req.params.id, req.body, { ip: req.ip }),
  );
  a.post(
    '/batch/accept',
    { schema: { summary: '批量接收材料：逐份办理，返回每份材料的结果（成功／失败及原因）', tags, body: BatchOpinionBody, response: { 200: BatchResult, ...errors } } },
    async (req) => batchCommitteeAccept(ctx, requireActor(req), req.body, { ip: req.ip }),
  );
  a.post(
    '/applications/:id/return',
    { schema: { summary: '退回补充（须写明原因，逾期未补充自动放弃）', tags, params: IdParams, body: ReturnBody, response: { 200: TransitionResult, ...errors } } },
    async (req) => committeeReturn(ctx, requireActor(req), req.params.id, req.body, { ip: req.ip }),
  );
  a.get(
    '/fees',
    { schema: { summary: '各推荐单位已接收材料的缴费情况（分页、筛选、搜索；附各单位未缴费数）', tags, querystring: FeeListQuery, response: { 200: CommitteeFeeOverview } } },
    async (req) => committeeFeeOverview(ctx, requireActor(req), req.query),
  );
  a.post(
    '/fees/abandon-unpaid',
    { schema: { summary: '缴费截止后将未缴费材料视为自动放弃', tags, body: YearBody, response: { 200: UnpaidAbandoned, ...errors } } },
    async (req) => committeeAbandonUnpaid(ctx, requireActor(req), req.body.year, { ip: req.ip }),
  );
  a.get('/queue', { schema: { summary: '后台作业队列：各队列等待数与最长等待时间', tags, response: { 200: QueueStatus } } }, async (req) => queueStatus(ctx, requireActor(req)));
  a.get('/entrustments', { schema: { summary: '本机构的委托（联合）评审申请', tags, response: { 200: EntrustmentList } } }, async (req) => ({ items: await listEntrustments(ctx, requireActor(req)) }));
  a.get('/applications/:id/masking', { schema: { summary: '检查材料遮盖情况（B5）', tags, params: IdParams, response: { 200: CommitteeMaskingView, 404: Problem } } }, async (req) =>
    committeeMaskingView(ctx, requireActor(req), req.params.id),
  );
  a.post(
    '/applications/:id/attachments/:attachmentId/require-masking',
    {
      schema: {
        summary: '将“无需遮盖”的附件改为需要遮盖（随后退回申报人补充遮盖）',
        tags,
        params: AttachmentParams,
        body: RequireMaskingBody,
        response: { 200: MaskingOverridden, ...errors },
      },
    },
    async (req) => overrideMaskingDecision(ctx, requireActor(req), req.params.id, req.params.attachmentId, req.body.reason, { ip: req.ip }),
  );
  entrustmentRequestRoute(a, tags);
  entrustmentLetterRoute(a, tags);
}
