// The bureau's dashboard: statistics for the charts, Excel exports, and certificate revocation (I1).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { officeCertificatePdf, revokeCertificate } from '../../../services/certificate.service';
import { dashboardStats, exportApplicantsXlsx, exportResultsXlsx } from '../../../services/dashboard.service';
import { requireActor, requirePrefectureAdmin } from '../../plugins/session.plugin';
import { requestOrigin, sendXlsx } from '../../plugins/file-replies';
import { fileResponse, IdParams, MIME, Problem } from '../../schemas/common.schema';
import { CertificateRevoked, DashboardView, RevokeBody, YearQuery } from '../../schemas/expert-review.schema';

export async function dashboardRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = app.ctx;
  // finance shares the bureau's group for fees, but the statistics are the administrator's
  app.addHook('onRequest', requirePrefectureAdmin('查看统计、撤销证书'));
  const tags = ['bureau'];

  app.get(
    '/dashboard',
    { schema: { summary: '统计：按状态、系列、单位、年度', tags, querystring: YearQuery, response: { 200: DashboardView, 403: Problem } } },
    async (req) => dashboardStats(ctx, requireActor(req), { year: req.query.year }),
  );

  app.get('/dashboard/applicants.xlsx', { schema: { summary: '导出申报人名单（Excel）', tags, querystring: YearQuery, response: { 200: fileResponse('申报人名单', MIME.xlsx) } } }, async (req, reply) =>
    sendXlsx(reply, `申报人名单${req.query.year ?? ''}.xlsx`, await exportApplicantsXlsx(ctx, requireActor(req), { year: req.query.year })),
  );

  app.get('/dashboard/results.xlsx', { schema: { summary: '导出评审结果名单（Excel）', tags, querystring: YearQuery, response: { 200: fileResponse('评审结果名单', MIME.xlsx) } } }, async (req, reply) =>
    sendXlsx(reply, `评审结果名单${req.query.year ?? ''}.xlsx`, await exportResultsXlsx(ctx, requireActor(req), { year: req.query.year })),
  );

  app.get('/certificates/:id/pdf', { schema: { summary: '电子职称证书（PDF）', tags, params: IdParams, response: { 200: fileResponse('电子职称证书', MIME.pdf), 404: Problem } } }, async (req, reply) => {
    const { number, pdf } = await officeCertificatePdf(ctx, requireActor(req), req.params.id, requestOrigin(req));
    reply.header('content-disposition', `inline; filename="certificate.pdf"; filename*=UTF-8''${encodeURIComponent(`职称证书${number}.pdf`)}`);
    return reply.type('application/pdf').send(pdf);
  });

  app.post(
    '/certificates/:id/revoke',
    {
      schema: {
        summary: '撤销电子职称证书（诚信档案）',
        tags,
        params: IdParams,
        body: RevokeBody,
        response: { 200: CertificateRevoked, 404: Problem, 409: Problem },
      },
    },
    async (req) => revokeCertificate(ctx, requireActor(req), req.params.id, req.body.reason, { ip: req.ip }),
  );
}
