// 系列与专业: list, add, rename, assign the committee, deactivate.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { addSpecialty, listSpecialties, renameSeries, updateSpecialty } from '../../../services/specialty-admin.service';
import { requireActor } from '../../plugins/session.plugin';
import { Created, IdParams, Problem } from '../../schemas/common.schema';
import { NewSpecialtyBody, SeriesParams, SeriesRenameBody, SeriesRenamed, SpecialtyCatalog, SpecialtyChangeBody, SpecialtyChanged } from '../../schemas/admin.schema';

export async function specialtyRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = app.ctx;
  const tags = ['admin'];
  const errors = { 400: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem };

  app.get('/specialties', { schema: { summary: '系列、专业及其评审委员会', tags, response: { 200: SpecialtyCatalog, 403: Problem } } }, async (req) => listSpecialties(ctx, requireActor(req)));

  app.post('/specialties', { schema: { summary: '新增专业（新的系列代码即新增系列）', tags, body: NewSpecialtyBody, response: { 201: Created, ...errors } } }, async (req, reply) =>
    reply.code(201).send(await addSpecialty(ctx, requireActor(req), req.body, { ip: req.ip })),
  );

  app.patch(
    '/specialties/:id',
    { schema: { summary: '修改专业：名称、评审委员会、停用或启用', tags, params: IdParams, body: SpecialtyChangeBody, response: { 200: SpecialtyChanged, ...errors } } },
    async (req) => updateSpecialty(ctx, requireActor(req), req.params.id, req.body, { ip: req.ip }),
  );

  app.put(
    '/series/:seriesCode',
    { schema: { summary: '修改系列名称', tags, params: SeriesParams, body: SeriesRenameBody, response: { 200: SeriesRenamed, ...errors } } },
    async (req) => renameSeries(ctx, requireActor(req), req.params.seriesCode, req.body.series, { ip: req.ip }),
  );
}
