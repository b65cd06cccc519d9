// 评审年度: list, open the next by copying the last, preview and save a policy change, close.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { closeYear, listYears, openNextYear, previewPolicyChange, updatePolicy } from '../../../services/review-year.service';
import { requireActor } from '../../plugins/session.plugin';
import { Problem } from '../../schemas/common.schema';
import { PolicyChangeResult, PolicyPreviewBody, PolicyUpdateBody, ReviewYearList, YearClosed, YearOpened, YearParams } from '../../schemas/admin.schema';

export async function reviewYearRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = app.ctx;
  const tags = ['admin'];
  const errors = { 400: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem };

  app.get('/years', { schema: { summary: '评审年度及其评审政策', tags, response: { 200: ReviewYearList, 403: Problem } } }, async (req) => listYears(ctx, requireActor(req)));

  app.post('/years', { schema: { summary: '开启下一评审年度（复制最近一年的评审政策）', tags, response: { 201: YearOpened, ...errors } } }, async (req, reply) =>
    reply.code(201).send(await openNextYear(ctx, requireActor(req), { ip: req.ip })),
  );

  app.post(
    '/years/:year/policy/preview',
    { schema: { summary: '预览评审政策修改：改动项和受影响的申报材料（不保存）', tags, params: YearParams, body: PolicyPreviewBody, response: { 200: PolicyChangeResult, ...errors } } },
    async (req) => previewPolicyChange(ctx, requireActor(req), req.params.year, req.body.settings),
  );

  app.put(
    '/years/:year/policy',
    { schema: { summary: '保存评审政策（影响已有材料时须确认受影响份数）', tags, params: YearParams, body: PolicyUpdateBody, response: { 200: PolicyChangeResult, ...errors } } },
    async (req) => updatePolicy(ctx, requireActor(req), req.params.year, req.body, { ip: req.ip }),
  );

  app.post('/years/:year/close', { schema: { summary: '关闭评审年度（不再受理新申报）', tags, params: YearParams, response: { 200: YearClosed, ...errors } } }, async (req) =>
    closeYear(ctx, requireActor(req), req.params.year, { ip: req.ip }),
  );
}
