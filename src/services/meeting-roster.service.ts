// A meeting's expert roster and attendance (R4).
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { Actor } from '../domain/access';
import { Refused } from '../domain/errors';
import { writeAudit } from './audit';
import type { RequestMeta, ServiceContext } from './service-context';
import { refuse, requireOfficeMeeting, requireStatus } from './meeting-access';
import { recordDerivedConflicts } from './meeting-conflict.service';
import { getMeeting } from './meeting.service';

export async function committeeExperts(db: Kysely<DB>, committeeOrgId: number) {
  return db
    .selectFrom('membership')
    .innerJoin('appUser', 'appUser.id', 'membership.userId')
    .select(['appUser.id as expertId', 'appUser.displayName', 'membership.specialties'])
    .where('membership.role', '=', 'expert')
    .where('membership.organisationId', '=', committeeOrgId)
    // a deactivated expert leaves the pool for new rosters (issue 10); their past reviews stay
    .where('appUser.active', '=', true)
    .orderBy('appUser.id')
    .execute();
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
