// 检查姓名掩盖 (B1/B2): one function per endpoint of src/http/routes/applicant/masking.routes.ts.
import type { Static } from 'typebox';
import type {
  DetectionQueued,
  MaskingConfirmed,
  MaskingItem as MaskingItemSchema,
  MaskingOverview as MaskingOverviewSchema,
  MaskStatus as MaskStatusSchema,
  ProposalsAccepted,
  RegionView,
} from '../../../src/http/schemas/masking.schema';
import { http } from './http';

/** A box in pixels of the stored (upright) image. */
export type MaskRegion = Static<typeof RegionView>;
export type RegionKind = MaskRegion['kind'];
export type MaskStatus = Static<typeof MaskStatusSchema>;
export type MaskingItem = Static<typeof MaskingItemSchema>;
export type MaskJob = NonNullable<MaskingItem['job']>;
export type MaskingOverview = Static<typeof MaskingOverviewSchema>;

const base = '/api/applicant/applications';

export const fetchMasking = (applicationId: number, opts?: { quiet?: boolean }) =>
  http.get<MaskingOverview>(`${base}/${applicationId}/masking`, opts);

/** 是 needs at least one region; 否 clears them. `version` is the image's as shown: 409 if decided meanwhile. */
export const confirmMasking = (applicationId: number, attachmentId: number, version: number, needsMasking: boolean, regions?: MaskRegion[]) =>
  http.put<Static<typeof MaskingConfirmed>>(
    `${base}/${applicationId}/attachments/${attachmentId}/masking`,
    needsMasking ? { needsMasking, regions, version } : { needsMasking, version },
  );

/** 一键采纳: the given images (or every image with finished detection) take their proposals. */
export const acceptAllProposals = (applicationId: number, attachmentIds?: number[]) =>
  http.post<Static<typeof ProposalsAccepted>>(`${base}/${applicationId}/masking/accept-all`, attachmentIds?.length ? { attachmentIds } : {});

/** Runs detection again (after a failure, or to start over). Answers 202. */
export const requestDetection = (applicationId: number, attachmentId: number) =>
  http.post<Static<typeof DetectionQueued>>(`${base}/${applicationId}/attachments/${attachmentId}/detect`);
