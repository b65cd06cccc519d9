// Results after the ballot (R4): the office publishes the result list for policy
// result_publicity_working_days working days on the official calendar, records and decides
// objections, then finalises: every file moves to passed or failed through the state machine and
// passed files get their certificate.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { Actor } from '../domain/access';
import { type ErrorCode, Refused } from '../domain/errors';
import { chineseDate } from '../domain/review-rules';
import { statusLabel } from '../domain/state-machine';
import { addWorkingDays, CalendarRangeError, shanghaiDate } from '../domain/working-days';
import { writeAudit } from './audit';
import { issueCertificates } from './certificate.service';
import { LEVEL_LABELS } from '../domain/level';
import { MEETING_STATUS_LABELS, requireMeetingDay, requireOfficeMeeting, type MeetingRow } from './meeting-access';
import { loadPolicy } from './policy.service';
import { schedulePublicityClose } from './publicity-close.service';
import type { RequestMeta, ServiceContext } from './service-context';
import { transition } from './transition';
import { applicationFacts } from '../db/application.repository';

function conflict(code: ErrorCode, message: string): never {
  throw new Refused(code, message);
}

async function notifyApplicants(trx: Kysely<DB>, rows: Array<{ applicantId: number; applicationId: number }>, text: string, now: Date) {
  if (rows.length) {
    await trx.insertInto('notification').values(rows.map((r) => ({ userId: r.applicantId, applicationId: r.applicationId, text, createdAt: now }))).execute();
  }
}

async function meetingFiles(db: Kysely<DB>, meetingId: number) {
  return db
    .selectFrom('meetingApplication')
    .innerJoin('application', 'application.id', 'meetingApplication.applicationId')
    .select([
      'application.id as applicationId',
      'application.applicantId',
      'application.status',
      'application.version',
      'meetingApplication.isPassed',
      'meetingApplication.isOverturned',
    ])
    .where('meetingApplication.meetingId', '=', meetingId)
    .orderBy('application.fileCode')
    .execute();
}

/** R4: the result list goes public for result_publicity_working_days working days from today. */
export async function publishResults(ctx: ServiceContext, actor: Actor, id: number, meta: RequestMeta = {}) {
  const m = await requireOfficeMeeting(ctx.db, actor, id);
  if (m.status !== 'closed') conflict('MEETING_STATUS', `评审会当前为“${MEETING_STATUS_LABELS[m.status]}”，计票结束后方可公示结果`);
  const now = ctx.now();
  requireMeetingDay(m, now, '公示评审结果');
  const policy = await loadPolicy(ctx.db, m.year);
  const startsOn = shanghaiDate(now);
  let endsOn: string;
  try {
    // same rule as the units' publicity (U2): the first day is not counted
    endsOn = addWorkingDays(startsOn, policy.resultPublicityWorkingDays);
  } catch (e) {
    if (e instanceof CalendarRangeError) throw new Refused('CALENDAR_RANGE', e.message);
    throw e;
  }
  await ctx.db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('meeting')
      .set({ status: 'published', publicityStartsOn: startsOn, publicityEndsOn: endsOn })
      .where('id', '=', id)
      .where('status', '=', 'closed')
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new Refused('VERSION_CONFLICT', '评审会已被他人修改，请刷新后重试');
    await writeAudit(trx, { actorId: actor.userId, action: 'result_publish', detail: { meetingId: id, startsOn, endsOn, workingDays: policy.resultPublicityWorkingDays }, ip: meta.ip, at: now });
    await schedulePublicityClose(trx, 'result', id, endsOn);
    const files = await meetingFiles(trx, id);
    await notifyApplicants(trx, files, `职称评审结果已公示（${chineseDate(startsOn)}至${chineseDate(endsOn)}），请在“我的评审结果”中查看`, now);
  });
  return { startsOn, endsOn, workingDays: policy.resultPublicityWorkingDays };
}

async function requireFileOf(db: Kysely<DB>, meetingId: number, applicationId: number) {
  const f = await db.selectFrom('meetingApplication').select(['applicationId', 'isPassed']).where('meetingId', '=', meetingId).where('applicationId', '=', applicationId).executeTakeFirst();
  if (!f) throw new Refused('NOT_FOUND', '本评审会没有该材料');
  return f;
}

export interface ResultObjectionInput {
  applicationId: number;
  content: string;
  raisedBy?: string;
  /** Defaults to today (Asia/Shanghai). */
  raisedOn?: string;
}

/** An objection to a published result, recorded by the office while the result is public. */
export async function recordResultObjection(ctx: ServiceContext, actor: Actor, id: number, input: ResultObjectionInput, meta: RequestMeta = {}) {
  const m = await requireOfficeMeeting(ctx.db, actor, id);
  if (m.status !== 'published') conflict('MEETING_STATUS', '只有结果公示期间可以登记异议');
  await requireFileOf(ctx.db, id, input.applicationId);
  const now = ctx.now();
  const raisedOn = input.raisedOn ?? shanghaiDate(now);
  if (raisedOn < m.publicityStartsOn! || raisedOn > m.publicityEndsOn!) {
    throw new Refused('INVALID_INPUT', `异议提出日期应在公示期内（${chineseDate(m.publicityStartsOn!)}至${chineseDate(m.publicityEndsOn!)}）`, [
      { field: 'raisedOn', message: '日期不在公示期内' },
    ]);
  }
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('resultObjection')
      .values({ meetingId: id, applicationId: input.applicationId, content: input.content.trim(), raisedBy: (input.raisedBy ?? '').trim(), raisedOn, recordedBy: actor.userId, recordedAt: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, { actorId: actor.userId, applicationId: input.applicationId, action: 'result_objection', reason: input.content.trim(), detail: { meetingId: id, objectionId: row.id }, ip: meta.ip, at: now });
    return { id: row.id };
  });
}

/** Decides an objection; 'upheld' turns a pass into a fail (e.g. fraud found during publicity). */
export async function resolveResultObjection(
  ctx: ServiceContext,
  actor: Actor,
  id: number,
  objectionId: number,
  input: { decision: 'upheld' | 'dismissed'; resolution: string },
  meta: RequestMeta = {},
) {
  const m = await requireOfficeMeeting(ctx.db, actor, id);
  if (m.status !== 'published') conflict('MEETING_STATUS', '只有结果公示期间可以处理异议');
  const o = await ctx.db.selectFrom('resultObjection').select(['id', 'applicationId', 'decision']).where('id', '=', objectionId).where('meetingId', '=', id).executeTakeFirst();
  if (!o) throw new Refused('NOT_FOUND', '异议记录不存在');
  if (o.decision) conflict('ALREADY_RESOLVED', '该异议已处理');
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('resultObjection')
      .set({ decision: input.decision, resolution: input.resolution.trim(), resolvedBy: actor.userId, resolvedAt: now })
      .where('id', '=', objectionId)
      .where('decision', 'is', null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new Refused('VERSION_CONFLICT', '该异议已被他人处理，请刷新后重试');
    if (input.decision === 'upheld') {
      await trx.updateTable('meetingApplication').set({ isOverturned: true }).where('meetingId', '=', id).where('applicationId', '=', o.applicationId).execute();
    }
    await writeAudit(trx, {
      actorId: actor.userId,
      applicationId: o.applicationId,
      action: 'result_objection_resolve',
      reason: input.resolution.trim(),
      detail: { meetingId: id, objectionId, decision: input.decision },
      ip: meta.ip,
      at: now,
    });
  });
}

function whyNotFinalise(m: MeetingRow, today: string, openObjections: number): string | null {
  if (m.status !== 'published') return `评审会当前为“${MEETING_STATUS_LABELS[m.status]}”，结果公示期满后方可办结`;
  if (today <= m.publicityEndsOn!) return `评审结果公示至${chineseDate(m.publicityEndsOn!)}，期满后方可办结`;
  if (openObjections > 0) return `公示期间有${openObjections}条异议尚未处理，请先处理`;
  return null;
}

/** After the publicity: each file passes or fails (state machine), passed files get certificates. */
export async function finaliseMeeting(ctx: ServiceContext, actor: Actor, id: number, meta: RequestMeta = {}) {
  const m = await requireOfficeMeeting(ctx.db, actor, id);
  const open = await ctx.db
    .selectFrom('resultObjection')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('meetingId', '=', id)
    .where('decision', 'is', null)
    .executeTakeFirstOrThrow();
  const now = ctx.now();
  const why = whyNotFinalise(m, shanghaiDate(now), Number(open.n));
  if (why) conflict(m.status === 'published' ? 'PUBLICITY_NOT_ENDED' : 'MEETING_STATUS', why);
  const files = await meetingFiles(ctx.db, id);
  return ctx.db.transaction().execute(async (trx) => {
    const r = await trx.updateTable('meeting').set({ status: 'final', finalisedAt: now }).where('id', '=', id).where('status', '=', 'published').executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new Refused('VERSION_CONFLICT', '评审会已被他人修改，请刷新后重试');
    const passed: number[] = [];
    for (const f of files) {
      const ok = !!f.isPassed && !f.isOverturned;
      await transition(trx, { id: f.applicationId, status: f.status, version: f.version }, ok ? 'pass' : 'fail', { actor: actor.userId, now, ip: meta.ip, detail: { meetingId: id } });
      if (ok) passed.push(f.applicationId);
    }
    const certificates = await issueCertificates(trx, passed, now);
    await writeAudit(trx, { actorId: actor.userId, action: 'meeting_finalise', detail: { meetingId: id, passed: passed.length, failed: files.length - passed.length }, ip: meta.ip, at: now });
    await notifyApplicants(trx, files.filter((f) => passed.includes(f.applicationId)), '您的职称评审已通过，电子职称证书已签发，可在“我的评审结果”中下载', now);
    await notifyApplicants(trx, files.filter((f) => !passed.includes(f.applicationId)), '您的职称评审未通过，详情请在“我的评审结果”中查看', now);
    return { passed: passed.length, failed: files.length - passed.length, certificates: certificates.length };
  });
}

/** The office's result list of a meeting, names included (it is what gets published). */
export async function getResults(ctx: ServiceContext, actor: Actor, id: number) {
  const m = await requireOfficeMeeting(ctx.db, actor, id);
  const rows = await applicationFacts(ctx.db)
    .innerJoin('meetingApplication', 'meetingApplication.applicationId', 'application.id')
    .leftJoin('certificate', 'certificate.applicationId', 'application.id')
    .select([
      'application.id as applicationId',
      'application.fileCode',
      'application.status',
      'application.level',
      'appUser.displayName as applicantName',
      'organisation.name as recommendingOrgName',
      'specialty.series',
      'specialty.name as specialtyName',
      'meetingApplication.isPassed',
      'meetingApplication.isOverturned',
      'certificate.id as certificateId',
      'certificate.number as certificateNumber',
    ])
    .where('meetingApplication.meetingId', '=', id)
    .orderBy('application.fileCode')
    .execute();
  const objections = await ctx.db
    .selectFrom('resultObjection')
    .select(['id', 'applicationId', 'raisedBy', 'raisedOn', 'content', 'decision', 'resolution', 'resolvedAt'])
    .where('meetingId', '=', id)
    .orderBy('id')
    .execute();
  const tallied = m.status !== 'planned' && m.status !== 'voting';
  return {
    meetingId: id,
    status: m.status,
    statusLabel: MEETING_STATUS_LABELS[m.status],
    publicityStartsOn: m.publicityStartsOn,
    publicityEndsOn: m.publicityEndsOn,
    files: rows.map((r) => {
      const passed = tallied ? !!r.isPassed && !r.isOverturned : null;
      return {
        applicationId: r.applicationId,
        fileCode: r.fileCode ?? '',
        applicantName: r.applicantName,
        recommendingOrgName: r.recommendingOrgName,
        series: r.series,
        specialtyName: r.specialtyName,
        level: r.level,
        levelLabel: LEVEL_LABELS[r.level],
        status: r.status,
        statusLabel: statusLabel(r.status),
        passed,
        resultLabel: passed === null ? '未计票' : passed ? '通过' : '未通过',
        isOverturned: r.isOverturned,
        certificateId: r.certificateId,
        certificateNumber: r.certificateNumber,
      };
    }),
    objections: objections.map((o) => ({ ...o, resolvedAt: o.resolvedAt ? new Date(o.resolvedAt).toISOString() : null })),
  };
}

/** The applicant's results, once published (R4): pass or fail, publicity period, certificate. */
export async function applicantResults(ctx: ServiceContext, actor: Actor) {
  const rows = await ctx.db
    .selectFrom('meetingApplication')
    .innerJoin('meeting', 'meeting.id', 'meetingApplication.meetingId')
    .innerJoin('application', 'application.id', 'meetingApplication.applicationId')
    .innerJoin('specialty', 'specialty.id', 'application.specialtyId')
    .leftJoin('certificate', 'certificate.applicationId', 'application.id')
    .select([
      'application.id as applicationId',
      'application.year',
      'application.level',
      'application.status',
      'specialty.series',
      'specialty.name as specialtyName',
      'meeting.status as meetingStatus',
      'meeting.publicityStartsOn',
      'meeting.publicityEndsOn',
      'meetingApplication.isPassed',
      'meetingApplication.isOverturned',
      'certificate.number as certificateNumber',
      'certificate.issuedOn',
      'certificate.revokedAt',
      'certificate.token',
    ])
    .where('application.applicantId', '=', actor.userId)
    .where('meeting.status', 'in', ['published', 'final'])
    .orderBy('application.year', 'desc')
    .execute();
  return rows.map((r) => {
    const passed = !!r.isPassed && !r.isOverturned;
    const revoked = r.status === 'revoked' || r.revokedAt !== null;
    return {
      applicationId: r.applicationId,
      year: r.year,
      series: r.series,
      specialtyName: r.specialtyName,
      level: r.level,
      levelLabel: LEVEL_LABELS[r.level],
      status: r.status,
      statusLabel: statusLabel(r.status),
      isFinal: r.meetingStatus === 'final',
      passed,
      resultLabel: revoked ? '已撤销' : passed ? '通过' : '未通过',
      publicityStartsOn: r.publicityStartsOn,
      publicityEndsOn: r.publicityEndsOn,
      certificate: r.certificateNumber
        ? {
            number: r.certificateNumber,
            issuedOn: r.issuedOn!,
            revoked,
            pdfUrl: `/api/applicant/applications/${r.applicationId}/certificate.pdf`,
            verifyPath: `/verify/${r.token}`,
          }
        : null,
    };
  });
}
