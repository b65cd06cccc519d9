// Input the schemas let through but the database cannot hold: a NUL character, a lone UTF-16
// surrogate, an integer beyond PostgreSQL's `integer` and a calendar date that does not exist
// (2026-02-30). Each used to end as a database error and a 500; here it becomes a 400 that names
// the field and says what to fix. Runs after schema validation, so params and query are coerced.
import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import { Refused, type FieldError } from '../../domain/errors';

/** Largest value of a PostgreSQL `integer` (int4): every id, version and count column. */
const INT4_MAX = 2_147_483_647;
const INT4_MIN = -2_147_483_648;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** A string that is a date, alone or at the start of a date-time (2026-02-30T10:00:00Z). */
const DATE_LIKE = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/;

interface SchemaNode {
  title?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  additionalProperties?: SchemaNode | boolean;
}

function child(schema: SchemaNode | undefined, key: string | number): SchemaNode | undefined {
  if (!schema) return undefined;
  if (typeof key === 'number') return schema.items;
  return schema.properties?.[key] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
}

function dateExists(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** What is wrong with one value, or null; `label` is the field's Chinese title or its path. */
export function valueProblem(value: unknown, label: string): string | null {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) return `${label}含有空字符（NUL），请删除后重新填写`;
    if (LONE_SURROGATE.test(value)) return `${label}含有无法识别的字符（不成对的代理字符，常见于复制粘贴的乱码），请重新输入`;
    const m = DATE_LIKE.exec(value);
    if (m && !dateExists(Number(m[1]), Number(m[2]), Number(m[3]))) {
      const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
      const why = mo < 1 || mo > 12 ? `没有${mo}月` : `${y}年${mo}月没有${d}日`;
      return `${label}的日期 ${m[1]}-${m[2]}-${m[3]} 不存在（${why}），请改为实际日期`;
    }
    return null;
  }
  if (typeof value === 'number' && Number.isInteger(value) && (value > INT4_MAX || value < INT4_MIN)) {
    return `${label}超出范围（不能大于 ${INT4_MAX}），请检查后重新填写`;
  }
  return null;
}

/** Walks params, query or body and lists every value the database could not store. */
export function findInputProblems(value: unknown, schema: SchemaNode | undefined, path: string, out: FieldError[]): void {
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return;
  if (Array.isArray(value)) {
    value.forEach((v, i) => findInputProblems(v, child(schema, i), `${path}[${i}]`, out));
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const p = path ? `${path}.${k}` : k;
      const keyProblem = valueProblem(k, `字段名 ${JSON.stringify(k)}`);
      if (keyProblem) out.push({ field: p, message: keyProblem });
      else findInputProblems(v, child(schema, k), p, out);
    }
    return;
  }
  const problem = valueProblem(value, schema?.title ?? (path || '请求内容'));
  if (problem) out.push({ field: path, message: problem });
}

function checkRequest(req: FastifyRequest): void {
  const schema = (req.routeOptions.schema ?? {}) as Record<string, SchemaNode | undefined>;
  const errors: FieldError[] = [];
  // Field paths as the schema-error handler writes them: body fields bare, the others prefixed.
  findInputProblems(req.params, schema.params, 'params', errors);
  findInputProblems(req.query, schema.querystring, 'querystring', errors);
  findInputProblems(req.body, schema.body, '', errors);
  if (errors.length) throw new Refused('VALIDATION', `请求内容有误：${errors.map((e) => e.message).join('；')}`, errors);
}

export const inputGuardPlugin = fp(
  async (app) => {
    app.addHook('preHandler', async (req) => checkRequest(req));
  },
  { name: 'input-guard', dependencies: ['problem'] },
);
