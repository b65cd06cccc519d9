// Shapes of the review chain's JSON (U1–U5, C1, R1–R5, I1): request bodies are `Static<…>` of the
// server's schemas (STYLE §9); answers without a declared schema are written out here.
import type { Static } from 'typebox';
import type {
  ApproveEntrustmentBody as ApproveEntrustmentSchema,
  FileListQuery as FileListQuerySchema,
  FindingBody as FindingSchema,
  ObjectionBody as ObjectionSchema,
  OpinionBody as OpinionSchema,
  PublicityBody as PublicitySchema,
  RejectEntrustmentBody as RejectEntrustmentSchema,
  ReturnBody as ReturnSchema,
  TransitionResult as TransitionResultSchema,
} from '../../../src/http/schemas/review.schema';
import type { ReviewStage } from '@domain/stage';
import type { ApplicationDetail, LevelCode } from './types';

export type { ReviewStage };
export type FileListQuery = Static<typeof FileListQuerySchema>;
export type ReturnBody = Static<typeof ReturnSchema>;
export type OpinionBody = Static<typeof OpinionSchema>;
export type PublicityBody = Static<typeof PublicitySchema>;
export type ObjectionBody = Static<typeof ObjectionSchema>;
export type FindingBody = Static<typeof FindingSchema>;
export type ApproveEntrustmentBody = Static<typeof ApproveEntrustmentSchema>;
export type RejectEntrustmentBody = Static<typeof RejectEntrustmentSchema>;
export type TransitionResult = Static<typeof TransitionResultSchema>;

export interface Countdown {
  ended: boolean;
  /** calendar days left, today included */
  daysLeft: number;
  workingDaysLeft: number;
}

export interface ReviewListItem {
  id: number;
  year: number;
  status: string;
  statusLabel: string;
  version: number;
  level: LevelCode;
  levelLabel: string;
  applicantName: string;
  series: string;
  specialtyName: string;
  recommendingOrgName: string;
  submittedAt: string | null;
  updatedAt: string;
  returnDeadlineAt: string | null;
  publicity: ({ startsOn: string; endsOn: string } & Countdown) | null;
}

export interface PublicityView extends Countdown {
  id: number;
  startsOn: string;
  endsOn: string;
  workingDays: number;
  officeName: string;
  supervisionPhone: string;
  resultIssuedOn: string | null;
}

export interface ObjectionView {
  id: number;
  publicityId: number;
  raisedBy: string;
  raisedOn: string;
  content: string;
  resolution: string | null;
  resolvedAt: string | null;
  recordedAt: string;
}

export interface OpinionView {
  id: number;
  stage: string;
  text: string;
  at: string;
  authorName: string;
}

export interface ReviewDocumentView {
  id: number;
  kind: string;
  originalName: string;
  uploadedAt: string;
  url: string;
}

export type ReviewEvent =
  | 'unit_return'
  | 'start_publicity'
  | 'unit_recommend'
  | 'competent_return'
  | 'competent_recommend'
  | 'committee_return'
  | 'committee_accept';

/** GET /api/<stage>/applications/:id: the declaration with originals plus what the stage needs. */
export interface ReviewFile extends ApplicationDetail {
  application: ApplicationDetail['application'] & { submittedAt: string | null };
  stage: ReviewStage;
  actions: ReviewEvent[];
  recommendRefusal: { code: string; message: string } | null;
  defaultOpinion: string;
  publicity: PublicityView | null;
  objections: ObjectionView[];
  opinions: OpinionView[];
  reviewDocuments: ReviewDocumentView[];
}

export interface PublicityResult extends TransitionResult {
  startsOn: string;
  endsOn: string;
  workingDays: number;
}

/** 附件2–附件5 generated from the file's data. */
export type DocKind = 'publicity_notice' | 'publicity_result' | 'competent_recommendation' | 'ce_exemption';
/** Stamped scans the stages upload. */
export type ScanKind = 'publicity_notice' | 'publicity_result' | 'aid_approval' | 'competent_recommendation';

export interface MaskingItem {
  id: number;
  sectionCode: string;
  sectionTitle: string;
  slot: string;
  originalName: string;
  needsMasking: boolean | null;
  maskStatus: string | null;
  leakCount: number;
  maskedUrl: string;
  originalUrl: string;
}

export interface NotificationItem {
  id: number;
  applicationId: number | null;
  text: string;
  createdAt: string;
  read: boolean;
}

export interface FeeFile {
  applicationId: number;
  applicantName: string;
  specialtyName: string;
  status: string;
  statusLabel: string;
  owesFee: boolean;
  batchId: number | null;
  paidAt: string | null;
  confirmed: boolean;
}

export interface FeeBatch {
  id: number;
  recommendingOrgId: number;
  recommendingOrgName: string;
  amount: string;
  payer: string;
  paidAt: string;
  recordedAt: string;
  confirmed: boolean;
  confirmedAt: string | null;
  applicationIds: number[];
  receiptUrl: string;
}

export interface UnitFeeOverview {
  feeDeadline: string | null;
  files: FeeFile[];
  batches: FeeBatch[];
}

export interface CommitteeFeeOverview {
  feeDeadline: string | null;
  units: { recommendingOrgId: number; recommendingOrgName: string; files: FeeFile[]; unpaid: number }[];
}

export interface IntegrityRecord {
  id: number;
  idNumber: string;
  finding: string;
  decidedOn: string;
  documentRef: string;
  revokedApplicationId: number | null;
  revokedTitle: string | null;
  recordedAt: string;
}

export interface Entrustment {
  id: number;
  year: number;
  kind: 'entrusted' | 'joint';
  status: string;
  reason: string;
  targetOrgId: number | null;
  targetName: string;
  letterNo: string | null;
  letter: string | null;
  decisionNote: string | null;
  requestedAt: string;
  decidedAt: string | null;
  hasPlan: boolean;
  series: string;
  specialtyName: string;
  requesterName: string;
}
