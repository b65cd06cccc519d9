// One root error handler turns every error into application/problem+json (STYLE §6).
import fp from 'fastify-plugin';
import localize from 'ajv-i18n';
import type { FastifyError } from 'fastify';
import { Refused, type FieldError } from '../../domain/errors';
import { httpStatus, internalErrorDetail, problemBody } from '../problem';

interface AjvErrorLike {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
  parentSchema?: { title?: string };
}

function fieldName(e: AjvErrorLike): string {
  const base = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
  if (e.keyword === 'required') return [base, String(e.params.missingProperty)].filter(Boolean).join('.');
  if (e.keyword === 'additionalProperties') return [base, String(e.params.additionalProperty)].filter(Boolean).join('.');
  return base;
}

export const problemPlugin = fp(
  async (app) => {
    app.setErrorHandler((err: FastifyError & { validation?: AjvErrorLike[]; validationContext?: string }, req, reply) => {
      reply.type('application/problem+json');
      if (err instanceof Refused) {
        const status = httpStatus(err.code);
        return reply.code(status).send(problemBody(err.code, status, err.detail, err.errors));
      }
      if (err.validation) {
        const errs = err.validation as AjvErrorLike[];
        localize.zh(errs as never);
        const where = err.validationContext === 'body' ? '' : `${err.validationContext ?? ''}.`;
        const errors: FieldError[] = errs.map((e) => {
          const field = where + fieldName(e);
          const title = e.parentSchema?.title;
          const what = e.keyword === 'additionalProperties' ? '不是可接受的字段' : (e.message ?? '不正确');
          return { field, message: `${title ?? field}${what}` };
        });
        return reply.code(400).send(problemBody('VALIDATION', 400, `请求内容有误：${errors.map((e) => e.message).join('；')}`, errors));
      }
      if (err.code === 'FST_REQ_FILE_TOO_LARGE' || err.statusCode === 413) {
        return reply.code(413).send(problemBody('TOO_LARGE', 413, '上传文件过大，请压缩后重新上传'));
      }
      if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
        const code = err.statusCode === 404 ? 'NOT_FOUND' : 'VALIDATION';
        return reply.code(err.statusCode).send(problemBody(code, err.statusCode, `请求无法处理：${err.message}`));
      }
      req.log.error({ err }, 'unhandled error');
      return reply.code(500).send(problemBody('INTERNAL', 500, internalErrorDetail(req.id)));
    });
  },
  { name: 'problem' },
);
