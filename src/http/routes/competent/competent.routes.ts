// 主管单位 (C1): review the files its units forwarded, write the opinion, upload the stamped
// 附件4, forward to the committee or return. For a personnel agency's files (U4) the bureau above it acts.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { competentRecommend, competentReturn } from '../../../services/review.service';
import { requireActor } from '../../plugins/session.plugin';
import { IdParams, Problem } from '../../schemas/common.schema';
import { BatchOpinionBody, BatchResult, OpinionBody, ReturnBody, TransitionResult } from '../../schemas/review.schema';
import { batchCompetentRecommend } from '../../../services/batch.service';
import { stageFileRoutes } from '../../plugins/stage-files';

export async function competentRoutes(fastify: FastifyInstance) {
  const a = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = a.ctx;
  const tags = ['competent'];
  stageFileRoutes(a, 'competent', '主管单位');
  const errors = { 400: Problem, 404: Problem, 409: Problem, 422: Problem };
  a.post('/applications/:id/return', { schema: { summary: '退回（须写明原因）', tags, params: IdParams, body: ReturnBody, response: { 200: TransitionResult, ...errors } } }, async (req) =>
    competentReturn(ctx, requireActor(req), req.params.id, req.body, { ip: req.ip }),
  );
  a.post(
    '/applications/:id/recommend',
    { schema: { summary: '填写推荐意见并报送评审委员会（须先上传盖章的附件4）', tags, params: IdParams, body: OpinionBody, response: { 200: TransitionResult, ...errors } } },
    async (req) => competentRecommend(ctx, requireActor(req), req.params.id, req.body, { ip: req.ip }),
  );
  a.post(
    '/batch/recommend',
    { schema: { summary: '批量推荐报送评审委员会：逐份办理（每份须已上传盖章的附件4），返回每份材料的结果', tags, body: BatchOpinionBody, response: { 200: BatchResult, ...errors } } },
    async (req) => batchCompetentRecommend(ctx, requireActor(req), req.body, { ip: req.ip }),
  );
}
