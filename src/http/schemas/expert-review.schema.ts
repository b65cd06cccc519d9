// Schemas of the expert review area: meetings, the expert's anonymised view, ballots, results,
// certificates and the dashboard. Response schemas of expert routes are the blind-review safety
// net (STYLE §6): Fastify serialises only the fields declared here, and ExpertApplicationView
// declares no name, ID number, unit or original image.
import { Type } from 'typebox';
import { LevelCode } from './common.schema';

const LevelSchema = Type.Union([Type.Literal('junior'), Type.Literal('middle'), Type.Literal('deputy_senior'), Type.Literal('senior')], { title: '级别' });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const NullableString = Nullable(Type.String());

export const FileCode = Type.String({ pattern: '^\\d{4}-[A-Z]{1,6}-\\d{4,5}$', title: '档案编号' });
export const MeetingParams = Type.Object({ id: Type.Integer({ minimum: 1, title: '评审会编号' }) });
export const FileParams = Type.Object({ code: FileCode });
export const MeetingFileParams = Type.Object({ id: Type.Integer({ minimum: 1, title: '评审会编号' }), code: FileCode });
export const MeetingAppParams = Type.Object({
  id: Type.Integer({ minimum: 1, title: '评审会编号' }),
  applicationId: Type.Integer({ minimum: 1, title: '申报编号' }),
});

export const Criterion = Type.Object(
  {
    key: Type.String({ pattern: '^[a-z][a-z0-9_]{0,31}$', title: '评分项代码' }),
    title: Type.String({ minLength: 1, maxLength: 30, title: '评分项名称' }),
    max: Type.Integer({ minimum: 1, maximum: 1000, title: '满分' }),
  },
  { additionalProperties: false, title: '评分项' },
);

// ── Expert ──────────────────────────────────────────────────────────────────────────────────

/** What an expert sees of a meeting they sit on. */
const expertMeetingHead = {
  id: Type.Integer(),
  title: Type.String(),
  year: Type.Integer(),
  series: Type.String(),
  level: Type.String(),
  levelLabel: Type.String(),
  status: Type.String(),
  statusLabel: Type.String(),
  scheduledAt: Type.String(),
  isPresent: Type.Boolean(),
};

export const ExpertMeeting = Type.Object({ ...expertMeetingHead, assignedCount: Type.Integer(), submittedCount: Type.Integer() });

export const ExpertFileItem = Type.Object({
  fileCode: Type.String(),
  series: Type.String(),
  specialtyName: Type.String(),
  level: Type.String(),
  levelLabel: Type.String(),
  isAssigned: Type.Boolean(),
  reviewSubmitted: Type.Boolean(),
  hasVoted: Type.Boolean(),
  canVote: Type.Boolean(),
});

export const ExpertMeetingDetail = Type.Object({
  meeting: Type.Object(expertMeetingHead),
  files: Type.Array(ExpertFileItem),
});

const CellValue = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]);
const SectionView = Type.Object({
  fields: Type.Record(Type.String(), CellValue),
  rows: Type.Array(Type.Record(Type.String(), CellValue)),
});

/** B5: no A1 (name, ID, photo, unit) key at all, so Fastify drops it even if a bug supplies it. */
export const ExpertSections = Type.Object({
  A2: Type.Optional(SectionView),
  A3: Type.Optional(SectionView),
  A4: Type.Optional(SectionView),
  A5: Type.Optional(SectionView),
  A6: Type.Optional(SectionView),
  A7: Type.Optional(SectionView),
  A8: Type.Optional(SectionView),
  A9: Type.Optional(SectionView),
  A10: Type.Optional(SectionView),
  A11: Type.Optional(SectionView),
  A12: Type.Optional(SectionView),
  A13: Type.Optional(SectionView),
});

export const ExpertApplicationView = Type.Object(
  {
    fileCode: Type.String(),
    year: Type.Integer(),
    series: Type.String(),
    specialtyName: Type.String(),
    level: Type.String(),
    levelLabel: Type.String(),
    meeting: Type.Object({ id: Type.Integer(), title: Type.String(), status: Type.String(), statusLabel: Type.String() }),
    sections: ExpertSections,
    // masked URLs only; no original name, no original or thumbnail URL
    attachments: Type.Array(
      Type.Object({
        id: Type.Integer(),
        sectionCode: Type.String(),
        // the row's position (0-based) for a per-row slot, null for a section-level slot
        rowIndex: Type.Union([Type.Integer(), Type.Null()]),
        slot: Type.String(),
        width: Type.Integer(),
        height: Type.Integer(),
        maskedUrl: Type.String(),
        maskedThumbUrl: Type.String(),
      }),
    ),
    criteria: Type.Array(Type.Object({ key: Type.String(), title: Type.String(), max: Type.Integer() })),
    review: Type.Object({
      opinion: Type.String(),
      scores: Type.Record(Type.String(), Type.Number()),
      submitted: Type.Boolean(),
      submittedAt: NullableString,
    }),
  },
  { title: '评审材料（匿名）' },
);

export const ReviewBody = Type.Object(
  {
    opinion: Type.String({ maxLength: 2000, title: '评审意见' }),
    scores: Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]{0,31}$' }), Type.Integer({ minimum: 0, maximum: 1000 }), { title: '评分' }),
    submit: Type.Boolean({ title: '是否提交（提交后不能修改）' }),
  },
  { additionalProperties: false },
);
export const ReviewSaved = Type.Object({ fileCode: Type.String(), submitted: Type.Boolean() });

export const VoteBody = Type.Object(
  { choice: Type.Union([Type.Literal('approve'), Type.Literal('reject'), Type.Literal('abstain')], { title: '表决意见（同意/不同意/弃权）' }) },
  { additionalProperties: false },
);
export const VoteCast = Type.Object({
  fileCode: Type.String(),
  hasVoted: Type.Boolean(),
  /** When the vote was recorded, for the expert's confirmation only; the server keeps no time of it. */
  recordedAt: Type.String({ format: 'date-time' }),
});

export const SelfConflictBody = Type.Object(
  { reason: Type.String({ minLength: 2, maxLength: 500, title: '回避理由' }) },
  { additionalProperties: false },
);
export const SelfConflictRecorded = Type.Object({ fileCode: Type.String(), meetingId: Type.Integer(), message: Type.String() });

// ── Committee office ────────────────────────────────────────────────────────────────────────

/** 结束投票并计票: the tally key shown at 开始投票 (28 characters, dashes and spaces allowed). */
export const CloseBallotBody = Type.Object(
  {
    tallyKey: Type.String({ title: '计票密钥', minLength: 1, maxLength: 100 }),
    acceptMissing: Type.Optional(Type.Boolean({ title: '确认在有专家未投票的情况下结束投票' })),
  },
  { additionalProperties: false },
);

export const CreateMeetingBody = Type.Object(
  {
    year: Type.Integer({ minimum: 2000, maximum: 2100, title: '评审年度' }),
    series: Type.String({ minLength: 1, maxLength: 40, title: '系列' }),
    level: LevelSchema,
    title: Type.String({ minLength: 2, maxLength: 100, title: '会议名称' }),
    scheduledAt: Type.String({ format: 'date-time', title: '会议时间' }),
    reviewersPerFile: Type.Optional(Type.Integer({ minimum: 1, maximum: 9, title: '每份材料评审专家人数' })),
    criteria: Type.Optional(Type.Array(Criterion, { minItems: 1, maxItems: 12, title: '评分项' })),
    committeeOrgId: Type.Optional(Type.Integer({ minimum: 1, title: '评审委员会' })),
  },
  { additionalProperties: false },
);

export const UpdateMeetingBody = Type.Object(
  {
    title: Type.Optional(Type.String({ minLength: 2, maxLength: 100, title: '会议名称' })),
    scheduledAt: Type.Optional(Type.String({ format: 'date-time', title: '会议时间' })),
    reviewersPerFile: Type.Optional(Type.Integer({ minimum: 1, maximum: 9, title: '每份材料评审专家人数' })),
    criteria: Type.Optional(Type.Array(Criterion, { minItems: 1, maxItems: 12, title: '评分项' })),
  },
  { additionalProperties: false },
);

export const RosterBody = Type.Object(
  { expertIds: Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 200, title: '评审专家' }) },
  { additionalProperties: false },
);

export const AttendanceBody = Type.Object(
  {
    entries: Type.Array(
      Type.Object({ expertId: Type.Integer({ minimum: 1, title: '专家' }), isPresent: Type.Boolean({ title: '是否出席' }) }, { additionalProperties: false }),
      { maxItems: 200, title: '出席情况' },
    ),
  },
  { additionalProperties: false },
);

export const AutoAssignBody = Type.Object(
  { applicationIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 2000, title: '要分配的材料（不填为全部符合条件的材料）' })) },
  { additionalProperties: false },
);

export const HandAssignBody = Type.Object(
  { expertIds: Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 20, title: '评审专家' }) },
  { additionalProperties: false },
);

const ManualConflictKind = Type.Union([Type.Literal('declared'), Type.Literal('manual')], { title: '回避类型（申报人申请/办事机构指定）' });
export const ConflictBody = Type.Object(
  {
    applicationId: Type.Integer({ minimum: 1, title: '申报编号' }),
    expertId: Type.Integer({ minimum: 1, title: '专家' }),
    kind: ManualConflictKind,
    reason: Type.String({ minLength: 2, maxLength: 500, title: '回避理由' }),
  },
  { additionalProperties: false },
);
export const ConflictParams = Type.Object({
  id: Type.Integer({ minimum: 1, title: '评审会编号' }),
  applicationId: Type.Integer({ minimum: 1, title: '申报编号' }),
  expertId: Type.Integer({ minimum: 1, title: '专家' }),
  kind: ManualConflictKind,
});

export const ObjectionBody = Type.Object(
  {
    applicationId: Type.Integer({ minimum: 1, title: '申报编号' }),
    content: Type.String({ minLength: 2, maxLength: 2000, title: '异议内容' }),
    raisedBy: Type.Optional(Type.String({ maxLength: 100, title: '异议人' })),
    raisedOn: Type.Optional(Type.String({ format: 'date', title: '提出日期' })),
  },
  { additionalProperties: false },
);
export const ObjectionParams = Type.Object({
  id: Type.Integer({ minimum: 1, title: '评审会编号' }),
  objectionId: Type.Integer({ minimum: 1, title: '异议编号' }),
});
export const ResolveObjectionBody = Type.Object(
  {
    decision: Type.Union([Type.Literal('upheld'), Type.Literal('dismissed')], { title: '处理结论（异议成立/不成立）' }),
    resolution: Type.String({ minLength: 2, maxLength: 2000, title: '处理意见' }),
  },
  { additionalProperties: false },
);

/** Totals only (R4 secret ballot): no field can carry a voter. */
export const TallyView = Type.Object({
  meetingId: Type.Integer(),
  status: Type.String(),
  statusLabel: Type.String(),
  rosterSize: Type.Integer(),
  present: Type.Integer(),
  quorumNeeded: Type.Integer(),
  quorumReached: Type.Boolean(),
  passFraction: Type.Object({ num: Type.Integer(), den: Type.Integer() }),
  /** Policy ballot_missing_as_abstain: whether an eligible expert's missing vote counts as 弃权. */
  missingAsAbstain: Type.Boolean(),
  /** While voting: eligible votes not cast yet, over all files. */
  missingVotes: Type.Optional(Type.Integer()),
  files: Type.Array(
    Type.Object({
      applicationId: Type.Integer(),
      fileCode: Type.String(),
      votesCast: Type.Integer(),
      eligible: Type.Optional(Type.Integer()),
      approve: Type.Optional(Type.Integer()),
      reject: Type.Optional(Type.Integer()),
      abstain: Type.Optional(Type.Integer()),
      notVoted: Type.Optional(Type.Integer()),
      passed: Type.Optional(Type.Boolean()),
      isOverturned: Type.Optional(Type.Boolean()),
      resultLabel: Type.Optional(Type.String()),
    }),
  ),
});

// ── Public and bureau ───────────────────────────────────────────────────────────────────────

export const TokenParams = Type.Object({ token: Type.String({ minLength: 10, maxLength: 300, pattern: '^[A-Za-z0-9_.-]+$', title: '验证码' }) });

export const CertificateVerification = Type.Object({
  valid: Type.Boolean(),
  revoked: Type.Boolean(),
  holderName: Type.String(),
  number: Type.String(),
  series: Type.String(),
  specialty: Type.String(),
  level: Type.String(),
  levelLabel: Type.String(),
  issuedOn: Type.String(),
  issuer: Type.String(),
  revokedOn: NullableString,
});

export const RevokeBody = Type.Object({ reason: Type.String({ minLength: 2, maxLength: 500, title: '撤销理由' }) }, { additionalProperties: false });

export const YearQuery = Type.Object({ year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100, title: '评审年度' })) });

const CountItem = Type.Object({ key: Type.String(), label: Type.String(), count: Type.Integer() });
export const DashboardView = Type.Object({
  year: Type.Union([Type.Integer(), Type.Null()]),
  total: Type.Integer(),
  byStatus: Type.Array(CountItem),
  bySeries: Type.Array(CountItem),
  byUnit: Type.Array(CountItem),
  byYear: Type.Array(CountItem),
});

/** R4: the applicant's own results, with the certificate once issued. */
export const ApplicantResult = Type.Object({
  applicationId: Type.Integer(),
  year: Type.Integer(),
  series: Type.String(),
  specialtyName: Type.String(),
  level: LevelCode,
  levelLabel: Type.String(),
  status: Type.String(),
  statusLabel: Type.String(),
  /** The meeting is finalised: the result is final. */
  isFinal: Type.Boolean(),
  passed: Type.Boolean(),
  resultLabel: Type.String(),
  publicityStartsOn: NullableString,
  publicityEndsOn: NullableString,
  certificate: Type.Union([
    Type.Object({ number: Type.String(), issuedOn: Type.String(), revoked: Type.Boolean(), pdfUrl: Type.String(), verifyPath: Type.String() }),
    Type.Null(),
  ]),
});
export const ApplicantResultList = Type.Object({ items: Type.Array(ApplicantResult) });
export const CertificateRevoked = Type.Object({ id: Type.Integer(), number: Type.String(), revoked: Type.Boolean() });
