// Schemas of the applicant's declaration (A1–A14): request bodies, then the answers.
import { Type } from 'typebox';
import { LevelCode, Nullable, NullableString } from './common.schema';

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
  // 'warning': shown but not blocking submission (a 否 image in which detection found identity)
  severity: Type.Optional(Type.Literal('warning')),
});

// ── Answers ────────────────────────────────────────────────────────────────────────────────

/** A cell of a section: any JSON value on the wire (the service checks types on save). */
const CellView = Type.Unsafe<string | number | boolean | null>({ title: '值' });

export const SectionDataView = Type.Object({
  fields: Type.Record(Type.String(), CellView),
  rows: Type.Array(Type.Record(Type.String(), CellView)),
});

export const ApplicationListItem = Type.Object({
  id: Type.Integer(),
  year: Type.Integer(),
  status: Type.String(),
  statusLabel: Type.String(),
  level: LevelCode,
  levelLabel: Type.String(),
  series: Type.String(),
  specialtyName: Type.String(),
  recommendingOrgName: Type.String(),
  updatedAt: Type.String(),
});
export const ApplicationList = Type.Object({ items: Type.Array(ApplicationListItem) });

export const ApplicationSummary = Type.Object({
  id: Type.Integer(),
  year: Type.Integer(),
  status: Type.String(),
  statusLabel: Type.String(),
  version: Type.Integer(),
  editable: Type.Boolean(),
  series: Type.String(),
  specialtyName: Type.String(),
  level: LevelCode,
  levelLabel: Type.String(),
  recommendingOrgName: Type.String(),
  returnReason: NullableString,
  returnDeadlineAt: NullableString,
  submittedAt: NullableString,
});

/** The year's policy values the applicant's forms check against (STYLE §2). */
export const ApplicantPolicy = Type.Object({
  summaryMinChars: Type.Integer(),
  summaryMaxChars: Type.Integer(),
  appraisalYears: Type.Array(Type.Integer()),
  cePublicYears: Type.Array(Type.Integer()),
  ceProfessionalYears: Type.Array(Type.Integer()),
  uploadMaxBytes: Type.Integer(),
});

export const AttachmentView = Type.Object({
  id: Type.Integer(),
  sectionCode: Type.String(),
  /** The row (its stable id) of a per-row slot, and where that row now stands (0-based); null for a section slot. */
  rowId: NullableString,
  rowIndex: Nullable(Type.Integer()),
  /** Slot key (section-fields.ts). */
  slot: Type.String(),
  /** Raised by each decision about this image. */
  version: Type.Integer(),
  originalName: Type.String(),
  width: Type.Integer(),
  height: Type.Integer(),
  bytes: Type.Integer(),
  url: Type.String(),
  thumbUrl: Type.String(),
  maskedUrl: Type.String(),
  maskStatus: NullableString,
  needsMasking: Nullable(Type.Boolean()),
});

/**
 * An upload's answer: the (first) image, and every image it became in page order — one for a JPG,
 * one per page for a PDF (issue 11).
 */
export const AttachmentUploaded = Type.Object({
  ...AttachmentView.properties,
  pages: Type.Array(AttachmentView, { title: '按页顺序的全部图片' }),
});

/** The applicant's declaration: every section, the attachments (originals) and the checklist. */
export const ApplicationDetail = Type.Object({
  application: ApplicationSummary,
  policy: ApplicantPolicy,
  sections: Type.Record(Type.String(), SectionDataView),
  /** What a section save names as the version it edited; 0 for a section never stored. */
  sectionVersions: Type.Record(Type.String(), Type.Integer()),
  attachments: Type.Array(AttachmentView),
  problems: Type.Array(ProblemItem),
});

export const SectionSaved = Type.Object({ version: Type.Integer(), data: SectionData, problems: Type.Array(ProblemItem) });
export const Submitted = Type.Object({ status: Type.String(), statusLabel: Type.String(), version: Type.Integer() });
export const TimelineItem = Type.Object({
  at: Type.String(),
  actorName: NullableString,
  action: Type.String(),
  actionLabel: Type.String(),
  fromStatus: NullableString,
  fromLabel: NullableString,
  toStatus: NullableString,
  toLabel: NullableString,
  reason: NullableString,
});
export const Timeline = Type.Object({ items: Type.Array(TimelineItem) });
