// 审计日志: filter, page, export to Excel (streamed).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { exportAuditLogXlsx, searchAuditLog } from '../../../services/audit-log.service';
import { requireActor } from '../../plugins/session.plugin';
import { fileResponse, MIME, Problem } from '../../schemas/common.schema';
import { AuditFilterQuery, AuditPage, AuditSearchQuery } from '../../schemas/admin.schema';

export async function auditLogRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = app.ctx;
  const tags = ['admin'];

  app.get(
    '/audit-log',
    { schema: { summary: '审计日志（按操作人、材料编号、操作、时间筛选，分页）', tags, querystring: AuditSearchQuery, response: { 200: AuditPage, 400: Problem, 403: Problem, 422: Problem } } },
    async (req) => searchAuditLog(ctx, requireActor(req), req.query),
  );

  app.get(
    '/audit-log.xlsx',
    { schema: { summary: '导出审计日志（Excel）', tags, querystring: AuditFilterQuery, response: { 200: fileResponse('审计日志', MIME.xlsx), 400: Problem, 403: Problem, 422: Problem } } },
    async (req, reply) => {
      const stream = exportAuditLogXlsx(ctx, requireActor(req), req.query);
      reply.header('content-disposition', `attachment; filename="audit-log.xlsx"; filename*=UTF-8''${encodeURIComponent('审计日志.xlsx')}`);
      reply.header('cache-control', 'private, no-store');
      return reply.type(MIME.xlsx).send(stream);
    },
  );
}
