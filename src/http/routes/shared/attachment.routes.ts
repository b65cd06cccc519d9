// Attachment images and the timeline, for anyone who may see the application. B5: originals only
// for the applicant and the auditing units; masked copies for everyone allowed to review.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { readAttachmentImage } from '../../../services/attachment-access.service';
import { timeline } from '../../../services/declaration-view.service';
import { requireActor } from '../../plugins/session.plugin';
import { fileResponse, IdParams, MIME, Problem } from '../../schemas/common.schema';
import { Timeline } from '../../schemas/declaration.schema';

export async function attachmentRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = app.ctx;
  const Params = Type.Object({
    id: Type.Integer({ minimum: 1, title: '附件编号' }),
    variant: Type.Union([Type.Literal('original'), Type.Literal('masked'), Type.Literal('thumb'), Type.Literal('masked-thumb')], { title: '版本' }),
  });
  app.get('/attachments/:id/:variant', { schema: { summary: '附件图片', tags: ['attachments'], params: Params, response: { 200: fileResponse('附件图片（JPEG）', MIME.jpeg), 404: Problem } } }, async (req, reply) => {
    const img = await readAttachmentImage(ctx, requireActor(req), req.params.id, req.params.variant);
    reply.header('cache-control', 'private, max-age=0, must-revalidate');
    reply.header('x-content-type-options', 'nosniff');
    return reply.type('image/jpeg').send(img);
  });

  app.get('/applications/:id/timeline', { schema: { summary: '办理进度（时间线）', tags: ['applications'], params: IdParams, response: { 200: Timeline, 404: Problem } } }, async (req) => ({
    items: await timeline(ctx, requireActor(req), req.params.id),
  }));
}
