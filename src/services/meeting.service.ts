// The committee office's review meeting (R4): creating, editing, listing and showing a meeting.
// The roster, conflicts, assignment and ballot have their own files (meeting-roster, meeting-conflict,
// assignment, ballot). Each change: load → domain decides → one transaction writes and audits (STYLE §5).
import type { Level } from '../db/schema';
import type { Actor } from '../domain/access';
import { CONFLICT_LABELS } from '../domain/assignment';
import { Refused } from '../domain/errors';
import { DEFAULT_CRITERIA, whyNotCriteria, type ScoreCriterion } from '../domain/review-criteria';
import { statusLabel } from '../domain/state-machine';
import { quorum } from '../domain/tally';
import { writeAudit } from './audit';
import { LEVEL_LABELS } from '../domain/level';
import { loadPolicy } from './policy.service';
import type { RequestMeta, ServiceContext } from './service-context';
import { MEETING_COLUMNS, MEETING_STATUS_LABELS, officeCommitteeIds, refuse, requireOfficeMeeting, requireStatus, type MeetingRow } from './meeting-access';
import { applicationFacts } from '../db/application.repository';
import { escapeLike, fetchPage, pageRequest } from '../db/paging';

// ── Meetings ────────────────────────────────────────────────────────────────────────────────

export interface MeetingInput {
  year: number;
  series: string;
  level: Level;
  title: string;
  scheduledAt: string;
  reviewersPerFile?: number;
  criteria?: ScoreCriterion[];
  /** Needed only when the actor works in more than one committee office. */
  committeeOrgId?: number;
}

function checkCriteria(c: ScoreCriterion[]): void {
  const r = whyNotCriteria(c);
  if (r) throw new Refused('INVALID_INPUT', r.message, [{ field: 'criteria', message: r.message }]);
}

export async function createMeeting(ctx: ServiceContext, actor: Actor, input: MeetingInput, meta: RequestMeta = {}) {
  const offices = officeCommitteeIds(actor);
  const committeeOrgId = input.committeeOrgId ?? (offices.length === 1 ? offices[0] : undefined);
  if (committeeOrgId === undefined || !offices.includes(committeeOrgId)) {
    throw new Refused('INVALID_INPUT', '请选择您所在的评审委员会', [{ field: 'committeeOrgId', message: '请选择评审委员会' }]);
  }
  const series = await ctx.db
    .selectFrom('specialty')
    .select('series')
    .where('series', '=', input.series)
    .where('committeeId', '=', committeeOrgId)
    .executeTakeFirst();
  if (!series) throw new Refused('INVALID_INPUT', `本评审委员会不评审“${input.series}”，请重新选择系列`, [{ field: 'series', message: '请选择本委员会评审的系列' }]);
  const year = await ctx.db.selectFrom('policyYear').select('year').where('year', '=', input.year).executeTakeFirst();
  if (!year) throw new Refused('INVALID_INPUT', `没有${input.year}年度的评审政策`, [{ field: 'year', message: '请选择评审年度' }]);
  const criteria = input.criteria ?? [...DEFAULT_CRITERIA];
  checkCriteria(criteria);
  const scheduledAt = new Date(input.scheduledAt);
  if (Number.isNaN(scheduledAt.getTime())) throw new Refused('INVALID_INPUT', '会议时间格式不正确', [{ field: 'scheduledAt', message: '请填写会议时间' }]);
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('meeting')
      .values({
        committeeOrgId,
        year: input.year,
        series: input.series,
        level: input.level,
        title: input.title.trim(),
        scheduledAt,
        reviewersPerFile: input.reviewersPerFile ?? 2,
        criteria: JSON.stringify(criteria),
        createdBy: actor.userId,
        createdAt: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, { actorId: actor.userId, action: 'meeting_create', detail: { meetingId: row.id }, ip: meta.ip, at: now });
    return { id: row.id };
  });
}

export async function updateMeeting(
  ctx: ServiceContext,
  actor: Actor,
  id: number,
  input: { title?: string; scheduledAt?: string; reviewersPerFile?: number; criteria?: ScoreCriterion[] },
  meta: RequestMeta = {},
) {
  const m = await requireOfficeMeeting(ctx.db, actor, id);
  requireStatus(m, ['planned'], '修改会议信息');
  if (input.criteria) checkCriteria(input.criteria);
  const set: Record<string, unknown> = {};
  if (input.title !== undefined) set.title = input.title.trim();
  if (input.scheduledAt !== undefined) {
    const d = new Date(input.scheduledAt);
    if (Number.isNaN(d.getTime())) throw new Refused('INVALID_INPUT', '会议时间格式不正确', [{ field: 'scheduledAt', message: '请填写会议时间' }]);
    set.scheduledAt = d;
  }
  if (input.reviewersPerFile !== undefined) set.reviewersPerFile = input.reviewersPerFile;
  if (input.criteria) {
    const submitted = await ctx.db.selectFrom('assignment').select('id').where('meetingId', '=', id).where('submittedAt', 'is not', null).executeTakeFirst();
    if (submitted) refuse({ code: 'MEETING_STATUS', message: '已有专家提交评审意见，不能再修改评分项' });
    set.criteria = JSON.stringify(input.criteria);
  }
  if (Object.keys(set).length === 0) return getMeeting(ctx, actor, id);
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('meeting').set(set).where('id', '=', id).where('status', '=', 'planned').execute();
    await writeAudit(trx, { actorId: actor.userId, action: 'meeting_update', detail: { meetingId: id, fields: Object.keys(set) }, ip: meta.ip, at: ctx.now() });
  });
  return getMeeting(ctx, actor, id);
}

export async function deleteMeeting(ctx: ServiceContext, actor: Actor, id: number, meta: RequestMeta = {}) {
  const m = await requireOfficeMeeting(ctx.db, actor, id);
  requireStatus(m, ['planned'], '删除');
  const file = await ctx.db.selectFrom('meetingApplication').select('applicationId').where('meetingId', '=', id).executeTakeFirst();
  if (file) refuse({ code: 'MEETING_HAS_FILES', message: '评审会已分配评审材料，不能删除' });
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('meeting').where('id', '=', id).where('status', '=', 'planned').execute();
    await writeAudit(trx, { actorId: actor.userId, action: 'meeting_delete', detail: { meetingId: id, title: m.title }, ip: meta.ip, at: ctx.now() });
  });
}

function meetingSummary(m: MeetingRow) {
  return {
    id: m.id,
    committeeOrgId: m.committeeOrgId,
    year: m.year,
    series: m.series,
    level: m.level,
    levelLabel: LEVEL_LABELS[m.level],
    title: m.title,
    status: m.status,
    statusLabel: MEETING_STATUS_LABELS[m.status],
    scheduledAt: new Date(m.scheduledAt).toISOString(),
    reviewersPerFile: m.reviewersPerFile,
    criteria: m.criteria as ScoreCriterion[],
    ballotOpenedAt: m.ballotOpenedAt ? new Date(m.ballotOpenedAt).toISOString() : null,
    ballotClosedAt: m.ballotClosedAt ? new Date(m.ballotClosedAt).toISOString() : null,
    publicityStartsOn: m.publicityStartsOn,
    publicityEndsOn: m.publicityEndsOn,
    finalisedAt: m.finalisedAt ? new Date(m.finalisedAt).toISOString() : null,
  };
}

export interface MeetingListQuery {
  status?: MeetingRow['status'];
  year?: number;
  series?: string;
  /** part of the meeting's title */
  q?: string;
  page?: number;
  pageSize?: number;
  sort?: 'scheduledAt' | 'title';
  order?: 'asc' | 'desc';
}

export async function listMeetings(ctx: ServiceContext, actor: Actor, f: MeetingListQuery = {}) {
  const req = pageRequest(f);
  const offices = officeCommitteeIds(actor);
  if (offices.length === 0) return { items: [], total: 0, ...req };
  const q = f.q?.trim() ?? '';
  const qb = ctx.db
    .selectFrom('meeting')
    .select(MEETING_COLUMNS)
    .select((eb) => [
      eb.selectFrom('meetingApplication').select(eb.fn.countAll<string>().as('n')).whereRef('meetingApplication.meetingId', '=', 'meeting.id').as('fileCount'),
      eb.selectFrom('meetingExpert').select(eb.fn.countAll<string>().as('n')).whereRef('meetingExpert.meetingId', '=', 'meeting.id').as('expertCount'),
    ])
    .where('meeting.committeeOrgId', 'in', offices)
    .$if(!!f.status, (qb) => qb.where('meeting.status', '=', f.status!))
    .$if(!!f.year, (qb) => qb.where('meeting.year', '=', f.year!))
    .$if(!!f.series, (qb) => qb.where('meeting.series', '=', f.series!))
    .$if(!!q, (qb) => qb.where('meeting.title', 'ilike', `%${escapeLike(q)}%`));
  const direction = f.order ?? (f.sort === 'title' ? 'asc' : 'desc');
  const page = await fetchPage(qb, req, (qb) =>
    qb.orderBy(f.sort === 'title' ? 'meeting.title' : 'meeting.scheduledAt', direction).orderBy('meeting.id', direction),
  );
  return { ...page, items: page.items.map((r) => ({ ...meetingSummary(r), fileCount: Number(r.fileCount ?? 0), expertCount: Number(r.expertCount ?? 0) })) };
}

/** Experts of the committee (role expert at the committee organisation) with their specialties. */

export async function getMeeting(ctx: ServiceContext, actor: Actor, id: number) {
  const m = await requireOfficeMeeting(ctx.db, actor, id);
  const policy = await loadPolicy(ctx.db, m.year);
  const roster = await ctx.db
    .selectFrom('meetingExpert')
    .innerJoin('appUser', 'appUser.id', 'meetingExpert.expertId')
    .leftJoin('membership', (j) =>
      j.onRef('membership.userId', '=', 'meetingExpert.expertId').on('membership.role', '=', 'expert').on('membership.organisationId', '=', m.committeeOrgId),
    )
    .select(['meetingExpert.expertId', 'appUser.displayName', 'meetingExpert.isPresent', 'membership.specialties'])
    .where('meetingExpert.meetingId', '=', id)
    .orderBy('meetingExpert.expertId')
    .execute();
  const files = await applicationFacts(ctx.db)
    .innerJoin('meetingApplication', 'meetingApplication.applicationId', 'application.id')
    .select([
      'application.id as applicationId',
      'application.fileCode',
      'application.status',
      'appUser.displayName as applicantName',
      'organisation.name as recommendingOrgName',
      'specialty.name as specialtyName',
    ])
    .where('meetingApplication.meetingId', '=', id)
    .orderBy('application.fileCode')
    .execute();
  const appIds = files.map((f) => f.applicationId);
  const assignments = appIds.length
    ? await ctx.db
        .selectFrom('assignment')
        .innerJoin('appUser', 'appUser.id', 'assignment.expertId')
        .select(['assignment.id', 'assignment.applicationId', 'assignment.expertId', 'appUser.displayName as expertName', 'assignment.submittedAt'])
        .where('assignment.meetingId', '=', id)
        .orderBy('assignment.applicationId')
        .orderBy('assignment.expertId')
        .execute()
    : [];
  const conflicts = appIds.length
    ? await ctx.db
        .selectFrom('conflict')
        .innerJoin('appUser', 'appUser.id', 'conflict.expertId')
        .select(['conflict.applicationId', 'conflict.expertId', 'appUser.displayName as expertName', 'conflict.kind', 'conflict.reason'])
        .where('conflict.applicationId', 'in', appIds)
        .orderBy('conflict.applicationId')
        .execute()
    : [];
  const present = roster.filter((r) => r.isPresent).length;
  const q = quorum({ rosterSize: roster.length, present }, policy.quorumFraction);
  const load = (expertId: number) => assignments.filter((a) => a.expertId === expertId).length;
  return {
    meeting: meetingSummary(m),
    quorum: { rosterSize: roster.length, present, needed: q.needed, reached: q.reached, fraction: policy.quorumFraction },
    roster: roster.map((r) => ({ expertId: r.expertId, name: r.displayName, isPresent: r.isPresent, specialties: r.specialties ?? [], load: load(r.expertId) })),
    files: files.map((f) => ({
      applicationId: f.applicationId,
      fileCode: f.fileCode ?? '',
      status: f.status,
      statusLabel: statusLabel(f.status),
      applicantName: f.applicantName,
      recommendingOrgName: f.recommendingOrgName,
      specialtyName: f.specialtyName,
      reviewers: assignments
        .filter((a) => a.applicationId === f.applicationId)
        .map((a) => ({ assignmentId: a.id, expertId: a.expertId, name: a.expertName, submitted: a.submittedAt !== null })),
    })),
    conflicts: conflicts.map((c) => ({ ...c, kindLabel: CONFLICT_LABELS[c.kind] })),
  };
}
