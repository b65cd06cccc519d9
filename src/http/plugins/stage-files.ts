// The routes every review stage registers in its own group (unit, competent, committee): its list
// of files, one file with originals, and scan uploads.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Refused } from '../../domain/errors';
import type { ReviewStage } from '../../domain/stage';
import { listFiles, openFile } from '../../services/review-list.service';
import { uploadReviewDocument } from '../../services/documents.service';
import { requireActor } from './session.plugin';
import { fileResponse, IdParams, Problem } from '../schemas/common.schema';
import { attachmentZip } from '../../services/attachment-zip.service';
import { FileListQuery, ReviewDocumentUploaded, ReviewFile, ReviewList } from '../schemas/review.schema';
import { readForm } from './read-form';

export function stageFileRoutes(fastify: FastifyInstance, stage: ReviewStage, label: string) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = app.ctx;
  const tags = [stage];
  app.get('/applications', { schema: { summary: `${label}：待审材料列表（分页；按状态、系列、专业、级别、推荐单位筛选，按姓名、身份证号或材料编号搜索）`, tags, querystring: FileListQuery, response: { 200: ReviewList, 400: Problem } } }, async (req) =>
    listFiles(ctx, requireActor(req), stage, req.query),
  );
  app.get('/applications/:id', { schema: { summary: `${label}：查看材料（含原件）`, tags, params: IdParams, response: { 200: ReviewFile, 404: Problem } } }, async (req) =>
    openFile(ctx, requireActor(req), stage, req.params.id),
  );
  app.get(
    '/applications/:id/attachments.zip',
    {
      schema: {
        summary: stage === 'committee' ? `${label}：下载全部附件（遮盖件，ZIP）` : `${label}：下载全部附件（原件，ZIP）`,
        tags,
        params: IdParams,
        response: { 200: fileResponse('附件压缩包（按栏目分文件夹，中文文件名）', 'application/zip'), 404: Problem },
      },
    },
    async (req, reply) => {
      const zip = await attachmentZip(ctx, requireActor(req), stage, req.params.id);
      reply.header('content-disposition', `attachment; filename="attachments.zip"; filename*=UTF-8''${encodeURIComponent(zip.fileName)}`);
      reply.header('cache-control', 'private, no-store');
      reply.header('x-content-type-options', 'nosniff');
      return reply.type('application/zip').send(zip.stream);
    },
  );
  app.post(
    '/applications/:id/documents',
    { schema: { summary: `${label}：上传盖章扫描件（multipart：kind、file，PDF或JPG）`, tags, params: IdParams, consumes: ['multipart/form-data'], response: { 201: ReviewDocumentUploaded, 404: Problem, 422: Problem } } },
    async (req, reply) => {
      const form = await readFormOrThrow(req);
      const doc = await uploadReviewDocument(ctx, requireActor(req), stage, req.params.id, form.fields.kind ?? '', form.file, { ip: req.ip });
      return reply.code(201).send(doc);
    },
  );
}

async function readFormOrThrow(req: Parameters<typeof readForm>[0]) {
  const form = await readForm(req);
  if (!form.file) throw new Refused('INVALID_INPUT', '没有收到文件，请选择PDF或JPG扫描件后上传');
  return { fields: form.fields, file: form.file };
}
