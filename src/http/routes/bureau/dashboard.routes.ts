// The bureau's dashboard: statistics for the charts, Excel exports, and certificate revocation (I1).
import { ownOrigin } from '../../own-origin';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { officeCertificatePdf, revokeCertificate } from '../../../services/certificate.service';
import { dashboardStats, exportApplicantsXlsx, exportResultsXlsx } from '../../../services/dashboard.service';
import { requireActor, requireRole } from '../../plugins/session.plugin';
import { IdParams, Problem } from '../../schemas/common.schema';
import { DashboardView, RevokeBody, YearQuery } from '../../schemas/expert-review.schema';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function sendXlsx(reply: FastifyReply, name: string, bytes: Buffer) {
  reply.header('content-disposition', `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`);
  reply.header('cache-control', 'private, no-store');
  return reply.type(XLSX).send(bytes);
}

/** Origin for the certificate's verification link; see ownOrigin (never the client's Host header). */
export function requestOrigin(req: FastifyRequest): string {
  return ownOrigin(req);
}

export async function dashboardRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = app.ctx;
  app.addHook('onRequest', requireRole('bureau_admin'));
  const tags = ['bureau'];

  app.get(
    '/bureau/dashboard',
    { schema: { summary: '统计：按状态、系列、单位、年度', tags, querystring: YearQuery, response: { 200: DashboardView, 403: Problem } } },
    async (req) => dashboardStats(ctx, requireActor(req), { year: req.query.year }),
  );

  app.get('/bureau/dashboard/applicants.xlsx', { schema: { summary: '导出申报人名单（Excel）', tags, querystring: YearQuery } }, async (req, reply) =>
    sendXlsx(reply, `申报人名单${req.query.year ?? ''}.xlsx`, await exportApplicantsXlsx(ctx, requireActor(req), { year: req.query.year })),
  );

  app.get('/bureau/dashboard/results.xlsx', { schema: { summary: '导出评审结果名单（Excel）', tags, querystring: YearQuery } }, async (req, reply) =>
    sendXlsx(reply, `评审结果名单${req.query.year ?? ''}.xlsx`, await exportResultsXlsx(ctx, requireActor(req), { year: req.query.year })),
  );

  app.get('/bureau/certificates/:id/pdf', { schema: { summary: '电子职称证书（PDF）', tags, params: IdParams } }, async (req, reply) => {
    const { number, pdf } = await officeCertificatePdf(ctx, requireActor(req), req.params.id, requestOrigin(req));
    reply.header('content-disposition', `inline; filename="certificate.pdf"; filename*=UTF-8''${encodeURIComponent(`职称证书${number}.pdf`)}`);
    return reply.type('application/pdf').send(pdf);
  });

  app.post(
    '/bureau/certificates/:id/revoke',
    {
      schema: {
        summary: '撤销电子职称证书（诚信档案）',
        tags,
        params: IdParams,
        body: RevokeBody,
        response: { 200: Type.Object({ id: Type.Integer(), number: Type.String(), revoked: Type.Boolean() }), 404: Problem, 409: Problem },
      },
    },
    async (req) => revokeCertificate(ctx, requireActor(req), req.params.id, req.body.reason, { ip: req.ip }),
  );
}
