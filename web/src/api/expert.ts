// The expert's blind review (B5, R4): meetings, files by code only, review and secret vote.
import type { Static } from 'typebox';
import type {
  ExpertApplicationView,
  ExpertMeeting,
  ExpertMeetingDetail,
  ReviewBody,
  ReviewSaved,
  SelfConflictBody,
  SelfConflictRecorded,
  VoteBody,
  VoteCast,
} from '../../../src/http/schemas/expert-review.schema';
import { http } from './http';

export type ExpertMeetingItem = Static<typeof ExpertMeeting>;
export type ExpertMeetingView = Static<typeof ExpertMeetingDetail>;
export type ExpertFileView = Static<typeof ExpertApplicationView>;
export type ReviewInput = Static<typeof ReviewBody>;
export type VoteChoice = Static<typeof VoteBody>['choice'];

export const listMyMeetings = () => http.get<{ items: ExpertMeetingItem[] }>('/api/expert/meetings');

export const fetchMyMeeting = (id: number) => http.get<ExpertMeetingView>(`/api/expert/meetings/${id}`);

/** 404 when the file is not assigned to this expert or the expert must recuse (回避). */
export const openFile = (code: string) => http.get<ExpertFileView>(`/api/expert/files/${encodeURIComponent(code)}`);

/** `submit: false` saves a draft; a submitted review cannot be changed. Field errors on 'scores.<key>'. */
export const saveReview = (code: string, body: ReviewInput) =>
  http.put<Static<typeof ReviewSaved>>(`/api/expert/files/${encodeURIComponent(code)}/review`, body, { quiet: true });

/** R4: one vote per file, no proxy, no change afterwards. */
export const castVote = (meetingId: number, code: string, choice: VoteChoice) =>
  http.post<Static<typeof VoteCast>>(`/api/expert/meetings/${meetingId}/files/${encodeURIComponent(code)}/vote`, { choice });

/** Issue 11: the expert declares a conflict (回避) with a file assigned to them. */
export const declareConflict = (code: string, body: Static<typeof SelfConflictBody>) =>
  http.post<Static<typeof SelfConflictRecorded>>(`/api/expert/files/${encodeURIComponent(code)}/conflict`, body);
