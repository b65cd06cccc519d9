// The committee office's review meeting (R4): who may reach a meeting, its statuses, and the guarded
// status change every meeting use case shares.
import type { Kysely } from 'kysely';
import type { DB, MeetingStatus } from '../db/schema';
import { type Actor, hasRole } from '../domain/access';
import { type FieldError, Refused, type Refusal } from '../domain/errors';
import { whyBeforeMeeting } from '../domain/tally';
import { shanghaiDate } from '../domain/working-days';

export const MEETING_STATUS_LABELS: Record<MeetingStatus, string> = {
  planned: '筹备中',
  voting: '投票中',
  closed: '已计票',
  published: '结果公示中',
  final: '已办结',
};

export const VOTE_LABELS = { approve: '同意', reject: '不同意', abstain: '弃权' } as const;

export const MEETING_COLUMNS = [
  'meeting.id',
  'meeting.committeeOrgId',
  'meeting.year',
  'meeting.series',
  'meeting.level',
  'meeting.title',
  'meeting.status',
  'meeting.scheduledAt',
  'meeting.reviewersPerFile',
  'meeting.criteria',
  'meeting.ballotOpenedAt',
  'meeting.ballotClosedAt',
  'meeting.publicityStartsOn',
  'meeting.publicityEndsOn',
  'meeting.finalisedAt',
] as const;

export async function loadMeeting(db: Kysely<DB>, id: number) {
  return db.selectFrom('meeting').select(MEETING_COLUMNS).where('meeting.id', '=', id).executeTakeFirst();
}
export type MeetingRow = NonNullable<Awaited<ReturnType<typeof loadMeeting>>>;

/** Committees whose office the actor works in. */
export function officeCommitteeIds(actor: Actor): number[] {
  return [...new Set(actor.memberships.filter((m) => m.role === 'committee_officer' && m.organisationId !== null).map((m) => m.organisationId as number))];
}

const meetingNotFound = () => new Refused('NOT_FOUND', '评审会不存在或无权查看');

/** The meeting, if the actor works in its committee's office; 404 otherwise (STYLE §6). */
export async function requireOfficeMeeting(db: Kysely<DB>, actor: Actor, id: number): Promise<MeetingRow> {
  const m = await loadMeeting(db, id);
  if (!m || !hasRole(actor, 'committee_officer', m.committeeOrgId)) throw meetingNotFound();
  return m;
}

export function refuse(r: Refusal, errors?: FieldError[]): never {
  throw new Refused(r.code, r.message, errors);
}

/** Issue 11: voting, counting and publishing results only from the meeting's scheduled day on. */
export function requireMeetingDay(m: { scheduledAt: Date | string }, now: Date, doing: string): void {
  const r = whyBeforeMeeting(shanghaiDate(new Date(m.scheduledAt)), shanghaiDate(now), doing);
  if (r) refuse(r);
}

export function requireStatus(m: MeetingRow, allowed: readonly MeetingStatus[], doing: string): void {
  if (!allowed.includes(m.status)) {
    refuse({ code: 'MEETING_STATUS', message: `评审会当前为“${MEETING_STATUS_LABELS[m.status]}”，不能${doing}` });
  }
}

/** Moves the meeting from `from` to `to` only if nobody moved it meanwhile. */
export async function moveMeeting(trx: Kysely<DB>, id: number, from: MeetingStatus, to: MeetingStatus, set: Record<string, unknown> = {}): Promise<void> {
  const r = await trx.updateTable('meeting').set({ status: to, ...set }).where('id', '=', id).where('status', '=', from).executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw new Refused('VERSION_CONFLICT', '评审会已被他人修改，请刷新后重试');
}
