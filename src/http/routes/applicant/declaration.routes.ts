// The applicant's own declaration (A1–A14). Services check ownership; the group requires the role.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { createApplication, listOwnApplications, saveSection, submitDeclaration } from '../../../services/declaration.service';
import { deleteAttachment, prepareUpload, uploadAttachment } from '../../../services/declaration-attachment.service';
import { getDeclaration } from '../../../services/declaration-view.service';
import { Refused } from '../../../domain/errors';
import { requireActor } from '../../plugins/session.plugin';
import { readForm } from '../../plugins/read-form';
import { Created, IdParams, NoContent, Problem } from '../../schemas/common.schema';
import {
  ApplicationDetail,
  ApplicationList,
  AttachmentParams,
  AttachmentUploaded,
  CreateApplicationBody,
  SectionBody,
  SectionParams,
  SectionSaved,
  SubmitBody,
  Submitted,
} from '../../schemas/declaration.schema';

export async function declarationRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = app.ctx;
  const tags = ['applicant'];

  app.get('/applications', { schema: { summary: '我的申报列表', tags, response: { 200: ApplicationList } } }, async (req) => ({
    items: await listOwnApplications(ctx, requireActor(req)),
  }));

  app.post(
    '/applications',
    { schema: { summary: '新建申报', tags, body: CreateApplicationBody, response: { 201: Created, 403: Problem, 409: Problem, 422: Problem } } },
    async (req, reply) => {
      const created = await createApplication(ctx, requireActor(req), req.body, { ip: req.ip });
      return reply.code(201).send({ id: created.id });
    },
  );

  app.get('/applications/:id', { schema: { summary: '申请书（全部栏目、附件、完整性检查）', tags, params: IdParams, response: { 200: ApplicationDetail, 404: Problem } } }, async (req) =>
    getDeclaration(ctx, requireActor(req), req.params.id),
  );

  app.put(
    '/applications/:id/sections/:code',
    {
      schema: {
        summary: '保存栏目草稿',
        tags,
        params: SectionParams,
        body: SectionBody,
        response: { 200: SectionSaved, 409: Problem, 422: Problem },
      },
    },
    async (req) => saveSection(ctx, requireActor(req), req.params.id, req.params.code, req.body.version, req.body.data, { ip: req.ip }),
  );

  app.post(
    '/applications/:id/attachments',
    {
      schema: {
        summary: '上传附件（multipart：sectionCode、rowId（表格行的附件）、slot、file；JPG图片，或PDF（每页转为一张图片））',
        tags,
        params: IdParams,
        consumes: ['multipart/form-data'],
        // 200: the same image was already in this slot
        response: { 200: AttachmentUploaded, 201: AttachmentUploaded, 409: Problem, 413: Problem, 422: Problem, 429: Problem },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      // Issue 9 item 8: the slot, ownership and limits come before a byte of the file is read.
      const release = app.uploadSlots.take(actor.userId);
      try {
        const prepared = await prepareUpload(ctx, actor, req.params.id);
        const { fields, file } = await readForm(req, prepared.limits.maxBytes);
        if (!file) throw new Refused('INVALID_INPUT', '没有收到文件，请选择JPG图片或PDF文件后上传');
        const { created, attachment, pages } = await uploadAttachment(
          ctx,
          actor,
          req.params.id,
          { sectionCode: fields.sectionCode ?? '', rowId: fields.rowId ?? null, slot: fields.slot ?? '', originalName: file.name, bytes: file.bytes },
          { ip: req.ip },
          prepared,
        );
        return reply.code(created ? 201 : 200).send({ ...attachment, pages });
      } finally {
        release();
      }
    },
  );

  app.delete(
    '/applications/:id/attachments/:attachmentId',
    { schema: { summary: '删除附件', tags, params: AttachmentParams, response: { 204: NoContent, 409: Problem } } },
    async (req, reply) => {
      await deleteAttachment(ctx, requireActor(req), req.params.id, req.params.attachmentId, { ip: req.ip });
      return reply.code(204).send();
    },
  );

  app.post(
    '/applications/:id/submit',
    { schema: { summary: '提交到推荐单位', tags, params: IdParams, body: SubmitBody, response: { 200: Submitted, 409: Problem, 422: Problem } } },
    async (req) => submitDeclaration(ctx, requireActor(req), req.params.id, req.body.version, { ip: req.ip }),
  );
}
