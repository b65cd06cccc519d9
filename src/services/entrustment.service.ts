// R5 委托评审 / 联合评审: a committee office or a county bureau files a request (specialty, reason,
// target body; a plan for a joint review); the prefecture bureau approves and issues the
// entrustment letter; from then on files of that specialty and year go to the entrusted body.
import type { Kysely } from 'kysely';
import type { DB, EntrustmentKind } from '../db/schema';
import type { Actor } from '../domain/access';
import { type FieldError, Refused } from '../domain/errors';
import { chineseDate } from '../domain/review-rules';
import { statusesBefore } from '../domain/state-machine';
import { shanghaiDate } from '../domain/working-days';
import { writeAudit } from './audit';
import { insertBlobRow, storeScan, type UploadedFile } from './documents.service';
import { notifyUser } from './notification.service';
import type { RequestMeta, ServiceContext } from './service-context';

/** R5: statuses in which the committee has not accepted the file yet, so an entrusted review may still route it. */
const ROUTABLE = statusesBefore('committee_accept');

async function actorOrgs(db: Kysely<DB>, actor: Actor) {
  const ids = actor.memberships.filter((m) => m.organisationId !== null).map((m) => m.organisationId as number);
  if (ids.length === 0) return [];
  const orgs = await db.selectFrom('organisation').select(['id', 'kind', 'parentId', 'name']).where('id', 'in', ids).execute();
  return orgs.map((o) => ({ ...o, roles: actor.memberships.filter((m) => m.organisationId === o.id).map((m) => m.role) }));
}

/** Who may file a request: a committee office, or a county bureau (a bureau under another). */
async function requesterOrg(db: Kysely<DB>, actor: Actor) {
  const orgs = await actorOrgs(db, actor);
  return (
    orgs.find((o) => o.kind === 'committee' && o.roles.includes('committee_officer')) ??
    orgs.find((o) => o.kind === 'bureau' && o.parentId !== null && o.roles.includes('bureau_admin')) ??
    null
  );
}

/** Who approves: the prefecture bureau (a bureau with no parent). */
async function prefectureOrg(db: Kysely<DB>, actor: Actor) {
  const orgs = await actorOrgs(db, actor);
  return orgs.find((o) => o.kind === 'bureau' && o.parentId === null && o.roles.includes('bureau_admin')) ?? null;
}

export interface EntrustmentInput {
  year: number;
  specialtyId: number;
  reason: string;
  kind: EntrustmentKind;
  targetOrgId?: number | null;
  targetName?: string;
  plan?: UploadedFile | null;
}

export async function requestEntrustment(ctx: ServiceContext, actor: Actor, input: EntrustmentInput, meta: RequestMeta = {}) {
  const org = await requesterOrg(ctx.db, actor);
  if (!org) throw new Refused('FORBIDDEN', '只有评审委员会办事机构或县（市）人社局可以申请委托评审或联合评审');
  const errors: FieldError[] = [];
  const spec = await ctx.db.selectFrom('specialty').select(['id', 'name', 'series']).where('id', '=', input.specialtyId).executeTakeFirst();
  if (!spec) errors.push({ field: 'specialtyId', message: '请选择专业' });
  if (!input.reason?.trim()) errors.push({ field: 'reason', message: '请填写申请理由' });
  if (input.kind !== 'entrusted' && input.kind !== 'joint') errors.push({ field: 'kind', message: '请选择委托评审或联合评审' });
  let targetName = input.targetName?.trim() ?? '';
  if (input.targetOrgId) {
    const t = await ctx.db.selectFrom('organisation').select(['id', 'name', 'kind']).where('id', '=', input.targetOrgId).executeTakeFirst();
    if (!t || t.kind !== 'committee' || t.id === org.id) errors.push({ field: 'targetOrgId', message: '受托评审机构应为其他评审委员会' });
    else targetName ||= t.name;
  }
  if (!targetName) errors.push({ field: 'targetName', message: '请填写受托（联合）评审机构' });
  // R5: a joint review files its plan with the prefecture bureau before the review starts
  if (input.kind === 'joint' && !input.plan) errors.push({ field: 'plan', message: '联合评审须上传评审方案' });
  const year = await ctx.db.selectFrom('policyYear').select('year').where('year', '=', input.year).executeTakeFirst();
  if (!year) errors.push({ field: 'year', message: `没有${input.year}年度的评审政策` });
  if (errors.length) throw new Refused('INVALID_INPUT', errors.map((e) => e.message).join('；'), errors);
  const plan = input.plan ? await storeScan(ctx, input.plan) : null;
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    if (plan) await insertBlobRow(trx, plan);
    const row = await trx
      .insertInto('entrustment')
      .values({
        year: input.year,
        requesterOrgId: org.id,
        specialtyId: input.specialtyId,
        reason: input.reason.trim(),
        targetOrgId: input.targetOrgId ?? null,
        targetName,
        kind: input.kind,
        planSha256: plan?.sha256 ?? null,
        requestedBy: actor.userId,
        requestedAt: now,
      })
      .returning(['id'])
      .executeTakeFirstOrThrow();
    await writeAudit(trx, { actorId: actor.userId, action: 'entrustment_request', detail: { entrustmentId: row.id, kind: input.kind, specialtyId: input.specialtyId }, reason: input.reason.trim(), ip: meta.ip, at: now });
    const admins = await trx
      .selectFrom('membership')
      .innerJoin('organisation', 'organisation.id', 'membership.organisationId')
      .select('membership.userId')
      .where('membership.role', '=', 'bureau_admin')
      .where('organisation.kind', '=', 'bureau')
      .where('organisation.parentId', 'is', null)
      .execute();
    for (const a of new Set(admins.map((x) => x.userId))) {
      await notifyUser(trx, a, null, `${org.name}申请${input.kind === 'joint' ? '联合评审' : '委托评审'}（${spec!.series}${spec!.name}），请审批`, now);
    }
    return { id: row.id, status: 'requested' as const };
  });
}

export async function listEntrustments(ctx: ServiceContext, actor: Actor, year?: number) {
  const pref = await prefectureOrg(ctx.db, actor);
  const req = pref ? null : await requesterOrg(ctx.db, actor);
  if (!pref && !req) throw new Refused('FORBIDDEN', '当前账号没有此功能的权限');
  const rows = await ctx.db
    .selectFrom('entrustment')
    .innerJoin('specialty', 'specialty.id', 'entrustment.specialtyId')
    .innerJoin('organisation', 'organisation.id', 'entrustment.requesterOrgId')
    .select([
      'entrustment.id',
      'entrustment.year',
      'entrustment.kind',
      'entrustment.status',
      'entrustment.reason',
      'entrustment.targetOrgId',
      'entrustment.targetName',
      'entrustment.letterNo',
      'entrustment.letter',
      'entrustment.decisionNote',
      'entrustment.requestedAt',
      'entrustment.decidedAt',
      'entrustment.planSha256',
      'specialty.series',
      'specialty.name as specialtyName',
      'organisation.name as requesterName',
    ])
    .$if(!!year, (qb) => qb.where('entrustment.year', '=', year!))
    .$if(!pref, (qb) => qb.where('entrustment.requesterOrgId', '=', req!.id))
    .orderBy('entrustment.id', 'desc')
    .execute();
  return rows.map(({ planSha256, ...r }) => ({
    ...r,
    hasPlan: !!planSha256,
    requestedAt: new Date(r.requestedAt).toISOString(),
    decidedAt: r.decidedAt ? new Date(r.decidedAt).toISOString() : null,
  }));
}

function letterText(e: { requesterName: string; targetName: string; series: string; specialtyName: string; kind: EntrustmentKind; year: number; letterNo: string; bureauName: string; on: string }) {
  const what = e.kind === 'joint' ? '联合评审' : '委托评审';
  return [
    `${e.targetName}：`,
    `经研究，同意${e.requesterName}${e.year}年度${e.series}${e.specialtyName}专业职称评审工作实行${what}，由贵单位${e.kind === 'joint' ? '联合组织' : '受托组织'}评审。请按照职称评审有关规定做好评审工作。`,
    `${e.bureauName}`,
    `${chineseDate(e.on)}`,
    `（${e.letterNo}）`,
  ].join('\n');
}

/** R5: the prefecture bureau approves, issues the letter and routes the specialty's open files. */
export async function approveEntrustment(ctx: ServiceContext, actor: Actor, id: number, input: { letterNo: string; note?: string }, meta: RequestMeta = {}) {
  const pref = await prefectureOrg(ctx.db, actor);
  if (!pref) throw new Refused('FORBIDDEN', '只有州人社局可以审批委托评审');
  if (!input.letterNo?.trim()) throw new Refused('INVALID_INPUT', '请填写委托函文号', [{ field: 'letterNo', message: '请填写委托函文号' }]);
  const e = await ctx.db
    .selectFrom('entrustment')
    .innerJoin('specialty', 'specialty.id', 'entrustment.specialtyId')
    .innerJoin('organisation', 'organisation.id', 'entrustment.requesterOrgId')
    .select([
      'entrustment.id',
      'entrustment.year',
      'entrustment.kind',
      'entrustment.status',
      'entrustment.specialtyId',
      'entrustment.targetOrgId',
      'entrustment.targetName',
      'entrustment.requesterOrgId',
      'specialty.series',
      'specialty.name as specialtyName',
      'organisation.name as requesterName',
      'organisation.kind as requesterKind',
    ])
    .where('entrustment.id', '=', id)
    .executeTakeFirst();
  if (!e) throw new Refused('NOT_FOUND', '委托评审申请不存在');
  const now = ctx.now();
  const letter = letterText({ ...e, letterNo: input.letterNo.trim(), bureauName: pref.name, on: shanghaiDate(now) });
  return ctx.db.transaction().execute(async (trx) => {
    const res = await trx
      .updateTable('entrustment')
      .set({ status: 'approved', letterNo: input.letterNo.trim(), letter, decisionNote: input.note?.trim() || null, decidedBy: actor.userId, decidedAt: now })
      .where('id', '=', id)
      .where('status', '=', 'requested')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new Refused('INVALID_TRANSITION', '该申请已审批，请刷新后查看');
    const other = await trx
      .selectFrom('entrustment')
      .select('id')
      .where('year', '=', e.year)
      .where('specialtyId', '=', e.specialtyId)
      .where('status', '=', 'approved')
      .where('id', '<>', id)
      .executeTakeFirst();
    if (other) throw new Refused('ALREADY_EXISTS', `${e.year}年度${e.series}${e.specialtyName}专业已有批准的委托（联合）评审，不能重复批准`);
    let routed: number[] = [];
    // an entrusted review moves the specialty's open files to the entrusted committee; a joint review keeps them
    if (e.kind === 'entrusted' && e.targetOrgId) {
      const moved = await trx
        .updateTable('application')
        .set((eb) => ({ committeeOrgId: e.targetOrgId, version: eb('version', '+', 1), updatedAt: now }))
        .where('specialtyId', '=', e.specialtyId)
        .where('year', '=', e.year)
        .where('status', 'in', ROUTABLE)
        .$if(e.requesterKind === 'committee', (qb) => qb.where('committeeOrgId', '=', e.requesterOrgId))
        .returning('id')
        .execute();
      routed = moved.map((m) => m.id);
    }
    await writeAudit(trx, { actorId: actor.userId, action: 'entrustment_approve', detail: { entrustmentId: id, letterNo: input.letterNo.trim(), routed }, ip: meta.ip, at: now });
    for (const appId of routed) {
      await writeAudit(trx, { actorId: actor.userId, applicationId: appId, action: 'entrustment_route', detail: { entrustmentId: id, committeeOrgId: e.targetOrgId }, at: now });
    }
    const notify = await trx
      .selectFrom('membership')
      .select('userId')
      .where('organisationId', 'in', [e.requesterOrgId, ...(e.targetOrgId ? [e.targetOrgId] : [])])
      .where('role', 'in', ['committee_officer', 'bureau_admin'])
      .execute();
    for (const u of new Set(notify.map((x) => x.userId))) {
      await notifyUser(trx, u, null, `州人社局已同意${e.series}${e.specialtyName}专业${e.kind === 'joint' ? '联合评审' : '委托评审'}（${input.letterNo.trim()}）`, now);
    }
    return { id, status: 'approved' as const, letterNo: input.letterNo.trim(), letter, routedApplicationIds: routed };
  });
}

export async function rejectEntrustment(ctx: ServiceContext, actor: Actor, id: number, input: { note: string }, meta: RequestMeta = {}) {
  const pref = await prefectureOrg(ctx.db, actor);
  if (!pref) throw new Refused('FORBIDDEN', '只有州人社局可以审批委托评审');
  if (!input.note?.trim()) throw new Refused('INVALID_INPUT', '请填写不予批准的理由', [{ field: 'note', message: '请填写理由' }]);
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const res = await trx
      .updateTable('entrustment')
      .set({ status: 'rejected', decisionNote: input.note.trim(), decidedBy: actor.userId, decidedAt: now })
      .where('id', '=', id)
      .where('status', '=', 'requested')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) {
      const exists = await trx.selectFrom('entrustment').select('id').where('id', '=', id).executeTakeFirst();
      throw exists ? new Refused('INVALID_TRANSITION', '该申请已审批，请刷新后查看') : new Refused('NOT_FOUND', '委托评审申请不存在');
    }
    await writeAudit(trx, { actorId: actor.userId, action: 'entrustment_reject', detail: { entrustmentId: id }, reason: input.note.trim(), ip: meta.ip, at: now });
    return { id, status: 'rejected' as const };
  });
}

/**
 * The committee that reviews files of `specialtyId` in `year`: the entrusted one if an
 * entrustment was approved, else the specialty's own. createApplication should use it (R5).
 */
export async function committeeFor(db: Kysely<DB>, specialtyId: number, year: number): Promise<number | null> {
  const e = await db
    .selectFrom('entrustment')
    .select('targetOrgId')
    .where('specialtyId', '=', specialtyId)
    .where('year', '=', year)
    .where('status', '=', 'approved')
    .where('kind', '=', 'entrusted')
    .where('targetOrgId', 'is not', null)
    .executeTakeFirst();
  if (e?.targetOrgId) return e.targetOrgId;
  const s = await db.selectFrom('specialty').select('committeeId').where('id', '=', specialtyId).executeTakeFirst();
  return s?.committeeId ?? null;
}
