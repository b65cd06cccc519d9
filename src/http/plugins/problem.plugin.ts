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

const FORM_LIMITS: Record<string, string> = {
  FST_FILES_LIMIT: '一次只能上传一个文件，请逐个上传',
  FST_FIELDS_LIMIT: '表单字段过多，请只提交上传所需的字段',
  FST_PARTS_LIMIT: '表单内容过多，请一次只上传一个文件并只提交所需字段',
};

/** PostgreSQL data exceptions a request value can cause, in words the user can act on. */
const DATA_EXCEPTION_DETAIL: Record<string, string> = {
  '22021': '请求内容含有空字符或无效编码，请删除特殊字符后重试',
  '22P05': '请求内容含有无法保存的字符，请删除特殊字符后重试',
  '22003': '请求中的数值超出范围，请检查编号或数字后重试',
  '22008': '请求中的日期或时间不存在，请改为实际日期后重试',
  '22007': '请求中的日期或时间格式有误，请按 YYYY-MM-DD 填写',
  other: '请求内容无法保存，请检查填写的内容后重试',
};

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
      // @fastify/multipart reports too many files, fields or parts as 413, which reads as "file too
      // large" though the file may be tiny: say what is actually wrong.
      const formLimit = FORM_LIMITS[err.code];
      if (formLimit) return reply.code(400).send(problemBody('VALIDATION', 400, formLimit));
      if (err.code === 'FST_REQ_FILE_TOO_LARGE' || err.statusCode === 413) {
        return reply.code(413).send(problemBody('TOO_LARGE', 413, '上传文件过大，请压缩后重新上传'));
      }
      if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
        const code = err.statusCode === 404 ? 'NOT_FOUND' : 'VALIDATION';
        return reply.code(err.statusCode).send(problemBody(code, err.statusCode, `请求无法处理：${err.message}`));
      }
      // Backstop for input-guard: a data exception (SQLSTATE class 22) raised by the database is
      // caused by a value in the request, not by the server.
      const sqlState = typeof err.code === 'string' && /^22[0-9A-Z]{3}$/.test(err.code) ? err.code : null;
      if (sqlState) {
        req.log.warn({ err }, 'data exception from the database');
        return reply.code(400).send(problemBody('VALIDATION', 400, DATA_EXCEPTION_DETAIL[sqlState] ?? DATA_EXCEPTION_DETAIL.other));
      }
      req.log.error({ err }, 'unhandled error');
      return reply.code(500).send(problemBody('INTERNAL', 500, internalErrorDetail(req.id)));
    });
  },
  { name: 'problem' },
);
