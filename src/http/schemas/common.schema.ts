// Pieces every area's schemas share: the problem document, id params, nullable values, string
// enums, and the declared answers that carry no JSON (204, files).
import { Type, type TSchema } from 'typebox';

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String(),
    detail: Type.String(),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
  },
  { $id: 'Problem', title: '错误（problem+json）' },
);

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, title: '编号' }) });

export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
export const NullableString = Nullable(Type.String());
export const NullableInteger = Nullable(Type.Integer());

/**
 * A string from a known set, typed as the union of its values. Serialised as a plain string, so a
 * value outside the list still goes out as it is (a response schema must never throw on data).
 */
export const StringEnum = <const T extends readonly string[]>(values: T, options: { title?: string; description?: string } = {}) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });

export const LEVELS = ['junior', 'middle', 'deputy_senior', 'senior'] as const;
export const LevelCode = StringEnum(LEVELS, { title: '级别' });

/** `{ id }` of a created row. */
export const Created = Type.Object({ id: Type.Integer() });

/** 204: no body (typed `void`, so a handler answers with `reply.code(204).send()`). */
export const NoContent = Type.Unsafe<void>(Type.Null({ description: '无内容' }));

/**
 * A file answer (image, PDF, DOCX, Excel): declared for the API document; Fastify sends the Buffer
 * as it is, no serialiser involved.
 */
export function fileResponse(description: string, ...mimes: string[]) {
  return {
    description,
    content: Object.fromEntries(mimes.map((m) => [m, { schema: { type: 'string', format: 'binary' } }])),
  };
}

export const MIME = {
  jpeg: 'image/jpeg',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;
