// 我的主页 › 我的申请书 › 检查姓名掩盖 (B1/B2).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { acceptAllProposals, confirmMasking, maskingOverview, requestDetection } from '../../../services/masking.service';
import { requireActor } from '../../plugins/session.plugin';
import { IdParams, Problem } from '../../schemas/common.schema';
import { AttachmentParams } from '../../schemas/declaration.schema';

const Region = Type.Object(
  {
    kind: Type.String({ title: '类别' }),
    x: Type.Number({ title: '左' }),
    y: Type.Number({ title: '上' }),
    w: Type.Number({ title: '宽' }),
    h: Type.Number({ title: '高' }),
    score: Type.Optional(Type.Number({ title: '置信度' })),
  },
  { additionalProperties: false },
);

export async function maskingRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = app.ctx;
  const tags = ['applicant', 'masking'];

  app.get('/applications/:id/masking', { schema: { summary: '检查姓名掩盖：全部附件及建议遮盖区域', tags, params: IdParams } }, async (req) =>
    maskingOverview(ctx, requireActor(req), req.params.id),
  );

  app.put(
    '/applications/:id/attachments/:attachmentId/masking',
    {
      schema: {
        summary: '标记是否需要遮盖并确认遮盖区域',
        tags,
        params: AttachmentParams,
        body: Type.Object(
          {
            needsMasking: Type.Boolean({ title: '是否需要遮盖' }),
            regions: Type.Optional(Type.Array(Region, { title: '遮盖区域', maxItems: 200 })),
            version: Type.Optional(Type.Integer({ title: '附件版本号', minimum: 1 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ id: Type.Integer(), needsMasking: Type.Boolean(), maskStatus: Type.String(), regions: Type.Array(Region), version: Type.Integer() }),
          409: Problem,
          422: Problem,
        },
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
        body: Type.Object({ attachmentIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { title: '附件' })) }, { additionalProperties: false }),
      },
    },
    async (req) => acceptAllProposals(ctx, requireActor(req), req.params.id, req.body.attachmentIds, { ip: req.ip }),
  );

  app.post(
    '/applications/:id/attachments/:attachmentId/detect',
    { schema: { summary: '重新自动检测', tags, params: AttachmentParams } },
    async (req, reply) => {
      await requestDetection(ctx, requireActor(req), req.params.id, req.params.attachmentId);
      return reply.code(202).send({ queued: true });
    },
  );
}
