// The review chain's endpoints (U1–U5, C1, R1–R5, I1, notifications): one function per endpoint.
import type { Static } from 'typebox';
import type { SectionCode, SectionData } from '@domain/section-fields';
import type {
  EntrustmentApproved,
  Entrustment as EntrustmentSchema,
  EntrustmentRejected,
  EntrustmentRequested,
  RegionStepBody as RegionStepSchema,
  RegionStepRecorded,
} from '../../../src/http/schemas/entrustment.schema';
import type {
  CommitteeFeeOverview as CommitteeFeeOverviewSchema,
  FeeBatch as FeeBatchSchema,
  FeeBatchConfirmed,
  FeeBatchList as FeeBatchListSchema,
  FeeBatchListQuery as FeeBatchListQuerySchema,
  FeeBatchRecorded,
  FeeFile as FeeFileSchema,
  FeeListQuery as FeeListQuerySchema,
  FeeOwingIds,
  FeeOwingIdsQuery as FeeOwingIdsQuerySchema,
  UnpaidAbandoned,
  UnitFeeOverview as UnitFeeOverviewSchema,
} from '../../../src/http/schemas/fee.schema';
import type {
  BanCheck,
  FindingRecorded,
  IntegrityListQuery as IntegrityListQuerySchema,
  IntegrityRecord as IntegrityRecordSchema,
  IntegrityRecordList,
} from '../../../src/http/schemas/integrity.schema';
import type { CommitteeMaskingItem, MaskingOverridden } from '../../../src/http/schemas/masking.schema';
import type { NotificationItem as NotificationItemSchema, NotificationList, NotificationsRead } from '../../../src/http/schemas/notification.schema';
import type {
  ApproveEntrustmentBody as ApproveEntrustmentSchema,
  BatchOpinionBody as BatchOpinionSchema,
  BatchOutcome as BatchOutcomeSchema,
  BatchPublicityBody as BatchPublicitySchema,
  BatchResult as BatchResultSchema,
  DocumentParams,
  FileListQuery as FileListQuerySchema,
  FindingBody as FindingSchema,
  ObjectionBody as ObjectionSchema,
  ObjectionResolved,
  ObjectionView as ObjectionViewSchema,
  OpinionBody as OpinionSchema,
  OpinionView as OpinionViewSchema,
  PublicityBody as PublicitySchema,
  PublicityStarted,
  PublicityView as PublicityViewSchema,
  RejectEntrustmentBody as RejectEntrustmentSchema,
  ReturnBody as ReturnSchema,
  ReviewDocumentUploaded,
  ReviewDocumentView as ReviewDocumentViewSchema,
  ReviewFile as ReviewFileSchema,
  ReviewList as ReviewListSchema,
  ReviewListItem as ReviewListItemSchema,
  ReviewStage as ReviewStageSchema,
  TransitionResult as TransitionResultSchema,
} from '../../../src/http/schemas/review.schema';
import { http, upload } from './http';

// ── Shapes: `Static<…>` of the server's schemas (STYLE §9) ────────────────────────────────

export type ReviewStage = Static<typeof ReviewStageSchema>;
export type FileListQuery = Static<typeof FileListQuerySchema>;
export type ReturnBody = Static<typeof ReturnSchema>;
export type OpinionBody = Static<typeof OpinionSchema>;
export type PublicityBody = Static<typeof PublicitySchema>;
export type ObjectionBody = Static<typeof ObjectionSchema>;
export type FindingBody = Static<typeof FindingSchema>;
export type ApproveEntrustmentBody = Static<typeof ApproveEntrustmentSchema>;
export type RejectEntrustmentBody = Static<typeof RejectEntrustmentSchema>;
export type TransitionResult = Static<typeof TransitionResultSchema>;

export type ReviewListItem = Static<typeof ReviewListItemSchema>;
export type ReviewList = Static<typeof ReviewListSchema>;
export type BatchPublicityBody = Static<typeof BatchPublicitySchema>;
export type BatchOpinionBody = Static<typeof BatchOpinionSchema>;
export type BatchOutcome = Static<typeof BatchOutcomeSchema>;
export type BatchResult = Static<typeof BatchResultSchema>;
export type IntegrityListQuery = Static<typeof IntegrityListQuerySchema>;
export type PublicityView = Static<typeof PublicityViewSchema>;
export type ObjectionView = Static<typeof ObjectionViewSchema>;
export type OpinionView = Static<typeof OpinionViewSchema>;
export type ReviewDocumentView = Static<typeof ReviewDocumentViewSchema>;
export type PublicityResult = Static<typeof PublicityStarted>;

/** GET /api/<stage>/applications/:id: the declaration with originals plus what the stage needs. */
export type ReviewFile = Omit<Static<typeof ReviewFileSchema>, 'sections'> & { sections: Partial<Record<SectionCode, SectionData>> };
export type ReviewEvent = ReviewFile['actions'][number];

/** 附件2–附件5 generated from the file's data. */
export type DocKind = Static<typeof DocumentParams>['kind'];
/** Stamped scans the stages upload (the multipart field `kind`, checked by the service). */
export type ScanKind = 'publicity_notice' | 'publicity_result' | 'aid_approval' | 'competent_recommendation';

export type MaskingItem = Static<typeof CommitteeMaskingItem>;
export type NotificationItem = Static<typeof NotificationItemSchema>;
export type FeeFile = Static<typeof FeeFileSchema>;
export type FeeBatch = Static<typeof FeeBatchSchema>;
export type UnitFeeOverview = Static<typeof UnitFeeOverviewSchema>;
export type CommitteeFeeOverview = Static<typeof CommitteeFeeOverviewSchema>;
export type FeeListQuery = Static<typeof FeeListQuerySchema>;
export type FeeBatchList = Static<typeof FeeBatchListSchema>;
export type FeeBatchListQuery = Static<typeof FeeBatchListQuerySchema>;
export type FeeOwingIdsQuery = Static<typeof FeeOwingIdsQuerySchema>;
export type IntegrityRecord = Static<typeof IntegrityRecordSchema>;
export type Entrustment = Static<typeof EntrustmentSchema>;

const stageBase = (stage: ReviewStage) => `/api/${stage}/applications`;

function query(q: Record<string, string | number | undefined | null>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

// ── Every stage ────────────────────────────────────────────────────────────────────────────

/** One page of the stage's files, with the total (the server pages, sorts, filters and searches). */
export const listFiles = (stage: ReviewStage, q: FileListQuery = {}) => http.get<ReviewList>(`${stageBase(stage)}${query(q)}`);

/** All attachments of a file as one zip: originals for the units, masked copies for the committee (a plain link). */
export const attachmentsZipUrl = (stage: ReviewStage, id: number) => `${stageBase(stage)}/${id}/attachments.zip`;

/** Batch actions: each file is handled on its own; the answer lists 成功／失败 per file. */
export const batchStartPublicity = (body: BatchPublicityBody) => http.post<BatchResult>('/api/unit/batch/publicity', body);
export const batchForward = (stage: ReviewStage, body: BatchOpinionBody) =>
  http.post<BatchResult>(stage === 'committee' ? '/api/committee/batch/accept' : `/api/${stage}/batch/recommend`, body);

export const fetchFile = (stage: ReviewStage, id: number) => http.get<ReviewFile>(`${stageBase(stage)}/${id}`);

/** Returns go through a dialog that shows the problem in place. */
export const returnFile = (stage: ReviewStage, id: number, body: ReturnBody) =>
  http.post<TransitionResult>(`${stageBase(stage)}/${id}/return`, body, { quiet: true });

/** Stamped scan (PDF or JPG) of a document this stage signs. */
export function uploadScan(stage: ReviewStage, id: number, kind: ScanKind, file: File, onProgress: (p: number) => void = () => undefined) {
  const form = new FormData();
  form.append('kind', kind); // text fields first: the server reads them before the file stream
  form.append('file', file, file.name);
  return upload<Static<typeof ReviewDocumentUploaded>>(`${stageBase(stage)}/${id}/documents`, form, onProgress);
}

/** URL of a generated 附件 (PDF or DOCX), for a plain download link (the session cookie goes along). */
/** A generated document; `opinion` (附件4 only, competent unit before recommending) prints the typed opinion. */
export const documentUrl = (id: number, kind: DocKind, format: 'pdf' | 'docx', opinion?: string) =>
  `/api/applications/${id}/documents/${kind}?format=${format}${opinion?.trim() ? `&opinion=${encodeURIComponent(opinion.trim())}` : ''}`;

// ── 推荐单位 (U1–U5) ────────────────────────────────────────────────────────────────────────

export const startPublicity = (id: number, body: PublicityBody) =>
  http.post<PublicityResult>(`/api/unit/applications/${id}/publicity`, body, { quiet: true });

export const recordObjection = (id: number, body: ObjectionBody) => http.post<{ id: number }>(`/api/unit/applications/${id}/objections`, body, { quiet: true });

export const resolveObjection = (id: number, objectionId: number, resolution: string) =>
  http.post<Static<typeof ObjectionResolved>>(`/api/unit/applications/${id}/objections/${objectionId}/resolve`, { resolution }, { quiet: true });

export const unitRecommend = (id: number, body: OpinionBody) => http.post<TransitionResult>(`/api/unit/applications/${id}/recommend`, body);

/** A page of the unit's fee files (filters, search, sort) and how many owe the fee in all. */
export const unitFees = (q: FeeListQuery) => http.get<UnitFeeOverview>(`/api/unit/fees${query(q)}`);

/** Every owing file matching the search, over all pages: the leader chooses them all for one batch. */
/** A page of the batches the unit recorded. */
export const unitFeeBatches = (q: FeeBatchListQuery) => http.get<FeeBatchList>(`/api/unit/fee-batches${query(q)}`);

export const unitOwingFeeIds = (q: FeeOwingIdsQuery) => http.get<Static<typeof FeeOwingIds>>(`/api/unit/fees/owing-ids${query(q)}`);

export function recordFeeBatch(input: { year: number; applicationIds: number[]; amount: string; payer: string; paidAt: string; file: File }) {
  const form = new FormData();
  form.append('year', String(input.year));
  form.append('applicationIds', input.applicationIds.join(','));
  form.append('amount', input.amount);
  form.append('payer', input.payer);
  form.append('paidAt', input.paidAt);
  form.append('file', input.file, input.file.name);
  return upload<Static<typeof FeeBatchRecorded>>('/api/unit/fee-batches', form, () => undefined, { quiet: true });
}

// ── 主管单位 (C1) ───────────────────────────────────────────────────────────────────────────

export const competentRecommend = (id: number, body: OpinionBody) => http.post<TransitionResult>(`/api/competent/applications/${id}/recommend`, body);

// ── 评审委员会办事机构 (R1–R3, R5, B5) ───────────────────────────────────────────────────────

export const committeeAccept = (id: number, body: OpinionBody) => http.post<TransitionResult>(`/api/committee/applications/${id}/accept`, body);

export const committeeMasking = (id: number) => http.get<{ items: MaskingItem[] }>(`/api/committee/applications/${id}/masking`);

/** B5: an image the applicant marked 无需遮盖 must be masked after all (the file is then returned). */
export const requireMasking = (id: number, attachmentId: number, reason: string) =>
  http.post<Static<typeof MaskingOverridden>>(`/api/committee/applications/${id}/attachments/${attachmentId}/require-masking`, { reason });

/** A page of every unit's accepted files with their fee, and per unit how many owe it. */
export const committeeFees = (q: FeeListQuery) => http.get<CommitteeFeeOverview>(`/api/committee/fees${query(q)}`);

export const abandonUnpaid = (year: number) => http.post<Static<typeof UnpaidAbandoned>>('/api/committee/fees/abandon-unpaid', { year });

export const committeeEntrustments = () => http.get<{ items: Entrustment[] }>('/api/committee/entrustments');

export function requestEntrustment(
  who: 'committee' | 'bureau',
  input: { year: number; specialtyId: number; kind: 'entrusted' | 'joint'; reason: string; targetName: string; plan: File | null },
) {
  const form = new FormData();
  form.append('year', String(input.year));
  form.append('specialtyId', String(input.specialtyId));
  form.append('kind', input.kind);
  form.append('reason', input.reason);
  form.append('targetName', input.targetName);
  if (input.plan) form.append('file', input.plan, input.plan.name);
  return upload<Static<typeof EntrustmentRequested>>(`/api/${who}/entrustments`, form, () => undefined, { quiet: true });
}

// ── 州人社局 (I1, R3, R5) ───────────────────────────────────────────────────────────────────

export const listIntegrity = (q: IntegrityListQuery = {}) => http.get<Static<typeof IntegrityRecordList>>(`/api/bureau/integrity-records${query(q)}`);

export const recordFinding = (body: FindingBody) =>
  http.post<Static<typeof FindingRecorded>>('/api/bureau/integrity-records', body, { quiet: true });

export const checkBan = (idNumber: string) => http.get<Static<typeof BanCheck>>(`/api/bureau/integrity-check${query({ idNumber })}`);

/** A page of every unit's batches (finance, bureau administrator), filtered and sorted on the server. */
export const listFeeBatches = (q: FeeBatchListQuery) => http.get<FeeBatchList>(`/api/bureau/fee-batches${query(q)}`);

export const confirmFeeBatch = (id: number) => http.post<Static<typeof FeeBatchConfirmed>>(`/api/bureau/fee-batches/${id}/confirm`);

export const bureauEntrustments = () => http.get<{ items: Entrustment[] }>('/api/bureau/entrustments');

export const approveEntrustment = (id: number, body: ApproveEntrustmentBody) =>
  http.post<Static<typeof EntrustmentApproved>>(`/api/bureau/entrustments/${id}/approve`, body, { quiet: true });

/** R5: the region's department's answer to an entrusted review, recorded by the prefecture bureau. */
export const recordRegionStep = (id: number, body: Static<typeof RegionStepSchema>) =>
  http.post<Static<typeof RegionStepRecorded>>(`/api/bureau/entrustments/${id}/region`, body, { quiet: true });

export const rejectEntrustment = (id: number, body: RejectEntrustmentBody) =>
  http.post<Static<typeof EntrustmentRejected>>(`/api/bureau/entrustments/${id}/reject`, body, { quiet: true });

// ── Notifications (every role) ─────────────────────────────────────────────────────────────

export const listNotifications = (unread = false) =>
  http.get<Static<typeof NotificationList>>(`/api/notifications${unread ? '?unread=true' : ''}`, { quiet: true });

export const markRead = (id: number) => http.post<void>(`/api/notifications/${id}/read`);

export const markAllRead = () => http.post<Static<typeof NotificationsRead>>('/api/notifications/read-all');

/** The whole declaration as one printable PDF (专业技术职务任职资格评审表). */
export const printUrl = (id: number) => `/api/applications/${id}/print`;
