// The DB interface Kysely checks every query against. Change it in the same commit as a migration.
// Names are camelCase here because connection.ts installs CamelCasePlugin.
import type { ColumnType, Generated, GeneratedAlways, Insertable, Selectable, Updateable } from 'kysely';

// ColumnType must be outermost for Kysely, hence the spelled-out nullable/generated variants.
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T = unknown> = ColumnType<T, T | string, T | string>;
type NullableJson<T = unknown> = ColumnType<T | null, T | string | null | undefined, T | string | null>;

// Organisation kinds are the domain's words (src/domain/administration.ts says what each means).
import type { OrganisationKind } from '../domain/administration';
export type { OrganisationKind };
// Roles and levels are the domain's words; the columns hold exactly those strings.
import type { Role } from '../domain/access';
import type { Level } from '../domain/level';
import type { ScanKind } from '../domain/stage';
import type { Status as ApplicationStatus } from '../domain/state-machine';
export type { ApplicationStatus, Level, Role };
export type MaskStatus = 'pending' | 'detecting' | 'proposed' | 'masked' | 'not_needed' | 'failed';

export interface MaskRegion {
  kind: 'name' | 'unit' | 'seal' | 'face' | 'eyes' | 'manual';
  x: number;
  y: number;
  w: number;
  h: number;
  score: number;
  /** Why it was proposed: the text read there, when detection gives it (issue 12 item 4). */
  text?: string;
}

export interface OrganisationTable {
  id: Generated<number>;
  code: string;
  name: string;
  kind: OrganisationKind;
  parentId: number | null;
  aliases: ColumnType<string[], string[] | undefined, string[]>;
  /** Deactivated organisations keep their files; nobody new can join or choose them. */
  active: Generated<boolean>;
  createdAt: GeneratedTimestamp;
}

export interface AppUserTable {
  id: Generated<number>;
  username: string;
  displayName: string;
  idNumber: string | null;
  mobile: string | null;
  passwordHash: string;
  /** One-time password (first administrator, reset): only the password change is allowed. */
  isPasswordTemporary: Generated<boolean>;
  /** A deactivated account cannot log in; its history stays. */
  active: Generated<boolean>;
  createdAt: GeneratedTimestamp;
  /** The characters and character pairs of the lower-cased name, kept by the database: the search index. */
  nameGrams: GeneratedAlways<string[]>;
}

export interface MembershipTable {
  userId: number;
  organisationId: number | null;
  role: Role;
  specialties: ColumnType<string[], string[] | undefined, string[]>;
}

export interface SessionTable {
  tokenHash: string;
  userId: number;
  createdAt: GeneratedTimestamp;
  expiresAt: Timestamp;
  /** Last request on the session; idle longer than SESSION_IDLE_MINUTES ends it. */
  lastSeenAt: GeneratedTimestamp;
}

/** Login attempts per account or per IP (src/domain/login-throttle.ts decides). */
export interface LoginThrottleTable {
  key: string;
  failures: Generated<number>;
  lastFailureAt: NullableTimestamp;
  lockedUntil: NullableTimestamp;
}

export interface PolicyYearTable {
  year: number;
  settings: Json<Record<string, unknown>>;
  isOpen: Generated<boolean>;
}

export interface SpecialtyTable {
  id: Generated<number>;
  series: string;
  seriesCode: string;
  name: string;
  committeeId: number | null;
  /** Deactivated specialties keep their files; applicants no longer choose them (migration 202611300141). */
  active: Generated<boolean>;
}

export interface ApplicationTable {
  id: Generated<number>;
  applicantId: number;
  year: number;
  specialtyId: number;
  level: Level;
  recommendingOrgId: number;
  competentOrgId: number | null;
  committeeOrgId: number | null;
  status: Generated<ApplicationStatus>;
  version: Generated<number>;
  fileCode: string | null;
  returnReason: string | null;
  returnDeadlineAt: NullableTimestamp;
  submittedAt: NullableTimestamp;
  createdAt: GeneratedTimestamp;
  updatedAt: GeneratedTimestamp;
}

export interface SectionTable {
  applicationId: number;
  code: string;
  data: Json<Record<string, unknown>>;
  /** Raised by each save of this section; a save names the version it edited (409 if stale). */
  version: Generated<number>;
  updatedAt: GeneratedTimestamp;
}

export interface BlobTable {
  sha256: string;
  bytes: number;
  mime: string;
  width: number | null;
  height: number | null;
  createdAt: GeneratedTimestamp;
  /** First daily collection that found no row referring to it; null while referenced (issue 9 item 12). */
  unreferencedSince: NullableTimestamp;
  /** The uploaded attachment image shrunk to 32×32 grey levels, 2048 hex digits (issue 12 item 5). */
  phash: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface AttachmentTable {
  id: Generated<number>;
  applicationId: number;
  sectionCode: string;
  /** The row (section.data rows[].rowId) of a per-row slot; null for a section-level slot. */
  rowId: string | null;
  slot: Generated<string>;
  originalName: string;
  blobSha256: string;
  thumbSha256: string | null;
  sortOrder: Generated<number>;
  needsMasking: boolean | null;
  maskStatus: Generated<MaskStatus>;
  proposals: NullableJson<MaskRegion[]>;
  regions: NullableJson<MaskRegion[]>;
  leaks: NullableJson<MaskRegion[]>;
  orientation: Generated<number>;
  /** Clockwise degrees ZhiPing turned the upload by to make it upright (issue 12 item 4); 0 = as uploaded. */
  rotatedBy: Generated<number>;
  maskedSha256: string | null;
  maskedAt: NullableTimestamp;
  createdBy: number;
  createdAt: GeneratedTimestamp;
  /** Raised by each decision about this image (masking 是/否, boxes, the office's override). */
  version: Generated<number>;
}

export interface AuditLogTable {
  id: Generated<string>;
  actorId: number | null;
  trueActorId: number | null;
  applicationId: number | null;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  reason: string | null;
  detail: NullableJson<Record<string, unknown>>;
  ip: string | null;
  at: GeneratedTimestamp;
}

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';
export interface JobTable {
  id: Generated<string>;
  name: string;
  key: string | null;
  data: Json<Record<string, unknown>>;
  status: Generated<JobStatus>;
  runAt: GeneratedTimestamp;
  attempts: Generated<number>;
  progress: Generated<number>;
  lockedBy: string | null;
  lockedUntil: NullableTimestamp;
  /** 0 interactive, 1 normal, 2 batch (src/jobs/job-types.ts JOB_LANES) */
  lane: Generated<number>;
  /** whose work it is, for round-robin inside a lane: 'application:<id>' */
  owner: string | null;
  fairRank: Generated<number>;
  result: NullableJson<unknown>;
  error: string | null;
  createdAt: GeneratedTimestamp;
  updatedAt: GeneratedTimestamp;
}

export interface NotificationTable {
  id: Generated<string>;
  userId: number;
  applicationId: number | null;
  text: string;
  createdAt: GeneratedTimestamp;
  readAt: NullableTimestamp;
}

export interface DB {
  organisation: OrganisationTable;
  appUser: AppUserTable;
  membership: MembershipTable;
  session: SessionTable;
  policyYear: PolicyYearTable;
  specialty: SpecialtyTable;
  application: ApplicationTable;
  section: SectionTable;
  blob: BlobTable;
  attachment: AttachmentTable;
  auditLog: AuditLogTable;
  job: JobTable;
  notification: NotificationTable;
  loginThrottle: LoginThrottleTable;
}

export type Application = Selectable<ApplicationTable>;
export type NewApplication = Insertable<ApplicationTable>;
export type ApplicationUpdate = Updateable<ApplicationTable>;
export type Attachment = Selectable<AttachmentTable>;
export type Organisation = Selectable<OrganisationTable>;
export type Job = Selectable<JobTable>;

// ── Review chain (migration 202611270100-review-chain). `date` columns come back as 'YYYY-MM-DD'
// strings (connection.ts parsers); numeric as a string to keep cents exact.
type DateString = ColumnType<string, string, string>;
type NullableDateString = ColumnType<string | null, string | null | undefined, string | null>;

export interface PublicityTable {
  id: Generated<number>;
  applicationId: number;
  startsOn: DateString;
  endsOn: DateString;
  workingDays: number;
  officeName: string;
  supervisionPhone: string;
  notice: Json<Record<string, unknown>>;
  startedBy: number;
  createdAt: GeneratedTimestamp;
  resultIssuedOn: NullableDateString;
}

export interface ObjectionTable {
  id: Generated<number>;
  applicationId: number;
  publicityId: number;
  raisedBy: Generated<string>;
  raisedOn: DateString;
  content: string;
  recordedBy: number;
  recordedAt: Timestamp;
  resolution: string | null;
  resolvedBy: number | null;
  resolvedAt: NullableTimestamp;
}

export type OpinionStage = 'unit' | 'competent' | 'committee';
export interface OpinionTable {
  id: Generated<number>;
  applicationId: number;
  stage: OpinionStage;
  text: string;
  authorId: number;
  at: Timestamp;
}

export type ReviewDocumentKind = ScanKind;
export interface ReviewDocumentTable {
  id: Generated<number>;
  applicationId: number;
  kind: ReviewDocumentKind;
  blobSha256: string;
  originalName: string;
  uploadedBy: number;
  uploadedAt: Timestamp;
}

export interface FeeBatchTable {
  id: Generated<number>;
  recommendingOrgId: number;
  year: number;
  amount: ColumnType<string, string | number, string | number>;
  payer: string;
  paidAt: Timestamp;
  receiptSha256: string;
  recordedBy: number;
  recordedAt: Timestamp;
  confirmedBy: number | null;
  confirmedAt: NullableTimestamp;
}

export interface FeeItemTable {
  batchId: number;
  applicationId: number;
}

export interface IntegrityRecordTable {
  id: Generated<number>;
  idNumber: string;
  finding: string;
  decidedOn: DateString;
  documentRef: string;
  documentSha256: string | null;
  revokedApplicationId: number | null;
  revokedTitle: string | null;
  recordedBy: number;
  recordedAt: Timestamp;
}

export type EntrustmentKind = 'entrusted' | 'joint';
export type EntrustmentStatus = 'requested' | 'approved' | 'rejected';
export interface EntrustmentTable {
  id: Generated<number>;
  year: number;
  requesterOrgId: number;
  specialtyId: number;
  reason: string;
  targetOrgId: number | null;
  targetName: string;
  kind: EntrustmentKind;
  planSha256: string | null;
  status: Generated<EntrustmentStatus>;
  letterNo: string | null;
  letter: string | null;
  decisionNote: string | null;
  requestedBy: number;
  requestedAt: Timestamp;
  decidedBy: number | null;
  decidedAt: NullableTimestamp;
  /** R5 (migration 202611300302): the region's department's answer, recorded by the prefecture bureau. */
  regionRef: string | null;
  regionDecidedOn: NullableDateString;
  regionRecordedBy: number | null;
  regionRecordedAt: NullableTimestamp;
}

// Declaration merging adds the review-chain tables to DB without touching the block above.
export interface DB {
  publicity: PublicityTable;
  objection: ObjectionTable;
  opinion: OpinionTable;
  reviewDocument: ReviewDocumentTable;
  feeBatch: FeeBatchTable;
  feeItem: FeeItemTable;
  integrityRecord: IntegrityRecordTable;
  entrustment: EntrustmentTable;
}

// ── Expert review (migration 202611270200-expert-review): meetings, conflicts, assignments, the
// secret ballot, result objections and certificates.
export interface SettingTable {
  key: string;
  value: string;
  createdAt: GeneratedTimestamp;
}

export type MeetingStatus = 'planned' | 'voting' | 'closed' | 'published' | 'final';
export interface ScoreCriterion {
  key: string;
  title: string;
  max: number;
}
export interface MeetingTable {
  id: Generated<number>;
  committeeOrgId: number;
  year: number;
  series: string;
  level: Level;
  title: string;
  status: Generated<MeetingStatus>;
  scheduledAt: Timestamp;
  reviewersPerFile: Generated<number>;
  criteria: Json<ScoreCriterion[]>;
  ballotOpenedAt: NullableTimestamp;
  ballotClosedAt: NullableTimestamp;
  /** h = g^x of the ballot (src/domain/ballot-crypto.ts), 256 bytes; x is never stored. */
  ballotPublicKey: Uint8Array | null;
  publicityStartsOn: NullableDateString;
  publicityEndsOn: NullableDateString;
  finalisedAt: NullableTimestamp;
  createdBy: number;
  createdAt: GeneratedTimestamp;
}

export interface MeetingExpertTable {
  meetingId: number;
  expertId: number;
  isPresent: Generated<boolean>;
}

export interface MeetingApplicationTable {
  meetingId: number;
  applicationId: number;
  eligibleCount: number | null;
  approveCount: number | null;
  rejectCount: number | null;
  abstainCount: number | null;
  isPassed: boolean | null;
  isOverturned: Generated<boolean>;
}

export type ConflictKind = 'same_unit' | 'past_unit' | 'declared' | 'manual' | 'expert_declared';
export interface ConflictTable {
  applicationId: number;
  expertId: number;
  kind: ConflictKind;
  reason: string | null;
  createdBy: number | null;
  createdAt: GeneratedTimestamp;
}

export interface AssignmentTable {
  id: Generated<number>;
  meetingId: number;
  applicationId: number;
  expertId: number;
  opinion: string | null;
  scores: NullableJson<Record<string, number>>;
  submittedAt: NullableTimestamp;
  assignedBy: number;
  assignedAt: Timestamp;
}

export interface BallotCastTable {
  meetingId: number;
  applicationId: number;
  expertId: number;
}

export type VoteChoice = 'approve' | 'reject' | 'abstain';
/** The encrypted sum of a file's votes while voting (migration 202611291200-ballot-box). */
export interface BallotBoxTable {
  meetingId: number;
  applicationId: number;
  ciphertext: Uint8Array;
}

export type ObjectionDecision = 'upheld' | 'dismissed';
export interface ResultObjectionTable {
  id: Generated<number>;
  meetingId: number;
  applicationId: number;
  raisedBy: Generated<string>;
  raisedOn: DateString;
  content: string;
  recordedBy: number;
  recordedAt: Timestamp;
  decision: ObjectionDecision | null;
  resolution: string | null;
  resolvedBy: number | null;
  resolvedAt: NullableTimestamp;
}

export interface CertificateTable {
  id: Generated<number>;
  number: string;
  applicationId: number;
  issuedOn: DateString;
  issuerName: string;
  token: string;
  revokedAt: NullableTimestamp;
  revokedReason: string | null;
  createdAt: GeneratedTimestamp;
}

export interface DB {
  setting: SettingTable;
  meeting: MeetingTable;
  meetingExpert: MeetingExpertTable;
  meetingApplication: MeetingApplicationTable;
  conflict: ConflictTable;
  assignment: AssignmentTable;
  ballotCast: BallotCastTable;
  ballotBox: BallotBoxTable;
  resultObjection: ResultObjectionTable;
  certificate: CertificateTable;
}

// ── Administration (migration 202611300200-expert-past-unit): the expert pool's past units.
export interface ExpertPastUnitTable {
  userId: number;
  /** A unit the expert worked for before, as written (may be outside the system). */
  name: string;
}


/** R3: how to pay a review year's fee, set by the finance office (migration 202611300142). */
export interface FeeInstructionTable {
  year: number;
  text: string;
  qrSha256: string | null;
  updatedBy: number;
  updatedAt: Timestamp;
}


export interface DB {
  expertPastUnit: ExpertPastUnitTable;
  feeInstruction: FeeInstructionTable;
}
