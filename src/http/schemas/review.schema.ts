// Schemas of the review chain (unit, competent, committee, bureau): request bodies and query
// strings, then the answers of the stage file routes.
import { Type } from 'typebox';
import { NullableString, StringEnum } from './common.schema';
import { PageQuery, Paged, SearchText } from './paging.schema';
import { ApplicationDetail, ApplicationSummary } from './declaration.schema';
import type { Event } from '../../domain/state-machine';

const Version = Type.Integer({ title: '版本号', minimum: 1 });
const DateStr = (title: string) => Type.String({ title, pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

/** Sort keys of a stage's list (review-list.service.ts maps each to its column). */
export const FILE_SORTS = ['updatedAt', 'submittedAt', 'applicantName', 'fileCode'] as const;

export const FileListQuery = PageQuery(FILE_SORTS, {
  status: Type.Optional(Type.String({ title: '状态', maxLength: 40 })),
  series: Type.Optional(Type.String({ title: '系列', maxLength: 40 })),
  specialtyId: Type.Optional(Type.Integer({ title: '专业', minimum: 1 })),
  level: Type.Optional(Type.Union([Type.Literal('junior'), Type.Literal('middle'), Type.Literal('deputy_senior'), Type.Literal('senior')], { title: '级别' })),
  unitId: Type.Optional(Type.Integer({ title: '推荐单位', minimum: 1 })),
  q: SearchText,
  year: Type.Optional(Type.Integer({ title: '评审年度', minimum: 2000, maximum: 2100 })),
});

export const ReturnBody = Type.Object(
  { version: Version, reason: Type.String({ title: '退回原因', maxLength: 1000 }) },
  { additionalProperties: false },
);

export const OpinionBody = Type.Object(
  { version: Version, opinion: Type.Optional(Type.String({ title: '审核意见', maxLength: 1000 })) },
  { additionalProperties: false },
);

export const PublicityBody = Type.Object(
  {
    version: Version,
    startsOn: Type.Optional(DateStr('公示开始日期')),
    officeName: Type.String({ title: '受理反映的科室', minLength: 1, maxLength: 60 }),
    supervisionPhone: Type.String({ title: '监督电话', minLength: 5, maxLength: 40 }),
    politicalConditions: Type.Optional(Type.String({ title: '思想政治条件', maxLength: 2000 })),
    achievements: Type.Optional(Type.String({ title: '业绩成果', maxLength: 5000 })),
  },
  { additionalProperties: false },
);

export const ObjectionBody = Type.Object(
  {
    content: Type.String({ title: '异议内容', minLength: 1, maxLength: 2000 }),
    raisedBy: Type.Optional(Type.String({ title: '反映人', maxLength: 60 })),
    raisedOn: Type.Optional(DateStr('提出日期')),
  },
  { additionalProperties: false },
);

export const ResolveBody = Type.Object({ resolution: Type.String({ title: '核实处理结果', minLength: 1, maxLength: 2000 }) }, { additionalProperties: false });

export const ObjectionParams = Type.Object({
  id: Type.Integer({ minimum: 1, title: '申报编号' }),
  objectionId: Type.Integer({ minimum: 1, title: '异议编号' }),
});

export const YearQuery = Type.Object({ year: Type.Integer({ title: '评审年度', minimum: 2000, maximum: 2100 }) }, { additionalProperties: false });
export const YearBody = YearQuery;

export const FindingBody = Type.Object(
  {
    idNumber: Type.String({ title: '身份证号', minLength: 1, maxLength: 20 }),
    finding: Type.String({ title: '失信行为', minLength: 1, maxLength: 2000 }),
    decidedOn: DateStr('处理决定日期'),
    documentRef: Type.String({ title: '处理决定文号', minLength: 1, maxLength: 200 }),
    revokeApplicationId: Type.Optional(Type.Integer({ title: '撤销的职称申报', minimum: 1 })),
    revokeFileCode: Type.Optional(Type.String({ title: '撤销职称的档案编号', maxLength: 20, pattern: '^\\s*(\\d{4}-[A-Za-z]{1,6}-\\d{4,5})?\\s*$' })),
  },
  { additionalProperties: false },
);

export const IdNumberQuery = Type.Object({ idNumber: Type.Optional(Type.String({ title: '身份证号', maxLength: 20 })) }, { additionalProperties: false });

export const ApproveEntrustmentBody = Type.Object(
  { letterNo: Type.String({ title: '委托函文号', minLength: 1, maxLength: 100 }), note: Type.Optional(Type.String({ title: '审批意见', maxLength: 1000 })) },
  { additionalProperties: false },
);
export const RejectEntrustmentBody = Type.Object({ note: Type.String({ title: '不予批准的理由', minLength: 1, maxLength: 1000 }) }, { additionalProperties: false });

export const TransitionResult = Type.Object({
  status: Type.String(),
  statusLabel: Type.String(),
  version: Type.Integer(),
  returnDeadlineAt: Type.Union([Type.String(), Type.Null()]),
});

export const DocumentParams = Type.Object({
  id: Type.Integer({ minimum: 1, title: '申报编号' }),
  kind: Type.Union([Type.Literal('publicity_notice'), Type.Literal('publicity_result'), Type.Literal('competent_recommendation'), Type.Literal('ce_exemption')], { title: '文书' }),
});
export const DocumentQuery = Type.Object(
  {
    format: Type.Optional(Type.Union([Type.Literal('pdf'), Type.Literal('docx')], { title: '格式' })),
    // C1: the competent unit prints 附件4 with the opinion it is typing, before it recommends
    opinion: Type.Optional(Type.String({ maxLength: 1000, title: '主管单位推荐意见' })),
  },
  { additionalProperties: false },
);

// ── Answers ────────────────────────────────────────────────────────────────────────────────

export const REVIEW_STAGES = ['unit', 'competent', 'committee'] as const;
export const ReviewStage = StringEnum(REVIEW_STAGES);

/** An event of the state machine a stage may apply to a file now (U1–U3, C1, R1–R2). */
const ReviewEvent = Type.Unsafe<Event>(Type.String());

/** Time left of a publicity period, computed at answer time. */
const Countdown = {
  ended: Type.Boolean(),
  /** calendar days left, today included */
  daysLeft: Type.Integer(),
  workingDaysLeft: Type.Integer(),
};

export const ReviewListItem = Type.Object({
  id: Type.Integer(),
  year: Type.Integer(),
  status: Type.String(),
  statusLabel: Type.String(),
  version: Type.Integer(),
  level: ApplicationSummary.properties.level,
  levelLabel: Type.String(),
  fileCode: NullableString,
  applicantName: Type.String(),
  series: Type.String(),
  specialtyName: Type.String(),
  recommendingOrgId: Type.Integer(),
  recommendingOrgName: Type.String(),
  submittedAt: NullableString,
  updatedAt: Type.String(),
  returnDeadlineAt: NullableString,
  publicity: Type.Union([Type.Object({ startsOn: Type.String(), endsOn: Type.String(), ...Countdown }), Type.Null()]),
});
export const ReviewList = Paged(ReviewListItem);

export const PublicityView = Type.Object({
  id: Type.Integer(),
  startsOn: Type.String(),
  endsOn: Type.String(),
  workingDays: Type.Integer(),
  officeName: Type.String(),
  supervisionPhone: Type.String(),
  resultIssuedOn: NullableString,
  ...Countdown,
});

export const ObjectionView = Type.Object({
  id: Type.Integer(),
  publicityId: Type.Integer(),
  raisedBy: Type.String(),
  raisedOn: Type.String(),
  content: Type.String(),
  resolution: NullableString,
  resolvedAt: NullableString,
  recordedAt: Type.String(),
});

export const OpinionView = Type.Object({
  id: Type.Integer(),
  stage: Type.String(),
  text: Type.String(),
  at: Type.String(),
  authorName: Type.String(),
});

export const ReviewDocumentView = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  originalName: Type.String(),
  uploadedAt: Type.String(),
  url: Type.String(),
});

/** GET /api/<stage>/applications/:id: the declaration with originals plus what the stage needs. */
export const ReviewFile = Type.Object({
  ...ApplicationDetail.properties,
  stage: ReviewStage,
  actions: Type.Array(ReviewEvent),
  recommendRefusal: Type.Union([Type.Object({ code: Type.String(), message: Type.String() }), Type.Null()]),
  /** Scans this stage must upload before forwarding this file (附件2–4 under the policy stamped_scans_required; U5 the dispatching unit's approval), and whether they are in. */
  requiredScans: Type.Array(Type.Object({ kind: Type.String(), title: Type.String(), uploaded: Type.Boolean() })),
  /** U5: the applicant declared an aid posting (A13). */
  aidPosting: Type.Boolean(),
  defaultOpinion: Type.String(),
  publicity: Type.Union([PublicityView, Type.Null()]),
  objections: Type.Array(ObjectionView),
  opinions: Type.Array(OpinionView),
  reviewDocuments: Type.Array(ReviewDocumentView),
});

export const ReviewDocumentUploaded = Type.Object({ id: Type.Integer(), kind: Type.String(), label: Type.String(), url: Type.String() });

export const PublicityStarted = Type.Object({ ...TransitionResult.properties, startsOn: Type.String(), endsOn: Type.String(), workingDays: Type.Integer() });
export const ObjectionResolved = Type.Object({ ok: Type.Boolean() });

// ── Batch actions (issue 11 "Work in bulk") ────────────────────────────────────────────────

const BatchItems = Type.Array(
  Type.Object({ id: Type.Integer({ minimum: 1, title: '申报编号' }), version: Version }, { additionalProperties: false }),
  { title: '所选材料', minItems: 1, maxItems: 100 },
);

export const BatchPublicityBody = Type.Object(
  {
    items: BatchItems,
    startsOn: PublicityBody.properties.startsOn,
    officeName: PublicityBody.properties.officeName,
    supervisionPhone: PublicityBody.properties.supervisionPhone,
  },
  { additionalProperties: false },
);

export const BatchOpinionBody = Type.Object({ items: BatchItems, opinion: OpinionBody.properties.opinion }, { additionalProperties: false });

export const BatchOutcome = Type.Object({
  id: Type.Integer(),
  ok: Type.Boolean(),
  outcome: StringEnum(['成功', '失败'] as const),
  code: NullableString,
  message: Type.String(),
  status: NullableString,
  statusLabel: NullableString,
  version: Type.Union([Type.Integer(), Type.Null()]),
});
export const BatchResult = Type.Object({ results: Type.Array(BatchOutcome), succeeded: Type.Integer(), failed: Type.Integer() });
