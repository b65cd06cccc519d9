// Answers of the committee office's review meetings (R4): the meeting, roster and attendance,
// assignment and 回避, results publicity and finalisation. Request bodies and the tally are in
// expert-review.schema.ts. These views are for the office only: they carry names and units.
import { Type } from 'typebox';
import { LevelCode, Nullable, NullableInteger, NullableString, StringEnum } from './common.schema';
import { PageQuery, Paged } from './paging.schema';

export const MEETING_STATUSES = ['planned', 'voting', 'closed', 'published', 'final'] as const;
export const MeetingStatus = StringEnum(MEETING_STATUSES);
export const CONFLICT_KINDS = ['same_unit', 'past_unit', 'declared', 'manual', 'expert_declared'] as const;

export const MeetingSummary = Type.Object({
  id: Type.Integer(),
  committeeOrgId: Type.Integer(),
  year: Type.Integer(),
  series: Type.String(),
  level: LevelCode,
  levelLabel: Type.String(),
  title: Type.String(),
  status: MeetingStatus,
  statusLabel: Type.String(),
  scheduledAt: Type.String(),
  reviewersPerFile: Type.Integer(),
  criteria: Type.Array(Type.Object({ key: Type.String(), title: Type.String(), max: Type.Integer() })),
  ballotOpenedAt: NullableString,
  ballotClosedAt: NullableString,
  publicityStartsOn: NullableString,
  publicityEndsOn: NullableString,
  finalisedAt: NullableString,
});

export const MeetingListItem = Type.Object({ ...MeetingSummary.properties, fileCount: Type.Integer(), expertCount: Type.Integer() });
export const MeetingList = Paged(MeetingListItem);
export const MeetingListQuery = PageQuery(['scheduledAt', 'title'] as const, {
  status: Type.Optional(StringEnum(MEETING_STATUSES, { title: '评审会状态' })),
  year: Type.Optional(Type.Integer({ title: '评审年度', minimum: 2000, maximum: 2100 })),
  series: Type.Optional(Type.String({ title: '系列', maxLength: 40 })),
  q: Type.Optional(Type.String({ title: '评审会名称', maxLength: 60 })),
});

export const RosterEntry = Type.Object({
  expertId: Type.Integer(),
  name: Type.String(),
  isPresent: Type.Boolean(),
  specialties: Type.Array(Type.String()),
  /** Files assigned to this expert in this meeting. */
  load: Type.Integer(),
});

export const MeetingFile = Type.Object({
  applicationId: Type.Integer(),
  fileCode: Type.String(),
  status: Type.String(),
  statusLabel: Type.String(),
  applicantName: Type.String(),
  recommendingOrgName: Type.String(),
  specialtyName: Type.String(),
  reviewers: Type.Array(Type.Object({ assignmentId: Type.Integer(), expertId: Type.Integer(), name: Type.String(), submitted: Type.Boolean() })),
});

export const MeetingConflict = Type.Object({
  applicationId: Type.Integer(),
  expertId: Type.Integer(),
  expertName: Type.String(),
  kind: StringEnum(CONFLICT_KINDS),
  kindLabel: Type.String(),
  reason: NullableString,
});

export const MeetingDetail = Type.Object({
  meeting: MeetingSummary,
  quorum: Type.Object({
    rosterSize: Type.Integer(),
    present: Type.Integer(),
    needed: Type.Integer(),
    reached: Type.Boolean(),
    fraction: Type.Object({ num: Type.Integer(), den: Type.Integer() }),
  }),
  roster: Type.Array(RosterEntry),
  files: Type.Array(MeetingFile),
  conflicts: Type.Array(MeetingConflict),
});

/**
 * 开始投票: the meeting, plus the ballot's private tally key. This answer is the only place the key
 * ever appears; the server keeps no copy (src/domain/ballot-crypto.ts).
 */
export const BallotOpened = Type.Object({
  ...MeetingDetail.properties,
  tallyKey: Type.String({ title: '计票密钥' }),
});

export const CommitteeExpert = Type.Object({ expertId: Type.Integer(), name: Type.String(), specialties: Type.Array(Type.String()) });
export const CommitteeExpertList = Type.Object({ items: Type.Array(CommitteeExpert) });

export const EligibleFile = Type.Object({
  applicationId: Type.Integer(),
  status: Type.String(),
  version: Type.Integer(),
  year: Type.Integer(),
  fileCode: NullableString,
  specialtyId: Type.Integer(),
  specialtyName: Type.String(),
  seriesCode: Type.String(),
  applicantName: Type.String(),
  recommendingOrgName: Type.String(),
});
export const EligibleFileList = Type.Object({ items: Type.Array(EligibleFile) });

export const AutoAssigned = Type.Object({ added: Type.Integer(), assigned: Type.Integer(), outsideSpecialty: Type.Integer() });
export const HandAssigned = Type.Object({ assigned: Type.Integer(), removed: Type.Integer() });

export const ResultsPublished = Type.Object({ startsOn: Type.String(), endsOn: Type.String(), workingDays: Type.Integer() });

export const ResultFile = Type.Object({
  applicationId: Type.Integer(),
  fileCode: Type.String(),
  applicantName: Type.String(),
  recommendingOrgName: Type.String(),
  series: Type.String(),
  specialtyName: Type.String(),
  level: LevelCode,
  levelLabel: Type.String(),
  status: Type.String(),
  statusLabel: Type.String(),
  passed: Nullable(Type.Boolean()),
  resultLabel: Type.String(),
  isOverturned: Type.Boolean(),
  certificateId: NullableInteger,
  certificateNumber: NullableString,
});

export const ResultObjection = Type.Object({
  id: Type.Integer(),
  applicationId: Type.Integer(),
  raisedBy: Type.String(),
  raisedOn: Type.String(),
  content: Type.String(),
  decision: Nullable(StringEnum(['upheld', 'dismissed'] as const)),
  resolution: NullableString,
  resolvedAt: NullableString,
});

export const MeetingResults = Type.Object({
  meetingId: Type.Integer(),
  status: MeetingStatus,
  statusLabel: Type.String(),
  publicityStartsOn: NullableString,
  publicityEndsOn: NullableString,
  files: Type.Array(ResultFile),
  objections: Type.Array(ResultObjection),
});

export const MeetingFinalised = Type.Object({ passed: Type.Integer(), failed: Type.Integer(), certificates: Type.Integer() });
export const CertificatesIssued = Type.Object({ issued: Type.Array(Type.Object({ applicationId: Type.Integer(), number: Type.String() })) });
