// The request for entrusted or joint review (R5), offered by both the committee office and the
// bureau in their own route groups; the service checks which of the two the actor is.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requestEntrustment } from '../../services/entrustment.service';
import { requireActor } from './session.plugin';
import { Problem } from '../schemas/common.schema';
import { EntrustmentRequested } from '../schemas/entrustment.schema';
import { readForm } from './read-form';

/** POST /entrustments (multipart: year, specialtyId, kind, reason, targetOrgId?, targetName?, file = plan). */
export function entrustmentRequestRoute(fastify: FastifyInstance, tags: string[]) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.post(
    '/entrustments',
    { schema: { summary: '申请委托评审或联合评审（multipart：year、specialtyId、kind、reason、targetOrgId、targetName、file 评审方案）', tags, consumes: ['multipart/form-data'], response: { 201: EntrustmentRequested, 400: Problem, 403: Problem, 404: Problem, 422: Problem } } },
    async (req, reply) => {
      const { fields, file } = await readForm(req);
      const num = (v: string | undefined) => (v && /^\d+$/.test(v) ? Number(v) : undefined);
      const created = await requestEntrustment(
        app.ctx,
        requireActor(req),
        {
          year: num(fields.year) ?? 0,
          specialtyId: num(fields.specialtyId) ?? 0,
          kind: fields.kind as 'entrusted' | 'joint',
          reason: fields.reason ?? '',
          targetOrgId: num(fields.targetOrgId) ?? null,
          targetName: fields.targetName,
          plan: file,
        },
        { ip: req.ip },
      );
      return reply.code(201).send(created);
    },
  );
}
