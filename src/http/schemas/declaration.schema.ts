import { Type } from 'typebox';

export const CreateApplicationBody = Type.Object(
  {
    year: Type.Integer({ title: '评审年度', minimum: 2000, maximum: 2100 }),
    specialtyId: Type.Integer({ title: '系列/专业', minimum: 1 }),
    level: Type.Union([Type.Literal('junior'), Type.Literal('middle'), Type.Literal('deputy_senior'), Type.Literal('senior')], { title: '级别' }),
    recommendingOrgId: Type.Integer({ title: '推荐单位', minimum: 1 }),
  },
  { additionalProperties: false },
);

// No JSON type here on purpose: Fastify's ajv coerces types, and a union would turn true into "true".
// The service checks each value's type against the section definition.
const Cell = Type.Unknown({ title: '值' });

export const SectionBody = Type.Object(
  {
    // this section's version as last read (sectionVersions); 0 for a section never stored
    version: Type.Integer({ title: '版本号', minimum: 0 }),
    data: Type.Object(
      {
        fields: Type.Record(Type.String(), Cell, { title: '栏目内容' }),
        rows: Type.Array(Type.Record(Type.String(), Cell), { title: '表格行', maxItems: 50 }),
      },
      { additionalProperties: false, title: '栏目数据' },
    ),
  },
  { additionalProperties: false },
);

export const SectionParams = Type.Object({
  id: Type.Integer({ minimum: 1, title: '申报编号' }),
  code: Type.String({ pattern: '^A(1[0-3]|[1-9])$', title: '栏目' }),
});

export const SubmitBody = Type.Object({ version: Type.Integer({ title: '版本号', minimum: 1 }) }, { additionalProperties: false });

export const AttachmentParams = Type.Object({
  id: Type.Integer({ minimum: 1, title: '申报编号' }),
  attachmentId: Type.Integer({ minimum: 1, title: '附件编号' }),
});

/** A section as stored (rows carry their `rowId`), as a save answers it. */
const Value = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]);
export const SectionData = Type.Object({
  fields: Type.Record(Type.String(), Value),
  rows: Type.Array(Type.Record(Type.String(), Value)),
});

export const ProblemItem = Type.Object({
  section: Type.String(),
  field: Type.String(),
  code: Type.String(),
  message: Type.String(),
});
