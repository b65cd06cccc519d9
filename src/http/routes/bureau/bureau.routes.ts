// 州人社局 (I1, R3, R5): the integrity archive, finance's fee confirmation, and approval of
// entrusted / joint review. Services check the exact role (bureau_admin or finance).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Refused } from '../../../domain/errors';
import { checkBan, listFindings, recordFinding } from '../../../services/integrity.service';
import { confirmFeeBatch, listFeeBatches } from '../../../services/fee.service';
import { approveEntrustment, listEntrustments, recordRegionStep, rejectEntrustment } from '../../../services/entrustment.service';
import { requireActor } from '../../plugins/session.plugin';
import { entrustmentLetterRoute, entrustmentRequestRoute } from '../../plugins/entrustment-request';
import { IdParams, Problem } from '../../schemas/common.schema';
import { EntrustmentApproved, EntrustmentList, EntrustmentRejected, RegionStepBody, RegionStepRecorded } from '../../schemas/entrustment.schema';
import { FeeBatchConfirmed, FeeBatchList, FeeBatchListQuery } from '../../schemas/fee.schema';
import { BanCheck, FindingRecorded, IntegrityListQuery, IntegrityRecordList } from '../../schemas/integrity.schema';
import { ApproveEntrustmentBody, FindingBody, IdNumberQuery, RejectEntrustmentBody } from '../../schemas/review.schema';

export async function bureauRoutes(fastify: FastifyInstance) {
  const a = fastify.withTypeProvider<TypeBoxTypeProvider>();
      const ctx = a.ctx;
      const tags = ['bureau'];
      const errors = { 400: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem };

  a.get('/integrity-records', { schema: { summary: '诚信档案（分页；可按身份证号或其前几位查询）', tags, querystring: IntegrityListQuery, response: { 200: IntegrityRecordList, 400: Problem, 403: Problem } } }, async (req) =>
        listFindings(ctx, requireActor(req), req.query),
      );
      a.post(
        '/integrity-records',
        {
          schema: {
            summary: '记入诚信档案（可同时撤销以弄虚作假取得的职称）',
            tags,
            body: FindingBody,
        response: { 201: FindingRecorded, ...errors },
          },
        },
        async (req, reply) => reply.code(201).send(await recordFinding(ctx, requireActor(req), req.body, { ip: req.ip })),
      );
      a.get(
        '/integrity-check',
    { schema: { summary: '查询身份证号是否处于禁报期', tags, querystring: IdNumberQuery, response: { 200: BanCheck, ...errors } } },
        async (req) => {
          if (!req.query.idNumber) throw new Refused('INVALID_INPUT', '请填写身份证号', [{ field: 'idNumber', message: '请填写身份证号' }]);
          return checkBan(ctx, requireActor(req), req.query.idNumber);
        },
      );

  a.get(
    '/fee-batches',
    { schema: { summary: '各推荐单位登记的评审费缴费记录（分页；可按年度、推荐单位、财务确认情况筛选）', tags, querystring: FeeBatchListQuery, response: { 200: FeeBatchList, 400: Problem, 403: Problem } } },
    async (req) => listFeeBatches(ctx, requireActor(req), req.query),
  );
      a.post(
        '/fee-batches/:id/confirm',
    { schema: { summary: '财务确认缴费', tags, params: IdParams, response: { 200: FeeBatchConfirmed, ...errors } } },
        async (req) => confirmFeeBatch(ctx, requireActor(req), req.params.id, { ip: req.ip }),
      );

  a.get('/entrustments', { schema: { summary: '委托（联合）评审申请', tags, response: { 200: EntrustmentList, 403: Problem } } }, async (req) => ({ items: await listEntrustments(ctx, requireActor(req)) }));
      entrustmentRequestRoute(a, tags);
      entrustmentLetterRoute(a, tags);
      a.post(
        '/entrustments/:id/region',
        { schema: { summary: '登记自治区人社厅对委托评审的意见（文号、日期）', tags, params: IdParams, body: RegionStepBody, response: { 200: RegionStepRecorded, ...errors } } },
        async (req) => recordRegionStep(ctx, requireActor(req), req.params.id, req.body, { ip: req.ip }),
      );
      a.post(
        '/entrustments/:id/approve',
    { schema: { summary: '批准并出具委托函（委托评审的专业材料转至受托评审委员会）', tags, params: IdParams, body: ApproveEntrustmentBody, response: { 200: EntrustmentApproved, ...errors } } },
        async (req) => approveEntrustment(ctx, requireActor(req), req.params.id, req.body, { ip: req.ip }),
      );
      a.post(
        '/entrustments/:id/reject',
    { schema: { summary: '不予批准', tags, params: IdParams, body: RejectEntrustmentBody, response: { 200: EntrustmentRejected, ...errors } } },
        async (req) => rejectEntrustment(ctx, requireActor(req), req.params.id, req.body, { ip: req.ip }),
      );
}
