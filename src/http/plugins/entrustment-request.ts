// The request for entrusted or joint review (R5), offered by both the committee office and the
// bureau in their own route groups; the service checks which of the two the actor is.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { entrustmentLetter, requestEntrustment } from '../../services/entrustment.service';
import { requireActor } from './session.plugin';
import { fileResponse, IdParams, MIME, Problem } from '../schemas/common.schema';
import { EntrustmentRequested, LetterQuery } from '../schemas/entrustment.schema';
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

/** GET /entrustments/:id/letter?format=pdf|docx: R5 委托函 for the bureau, the requester and the entrusted body. */
export function entrustmentLetterRoute(fastify: FastifyInstance, tags: string[]) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/entrustments/:id/letter',
    { schema: { summary: '委托函（PDF或DOCX）', tags, params: IdParams, querystring: LetterQuery, response: { 200: fileResponse('委托函', MIME.pdf, MIME.docx), 404: Problem } } },
    async (req, reply) => {
      const format = req.query.format ?? 'pdf';
      const doc = await entrustmentLetter(app.ctx, requireActor(req), req.params.id, format);
      reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(doc.name)}`);
      reply.header('cache-control', 'private, no-store');
      return reply.type(format === 'pdf' ? MIME.pdf : MIME.docx).send(doc.bytes);
    },
  );
}
