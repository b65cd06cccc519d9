// 我的主页 › 我的申请书 › 检查姓名掩盖 (B1/B2).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { acceptAllProposals, confirmMasking, maskingOverview, requestDetection } from '../../../services/masking.service';
import { requireActor } from '../../plugins/session.plugin';
import { IdParams, Problem } from '../../schemas/common.schema';
import { AttachmentParams } from '../../schemas/declaration.schema';
import { AcceptAllBody, DetectionQueued, MaskingBody, MaskingConfirmed, MaskingOverview, ProposalsAccepted } from '../../schemas/masking.schema';

export async function maskingRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = app.ctx;
  const tags = ['applicant', 'masking'];

  app.get('/applications/:id/masking', { schema: { summary: '检查姓名掩盖：全部附件及建议遮盖区域', tags, params: IdParams, response: { 200: MaskingOverview, 404: Problem } } }, async (req) =>
    maskingOverview(ctx, requireActor(req), req.params.id),
  );

  app.put(
    '/applications/:id/attachments/:attachmentId/masking',
    {
      schema: {
        summary: '标记是否需要遮盖并确认遮盖区域',
        tags,
        params: AttachmentParams,
        body: MaskingBody,
        response: { 200: MaskingConfirmed, 409: Problem, 422: Problem },
      },
    },
    async (req) => confirmMasking(ctx, requireActor(req), req.params.id, req.params.attachmentId, req.body, { ip: req.ip }),
  );

  app.post(
    '/applications/:id/masking/accept-all',
    {
      schema: {
        summary: '一键采纳建议遮盖区域',
        tags,
        params: IdParams,
        body: AcceptAllBody,
        response: { 200: ProposalsAccepted, 409: Problem, 422: Problem },
      },
    },
    async (req) => acceptAllProposals(ctx, requireActor(req), req.params.id, req.body.attachmentIds, { ip: req.ip }),
  );

  app.post(
    '/applications/:id/attachments/:attachmentId/detect',
    { schema: { summary: '重新自动检测', tags, params: AttachmentParams, response: { 202: DetectionQueued, 404: Problem, 409: Problem } } },
    async (req, reply) => {
      await requestDetection(ctx, requireActor(req), req.params.id, req.params.attachmentId);
      return reply.code(202).send({ queued: true });
    },
  );
}
