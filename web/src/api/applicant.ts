import { http, upload } from './http';
import type {
  ApplicationDetail,
  ApplicationListItem,
  Attachment,
  AttachmentUploaded,
  CreateApplicationBody,
  SectionCode,
  SectionData,
  SectionSaved,
  Submitted,
  TimelineItem,
} from './types';

const base = '/api/applicant/applications';

export const listApplications = () => http.get<{ items: ApplicationListItem[] }>(base);

export const createApplication = (body: CreateApplicationBody) => http.post<{ id: number }>(base, body);

export const fetchApplication = (id: number) => http.get<ApplicationDetail>(`${base}/${id}`);

/**
 * Saves one section, naming the section's version it edited; answers the section's new version, the
 * data as stored and this section's problems. 409 on a stale version.
 */
export const saveSection = (id: number, code: SectionCode, version: number, data: SectionData) =>
  http.put<SectionSaved>(`${base}/${id}/sections/${code}`, { version, data });

/** Into a section slot (`rowId` null) or into the slot of a stored row. */
export function uploadAttachment(id: number, sectionCode: SectionCode, rowId: string | null, slot: string, file: File, onProgress: (p: number) => void) {
  const form = new FormData();
  // Text fields first: the server reads them before the file stream.
  form.append('sectionCode', sectionCode);
  if (rowId) form.append('rowId', rowId);
  form.append('slot', slot);
  form.append('file', file, file.name);
  return upload<AttachmentUploaded>(`${base}/${id}/attachments`, form, onProgress, { quiet: true });
}

export const deleteAttachment = (id: number, attachmentId: number) => http.del(`${base}/${id}/attachments/${attachmentId}`);

export const submitApplication = (id: number, version: number) =>
  http.post<Submitted>(`${base}/${id}/submit`, { version }, { quiet: true });

export const fetchTimeline = (id: number) => http.get<{ items: TimelineItem[] }>(`/api/applications/${id}/timeline`);
