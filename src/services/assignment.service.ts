// Putting files on a meeting's agenda and assigning them to experts, automatically or by hand (R4, B5).
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { Actor } from '../domain/access';
import { conflictKey, planAssignments } from '../domain/assignment';
import { type FieldError, Refused } from '../domain/errors';
import { fileCode, nextFileCodeSequence } from '../domain/file-code';
import { writeAudit } from './audit';
import { transition } from './transition';
import type { RequestMeta, ServiceContext } from './service-context';
import { refuse, requireOfficeMeeting, requireStatus, type MeetingRow } from './meeting-access';
import { notifyExperts } from './notification.service';
import { conflictSet, recordDerivedConflicts } from './meeting-conflict.service';
import { applicationFacts } from '../db/application.repository';
import { whyNotStartReview } from './entrustment.service';

// ── Files and assignment ─────────────────────────────────────────────────────────────────────

/** Accepted, fee-paid files this meeting may review and no meeting has taken yet (R1, R3, R4). */
export async function eligibleFiles(ctx: ServiceContext, actor: Actor, id: number) {
  const m = await requireOfficeMeeting(ctx.db, actor, id);
  return eligibleFileRows(ctx.db, m);
}

async function eligibleFileRows(db: Kysely<DB>, m: MeetingRow, only?: readonly number[]) {
  return applicationFacts(db)
    .select([
      'application.id as applicationId',
      'application.status',
      'application.version',
      'application.year',
      'application.specialtyId',
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
export async function addFilesToMeeting(
  trx: Kysely<DB>,
  m: MeetingRow,
  files: Awaited<ReturnType<typeof eligibleFileRows>>,
  actorId: number,
  now: Date,
  meta: RequestMeta,
): Promise<void> {
  if (files.length === 0) return;
  // R5: a specialty whose entrustment (or joint review and its plan) is still undecided waits
  const pending = await whyNotStartReview(trx, files);
  if (pending) throw new Refused(pending.code, pending.message);
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
