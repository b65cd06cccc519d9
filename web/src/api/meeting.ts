// The committee office's review meetings (R4): roster, attendance, assignment and 回避, ballot,
// tally (totals only), results publicity, objections, finalisation and certificates.
import type { Static } from 'typebox';
import type {
  ConflictBody,
  CreateMeetingBody,
  ObjectionBody,
  ResolveObjectionBody,
  TallyView,
} from '../../../src/http/schemas/expert-review.schema';
import type {
  AutoAssigned,
  BallotOpened as BallotOpenedSchema,
  CertificatesIssued,
  CommitteeExpert as CommitteeExpertSchema,
  EligibleFile as EligibleFileSchema,
  HandAssigned,
  MeetingConflict as MeetingConflictSchema,
  MeetingDetail as MeetingDetailSchema,
  MeetingFile as MeetingFileSchema,
  MeetingFinalised,
  MeetingList as MeetingListSchema,
  MeetingListItem as MeetingListItemSchema,
  MeetingListQuery as MeetingListQuerySchema,
  MeetingResults as MeetingResultsSchema,
  MeetingStatus as MeetingStatusSchema,
  MeetingSummary as MeetingSummarySchema,
  ResultFile as ResultFileSchema,
  ResultObjection as ResultObjectionSchema,
  ResultsPublished,
  RosterEntry as RosterEntrySchema,
} from '../../../src/http/schemas/meeting.schema';
import { http } from './http';

export type CreateMeetingInput = Static<typeof CreateMeetingBody>;
export type ConflictInput = Static<typeof ConflictBody>;
export type ObjectionInput = Static<typeof ObjectionBody>;
export type ResolveObjectionInput = Static<typeof ResolveObjectionBody>;
export type Tally = Static<typeof TallyView>;

export type MeetingStatus = Static<typeof MeetingStatusSchema>;
export type MeetingSummary = Static<typeof MeetingSummarySchema>;
export type MeetingListItem = Static<typeof MeetingListItemSchema>;
export type RosterEntry = Static<typeof RosterEntrySchema>;
export type MeetingFile = Static<typeof MeetingFileSchema>;
export type MeetingConflict = Static<typeof MeetingConflictSchema>;
export type MeetingDetail = Static<typeof MeetingDetailSchema>;
/** The meeting plus its tally key, which this one answer carries and nothing else ever will. */
export type BallotOpened = Static<typeof BallotOpenedSchema>;
export type CommitteeExpert = Static<typeof CommitteeExpertSchema>;
export type EligibleFile = Static<typeof EligibleFileSchema>;
export type ResultFile = Static<typeof ResultFileSchema>;
export type ResultObjection = Static<typeof ResultObjectionSchema>;
export type MeetingResults = Static<typeof MeetingResultsSchema>;

const base = '/api/committee/meetings';

export type MeetingListQuery = Static<typeof MeetingListQuerySchema>;
/** One page of meetings with the total (server paging, filters by status, year, series, search by title). */
export const listMeetings = (q: MeetingListQuery = {}) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return http.get<Static<typeof MeetingListSchema>>(s ? `${base}?${s}` : base);
};
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
  http.post<Static<typeof AutoAssigned>>(`${base}/${id}/assignments/auto`, applicationIds?.length ? { applicationIds } : {});
export const assignByHand = (id: number, applicationId: number, expertIds: number[]) =>
  http.put<Static<typeof HandAssigned>>(`${base}/${id}/assignments/${applicationId}`, { expertIds });
export const addConflict = (id: number, body: ConflictInput) => http.post<MeetingDetail>(`${base}/${id}/conflicts`, body, { quiet: true });
export const removeConflict = (id: number, c: { applicationId: number; expertId: number; kind: 'declared' | 'manual' }) =>
  http.del<MeetingDetail>(`${base}/${id}/conflicts/${c.applicationId}/${c.expertId}/${c.kind}`);

export const openBallot = (id: number) => http.post<BallotOpened>(`${base}/${id}/ballot/open`);
export const restartBallot = (id: number) => http.post<BallotOpened>(`${base}/${id}/ballot/restart`);
/**
 * Issue 11: without `acceptMissing` the server refuses (VOTES_MISSING, with the count) while votes
 * are missing; the page asks the office a second time and sends it again with `acceptMissing`.
 * Quiet, so the page decides what a refusal shows.
 */
export const closeBallot = (id: number, tallyKey: string, acceptMissing = false) =>
  http.post<Tally>(`${base}/${id}/ballot/close`, { tallyKey, acceptMissing }, { quiet: true });
export const fetchTally = (id: number) => http.get<Tally>(`${base}/${id}/tally`);

export const publishResults = (id: number) => http.post<Static<typeof ResultsPublished>>(`${base}/${id}/results/publish`);
export const fetchResults = (id: number) => http.get<MeetingResults>(`${base}/${id}/results`);
export const resultsXlsxUrl = (id: number) => `${base}/${id}/results.xlsx`;
export const recordObjection = (id: number, body: ObjectionInput) => http.post<{ id: number }>(`${base}/${id}/objections`, body, { quiet: true });
export const resolveObjection = (id: number, objectionId: number, body: ResolveObjectionInput) =>
  http.post<void>(`${base}/${id}/objections/${objectionId}/resolve`, body, { quiet: true });
export const finaliseMeeting = (id: number) => http.post<Static<typeof MeetingFinalised>>(`${base}/${id}/finalise`);
export const issueCertificates = (id: number) => http.post<Static<typeof CertificatesIssued>>(`${base}/${id}/certificates`);
export const certificatePdfUrl = (certificateId: number) => `/api/committee/certificates/${certificateId}/pdf`;
