// R3: where fees are paid, units and applicants read the finance office's instructions and QR image.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { getFeeInstructions, readFeeQr } from '../../../services/fee-instruction.service';
import { requireActor } from '../../plugins/session.plugin';
import { fileResponse, MIME, Problem } from '../../schemas/common.schema';
import { FeeInstructions, FeeYearParams } from '../../schemas/fee-instruction.schema';

export async function sharedFeeInstructionRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = app.ctx;
  const tags = ['fees'];
  app.get('/fee-instructions/:year', { schema: { summary: '本年度缴费说明（人社局财务发布）', tags, params: FeeYearParams, response: { 200: FeeInstructions } } }, async (req) =>
    getFeeInstructions(ctx, requireActor(req), req.params.year),
  );
  app.get('/fee-instructions/:year/qr', { schema: { summary: '收款二维码', tags, params: FeeYearParams, response: { 200: fileResponse('收款二维码', MIME.jpeg), 404: Problem } } }, async (req, reply) => {
    const bytes = await readFeeQr(ctx, requireActor(req), req.params.year);
    reply.header('cache-control', 'private, max-age=3600');
    reply.header('x-content-type-options', 'nosniff');
    return reply.type(MIME.jpeg).send(bytes);
  });
}
