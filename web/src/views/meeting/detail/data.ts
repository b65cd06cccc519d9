import type { MeetingDetail, MeetingStatus } from '../../../api/meeting';

export { MEETING_STATUS_TAG, chineseDate, formatDateTime } from '../list/data';

/** Steps of a meeting, in order (meeting.status). */
export const MEETING_STEPS: Array<{ status: MeetingStatus; title: string }> = [
  { status: 'planned', title: '筹备与评审' },
  { status: 'voting', title: '投票' },
  { status: 'closed', title: '计票' },
  { status: 'published', title: '结果公示' },
  { status: 'final', title: '办结、发证' },
];

export function stepIndex(status: MeetingStatus): number {
  return MEETING_STEPS.findIndex((s) => s.status === status);
}

/** The tab that fits the meeting's state when the page opens. */
export function defaultTab(d: MeetingDetail): string {
  const s = d.meeting.status;
  if (s === 'planned') return d.roster.length === 0 ? 'roster' : d.files.length === 0 ? 'files' : 'files';
  if (s === 'voting' || s === 'closed') return 'ballot';
  return 'results';
}

/** Votes are 同意/不同意/弃权 (R4); the labels the office reads in the tally. */
export const VOTE_LABELS = { approve: '同意', reject: '不同意', abstain: '弃权' } as const;
