// In-app notifications of the signed-in user (every actor is told when a file reaches them or
// comes back), plus the generated documents, the printable declaration and stamped scans of a file
// for anyone who may see it.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { printDeclaration } from '../../../services/declaration-print.service';
import { readReviewDocument, renderApplicationDocument } from '../../../services/documents.service';
import { readFeeReceipt } from '../../../services/fee.service';
import { listNotifications, markAllNotificationsRead, markNotificationRead } from '../../../services/notification.service';
import { requireActor } from '../../plugins/session.plugin';
import { fileResponse, IdParams, MIME, NoContent, Problem } from '../../schemas/common.schema';
import { NotificationList, NotificationQuery, NotificationsRead } from '../../schemas/notification.schema';
import { DocumentParams, DocumentQuery } from '../../schemas/review.schema';

export async function notificationRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = app.ctx;
  const tags = ['notifications'];

  app.get(
    '/notifications',
    { schema: { summary: '我的消息（未读在前，最近200条）', tags, querystring: NotificationQuery, response: { 200: NotificationList } } },
    async (req) => listNotifications(ctx, requireActor(req), { unread: req.query.unread }),
  );

  app.post('/notifications/:id/read', { schema: { summary: '标记为已读', tags, params: IdParams, response: { 204: NoContent, 404: Problem } } }, async (req, reply) => {
    await markNotificationRead(ctx, requireActor(req), req.params.id);
    return reply.code(204).send();
  });

  app.post('/notifications/read-all', { schema: { summary: '全部标记为已读', tags, response: { 200: NotificationsRead } } }, async (req) => {
    return markAllNotificationsRead(ctx, requireActor(req));
  });

  app.get(
    '/applications/:id/documents/:kind',
    { schema: { summary: '生成附件2—5（PDF或DOCX）', tags: ['documents'], params: DocumentParams, querystring: DocumentQuery, response: { 200: fileResponse('附件2—5', MIME.pdf, MIME.docx), 404: Problem, 409: Problem, 422: Problem } } },
    async (req, reply) => {
      const doc = await renderApplicationDocument(ctx, requireActor(req), req.params.id, req.params.kind, req.query.format ?? 'pdf', { opinion: req.query.opinion });
      reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(doc.filename)}`);
      reply.header('cache-control', 'private, no-store');
      return reply.type(doc.mime).send(doc.bytes);
    },
  );

  app.get(
    '/applications/:id/print',
    { schema: { summary: '打印申报材料（专业技术职务任职资格评审表，PDF）', tags: ['documents'], params: IdParams, response: { 200: fileResponse('专业技术职务任职资格评审表', MIME.pdf), 404: Problem } } },
    async (req, reply) => {
      const doc = await printDeclaration(ctx, requireActor(req), req.params.id);
      reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(doc.filename)}`);
      reply.header('cache-control', 'private, no-store');
      return reply.type(MIME.pdf).send(doc.bytes);
    },
  );

  app.get(
    '/applications/:id/review-documents/:documentId',
    { schema: { summary: '审核环节上传的盖章扫描件', tags: ['documents'], params: Type.Object({ id: Type.Integer({ minimum: 1, title: '申报编号' }), documentId: Type.Integer({ minimum: 1, title: '扫描件编号' }) }), response: { 200: fileResponse('盖章扫描件', MIME.pdf, MIME.jpeg), 404: Problem } } },
    async (req, reply) => {
      const doc = await readReviewDocument(ctx, requireActor(req), req.params.id, req.params.documentId);
      reply.header('cache-control', 'private, no-store');
      reply.header('x-content-type-options', 'nosniff');
      return reply.type(doc.mime).send(doc.bytes);
    },
  );

  app.get('/fee-batches/:id/receipt', { schema: { summary: '缴费凭证', tags: ['fees'], params: IdParams, response: { 200: fileResponse('缴费凭证', MIME.pdf, MIME.jpeg), 404: Problem } } }, async (req, reply) => {
    const r = await readFeeReceipt(ctx, requireActor(req), req.params.id);
    reply.header('cache-control', 'private, no-store');
    reply.header('x-content-type-options', 'nosniff');
    return reply.type(r.mime).send(r.bytes);
  });
}
