// The applicant's review result and electronic title certificate (R4), once results are published.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { applicantCertificatePdf } from '../../../services/certificate.service';
import { applicantResults } from '../../../services/result.service';
import { requireActor } from '../../plugins/session.plugin';
import { requestOrigin } from '../../plugins/file-replies';
import { fileResponse, IdParams, MIME, Problem } from '../../schemas/common.schema';
import { ApplicantResultList } from '../../schemas/expert-review.schema';

export async function applicantResultRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = app.ctx;
  const tags = ['applicant'];

  app.get('/results', { schema: { summary: '我的评审结果', tags, response: { 200: ApplicantResultList } } }, async (req) => ({ items: await applicantResults(ctx, requireActor(req)) }));

  app.get('/applications/:id/certificate.pdf', { schema: { summary: '下载电子职称证书（PDF）', tags, params: IdParams, response: { 200: fileResponse('电子职称证书', MIME.pdf), 404: Problem } } }, async (req, reply) => {
    const { number, pdf } = await applicantCertificatePdf(ctx, requireActor(req), req.params.id, requestOrigin(req));
    reply.header('content-disposition', `attachment; filename="certificate.pdf"; filename*=UTF-8''${encodeURIComponent(`职称证书${number}.pdf`)}`);
    reply.header('cache-control', 'private, no-store');
    return reply.type('application/pdf').send(pdf);
  });
}
