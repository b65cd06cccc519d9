// Conflicts of interest (回避, R4): the ones the system derives (本单位) and the ones the office
// records by hand. One relation, conflict(application_id, expert_id, kind) (STYLE §2).
import type { Kysely } from 'kysely';
import type { ConflictKind, DB } from '../db/schema';
import type { Actor } from '../domain/access';
import { conflictKey, derivedConflict, type ExpertUnit, type FileUnits } from '../domain/assignment';
import { Refused } from '../domain/errors';
import type { SectionData } from '../domain/section-fields';
import { writeAudit } from './audit';
import { notifyOrganisation } from './notification.service';
import type { RequestMeta, ServiceContext } from './service-context';
import { refuse, requireOfficeMeeting, requireStatus } from './meeting-access';
import { getMeeting } from './meeting.service';

/** The organisations each expert works for (every membership outside a committee) and the units they worked for before. */
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
  // past units of the expert pool (issue 10), with the aliases of an organisation so named
  const past = await db.selectFrom('expertPastUnit').select(['userId', 'name']).where('userId', 'in', [...expertIds]).execute();
  if (past.length) {
    const orgs = await db.selectFrom('organisation').select(['name', 'aliases']).where('name', 'in', past.map((p) => p.name)).execute();
    for (const p of past) {
      const org = orgs.find((o) => o.name === p.name);
      out.get(p.userId)!.push({ id: null, names: [p.name, ...(org?.aliases ?? [])], past: true });
    }
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

export async function conflictSet(db: Kysely<DB>, applicationIds: readonly number[]): Promise<Set<string>> {
  if (applicationIds.length === 0) return new Set();
  const rows = await db.selectFrom('conflict').select(['applicationId', 'expertId']).where('applicationId', 'in', [...applicationIds]).execute();
  return new Set(rows.map((r) => conflictKey(r.applicationId, r.expertId)));
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

// ── Conflicts the expert declares ────────────────────────────────────────────────────────────

/**
 * Issue 11: an expert declares a conflict (回避) with a file assigned to them, from the file view:
 * the conflict is recorded as expert_declared, the assignment (with any review) goes, and the
 * office is told so it can assign another expert. Not after the expert voted on the file: the
 * vote is anonymous and cannot be taken back. Anything but an assignment of theirs is 404.
 */
export async function declareOwnConflict(ctx: ServiceContext, actor: Actor, code: string, reason: string, meta: RequestMeta = {}) {
  const notFound = () => new Refused('NOT_FOUND', '评审材料不存在或无权查看');
  if (!actor.memberships.some((m) => m.role === 'expert')) throw notFound();
  const a = await ctx.db
    .selectFrom('assignment')
    .innerJoin('application', 'application.id', 'assignment.applicationId')
    .innerJoin('meetingExpert', (j) => j.onRef('meetingExpert.meetingId', '=', 'assignment.meetingId').onRef('meetingExpert.expertId', '=', 'assignment.expertId'))
    .innerJoin('meeting', 'meeting.id', 'assignment.meetingId')
    .select(['assignment.meetingId', 'assignment.applicationId', 'meeting.status', 'meeting.committeeOrgId', 'meeting.title'])
    .where('application.fileCode', '=', code)
    .where('assignment.expertId', '=', actor.userId)
    .executeTakeFirst();
  if (!a) throw notFound();
  if (a.status !== 'planned' && a.status !== 'voting') refuse({ code: 'MEETING_STATUS', message: '投票已结束，不能再申请回避' });
  const voted = await ctx.db
    .selectFrom('ballotCast')
    .select('expertId')
    .where('meetingId', '=', a.meetingId)
    .where('applicationId', '=', a.applicationId)
    .where('expertId', '=', actor.userId)
    .executeTakeFirst();
  if (voted) refuse({ code: 'ALREADY_VOTED', message: '您已对该材料投票，无法再申请回避；如有情况请告知评审委员会办事机构' });
  const why = reason.trim();
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('conflict')
      .values({ applicationId: a.applicationId, expertId: actor.userId, kind: 'expert_declared', reason: why, createdBy: actor.userId, createdAt: now })
      .onConflict((oc) => oc.columns(['applicationId', 'expertId', 'kind']).doUpdateSet({ reason: why }))
      .execute();
    await trx.deleteFrom('assignment').where('applicationId', '=', a.applicationId).where('expertId', '=', actor.userId).execute();
    await writeAudit(trx, {
      actorId: actor.userId,
      applicationId: a.applicationId,
      action: 'conflict_add',
      reason: why,
      detail: { meetingId: a.meetingId, expertId: actor.userId, kind: 'expert_declared' },
      ip: meta.ip,
      at: now,
    });
    await notifyOrganisation(trx, a.committeeOrgId, ['committee_officer'], a.applicationId, `${a.title}：一位专家对材料${code}申请回避（${why}），请另行分配评审专家`, now);
  });
  return { fileCode: code, meetingId: a.meetingId, message: `已登记回避：您不再评审材料${code}，也不参加该材料的投票` };
}
