// R3 评审费: accepted files owe the fee; the recommending unit's person in charge pays for several
// files in one batch, the bureau's finance office confirms it, and files still unpaid after the
// year's fee deadline count as abandoned. Batch actions check every row first and write nothing
// unless all pass (STYLE §5).
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { type Actor, hasRole, isPrefectureAdmin } from '../domain/access';
import { type FieldError, MESSAGES, Refused } from '../domain/errors';
import { maskIdNumber } from '../domain/id-card';
import { FEE_LIST_STATUSES, FEE_OWING_STATUSES, chineseDate, owesFee, paidInTime, whyNotAbandonUnpaid, whyNotRecordFee } from '../domain/review-rules';
import { isRefusal, statusLabel, transition as decide } from '../domain/state-machine';
import { shanghaiDate } from '../domain/working-days';
import { writeAudit } from './audit';
import { stageOrgIds } from './application-access';
import { insertBlobRow, storeScan, type UploadedFile } from './documents.service';
import { loadPolicy } from './policy.service';
import { notifyOrganisation, notifyUser } from './notification.service';
import { transition } from './transition';
import type { RequestMeta, ServiceContext } from './service-context';
import { applicationFacts, matchesSearch } from '../db/application.repository';
import { fetchPage, pageRequest } from '../db/paging';

function leaderOrgIds(actor: Actor): number[] {
  return actor.memberships.filter((m) => m.role === 'unit_leader' && m.organisationId !== null).map((m) => m.organisationId as number);
}

/** Sort keys of the fee lists (the query schema lists the same keys). */
const FEE_SORT_COLUMNS = {
  recommendingOrgName: 'organisation.name',
  applicantName: 'appUser.displayName',
  paidAt: 'feeBatch.paidAt',
} as const;
export type FeeSort = keyof typeof FEE_SORT_COLUMNS;
/** owing: accepted and in no batch; recorded: in a batch not yet confirmed by finance; confirmed: confirmed. */
export type FeeState = 'owing' | 'recorded' | 'confirmed';

export interface FeeFilters {
  year: number;
  /** name (part of it), ID number (its start) or file code (its start) */
  q?: string;
  fee?: FeeState;
  /** recommending unit: narrows the committee's list */
  unitId?: number;
  page?: number;
  pageSize?: number;
  sort?: FeeSort;
  order?: 'asc' | 'desc';
}

/** Whose files: the unit's own (by recommending unit) or the committee office's (by committee). */
type FeeScope = { by: 'recommendingOrgId' | 'committeeOrgId'; orgIds: number[] };

/**
 * The fee list's query and its order (issue 11 "Work in bulk"): the year's files that owe the fee
 * or did, with their batch, filtered and searched on the server. Built apart so a test reads the SQL.
 */
export function feeListQuery(db: Kysely<DB>, scope: FeeScope, f: FeeFilters) {
  const q = f.q?.trim() ?? '';
  const qb = applicationFacts(db)
    .leftJoin('feeItem', 'feeItem.applicationId', 'application.id')
    .leftJoin('feeBatch', 'feeBatch.id', 'feeItem.batchId')
    .select([
      'application.id',
      'application.status',
      'application.fileCode',
      'application.recommendingOrgId',
      'organisation.name as recommendingOrgName',
      'appUser.displayName as applicantName',
      'appUser.idNumber',
      'specialty.name as specialtyName',
      'feeBatch.id as batchId',
      'feeBatch.paidAt',
      'feeBatch.confirmedAt',
    ])
    .where('application.year', '=', f.year)
    .where(`application.${scope.by}`, 'in', scope.orgIds)
    .where('application.status', 'in', FEE_LIST_STATUSES)
    .$if(!!f.unitId, (qb) => qb.where('application.recommendingOrgId', '=', f.unitId!))
    .$if(!!q, (qb) => qb.where(matchesSearch(q)))
    .$if(f.fee === 'owing', (qb) => qb.where('application.status', 'in', FEE_OWING_STATUSES).where('feeItem.batchId', 'is', null))
    .$if(f.fee === 'recorded', (qb) => qb.where('feeBatch.id', 'is not', null).where('feeBatch.confirmedAt', 'is', null))
    .$if(f.fee === 'confirmed', (qb) => qb.where('feeBatch.confirmedAt', 'is not', null));
  const column = FEE_SORT_COLUMNS[f.sort ?? 'recommendingOrgName'];
  const direction = f.order ?? (f.sort === 'paidAt' ? 'desc' : 'asc');
  const order = <QB extends typeof qb>(qb: QB) =>
    // unpaid files have no paidAt: they come last either way; the id keeps pages from overlapping
    qb.orderBy(column, (ob) => (direction === 'asc' ? ob.asc().nullsLast() : ob.desc().nullsLast())).orderBy('application.id', 'asc');
  return { qb, order };
}

type FeeRow = Awaited<ReturnType<ReturnType<typeof feeListQuery>['qb']['execute']>>[number];

/**
 * Files per recommending unit and how many of them still owe the fee, counted in SQL over the
 * year's files (not the page).
 */
export function feeUnitCountsQuery(db: Kysely<DB>, scope: FeeScope, year: number) {
  return db
    .selectFrom('application')
    .innerJoin('organisation', 'organisation.id', 'application.recommendingOrgId')
    .leftJoin('feeItem', 'feeItem.applicationId', 'application.id')
    .select((eb) => [
      'application.recommendingOrgId',
      'organisation.name as recommendingOrgName',
      eb.fn.countAll<string>().as('fileCount'),
      eb.fn
        .countAll<string>()
        .filterWhere((eb) => eb.and([eb('application.status', 'in', FEE_OWING_STATUSES), eb('feeItem.batchId', 'is', null)]))
        .as('unpaid'),
    ])
    .where('application.year', '=', year)
    .where(`application.${scope.by}`, 'in', scope.orgIds)
    .where('application.status', 'in', FEE_LIST_STATUSES)
    .groupBy(['application.recommendingOrgId', 'organisation.name'])
    .orderBy('organisation.name')
    .orderBy('application.recommendingOrgId');
}

async function feeUnitCounts(db: Kysely<DB>, scope: FeeScope, year: number) {
  const rows = await feeUnitCountsQuery(db, scope, year).execute();
  return rows.map((r) => ({ recommendingOrgId: r.recommendingOrgId, recommendingOrgName: r.recommendingOrgName, fileCount: Number(r.fileCount), unpaid: Number(r.unpaid) }));
}

function feeView(r: FeeRow) {
  return {
    applicationId: r.id,
    fileCode: r.fileCode,
    applicantName: r.applicantName,
    recommendingOrgId: r.recommendingOrgId,
    recommendingOrgName: r.recommendingOrgName,
    idNumberMasked: maskIdNumber(r.idNumber),
    specialtyName: r.specialtyName,
    status: r.status,
    statusLabel: statusLabel(r.status),
    owesFee: owesFee(r.status) && !r.batchId,
    batchId: r.batchId,
    paidAt: r.paidAt ? new Date(r.paidAt).toISOString() : null,
    confirmed: !!r.confirmedAt,
  };
}

async function feePage(db: Kysely<DB>, scope: FeeScope, f: FeeFilters) {
  const { qb, order } = feeListQuery(db, scope, f);
  const page = await fetchPage(qb, pageRequest(f), order);
  return { ...page, items: page.items.map(feeView) };
}

/** Sort keys of the batch lists (the query schema lists the same keys); default: newest recorded first. */
const FEE_BATCH_SORT_COLUMNS = {
  recordedAt: 'feeBatch.recordedAt',
  paidAt: 'feeBatch.paidAt',
  amount: 'feeBatch.amount',
  recommendingOrgName: 'organisation.name',
} as const;
export type FeeBatchSort = keyof typeof FEE_BATCH_SORT_COLUMNS;

export interface FeeBatchFilters {
  /** without it, every year's batches */
  year?: number;
  /** pending: finance has not confirmed it yet; confirmed: it has */
  status?: 'pending' | 'confirmed';
  /** recommending unit */
  unitId?: number;
  page?: number;
  pageSize?: number;
  sort?: FeeBatchSort;
  order?: 'asc' | 'desc';
}

/**
 * A batch list's query, its order and its count (issue 13 item 5): the batches of `orgIds` (or of
 * every unit), filtered on the server. Built apart so a test reads the SQL.
 */
export function feeBatchListQuery(db: Kysely<DB>, orgIds: number[] | 'all', f: FeeBatchFilters = {}) {
  const own = (eb: ExpressionBuilder<DB, 'feeBatch'>) =>
    eb.and([
      ...(orgIds === 'all' ? [] : [eb('feeBatch.recommendingOrgId', 'in', orgIds)]),
      ...(f.year ? [eb('feeBatch.year', '=', f.year)] : []),
      ...(f.unitId ? [eb('feeBatch.recommendingOrgId', '=', f.unitId)] : []),
      ...(f.status === 'pending' ? [eb('feeBatch.confirmedAt', 'is', null)] : []),
      ...(f.status === 'confirmed' ? [eb('feeBatch.confirmedAt', 'is not', null)] : []),
    ]);
  const qb = db
    .selectFrom('feeBatch')
    .innerJoin('organisation', 'organisation.id', 'feeBatch.recommendingOrgId')
    .select([
      'feeBatch.id',
      'feeBatch.recommendingOrgId',
      'organisation.name as recommendingOrgName',
      'feeBatch.amount',
      'feeBatch.payer',
      'feeBatch.paidAt',
      'feeBatch.recordedAt',
      'feeBatch.confirmedAt',
    ])
    .where(own);
  // the organisation join follows a NOT NULL foreign key and no filter needs it: count the batches alone
  const countFrom = db.selectFrom('feeBatch').where(own);
  const column = FEE_BATCH_SORT_COLUMNS[f.sort ?? 'recordedAt'];
  const direction = f.order ?? (f.sort === 'recommendingOrgName' ? 'asc' : 'desc');
  // every sort column is NOT NULL; the id keeps pages from overlapping
  const order = <QB extends typeof qb>(qb: QB) => qb.orderBy(column, direction).orderBy('feeBatch.id', direction);
  return { qb, order, countFrom };
}

async function batchPage(db: Kysely<DB>, orgIds: number[] | 'all', f: FeeBatchFilters) {
  const { qb, order, countFrom } = feeBatchListQuery(db, orgIds, f);
  const page = await fetchPage(qb, pageRequest(f), order, countFrom);
  const rows = page.items;
  // the files of this page's batches only
  const items = rows.length
    ? await db.selectFrom('feeItem').select(['batchId', 'applicationId']).where('batchId', 'in', rows.map((r) => r.id)).orderBy('applicationId').execute()
    : [];
  return {
    ...page,
    items: rows.map((b) => ({
      id: b.id,
      recommendingOrgId: b.recommendingOrgId,
      recommendingOrgName: b.recommendingOrgName,
      amount: String(b.amount),
      payer: b.payer,
      paidAt: new Date(b.paidAt).toISOString(),
      recordedAt: new Date(b.recordedAt).toISOString(),
      confirmed: !!b.confirmedAt,
      confirmedAt: b.confirmedAt ? new Date(b.confirmedAt).toISOString() : null,
      applicationIds: items.filter((i) => i.batchId === b.id).map((i) => i.applicationId),
      receiptUrl: `/api/fee-batches/${b.id}/receipt`,
    })),
  };
}

/** R3, committee office: a page of the accepted files of every unit, and per unit how many owe the fee. */
export async function committeeFeeOverview(ctx: ServiceContext, actor: Actor, f: FeeFilters) {
  const orgIds = stageOrgIds(actor, 'committee');
  if (orgIds.length === 0) return { feeDeadline: null, units: [], items: [], total: 0, ...pageRequest(f) };
  const scope: FeeScope = { by: 'committeeOrgId', orgIds };
  const policy = await loadPolicy(ctx.db, f.year);
  return { feeDeadline: policy.feeDeadline, units: await feeUnitCounts(ctx.db, scope, f.year), ...(await feePage(ctx.db, scope, f)) };
}

/** R3, recommending unit: a page of its accepted files and how many owe the fee in all (its batches: unitFeeBatches). */
export async function unitFeeOverview(ctx: ServiceContext, actor: Actor, f: FeeFilters) {
  const orgIds = stageOrgIds(actor, 'unit');
  if (orgIds.length === 0) return { feeDeadline: null, owing: 0, items: [], total: 0, ...pageRequest(f) };
  const scope: FeeScope = { by: 'recommendingOrgId', orgIds };
  const policy = await loadPolicy(ctx.db, f.year);
  const counts = await feeUnitCounts(ctx.db, scope, f.year);
  return {
    feeDeadline: policy.feeDeadline,
    owing: counts.reduce((n, u) => n + u.unpaid, 0),
    ...(await feePage(ctx.db, scope, f)),
  };
}

/**
 * Every file of the unit matching the search that still owes the fee, unpaged: the leader chooses
 * them all for one batch without paging through (the batch itself checks each one again).
 */
export async function unitOwingFeeIds(ctx: ServiceContext, actor: Actor, f: Pick<FeeFilters, 'year' | 'q'>) {
  const orgIds = stageOrgIds(actor, 'unit');
  if (orgIds.length === 0) return { ids: [] };
  const { qb, order } = feeListQuery(ctx.db, { by: 'recommendingOrgId', orgIds }, { ...f, fee: 'owing' });
  const rows = await order(qb).execute();
  return { ids: rows.map((r) => r.id) };
}

export interface FeeBatchInput {
  year: number;
  applicationIds: number[];
  amount: number;
  payer: string;
  paidAt: Date;
  receipt: UploadedFile;
}

/** R3: the unit's person in charge records one payment covering several accepted files. */
export async function recordFeeBatch(ctx: ServiceContext, actor: Actor, input: FeeBatchInput, meta: RequestMeta = {}) {
  const orgs = leaderOrgIds(actor);
  if (orgs.length === 0) throw new Refused('FORBIDDEN', '只有推荐单位负责人可以登记缴费');
  const errors: FieldError[] = [];
  if (!(input.amount > 0) || Math.round(input.amount * 100) !== input.amount * 100) errors.push({ field: 'amount', message: '缴费金额应为大于0的金额（最多两位小数）' });
  if (!input.payer.trim()) errors.push({ field: 'payer', message: '请填写缴费人' });
  if (Number.isNaN(input.paidAt.getTime())) errors.push({ field: 'paidAt', message: '请填写缴费时间' });
  const ids = [...new Set(input.applicationIds)];
  if (ids.length === 0) errors.push({ field: 'applicationIds', message: '请选择本次缴费包含的申报材料' });
  const now = ctx.now();
  const policy = await loadPolicy(ctx.db, input.year);
  if (!errors.length) {
    const late = whyNotRecordFee(input.paidAt, now, policy);
    if (late) errors.push({ field: 'paidAt', message: late.message });
  }
  const apps = ids.length
    ? await ctx.db
        .selectFrom('application')
        .innerJoin('appUser', 'appUser.id', 'application.applicantId')
        .leftJoin('feeItem', 'feeItem.applicationId', 'application.id')
        .select(['application.id', 'application.year', 'application.status', 'application.recommendingOrgId', 'appUser.displayName', 'feeItem.batchId'])
        .where('application.id', 'in', ids)
        .execute()
    : [];
  let orgId: number | null = null;
  ids.forEach((id, i) => {
    const a = apps.find((x) => x.id === id);
    const field = `applicationIds[${i}]`;
    // outside the actor's unit the file "does not exist" (STYLE §6)
    if (!a || !orgs.includes(a.recommendingOrgId)) return errors.push({ field, message: `申报材料${id}不存在` });
    if (orgId !== null && a.recommendingOrgId !== orgId) return errors.push({ field, message: `${a.displayName}的材料不属于同一推荐单位，请分开缴费` });
    orgId = a.recommendingOrgId;
    if (a.year !== input.year) return errors.push({ field, message: `${a.displayName}的材料不是${input.year}年度的申报` });
    if (a.batchId) return errors.push({ field, message: `${a.displayName}的评审费已登记缴纳，不能重复登记` });
    if (!owesFee(a.status)) return errors.push({ field, message: `${a.displayName}的材料当前状态为“${statusLabel(a.status)}”，评审委员会接收后方可缴费` });
  });
  if (errors.length) throw new Refused('FEE_BATCH_INVALID', `缴费登记有${errors.length}处问题，请修改后重新提交，本次未保存任何内容`, errors);
  const receipt = await storeScan(ctx, input.receipt);
  const created = await ctx.db.transaction().execute(async (trx) => {
    await insertBlobRow(trx, receipt);
    const batch = await trx
      .insertInto('feeBatch')
      .values({
        recommendingOrgId: orgId!,
        year: input.year,
        amount: input.amount.toFixed(2),
        payer: input.payer.trim(),
        paidAt: input.paidAt,
        receiptSha256: receipt.sha256,
        recordedBy: actor.userId,
        recordedAt: now,
      })
      .returning(['id'])
      .executeTakeFirstOrThrow();
    // fee_item.application_id is unique: a concurrent batch for the same file fails here and rolls back
    try {
      await trx.insertInto('feeItem').values(ids.map((applicationId) => ({ batchId: batch.id, applicationId }))).execute();
    } catch {
      throw new Refused('VERSION_CONFLICT', '所选材料的评审费刚刚已被登记，请刷新后重试');
    }
    for (const applicationId of ids) {
      await writeAudit(trx, { actorId: actor.userId, applicationId, action: 'fee_recorded', detail: { batchId: batch.id, amount: input.amount.toFixed(2) }, ip: meta.ip, at: now });
    }
    const finance = await trx.selectFrom('membership').select('userId').where('role', '=', 'finance').execute();
    for (const f of new Set(finance.map((x) => x.userId))) {
      await notifyUser(trx, f, null, `推荐单位登记了一笔评审费（${input.amount.toFixed(2)}元，${ids.length}份材料），请核对确认`, now);
    }
    return batch;
  });
  return { id: created.id, applicationIds: ids };
}

/** R3: finance confirms a recorded payment; a second confirmation is refused. */
export async function confirmFeeBatch(ctx: ServiceContext, actor: Actor, batchId: number, meta: RequestMeta = {}) {
  if (!hasRole(actor, 'finance')) throw new Refused('FORBIDDEN', '只有人社局财务可以确认缴费');
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const batch = await trx.selectFrom('feeBatch').select(['id', 'recommendingOrgId', 'confirmedAt', 'amount']).where('id', '=', batchId).executeTakeFirst();
    if (!batch) throw new Refused('NOT_FOUND', '缴费记录不存在');
    const res = await trx.updateTable('feeBatch').set({ confirmedBy: actor.userId, confirmedAt: now }).where('id', '=', batchId).where('confirmedAt', 'is', null).executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new Refused('ALREADY_EXISTS', '该笔缴费已确认，无需重复确认');
    const items = await trx.selectFrom('feeItem').select('applicationId').where('batchId', '=', batchId).execute();
    for (const i of items) {
      await writeAudit(trx, { actorId: actor.userId, applicationId: i.applicationId, action: 'fee_confirmed', detail: { batchId }, ip: meta.ip, at: now });
    }
    const first = items[0]?.applicationId;
    if (first) await notifyOrganisation(trx, batch.recommendingOrgId, ['unit_leader'], first, `州人社局财务已确认评审费（${String(batch.amount)}元）`, now);
    return { id: batchId, confirmed: true, confirmedAt: now.toISOString() };
  });
}

/** A page of the batches for finance to confirm (every unit's). */
export async function listFeeBatches(ctx: ServiceContext, actor: Actor, f: FeeBatchFilters = {}) {
  if (!hasRole(actor, 'finance') && !isPrefectureAdmin(actor)) throw new Refused('FORBIDDEN', '当前账号没有此功能的权限');
  return batchPage(ctx.db, 'all', f);
}

/** R3, recommending unit: a page of the batches its person in charge recorded (its own units only). */
export async function unitFeeBatches(ctx: ServiceContext, actor: Actor, f: FeeBatchFilters = {}) {
  const orgIds = stageOrgIds(actor, 'unit');
  if (orgIds.length === 0) return { items: [], total: 0, ...pageRequest(f) };
  return batchPage(ctx.db, orgIds, f);
}

/** The receipt image of a batch: its unit, finance and the bureau. */
export async function readFeeReceipt(ctx: ServiceContext, actor: Actor, batchId: number) {
  const b = await ctx.db
    .selectFrom('feeBatch')
    .innerJoin('blob', 'blob.sha256', 'feeBatch.receiptSha256')
    .select(['feeBatch.recommendingOrgId', 'feeBatch.receiptSha256', 'blob.mime'])
    .where('feeBatch.id', '=', batchId)
    .executeTakeFirst();
  const may = b && (hasRole(actor, 'finance') || isPrefectureAdmin(actor) || stageOrgIds(actor, 'unit').includes(b.recommendingOrgId));
  if (!b || !may) throw new Refused('NOT_FOUND', '缴费记录不存在');
  return { bytes: await ctx.blobs.get(b.receiptSha256), mime: b.mime };
}

/**
 * R3: files of `year` still unpaid after the fee deadline → abandoned, each with an audit row.
 * actorId null when run by the system (a job); committeeOrgIds limits it to one office's files.
 */
export async function abandonUnpaid(ctx: ServiceContext, year: number, by: { actorId: number | null; committeeOrgIds?: number[] }, meta: RequestMeta = {}) {
  const policy = await loadPolicy(ctx.db, year);
  const now = ctx.now();
  const refusal = whyNotAbandonUnpaid(policy, shanghaiDate(now));
  if (refusal) throw new Refused(refusal.code, refusal.message);
  const rows = await ctx.db
    .selectFrom('application')
    .leftJoin('feeItem', 'feeItem.applicationId', 'application.id')
    .leftJoin('feeBatch', 'feeBatch.id', 'feeItem.batchId')
    .select(['application.id', 'application.status', 'application.version', 'application.applicantId', 'application.recommendingOrgId', 'feeBatch.paidAt'])
    .where('application.year', '=', year)
    .where('application.status', '=', 'accepted')
    .$if(!!by.committeeOrgIds, (qb) => qb.where('application.committeeOrgId', 'in', by.committeeOrgIds!))
    .execute();
  const unpaid = rows.filter((r) => !r.paidAt || !paidInTime(new Date(r.paidAt), policy.feeDeadline!));
  await ctx.db.transaction().execute(async (trx) => {
    for (const r of unpaid) {
      if (isRefusal(decide(r.status, 'abandon'))) continue;
      await transition(trx, r, 'abandon', {
        actor: by.actorId,
        now,
        reason: `未在评审费缴纳截止日期（${chineseDate(policy.feeDeadline!)}）前缴费，视为自动放弃`,
        detail: { rule: 'R3' },
        ip: meta.ip,
        notify: '您的申报材料未在截止日期前缴纳评审费，已视为自动放弃',
      });
    }
    // the unit's person in charge pays (R3): told once per unit how many of its files were lost
    const perUnit = new Map<number, number[]>();
    for (const r of unpaid) perUnit.set(r.recommendingOrgId, [...(perUnit.get(r.recommendingOrgId) ?? []), r.id]);
    for (const [orgId, ids] of perUnit) {
      await notifyOrganisation(trx, orgId, ['unit_leader'], ids[0], `本单位${ids.length}份申报材料未在${chineseDate(policy.feeDeadline!)}前缴纳评审费，已视为自动放弃`, now);
    }
  });
  return { abandoned: unpaid.map((r) => r.id) };
}

export async function committeeAbandonUnpaid(ctx: ServiceContext, actor: Actor, year: number, meta: RequestMeta = {}) {
  const orgIds = stageOrgIds(actor, 'committee');
  if (orgIds.length === 0) throw new Refused('NOT_FOUND', MESSAGES.notFound);
  return abandonUnpaid(ctx, year, { actorId: actor.userId, committeeOrgIds: orgIds }, meta);
}
