// 人社局财务 (R3): sets the year's payment instructions and QR image (multipart: text, removeQr, file).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { setFeeInstructions } from '../../../services/fee-instruction.service';
import { readForm } from '../../plugins/read-form';
import { requireActor } from '../../plugins/session.plugin';
import { Problem } from '../../schemas/common.schema';
import { FeeInstructions, FeeYearParams } from '../../schemas/fee-instruction.schema';

export async function feeInstructionRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = app.ctx;
  app.post(
    '/fee-instructions/:year',
    {
      schema: {
        summary: '设置本年度缴费说明和收款二维码（multipart：text、removeQr、file 二维码JPG）',
        tags: ['bureau'],
        params: FeeYearParams,
        consumes: ['multipart/form-data'],
        response: { 200: FeeInstructions, 400: Problem, 403: Problem, 404: Problem, 413: Problem, 422: Problem },
      },
    },
    async (req) => {
      const { fields, file } = await readForm(req);
      return setFeeInstructions(ctx, requireActor(req), req.params.year, { text: fields.text ?? '', qr: file, removeQr: fields.removeQr === 'true' }, { ip: req.ip });
    },
  );
}
