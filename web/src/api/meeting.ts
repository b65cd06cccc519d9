// The committee office's review meetings (R4): roster, attendance, assignment and 回避, ballot,
// tally (totals only), results publicity, objections, finalisation and certificates.
import type { Static } from 'typebox';
import type { ConflictKind } from '@domain/assignment';
import type { ScoreCriterion } from '@domain/review-criteria';
import type {
  ConflictBody,
  CreateMeetingBody,
  ObjectionBody,
  ResolveObjectionBody,
  TallyView,
} from '../../../src/http/schemas/expert-review.schema';
import type { LevelCode } from './types';
import { http } from './http';

export type CreateMeetingInput = Static<typeof CreateMeetingBody>;
export type ConflictInput = Static<typeof ConflictBody>;
export type ObjectionInput = Static<typeof ObjectionBody>;
export type ResolveObjectionInput = Static<typeof ResolveObjectionBody>;
export type Tally = Static<typeof TallyView>;
export type MeetingStatus = 'planned' | 'voting' | 'closed' | 'published' | 'final';

// The answers below have no response schema on the server (meeting.service.ts getMeeting etc.).
export interface MeetingSummary {
  id: number;
  committeeOrgId: number;
  year: number;
  series: string;
  level: LevelCode;
  levelLabel: string;
  title: string;
  status: MeetingStatus;
  statusLabel: string;
  scheduledAt: string;
  reviewersPerFile: number;
  criteria: ScoreCriterion[];
  ballotOpenedAt: string | null;
  ballotClosedAt: string | null;
  publicityStartsOn: string | null;
  publicityEndsOn: string | null;
  finalisedAt: string | null;
}

export interface MeetingListItem extends MeetingSummary {
  fileCount: number;
  expertCount: number;
}

export interface RosterEntry {
  expertId: number;
  name: string;
  isPresent: boolean;
  specialties: string[];
  /** Files assigned to this expert in this meeting. */
  load: number;
}

export interface MeetingFile {
  applicationId: number;
  fileCode: string;
  status: string;
  statusLabel: string;
  applicantName: string;
  recommendingOrgName: string;
  specialtyName: string;
  reviewers: Array<{ assignmentId: number; expertId: number; name: string; submitted: boolean }>;
}

export interface MeetingConflict {
  applicationId: number;
  expertId: number;
  expertName: string;
  kind: ConflictKind;
  kindLabel: string;
  reason: string | null;
}

export interface MeetingDetail {
  meeting: MeetingSummary;
  quorum: { rosterSize: number; present: number; needed: number; reached: boolean; fraction: { num: number; den: number } };
  roster: RosterEntry[];
  files: MeetingFile[];
  conflicts: MeetingConflict[];
}

export interface CommitteeExpert {
  expertId: number;
  name: string;
  specialties: string[];
}

export interface EligibleFile {
  applicationId: number;
  status: string;
  version: number;
  year: number;
  fileCode: string | null;
  specialtyName: string;
  seriesCode: string;
  applicantName: string;
  recommendingOrgName: string;
}

export interface ResultFile {
  applicationId: number;
  fileCode: string;
  applicantName: string;
  recommendingOrgName: string;
  series: string;
  specialtyName: string;
  level: LevelCode;
  levelLabel: string;
  status: string;
  statusLabel: string;
  passed: boolean | null;
  resultLabel: string;
  isOverturned: boolean;
  certificateId: number | null;
  certificateNumber: string | null;
}

export interface ResultObjection {
  id: number;
  applicationId: number;
  raisedBy: string;
  raisedOn: string;
  content: string;
  decision: 'upheld' | 'dismissed' | null;
  resolution: string | null;
  resolvedAt: string | null;
}

export interface MeetingResults {
  meetingId: number;
  status: MeetingStatus;
  statusLabel: string;
  publicityStartsOn: string | null;
  publicityEndsOn: string | null;
  files: ResultFile[];
  objections: ResultObjection[];
}

const base = '/api/committee/meetings';

export const listMeetings = () => http.get<{ items: MeetingListItem[] }>(base);
export const createMeeting = (body: CreateMeetingInput) => http.post<{ id: number }>(base, body, { quiet: true });
export const fetchMeeting = (id: number) => http.get<MeetingDetail>(`${base}/${id}`);
export const deleteMeeting = (id: number) => http.del(`${base}/${id}`);

export const listCommitteeExperts = (id: number) => http.get<{ items: CommitteeExpert[] }>(`${base}/${id}/experts`);
export const setRoster = (id: number, expertIds: number[]) => http.put<MeetingDetail>(`${base}/${id}/roster`, { expertIds });
export const setAttendance = (id: number, entries: Array<{ expertId: number; isPresent: boolean }>) =>
  http.put<MeetingDetail>(`${base}/${id}/attendance`, { entries });

export const eligibleFiles = (id: number) => http.get<{ items: EligibleFile[] }>(`${base}/${id}/eligible-files`);
/** Without ids: every eligible file. A 422 ASSIGNMENT_IMPOSSIBLE lists the files in `errors`. */
export const autoAssign = (id: number, applicationIds?: number[]) =>
  http.post<{ added: number; assigned: number; outsideSpecialty: number }>(`${base}/${id}/assignments/auto`, applicationIds?.length ? { applicationIds } : {});
export const assignByHand = (id: number, applicationId: number, expertIds: number[]) =>
  http.put<{ assigned: number; removed: number }>(`${base}/${id}/assignments/${applicationId}`, { expertIds });
export const addConflict = (id: number, body: ConflictInput) => http.post<MeetingDetail>(`${base}/${id}/conflicts`, body, { quiet: true });
export const removeConflict = (id: number, c: { applicationId: number; expertId: number; kind: 'declared' | 'manual' }) =>
  http.del<MeetingDetail>(`${base}/${id}/conflicts/${c.applicationId}/${c.expertId}/${c.kind}`);

export const openBallot = (id: number) => http.post<MeetingDetail>(`${base}/${id}/ballot/open`);
export const closeBallot = (id: number) => http.post<Tally>(`${base}/${id}/ballot/close`);
export const fetchTally = (id: number) => http.get<Tally>(`${base}/${id}/tally`);

export const publishResults = (id: number) => http.post<{ startsOn: string; endsOn: string; workingDays: number }>(`${base}/${id}/results/publish`);
export const fetchResults = (id: number) => http.get<MeetingResults>(`${base}/${id}/results`);
export const resultsXlsxUrl = (id: number) => `${base}/${id}/results.xlsx`;
export const recordObjection = (id: number, body: ObjectionInput) => http.post<{ id: number }>(`${base}/${id}/objections`, body, { quiet: true });
export const resolveObjection = (id: number, objectionId: number, body: ResolveObjectionInput) =>
  http.post<void>(`${base}/${id}/objections/${objectionId}/resolve`, body, { quiet: true });
export const finaliseMeeting = (id: number) => http.post<{ passed: number; failed: number; certificates: number }>(`${base}/${id}/finalise`);
export const issueCertificates = (id: number) => http.post<{ issued: unknown[] }>(`${base}/${id}/certificates`);
export const certificatePdfUrl = (certificateId: number) => `/api/committee/certificates/${certificateId}/pdf`;
