// 推荐单位 (U1–U5): list and open files, return, publicity with objections, recommend; the person
// in charge records the fee batch (R3). A personnel agency (U4) uses the same routes.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Refused } from '../../../domain/errors';
import { recordObjection, resolveObjection, startPublicity } from '../../../services/publicity.service';
import { unitRecommend, unitReturn } from '../../../services/review.service';
import { recordFeeBatch, unitFeeBatches, unitFeeOverview, unitOwingFeeIds } from '../../../services/fee.service';
import { batchStartPublicity, batchUnitRecommend } from '../../../services/batch.service';
import { requireActor } from '../../plugins/session.plugin';
import { Created, IdParams, Problem } from '../../schemas/common.schema';
import { FeeBatchList, FeeBatchListQuery, FeeBatchRecorded, FeeListQuery, FeeOwingIds, FeeOwingIdsQuery, UnitFeeOverview } from '../../schemas/fee.schema';
import {
  BatchOpinionBody,
  BatchPublicityBody,
  BatchResult,
  ObjectionBody,
  ObjectionParams,
  ObjectionResolved,
  OpinionBody,
  PublicityBody,
  PublicityStarted,
  ResolveBody,
  ReturnBody,
  TransitionResult,
  YearQuery,
} from '../../schemas/review.schema';
import { readForm } from '../../plugins/read-form';
import { stageFileRoutes } from '../../plugins/stage-files';

export async function unitRoutes(fastify: FastifyInstance) {
  const a = fastify.withTypeProvider<TypeBoxTypeProvider>();
      const ctx = a.ctx;
      const tags = ['unit'];
      stageFileRoutes(a, 'unit', '推荐单位');
      const errors = { 400: Problem, 404: Problem, 409: Problem, 422: Problem };

      a.post('/applications/:id/return', { schema: { summary: '退回申报人（须写明原因）', tags, params: IdParams, body: ReturnBody, response: { 200: TransitionResult, ...errors } } }, async (req) =>
        unitReturn(ctx, requireActor(req), req.params.id, req.body, { ip: req.ip }),
      );
      a.post(
        '/applications/:id/publicity',
        {
          schema: {
            summary: '开始公示（按法定工作日计算公示截止日，生成附件2）',
            tags,
            params: IdParams,
            body: PublicityBody,
        response: { 200: PublicityStarted, ...errors },
          },
        },
        async (req) => startPublicity(ctx, requireActor(req), req.params.id, req.body, { ip: req.ip }),
      );
  a.post('/applications/:id/objections', { schema: { summary: '登记公示期间的异议', tags, params: IdParams, body: ObjectionBody, response: { 201: Created, ...errors } } }, async (req, reply) =>
        reply.code(201).send(await recordObjection(ctx, requireActor(req), req.params.id, req.body, { ip: req.ip })),
      );
      a.post(
        '/applications/:id/objections/:objectionId/resolve',
    { schema: { summary: '登记异议的核实处理结果', tags, params: ObjectionParams, body: ResolveBody, response: { 200: ObjectionResolved, ...errors } } },
        async (req) => resolveObjection(ctx, requireActor(req), req.params.id, req.params.objectionId, req.body, { ip: req.ip }),
      );
      a.post(
        '/applications/:id/recommend',
        { schema: { summary: '公示期满后登记公示结果（附件3）、填写推荐意见并报送主管单位', tags, params: IdParams, body: OpinionBody, response: { 200: TransitionResult, ...errors } } },
        async (req) => unitRecommend(ctx, requireActor(req), req.params.id, req.body, { ip: req.ip }),
      );

  a.post(
    '/batch/publicity',
    { schema: { summary: '批量开始公示：逐份办理，返回每份材料的结果（成功／失败及原因）', tags, body: BatchPublicityBody, response: { 200: BatchResult, ...errors } } },
    async (req) => batchStartPublicity(ctx, requireActor(req), req.body, { ip: req.ip }),
  );
  a.post(
    '/batch/recommend',
    { schema: { summary: '批量推荐报送主管单位：逐份办理，返回每份材料的结果', tags, body: BatchOpinionBody, response: { 200: BatchResult, ...errors } } },
    async (req) => batchUnitRecommend(ctx, requireActor(req), req.body, { ip: req.ip }),
  );

  a.get(
    '/fees',
    { schema: { summary: '本单位应缴评审费的材料（分页、筛选、按姓名／身份证号／材料编号搜索）与缴费记录', tags, querystring: FeeListQuery, response: { 200: UnitFeeOverview } } },
    async (req) => unitFeeOverview(ctx, requireActor(req), req.query),
  );
  a.get(
    '/fee-batches',
    { schema: { summary: '本单位登记的缴费记录（分页；可按年度、财务确认情况筛选）', tags, querystring: FeeBatchListQuery, response: { 200: FeeBatchList, 400: Problem } } },
    async (req) => unitFeeBatches(ctx, requireActor(req), req.query),
  );
  a.get(
    '/fees/owing-ids',
    { schema: { summary: '符合搜索条件的全部待缴费材料编号（跨页全选，用于登记一次批量缴费）', tags, querystring: FeeOwingIdsQuery, response: { 200: FeeOwingIds } } },
    async (req) => unitOwingFeeIds(ctx, requireActor(req), req.query),
  );
      a.post(
        '/fee-batches',
    { schema: { summary: '单位负责人登记一次批量缴费（multipart：year、applicationIds、amount、payer、paidAt、file 缴费凭证）', tags, consumes: ['multipart/form-data'], response: { 201: FeeBatchRecorded, ...errors } } },
        async (req, reply) => {
          const { fields, file } = await readForm(req);
          if (!file) throw new Refused('INVALID_INPUT', '请上传缴费凭证（PDF或JPG）', [{ field: 'file', message: '请上传缴费凭证' }]);
          const ids = (fields.applicationIds ?? '').split(/[,，\s]+/).filter(Boolean).map(Number);
          if (ids.some((n) => !Number.isInteger(n) || n < 1)) throw new Refused('INVALID_INPUT', '所选申报材料编号不正确', [{ field: 'applicationIds', message: '编号不正确' }]);
          const created = await recordFeeBatch(
            ctx,
            requireActor(req),
            { year: Number(fields.year), applicationIds: ids, amount: Number(fields.amount), payer: fields.payer ?? '', paidAt: new Date(fields.paidAt ?? ''), receipt: file },
            { ip: req.ip },
          );
          return reply.code(201).send(created);
        },
      );
}
