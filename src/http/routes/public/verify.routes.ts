// Public certificate verification behind the QR code (no login). The token is HMAC-signed, so a
// guessed or altered link answers 404.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { verifyCertificate } from '../../../services/certificate.service';
import { Problem } from '../../schemas/common.schema';
import { CertificateVerification, TokenParams } from '../../schemas/expert-review.schema';

export async function verifyRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = app.ctx;
  app.get(
    '/public/certificates/:token',
    {
      schema: {
        summary: '电子职称证书验证',
        tags: ['public'],
        params: TokenParams,
        response: { 200: CertificateVerification, 400: Problem, 404: Problem },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return verifyCertificate(ctx, req.params.token);
    },
  );
}
