// 检查姓名掩盖 (B1/B2): one function per endpoint of src/http/routes/applicant/masking.routes.ts.
// The overview has no response schema on the server, so its shape is written out here.
import { http } from './http';

export type RegionKind = 'name' | 'unit' | 'seal' | 'face' | 'eyes' | 'manual';

/** A box in pixels of the stored (upright) image. */
export interface MaskRegion {
  kind: RegionKind;
  x: number;
  y: number;
  w: number;
  h: number;
  score?: number;
}

export type MaskStatus = 'pending' | 'detecting' | 'proposed' | 'masked' | 'not_needed' | 'failed';

export interface MaskJob {
  status: 'queued' | 'running' | 'done' | 'failed' | string;
  /** 0…1 */
  progress: number | null;
  error: string | null;
}

export interface MaskingItem {
  id: number;
  sectionCode: string;
  sectionTitle: string;
  /** The row (stable id) of a per-row slot, and where it now stands (0-based); null for a section slot. */
  rowId: string | null;
  rowIndex: number | null;
  /** Slot key (section-fields.ts). */
  slot: string;
  /** Raised by each decision about this image. */
  version: number;
  originalName: string;
  width: number;
  height: number;
  needsMasking: boolean | null;
  maskStatus: MaskStatus;
  proposals: MaskRegion[];
  regions: MaskRegion[];
  leaks: MaskRegion[];
  orientation: number | null;
  job: MaskJob | null;
  url: string;
  thumbUrl: string;
  maskedUrl: string;
  maskedThumbUrl: string;
}

export interface MaskingOverview {
  editable: boolean;
  items: MaskingItem[];
}

const base = '/api/applicant/applications';

export const fetchMasking = (applicationId: number, opts?: { quiet?: boolean }) =>
  http.get<MaskingOverview>(`${base}/${applicationId}/masking`, opts);

/** 是 needs at least one region; 否 clears them. `version` is the image's as shown: 409 if decided meanwhile. */
export const confirmMasking = (applicationId: number, attachmentId: number, version: number, needsMasking: boolean, regions?: MaskRegion[]) =>
  http.put<{ id: number; needsMasking: boolean; maskStatus: MaskStatus; regions: MaskRegion[]; version: number }>(
    `${base}/${applicationId}/attachments/${attachmentId}/masking`,
    needsMasking ? { needsMasking, regions, version } : { needsMasking, version },
  );

/** 一键采纳: the given images (or every image with finished detection) take their proposals. */
export const acceptAllProposals = (applicationId: number, attachmentIds?: number[]) =>
  http.post<{ marked: number }>(`${base}/${applicationId}/masking/accept-all`, attachmentIds?.length ? { attachmentIds } : {});

/** Runs detection again (after a failure, or to start over). Answers 202. */
export const requestDetection = (applicationId: number, attachmentId: number) =>
  http.post<{ queued: boolean }>(`${base}/${applicationId}/attachments/${attachmentId}/detect`);
