// 系统管理 (issue 10): review years and their policy, as the bureau administrator edits them.
import { Type } from 'typebox';
import { POLICY_KINDS } from '../../domain/policy';
import { Nullable, NullableString, StringEnum } from './common.schema';

export const YearParams = Type.Object({ year: Type.Integer({ minimum: 1990, maximum: 2100, title: '评审年度' }) });

/** One setting as the form shows it; the form is built from this list (src/domain/policy.ts). */
export const PolicyField = Type.Object({
  key: Type.String({ title: '设置项' }),
  kind: StringEnum(POLICY_KINDS, { title: '取值类型' }),
  title: Type.String({ title: '名称' }),
  description: Type.String({ title: '说明' }),
});

/** policy_year.settings as stored: snake_case keys, values by kind (year lists, counts, dates, fractions). */
const Settings = Type.Record(Type.String(), Type.Unknown(), { title: '评审政策设置' });

export const ReviewYear = Type.Object({
  year: Type.Integer(),
  isOpen: Type.Boolean(),
  settings: Settings,
  fileCount: Type.Integer({ description: '该年度的申报材料份数' }),
});

export const ReviewYearList = Type.Object({ fields: Type.Array(PolicyField), items: Type.Array(ReviewYear) });

export const YearOpened = Type.Object({ year: Type.Integer(), copiedFrom: Type.Integer(), isOpen: Type.Boolean(), settings: Settings });
export const YearClosed = Type.Object({ year: Type.Integer(), isOpen: Type.Boolean() });

export const PolicyPreviewBody = Type.Object(
  { settings: Type.Record(Type.String(), Type.Unknown(), { title: '要修改的评审政策设置' }) },
  { additionalProperties: false },
);

export const PolicyUpdateBody = Type.Object(
  {
    settings: Type.Record(Type.String(), Type.Unknown(), { title: '要修改的评审政策设置' }),
    confirmAffected: Type.Optional(Type.Integer({ minimum: 0, title: '已确认受影响的材料份数' })),
  },
  { additionalProperties: false },
);

const AffectedFile = Type.Object({
  applicationId: Type.Integer(),
  fileCode: NullableString,
  label: Type.String(),
  status: Type.String(),
  statusLabel: Type.String(),
});

export const PolicyChangeResult = Type.Object({
  year: Type.Integer(),
  changes: Type.Array(Type.Object({ key: Type.String(), title: Type.String(), from: Type.Unknown(), to: Type.Unknown() })),
  affected: Type.Object({ count: Type.Integer(), files: Type.Array(AffectedFile) }),
});

const DATE = '^\\d{4}-\\d{2}-\\d{2}$';

/** Filters of the audit log viewer; the Excel export takes the same ones without paging. */
export const AuditFilterQuery = Type.Object(
  {
    person: Type.Optional(Type.String({ maxLength: 50, title: '操作人（账号或姓名）' })),
    fileCode: Type.Optional(Type.String({ maxLength: 20, title: '材料编号' })),
    action: Type.Optional(Type.String({ maxLength: 50, title: '操作' })),
    from: Type.Optional(Type.String({ pattern: DATE, title: '开始日期' })),
    to: Type.Optional(Type.String({ pattern: DATE, title: '结束日期' })),
  },
  { additionalProperties: false },
);

export const AuditSearchQuery = Type.Object(
  {
    ...AuditFilterQuery.properties,
    page: Type.Integer({ minimum: 1, default: 1, title: '页码' }),
    pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 20, title: '每页条数' }),
  },
  { additionalProperties: false },
);

export const AuditEntry = Type.Object({
  id: Type.String(),
  at: Type.String({ format: 'date-time' }),
  actorName: NullableString,
  actorUsername: NullableString,
  action: Type.String(),
  actionLabel: Type.String(),
  applicationId: Nullable(Type.Integer()),
  fileCode: NullableString,
  fromStatus: NullableString,
  toStatus: NullableString,
  reason: NullableString,
  detail: NullableString,
  ip: NullableString,
});

export const AuditPage = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  items: Type.Array(AuditEntry),
  actions: Type.Array(Type.Object({ action: Type.String(), label: Type.String() })),
});

// ── 系列与专业 ─────────────────────────────────────────────────────────────────────────────────

const Specialty = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  committeeId: Nullable(Type.Integer()),
  committeeName: NullableString,
  active: Type.Boolean(),
  fileCount: Type.Integer({ description: '使用该专业的申报材料份数' }),
});

export const SpecialtyCatalog = Type.Object({
  series: Type.Array(Type.Object({ seriesCode: Type.String(), series: Type.String(), specialties: Type.Array(Specialty) })),
  committees: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), active: Type.Boolean() })),
});

export const NewSpecialtyBody = Type.Object(
  {
    seriesCode: Type.String({ minLength: 1, maxLength: 6, title: '系列代码' }),
    series: Type.String({ minLength: 1, maxLength: 50, title: '系列名称' }),
    name: Type.String({ minLength: 1, maxLength: 50, title: '专业名称' }),
    committeeId: Nullable(Type.Integer({ minimum: 1, title: '评审委员会' })),
  },
  { additionalProperties: false },
);

export const SpecialtyChangeBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 50, title: '专业名称' })),
    committeeId: Type.Optional(Nullable(Type.Integer({ minimum: 1, title: '评审委员会' }))),
    active: Type.Optional(Type.Boolean({ title: '启用' })),
  },
  { additionalProperties: false },
);

export const SpecialtyChanged = Type.Object({ id: Type.Integer(), changed: Type.Array(Type.String()) });

export const SeriesParams = Type.Object({ seriesCode: Type.String({ pattern: '^[A-Z]{1,6}$', title: '系列代码' }) });
export const SeriesRenameBody = Type.Object({ series: Type.String({ minLength: 1, maxLength: 50, title: '系列名称' }) }, { additionalProperties: false });
export const SeriesRenamed = Type.Object({ seriesCode: Type.String(), series: Type.String() });
