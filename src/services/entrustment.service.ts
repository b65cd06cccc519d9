// R5 委托评审 / 联合评审: a committee office or a county bureau files a request (specialty, reason,
// target body; a plan for a joint review); the prefecture bureau approves and issues the
// entrustment letter; from then on files of that specialty and year go to the entrusted body.
import type { Kysely } from 'kysely';
import type { DB, EntrustmentKind } from '../db/schema';
import type { Actor } from '../domain/access';
import { type FieldError, Refused } from '../domain/errors';
import { chineseDate } from '../domain/review-rules';
import { needsPlan, needsRegionStep, whyNotIssueLetter, whyNotStartReviewPending } from '../domain/entrustment';
import { statusesBefore } from '../domain/state-machine';
import { entrustmentLetterText, renderEntrustmentLetter, type EntrustmentLetterData } from '../docs';
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

/** A county bureau (县人社局): its own kind since migration 202611300000, or a bureau under another. */
const isCounty = (o: { kind: string; parentId: number | null }) => o.kind === 'county_bureau' || (o.kind === 'bureau' && o.parentId !== null);

/** Who may file a request: a committee office, or a county bureau. */
async function requesterOrg(db: Kysely<DB>, actor: Actor) {
  const orgs = await actorOrgs(db, actor);
  return (
    orgs.find((o) => o.kind === 'committee' && o.roles.includes('committee_officer')) ??
    orgs.find((o) => isCounty(o) && o.roles.includes('bureau_admin')) ??
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
  // R5: a joint review, and any county request, files its plan with the prefecture bureau before the review starts
  if (needsPlan({ kind: input.kind, fromCounty: isCounty(org) }) && !input.plan) {
    errors.push({ field: 'plan', message: input.kind === 'joint' ? '联合评审须上传评审方案' : '县（市）委托评审须上传评审方案' });
  }
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
      'entrustment.regionRef',
      'entrustment.regionDecidedOn',
      'specialty.series',
      'specialty.name as specialtyName',
      'organisation.name as requesterName',
      'organisation.kind as requesterKind',
      'organisation.parentId as requesterParentId',
    ])
    .$if(!!year, (qb) => qb.where('entrustment.year', '=', year!))
    .$if(!pref, (qb) => qb.where('entrustment.requesterOrgId', '=', req!.id))
    .orderBy('entrustment.id', 'desc')
    .execute();
  return rows.map(({ planSha256, requesterKind, requesterParentId, ...r }) => ({
    ...r,
    hasPlan: !!planSha256,
    needsRegionStep: needsRegionStep({ kind: r.kind, fromCounty: isCounty({ kind: requesterKind, parentId: requesterParentId }) }),
    requestedAt: new Date(r.requestedAt).toISOString(),
    decidedAt: r.decidedAt ? new Date(r.decidedAt).toISOString() : null,
  }));
}

/** The stored letter: the same words as the printed one (src/docs/entrustment-letter.ts). */
function letterText(d: EntrustmentLetterData): string {
  const t = entrustmentLetterText(d);
  return [t.title, `（${d.letterNo}）`, t.addressee, ...t.paragraphs, d.bureauName, chineseDate(d.issuedOn)].join('\n');
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
      'organisation.parentId as requesterParentId',
      'entrustment.planSha256',
      'entrustment.regionRef',
      'entrustment.regionDecidedOn',
    ])
    .where('entrustment.id', '=', id)
    .executeTakeFirst();
  if (!e) throw new Refused('NOT_FOUND', '委托评审申请不存在');
  if (e.status !== 'requested') throw new Refused('INVALID_TRANSITION', '该申请已审批，请刷新后查看');
  // R5: the plan filed (joint, county) and the region's department's answer (entrusted) come first
  const r = whyNotIssueLetter({
    kind: e.kind,
    fromCounty: isCounty({ kind: e.requesterKind, parentId: e.requesterParentId }),
    hasPlan: !!e.planSha256,
    regionRecorded: !!e.regionRef,
  });
  if (r) throw new Refused(r.code, r.message);
  const now = ctx.now();
  const letter = letterText({
    ...e,
    letterNo: input.letterNo.trim(),
    bureauName: pref.name,
    issuedOn: shanghaiDate(now),
    regionRef: e.regionRef,
    regionDecidedOn: e.regionDecidedOn,
  });
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

/**
 * R5: the prefecture bureau records the region's department's answer (自治区人社厅, its document
 * number and date) to an entrusted review, the step between the bureau and the letter.
 */
export async function recordRegionStep(ctx: ServiceContext, actor: Actor, id: number, input: { regionRef: string; decidedOn: string }, meta: RequestMeta = {}) {
  const pref = await prefectureOrg(ctx.db, actor);
  if (!pref) throw new Refused('FORBIDDEN', '只有州人社局可以登记自治区人社厅的意见');
  const errors: FieldError[] = [];
  const ref = input.regionRef?.trim() ?? '';
  if (!ref) errors.push({ field: 'regionRef', message: '请填写自治区人社厅意见的文号' });
  const today = shanghaiDate(ctx.now());
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.decidedOn) || Number.isNaN(Date.parse(input.decidedOn))) errors.push({ field: 'decidedOn', message: '请填写有效的日期' });
  else if (input.decidedOn > today) errors.push({ field: 'decidedOn', message: '自治区人社厅意见的日期不能晚于今天' });
  if (errors.length) throw new Refused('INVALID_INPUT', errors.map((e) => e.message).join('；'), errors);
  const e = await ctx.db
    .selectFrom('entrustment')
    .innerJoin('organisation', 'organisation.id', 'entrustment.requesterOrgId')
    .select(['entrustment.kind', 'entrustment.status', 'organisation.kind as requesterKind', 'organisation.parentId as requesterParentId'])
    .where('entrustment.id', '=', id)
    .executeTakeFirst();
  if (!e) throw new Refused('NOT_FOUND', '委托评审申请不存在');
  if (!needsRegionStep({ kind: e.kind, fromCounty: isCounty({ kind: e.requesterKind, parentId: e.requesterParentId }) })) {
    throw new Refused('INVALID_INPUT', '该申请不需报自治区人社厅同意（联合评审和县（市）的申请由州人社局审批）');
  }
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const res = await trx
      .updateTable('entrustment')
      .set({ regionRef: ref, regionDecidedOn: input.decidedOn, regionRecordedBy: actor.userId, regionRecordedAt: now })
      .where('id', '=', id)
      .where('status', '=', 'requested')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new Refused('INVALID_TRANSITION', '该申请已审批，不能再登记自治区人社厅的意见');
    await writeAudit(trx, { actorId: actor.userId, action: 'entrustment_region', detail: { entrustmentId: id, regionRef: ref, decidedOn: input.decidedOn }, ip: meta.ip, at: now });
    return { id, regionRef: ref, regionDecidedOn: input.decidedOn };
  });
}

/**
 * R5: the entrustment letter as a document, for the prefecture bureau that issued it and for the
 * requesting and the entrusted organisations; 404 for anyone else and before approval.
 */
export async function entrustmentLetter(ctx: ServiceContext, actor: Actor, id: number, format: 'pdf' | 'docx') {
  const e = await ctx.db
    .selectFrom('entrustment')
    .innerJoin('specialty', 'specialty.id', 'entrustment.specialtyId')
    .innerJoin('organisation as requester', 'requester.id', 'entrustment.requesterOrgId')
    .select([
      'entrustment.year',
      'entrustment.kind',
      'entrustment.status',
      'entrustment.requesterOrgId',
      'entrustment.targetOrgId',
      'entrustment.targetName',
      'entrustment.letterNo',
      'entrustment.decidedAt',
      'entrustment.regionRef',
      'entrustment.regionDecidedOn',
      'specialty.series',
      'specialty.name as specialtyName',
      'requester.name as requesterName',
    ])
    .where('entrustment.id', '=', id)
    .executeTakeFirst();
  const pref = await prefectureOrg(ctx.db, actor);
  const mine = actor.memberships.some((m) => m.organisationId !== null && (m.organisationId === e?.requesterOrgId || m.organisationId === e?.targetOrgId));
  if (!e || e.status !== 'approved' || !e.letterNo || !e.decidedAt || !(pref || mine)) throw new Refused('NOT_FOUND', '委托函不存在或无权查看');
  const bureau = await ctx.db.selectFrom('organisation').select('name').where('kind', '=', 'bureau').where('parentId', 'is', null).orderBy('id').executeTakeFirstOrThrow();
  const data: EntrustmentLetterData = { ...e, letterNo: e.letterNo, bureauName: bureau.name, issuedOn: shanghaiDate(new Date(e.decidedAt)) };
  return { name: `委托函（${e.letterNo}）.${format}`, bytes: await renderEntrustmentLetter(data, format) };
}

/** R5: files may not start their review while their specialty's entrustment request is undecided. */
export async function whyNotStartReview(db: Kysely<DB>, files: ReadonlyArray<{ specialtyId: number; year: number }>) {
  if (files.length === 0) return null;
  const pending = await db
    .selectFrom('entrustment')
    .innerJoin('specialty', 'specialty.id', 'entrustment.specialtyId')
    .select(['specialty.series', 'specialty.name as specialtyName', 'entrustment.kind', 'entrustment.specialtyId', 'entrustment.year'])
    .where('entrustment.status', '=', 'requested')
    .where('entrustment.specialtyId', 'in', [...new Set(files.map((f) => f.specialtyId))])
    .execute();
  return whyNotStartReviewPending(pending.filter((p) => files.some((f) => f.specialtyId === p.specialtyId && f.year === p.year)));
}
