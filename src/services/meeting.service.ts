// The committee office's review meeting (R4): the meeting itself, its expert roster and attendance,
// conflicts (回避), assignment of files to experts, and the secret ballot's opening and closing.
// Each change: load → domain decides → one transaction writes and audits (STYLE §5).
import type { Kysely } from 'kysely';
import type { ConflictKind, DB, Level, MeetingStatus } from '../db/schema';
import { type Actor, hasRole } from '../domain/access';
import { conflictKey, derivedConflict, planAssignments, CONFLICT_LABELS, type ExpertUnit, type FileUnits } from '../domain/assignment';
import { type FieldError, Refused, type Refusal } from '../domain/errors';
import { fileCode, nextFileCodeSequence } from '../domain/file-code';
import { DEFAULT_CRITERIA, whyNotCriteria, type ScoreCriterion } from '../domain/review-criteria';
import type { SectionData } from '../domain/section-fields';
import { statusLabel } from '../domain/state-machine';
import { quorum, tallyFile, whyNotOpenBallot } from '../domain/tally';
import { writeAudit } from './audit';
import { LEVEL_LABELS } from '../domain/level';
import { loadPolicy } from './policy.service';
import { transition } from './transition';
import type { RequestMeta, ServiceContext } from './service-context';

export const MEETING_STATUS_LABELS: Record<MeetingStatus, string> = {
  planned: '筹备中',
  voting: '投票中',
  closed: '已计票',
  published: '结果公示中',
  final: '已办结',
};

export const VOTE_LABELS = { approve: '同意', reject: '不同意', abstain: '弃权' } as const;

const MEETING_COLUMNS = [
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

function refuse(r: Refusal, errors?: FieldError[]): never {
  throw new Refused(r.code, r.message, errors);
}

function requireStatus(m: MeetingRow, allowed: readonly MeetingStatus[], doing: string): void {
  if (!allowed.includes(m.status)) {
    refuse({ code: 'MEETING_STATUS', message: `评审会当前为“${MEETING_STATUS_LABELS[m.status]}”，不能${doing}` });
  }
}

/** Moves the meeting from `from` to `to` only if nobody moved it meanwhile. */
async function moveMeeting(trx: Kysely<DB>, id: number, from: MeetingStatus, to: MeetingStatus, set: Record<string, unknown> = {}): Promise<void> {
  const r = await trx.updateTable('meeting').set({ status: to, ...set }).where('id', '=', id).where('status', '=', from).executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw new Refused('VERSION_CONFLICT', '评审会已被他人修改，请刷新后重试');
}

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

export async function listMeetings(ctx: ServiceContext, actor: Actor) {
  const offices = officeCommitteeIds(actor);
  if (offices.length === 0) return [];
  const rows = await ctx.db
    .selectFrom('meeting')
    .select(MEETING_COLUMNS)
    .select((eb) => [
      eb.selectFrom('meetingApplication').select(eb.fn.countAll<string>().as('n')).whereRef('meetingApplication.meetingId', '=', 'meeting.id').as('fileCount'),
      eb.selectFrom('meetingExpert').select(eb.fn.countAll<string>().as('n')).whereRef('meetingExpert.meetingId', '=', 'meeting.id').as('expertCount'),
    ])
    .where('meeting.committeeOrgId', 'in', offices)
    .orderBy('meeting.scheduledAt', 'desc')
    .orderBy('meeting.id', 'desc')
    .execute();
  return rows.map((r) => ({ ...meetingSummary(r), fileCount: Number(r.fileCount ?? 0), expertCount: Number(r.expertCount ?? 0) }));
}

/** Experts of the committee (role expert at the committee organisation) with their specialties. */
async function committeeExperts(db: Kysely<DB>, committeeOrgId: number) {
  return db
    .selectFrom('membership')
    .innerJoin('appUser', 'appUser.id', 'membership.userId')
    .select(['appUser.id as expertId', 'appUser.displayName', 'membership.specialties'])
    .where('membership.role', '=', 'expert')
    .where('membership.organisationId', '=', committeeOrgId)
    .orderBy('appUser.id')
    .execute();
}

/** The organisations each expert works for: every membership outside a committee. */
export async function expertUnits(db: Kysely<DB>, expertIds: readonly number[]): Promise<Map<number, ExpertUnit[]>> {
  const out = new Map<number, ExpertUnit[]>(expertIds.map((id) => [id, []]));
  if (expertIds.length === 0) return out;
  const rows = await db
    .selectFrom('membership')
    .innerJoin('organisation', 'organisation.id', 'membership.organisationId')
    .select(['membership.userId', 'organisation.id', 'organisation.name', 'organisation.aliases', 'organisation.kind'])
    .where('membership.userId', 'in', [...expertIds])
    .where('organisation.kind', '<>', 'committee')
    .execute();
  for (const r of rows) {
    const list = out.get(r.userId)!;
    if (!list.some((u) => u.id === r.id)) list.push({ id: r.id, names: [r.name, ...r.aliases] });
  }
  return out;
}

/** The unit facts of each file: recommending unit, A1 unit, A3 current and past units. */
export async function fileUnits(db: Kysely<DB>, applicationIds: readonly number[]): Promise<Map<number, FileUnits>> {
  const out = new Map<number, FileUnits>();
  if (applicationIds.length === 0) return out;
  const apps = await db.selectFrom('application').select(['id', 'recommendingOrgId']).where('id', 'in', [...applicationIds]).execute();
  for (const a of apps) out.set(a.id, { recommendingOrgId: a.recommendingOrgId, currentUnitTexts: [], pastUnitTexts: [] });
  const sections = await db
    .selectFrom('section')
    .select(['applicationId', 'code', 'data'])
    .where('applicationId', 'in', [...applicationIds])
    .where('code', 'in', ['A1', 'A3'])
    .execute();
  for (const s of sections) {
    const f = out.get(s.applicationId) as { currentUnitTexts: string[]; pastUnitTexts: string[] } | undefined;
    if (!f) continue;
    const data = s.data as unknown as SectionData;
    if (s.code === 'A1') {
      for (const k of ['unit', 'unitAliases']) {
        const v = data.fields?.[k];
        if (typeof v === 'string' && v.trim() && v.trim() !== '无') f.currentUnitTexts.push(v);
      }
    } else {
      for (const row of data.rows ?? []) {
        if (typeof row.unit !== 'string' || !row.unit.trim()) continue;
        (row.endDate ? f.pastUnitTexts : f.currentUnitTexts).push(row.unit);
      }
    }
  }
  return out;
}

/**
 * Derives same-unit and past-unit conflicts between the given files and experts and records them
 * (STYLE §2: the system derives 本单位 itself); then removes any assignment a conflict forbids, so
 * "no expert assigned to a file they conflict with" always holds.
 */
export async function recordDerivedConflicts(trx: Kysely<DB>, applicationIds: readonly number[], expertIds: readonly number[], now: Date): Promise<number> {
  if (applicationIds.length === 0 || expertIds.length === 0) return 0;
  const files = await fileUnits(trx, applicationIds);
  const units = await expertUnits(trx, expertIds);
  const rows: Array<{ applicationId: number; expertId: number; kind: ConflictKind; createdAt: Date }> = [];
  for (const [applicationId, f] of files) {
    for (const expertId of expertIds) {
      const kind = derivedConflict(f, units.get(expertId) ?? []);
      if (kind) rows.push({ applicationId, expertId, kind, createdAt: now });
    }
  }
  if (rows.length) await trx.insertInto('conflict').values(rows).onConflict((oc) => oc.doNothing()).execute();
  const removed = await trx
    .deleteFrom('assignment')
    .where('applicationId', 'in', [...applicationIds])
    .where((eb) =>
      eb.exists(
        eb.selectFrom('conflict').select('conflict.expertId').whereRef('conflict.applicationId', '=', 'assignment.applicationId').whereRef('conflict.expertId', '=', 'assignment.expertId'),
      ),
    )
    .executeTakeFirst();
  return Number(removed.numDeletedRows);
}

async function conflictSet(db: Kysely<DB>, applicationIds: readonly number[]): Promise<Set<string>> {
  if (applicationIds.length === 0) return new Set();
  const rows = await db.selectFrom('conflict').select(['applicationId', 'expertId']).where('applicationId', 'in', [...applicationIds]).execute();
  return new Set(rows.map((r) => conflictKey(r.applicationId, r.expertId)));
}

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
  const files = await ctx.db
    .selectFrom('meetingApplication')
    .innerJoin('application', 'application.id', 'meetingApplication.applicationId')
    .innerJoin('appUser', 'appUser.id', 'application.applicantId')
    .innerJoin('specialty', 'specialty.id', 'application.specialtyId')
    .innerJoin('organisation', 'organisation.id', 'application.recommendingOrgId')
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

// ── Roster and attendance ────────────────────────────────────────────────────────────────────

export async function listCommitteeExperts(ctx: ServiceContext, actor: Actor, id: number) {
  const m = await requireOfficeMeeting(ctx.db, actor, id);
  const experts = await committeeExperts(ctx.db, m.committeeOrgId);
  return experts.map((e) => ({ expertId: e.expertId, name: e.displayName, specialties: e.specialties }));
}

/** Replaces the roster (before the ballot opens); assignments of experts taken off go with them. */
export async function setRoster(ctx: ServiceContext, actor: Actor, id: number, expertIds: number[], meta: RequestMeta = {}) {
  const m = await requireOfficeMeeting(ctx.db, actor, id);
  requireStatus(m, ['planned'], '调整专家名单');
  const pool = new Set((await committeeExperts(ctx.db, m.committeeOrgId)).map((e) => e.expertId));
  const wanted = [...new Set(expertIds)];
  const errors = wanted.filter((e) => !pool.has(e)).map((e) => ({ field: `expertIds`, message: `编号为${e}的用户不是本评审委员会的评审专家` }));
  if (errors.length) throw new Refused('INVALID_INPUT', errors.map((e) => e.message).join('；'), errors);
  const submitted = await ctx.db
    .selectFrom('assignment')
    .select('expertId')
    .where('meetingId', '=', id)
    .where('submittedAt', 'is not', null)
    .$if(wanted.length > 0, (qb) => qb.where('expertId', 'not in', wanted))
    .executeTakeFirst();
  if (submitted) refuse({ code: 'EXPERT_HAS_REVIEWS', message: '要移出名单的专家已提交评审意见，不能移出' });
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    const del = trx.deleteFrom('meetingExpert').where('meetingId', '=', id);
    await (wanted.length ? del.where('expertId', 'not in', wanted) : del).execute();
    const delAssign = trx.deleteFrom('assignment').where('meetingId', '=', id);
    await (wanted.length ? delAssign.where('expertId', 'not in', wanted) : delAssign).execute();
    if (wanted.length) {
      await trx
        .insertInto('meetingExpert')
        .values(wanted.map((expertId) => ({ meetingId: id, expertId })))
        .onConflict((oc) => oc.columns(['meetingId', 'expertId']).doNothing())
        .execute();
    }
    const files = await trx.selectFrom('meetingApplication').select('applicationId').where('meetingId', '=', id).execute();
    await recordDerivedConflicts(trx, files.map((f) => f.applicationId), wanted, now);
    await writeAudit(trx, { actorId: actor.userId, action: 'meeting_roster', detail: { meetingId: id, expertIds: wanted }, ip: meta.ip, at: now });
  });
  return getMeeting(ctx, actor, id);
}

/** R4: the office records who is present; frozen once the ballot opens. */
export async function setAttendance(ctx: ServiceContext, actor: Actor, id: number, entries: Array<{ expertId: number; isPresent: boolean }>, meta: RequestMeta = {}) {
  const m = await requireOfficeMeeting(ctx.db, actor, id);
  requireStatus(m, ['planned'], '登记出席（投票开始后出席情况不能更改）');
  const roster = new Set((await ctx.db.selectFrom('meetingExpert').select('expertId').where('meetingId', '=', id).execute()).map((r) => r.expertId));
  const errors = entries.filter((e) => !roster.has(e.expertId)).map((e) => ({ field: 'entries', message: `编号为${e.expertId}的专家不在本次评审会名单中` }));
  if (errors.length) throw new Refused('INVALID_INPUT', errors.map((e) => e.message).join('；'), errors);
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    for (const e of entries) {
      await trx.updateTable('meetingExpert').set({ isPresent: e.isPresent }).where('meetingId', '=', id).where('expertId', '=', e.expertId).execute();
    }
    await writeAudit(trx, { actorId: actor.userId, action: 'meeting_attendance', detail: { meetingId: id, entries }, ip: meta.ip, at: now });
  });
  return getMeeting(ctx, actor, id);
}

// ── Files and assignment ─────────────────────────────────────────────────────────────────────

/** Accepted, fee-paid files this meeting may review and no meeting has taken yet (R1, R3, R4). */
export async function eligibleFiles(ctx: ServiceContext, actor: Actor, id: number) {
  const m = await requireOfficeMeeting(ctx.db, actor, id);
  return eligibleFileRows(ctx.db, m);
}

async function eligibleFileRows(db: Kysely<DB>, m: MeetingRow, only?: readonly number[]) {
  return db
    .selectFrom('application')
    .innerJoin('specialty', 'specialty.id', 'application.specialtyId')
    .innerJoin('appUser', 'appUser.id', 'application.applicantId')
    .innerJoin('organisation', 'organisation.id', 'application.recommendingOrgId')
    .select([
      'application.id as applicationId',
      'application.status',
      'application.version',
      'application.year',
      'application.fileCode',
      'specialty.name as specialtyName',
      'specialty.seriesCode',
      'appUser.displayName as applicantName',
      'organisation.name as recommendingOrgName',
    ])
    .where('application.status', '=', 'accepted')
    .where('application.committeeOrgId', '=', m.committeeOrgId)
    .where('application.year', '=', m.year)
    .where('application.level', '=', m.level)
    .where('specialty.series', '=', m.series)
    // R3: the fee is confirmed by finance
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('feeItem')
          .innerJoin('feeBatch', 'feeBatch.id', 'feeItem.batchId')
          .select('feeItem.applicationId')
          .whereRef('feeItem.applicationId', '=', 'application.id')
          .where('feeBatch.confirmedAt', 'is not', null),
      ),
    )
    .where((eb) => eb.not(eb.exists(eb.selectFrom('meetingApplication').select('meetingApplication.applicationId').whereRef('meetingApplication.applicationId', '=', 'application.id'))))
    .$if(!!only, (qb) => qb.where('application.id', 'in', only!.length ? [...only!] : [0]))
    .orderBy('application.id')
    .execute();
}

/**
 * Puts files on the meeting's agenda: accepted → in_review (start_review) and a file code (B5)
 * of the year and series, in one transaction with the caller's other writes.
 */
async function addFilesToMeeting(
  trx: Kysely<DB>,
  m: MeetingRow,
  files: Awaited<ReturnType<typeof eligibleFileRows>>,
  actorId: number,
  now: Date,
  meta: RequestMeta,
): Promise<void> {
  if (files.length === 0) return;
  const seriesCode = files[0].seriesCode;
  const existing = await trx.selectFrom('application').select('fileCode').where('fileCode', 'like', `${m.year}-${seriesCode}-%`).execute();
  let seq = nextFileCodeSequence(
    existing.map((e) => e.fileCode ?? ''),
    m.year,
    seriesCode,
  );
  for (const f of files) {
    const code = f.fileCode ?? fileCode(m.year, seriesCode, seq++);
    await transition(trx, { id: f.applicationId, status: f.status, version: f.version }, 'start_review', {
      actor: actorId,
      now,
      ip: meta.ip,
      set: { fileCode: code },
      detail: { meetingId: m.id, fileCode: code },
    });
    await trx.insertInto('meetingApplication').values({ meetingId: m.id, applicationId: f.applicationId }).execute();
  }
}

async function notifyExperts(trx: Kysely<DB>, expertIds: readonly number[], text: string, now: Date) {
  const ids = [...new Set(expertIds)];
  // applicationId stays null: a notification must not tie an expert to an identifiable file
  if (ids.length) await trx.insertInto('notification').values(ids.map((userId) => ({ userId, applicationId: null, text, createdAt: now }))).execute();
}

async function rosterForPlanning(db: Kysely<DB>, m: MeetingRow) {
  return db
    .selectFrom('meetingExpert')
    .leftJoin('membership', (j) =>
      j.onRef('membership.userId', '=', 'meetingExpert.expertId').on('membership.role', '=', 'expert').on('membership.organisationId', '=', m.committeeOrgId),
    )
    .select(['meetingExpert.expertId', 'membership.specialties'])
    .where('meetingExpert.meetingId', '=', m.id)
    .orderBy('meetingExpert.expertId')
    .execute();
}

/**
 * Automatic assignment by specialty with balanced load (R4). Takes the given eligible files (or
 * all of them) onto the agenda and tops every agenda file up to reviewers_per_file reviewers.
 * Checks every file first and writes nothing if any cannot be served (STYLE §5, hotcrp assignmentset).
 */
export async function autoAssign(ctx: ServiceContext, actor: Actor, id: number, input: { applicationIds?: number[] }, meta: RequestMeta = {}) {
  const m = await requireOfficeMeeting(ctx.db, actor, id);
  requireStatus(m, ['planned'], '分配评审材料');
  const roster = await rosterForPlanning(ctx.db, m);
  if (roster.length === 0) refuse({ code: 'ROSTER_EMPTY', message: '请先确定评审专家名单，再分配评审材料' });
  const newFiles = await eligibleFileRows(ctx.db, m, input.applicationIds);
  if (input.applicationIds) {
    const found = new Set(newFiles.map((f) => f.applicationId));
    const onAgenda = new Set(
      (await ctx.db.selectFrom('meetingApplication').select('applicationId').where('meetingId', '=', id).execute()).map((r) => r.applicationId),
    );
    const bad = input.applicationIds.filter((a) => !found.has(a) && !onAgenda.has(a));
    if (bad.length) {
      throw new Refused(
        'INVALID_INPUT',
        `有${bad.length}份材料不能分配到本评审会（须为本委员会已接收、已缴费、同系列同级别且未分配的材料）`,
        bad.map((a) => ({ field: 'applicationIds', message: `申报编号${a}不符合分配条件` })),
      );
    }
  }
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    await addFilesToMeeting(trx, m, newFiles, actor.userId, now, meta);
    const agenda = await trx
      .selectFrom('meetingApplication')
      .innerJoin('application', 'application.id', 'meetingApplication.applicationId')
      .innerJoin('specialty', 'specialty.id', 'application.specialtyId')
      .select(['application.id', 'specialty.name as specialty'])
      .where('meetingApplication.meetingId', '=', id)
      .$if(!!input.applicationIds, (qb) => qb.where('application.id', 'in', input.applicationIds!.length ? input.applicationIds! : [0]))
      .execute();
    const appIds = agenda.map((a) => a.id);
    await recordDerivedConflicts(trx, appIds, roster.map((r) => r.expertId), now);
    const existing = await trx.selectFrom('assignment').select(['applicationId', 'expertId']).where('meetingId', '=', id).execute();
    const plan = planAssignments(
      agenda.map((a) => ({ applicationId: a.id, specialty: a.specialty, assigned: existing.filter((e) => e.applicationId === a.id).map((e) => e.expertId) })),
      roster.map((r) => ({ expertId: r.expertId, specialties: r.specialties ?? [], load: existing.filter((e) => e.expertId === r.expertId).length })),
      await conflictSet(trx, appIds),
      m.reviewersPerFile,
    );
    if (plan.errors.length) {
      const codes = new Map((await trx.selectFrom('application').select(['id', 'fileCode']).where('id', 'in', plan.errors.map((e) => e.applicationId)).execute()).map((r) => [r.id, r.fileCode]));
      // thrown inside the transaction: the agenda changes above roll back with it
      throw new Refused(
        'ASSIGNMENT_IMPOSSIBLE',
        `有${plan.errors.length}份材料无法分配足够的评审专家，本次未作任何分配`,
        plan.errors.map((e) => ({ field: `applications.${codes.get(e.applicationId) ?? e.applicationId}`, message: e.message })),
      );
    }
    if (plan.assignments.length) {
      await trx
        .insertInto('assignment')
        .values(plan.assignments.map((a) => ({ meetingId: id, applicationId: a.applicationId, expertId: a.expertId, assignedBy: actor.userId, assignedAt: now })))
        .execute();
    }
    await writeAudit(trx, {
      actorId: actor.userId,
      action: 'assign_auto',
      detail: { meetingId: id, added: newFiles.map((f) => f.applicationId), assignments: plan.assignments, outsideSpecialty: plan.outsideSpecialty },
      ip: meta.ip,
      at: now,
    });
    await notifyExperts(trx, plan.assignments.map((a) => a.expertId), `您有新的评审材料待评审（${m.title}）`, now);
    return { added: newFiles.length, assigned: plan.assignments.length, outsideSpecialty: plan.outsideSpecialty.length };
  });
}

/** Hand assignment: sets the file's reviewers to exactly `expertIds` (a submitted review stays). */
export async function assignByHand(ctx: ServiceContext, actor: Actor, id: number, input: { applicationId: number; expertIds: number[] }, meta: RequestMeta = {}) {
  const m = await requireOfficeMeeting(ctx.db, actor, id);
  requireStatus(m, ['planned'], '分配评审材料');
  const roster = new Set((await rosterForPlanning(ctx.db, m)).map((r) => r.expertId));
  const wanted = [...new Set(input.expertIds)];
  const errors: FieldError[] = wanted.filter((e) => !roster.has(e)).map((e) => ({ field: 'expertIds', message: `编号为${e}的专家不在本次评审会名单中` }));
  if (errors.length) throw new Refused('INVALID_INPUT', errors.map((e) => e.message).join('；'), errors);
  const onAgenda = await ctx.db.selectFrom('meetingApplication').select('applicationId').where('meetingId', '=', id).where('applicationId', '=', input.applicationId).executeTakeFirst();
  const newFile = onAgenda ? [] : await eligibleFileRows(ctx.db, m, [input.applicationId]);
  if (!onAgenda && newFile.length === 0) {
    throw new Refused('INVALID_INPUT', '该材料不能分配到本评审会（须为本委员会已接收、已缴费、同系列同级别且未分配的材料）', [{ field: 'applicationId', message: '材料不符合分配条件' }]);
  }
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    await addFilesToMeeting(trx, m, newFile, actor.userId, now, meta);
    await recordDerivedConflicts(trx, [input.applicationId], [...roster], now);
    const conflicts = await conflictSet(trx, [input.applicationId]);
    const conflicted = wanted.filter((e) => conflicts.has(conflictKey(input.applicationId, e)));
    if (conflicted.length) {
      throw new Refused(
        'CONFLICT_OF_INTEREST',
        `有${conflicted.length}位专家须回避该材料，不能分配`,
        conflicted.map((e) => ({ field: 'expertIds', message: `编号为${e}的专家须回避该材料` })),
      );
    }
    const current = await trx.selectFrom('assignment').select(['expertId', 'submittedAt']).where('meetingId', '=', id).where('applicationId', '=', input.applicationId).execute();
    const dropping = current.filter((c) => !wanted.includes(c.expertId));
    if (dropping.some((c) => c.submittedAt)) refuse({ code: 'EXPERT_HAS_REVIEWS', message: '要取消分配的专家已提交评审意见，不能取消' });
    if (dropping.length) {
      await trx.deleteFrom('assignment').where('meetingId', '=', id).where('applicationId', '=', input.applicationId).where('expertId', 'in', dropping.map((d) => d.expertId)).execute();
    }
    const adding = wanted.filter((e) => !current.some((c) => c.expertId === e));
    if (adding.length) {
      await trx
        .insertInto('assignment')
        .values(adding.map((expertId) => ({ meetingId: id, applicationId: input.applicationId, expertId, assignedBy: actor.userId, assignedAt: now })))
        .execute();
    }
    await writeAudit(trx, {
      actorId: actor.userId,
      applicationId: input.applicationId,
      action: 'assign_hand',
      detail: { meetingId: id, expertIds: wanted },
      ip: meta.ip,
      at: now,
    });
    await notifyExperts(trx, adding, `您有新的评审材料待评审（${m.title}）`, now);
    return { assigned: adding.length, removed: dropping.length };
  });
}

// ── Conflicts recorded by hand ───────────────────────────────────────────────────────────────

async function requireAgendaFile(db: Kysely<DB>, meetingId: number, applicationId: number) {
  const f = await db.selectFrom('meetingApplication').select('applicationId').where('meetingId', '=', meetingId).where('applicationId', '=', applicationId).executeTakeFirst();
  if (!f) throw new Refused('NOT_FOUND', '本评审会没有该材料');
}

/** Office records a conflict: one the applicant declared, or one it found itself. Any assignment it forbids goes. */
export async function addConflict(
  ctx: ServiceContext,
  actor: Actor,
  id: number,
  input: { applicationId: number; expertId: number; kind: 'declared' | 'manual'; reason: string },
  meta: RequestMeta = {},
) {
  const m = await requireOfficeMeeting(ctx.db, actor, id);
  requireStatus(m, ['planned', 'voting'], '登记回避');
  await requireAgendaFile(ctx.db, id, input.applicationId);
  const member = await ctx.db.selectFrom('meetingExpert').select('expertId').where('meetingId', '=', id).where('expertId', '=', input.expertId).executeTakeFirst();
  if (!member) throw new Refused('INVALID_INPUT', '该专家不在本次评审会名单中', [{ field: 'expertId', message: '请选择本次评审会的专家' }]);
  if (m.status === 'voting') {
    const voted = await ctx.db
      .selectFrom('ballotCast')
      .select('expertId')
      .where('meetingId', '=', id)
      .where('applicationId', '=', input.applicationId)
      .where('expertId', '=', input.expertId)
      .executeTakeFirst();
    // the vote is anonymous and cannot be taken back, so the recusal would come too late
    if (voted) refuse({ code: 'ALREADY_VOTED', message: '该专家已对该材料投票，无法再登记回避；如需处理请按异议程序办理' });
  }
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('conflict')
      .values({ applicationId: input.applicationId, expertId: input.expertId, kind: input.kind, reason: input.reason.trim(), createdBy: actor.userId, createdAt: now })
      .onConflict((oc) => oc.columns(['applicationId', 'expertId', 'kind']).doUpdateSet({ reason: input.reason.trim() }))
      .execute();
    await trx.deleteFrom('assignment').where('applicationId', '=', input.applicationId).where('expertId', '=', input.expertId).execute();
    await writeAudit(trx, {
      actorId: actor.userId,
      applicationId: input.applicationId,
      action: 'conflict_add',
      reason: input.reason.trim(),
      detail: { meetingId: id, expertId: input.expertId, kind: input.kind },
      ip: meta.ip,
      at: now,
    });
  });
  return getMeeting(ctx, actor, id);
}

/** Only conflicts recorded by hand can be lifted; derived ones follow from the facts. */
export async function removeConflict(ctx: ServiceContext, actor: Actor, id: number, input: { applicationId: number; expertId: number; kind: 'declared' | 'manual' }, meta: RequestMeta = {}) {
  const m = await requireOfficeMeeting(ctx.db, actor, id);
  requireStatus(m, ['planned'], '撤销回避');
  await requireAgendaFile(ctx.db, id, input.applicationId);
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    const r = await trx
      .deleteFrom('conflict')
      .where('applicationId', '=', input.applicationId)
      .where('expertId', '=', input.expertId)
      .where('kind', '=', input.kind)
      .executeTakeFirst();
    if (Number(r.numDeletedRows) !== 1) throw new Refused('NOT_FOUND', '没有这条回避记录');
    await writeAudit(trx, { actorId: actor.userId, applicationId: input.applicationId, action: 'conflict_remove', detail: { meetingId: id, ...input }, ip: meta.ip, at: now });
  });
  return getMeeting(ctx, actor, id);
}

// ── Ballot ───────────────────────────────────────────────────────────────────────────────────

/** R4: opens voting once the quorum is present and every assigned review is in. */
export async function openBallot(ctx: ServiceContext, actor: Actor, id: number, meta: RequestMeta = {}) {
  const m = await requireOfficeMeeting(ctx.db, actor, id);
  requireStatus(m, ['planned'], '开始投票');
  const policy = await loadPolicy(ctx.db, m.year);
  const roster = await ctx.db.selectFrom('meetingExpert').select(['expertId', 'isPresent']).where('meetingId', '=', id).execute();
  const r = whyNotOpenBallot({ rosterSize: roster.length, present: roster.filter((x) => x.isPresent).length }, policy.quorumFraction);
  if (r) refuse(r);
  const files = await ctx.db.selectFrom('meetingApplication').select('applicationId').where('meetingId', '=', id).execute();
  if (files.length === 0) refuse({ code: 'NO_FILES', message: '本评审会还没有评审材料，请先分配' });
  const pending = await ctx.db
    .selectFrom('assignment')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('meetingId', '=', id)
    .where('submittedAt', 'is', null)
    .executeTakeFirstOrThrow();
  if (Number(pending.n) > 0) refuse({ code: 'REVIEWS_INCOMPLETE', message: `还有${pending.n}份专家评审意见未提交，全部提交后方可开始投票` });
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    await moveMeeting(trx, id, 'planned', 'voting', { ballotOpenedAt: now });
    await writeAudit(trx, { actorId: actor.userId, action: 'ballot_open', detail: { meetingId: id, rosterSize: roster.length, present: roster.filter((x) => x.isPresent).length }, ip: meta.ip, at: now });
    await notifyExperts(trx, roster.filter((x) => x.isPresent).map((x) => x.expertId), `${m.title}已开始投票`, now);
  });
  return getMeeting(ctx, actor, id);
}

/** Totals per file from the anonymous vote table; eligibility from attendance and conflicts. */
export async function computeTally(db: Kysely<DB>, m: MeetingRow) {
  const policy = await loadPolicy(db, m.year);
  const present = (await db.selectFrom('meetingExpert').select('expertId').where('meetingId', '=', m.id).where('isPresent', '=', true).execute()).map((r) => r.expertId);
  const files = await db
    .selectFrom('meetingApplication')
    .innerJoin('application', 'application.id', 'meetingApplication.applicationId')
    .select(['application.id', 'application.fileCode'])
    .where('meetingApplication.meetingId', '=', m.id)
    .orderBy('application.fileCode')
    .execute();
  const ids = files.map((f) => f.id);
  const conflicts = await conflictSet(db, ids);
  const counts = ids.length
    ? await db
        .selectFrom('vote')
        .select(['applicationId', 'choice', (eb) => eb.fn.countAll<string>().as('n')])
        .where('meetingId', '=', m.id)
        .groupBy(['applicationId', 'choice'])
        .execute()
    : [];
  const n = (appId: number, choice: string) => Number(counts.find((c) => c.applicationId === appId && c.choice === choice)?.n ?? 0);
  return files.map((f) => ({
    applicationId: f.id,
    fileCode: f.fileCode ?? '',
    ...tallyFile(
      {
        // recused experts do not vote on the file, so they are not counted as present for it
        eligible: present.filter((e) => !conflicts.has(conflictKey(f.id, e))).length,
        approve: n(f.id, 'approve'),
        reject: n(f.id, 'reject'),
        abstain: n(f.id, 'abstain'),
      },
      policy.passFraction,
    ),
  }));
}

/** R4: closes voting (no late votes) and freezes the tally per file. */
export async function closeBallot(ctx: ServiceContext, actor: Actor, id: number, meta: RequestMeta = {}) {
  const m = await requireOfficeMeeting(ctx.db, actor, id);
  requireStatus(m, ['voting'], '结束投票');
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    await moveMeeting(trx, id, 'voting', 'closed', { ballotClosedAt: now });
    const tally = await computeTally(trx, m);
    for (const t of tally) {
      await trx
        .updateTable('meetingApplication')
        .set({ eligibleCount: t.eligible, approveCount: t.approve, rejectCount: t.reject, abstainCount: t.abstain, isPassed: t.passed })
        .where('meetingId', '=', id)
        .where('applicationId', '=', t.applicationId)
        .execute();
    }
    await writeAudit(trx, {
      actorId: actor.userId,
      action: 'ballot_close',
      detail: { meetingId: id, tally: tally.map((t) => ({ fileCode: t.fileCode, eligible: t.eligible, approve: t.approve, reject: t.reject, abstain: t.abstain, passed: t.passed })) },
      ip: meta.ip,
      at: now,
    });
  });
  return getTally(ctx, actor, id);
}

/** Only totals, never who voted how (R4 secret ballot). While voting: how many have voted so far. */
export async function getTally(ctx: ServiceContext, actor: Actor, id: number) {
  const m = await requireOfficeMeeting(ctx.db, actor, id);
  const policy = await loadPolicy(ctx.db, m.year);
  const roster = await ctx.db.selectFrom('meetingExpert').select(['isPresent']).where('meetingId', '=', id).execute();
  const present = roster.filter((r) => r.isPresent).length;
  const q = quorum({ rosterSize: roster.length, present }, policy.quorumFraction);
  const base = {
    meetingId: id,
    status: m.status,
    statusLabel: MEETING_STATUS_LABELS[m.status],
    rosterSize: roster.length,
    present,
    quorumNeeded: q.needed,
    quorumReached: q.reached,
    passFraction: policy.passFraction,
  };
  if (m.status === 'planned') return { ...base, files: [] };
  if (m.status === 'voting') {
    // progress only: per file how many ballots are in, without choices
    const cast = await ctx.db
      .selectFrom('ballotCast')
      .select(['applicationId', (eb) => eb.fn.countAll<string>().as('n')])
      .where('meetingId', '=', id)
      .groupBy('applicationId')
      .execute();
    const files = await ctx.db
      .selectFrom('meetingApplication')
      .innerJoin('application', 'application.id', 'meetingApplication.applicationId')
      .select(['application.id', 'application.fileCode'])
      .where('meetingApplication.meetingId', '=', id)
      .orderBy('application.fileCode')
      .execute();
    return {
      ...base,
      files: files.map((f) => ({ applicationId: f.id, fileCode: f.fileCode ?? '', votesCast: Number(cast.find((c) => c.applicationId === f.id)?.n ?? 0) })),
    };
  }
  const rows = await ctx.db
    .selectFrom('meetingApplication')
    .innerJoin('application', 'application.id', 'meetingApplication.applicationId')
    .select([
      'application.id',
      'application.fileCode',
      'meetingApplication.eligibleCount',
      'meetingApplication.approveCount',
      'meetingApplication.rejectCount',
      'meetingApplication.abstainCount',
      'meetingApplication.isPassed',
      'meetingApplication.isOverturned',
    ])
    .where('meetingApplication.meetingId', '=', id)
    .orderBy('application.fileCode')
    .execute();
  return {
    ...base,
    files: rows.map((r) => {
      const eligible = r.eligibleCount ?? 0;
      const approve = r.approveCount ?? 0;
      const reject = r.rejectCount ?? 0;
      const abstain = r.abstainCount ?? 0;
      const passed = !!r.isPassed && !r.isOverturned;
      return {
        applicationId: r.id,
        fileCode: r.fileCode ?? '',
        eligible,
        approve,
        reject,
        abstain,
        notVoted: eligible - approve - reject - abstain,
        votesCast: approve + reject + abstain,
        passed,
        isOverturned: r.isOverturned,
        resultLabel: passed ? '通过' : '未通过',
      };
    }),
  };
}

