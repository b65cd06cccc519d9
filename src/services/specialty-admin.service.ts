// 系列与专业 administration (issue 10): the bureau administrator lists series and their
// specialties, adds a specialty (a new series code adds a series), renames a specialty or a series,
// assigns the committee that reviews a specialty, and deactivates (or reactivates) a specialty.
// Nothing is deleted: files name their specialty. Each change is one transaction with its audit row.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { Actor } from '../domain/access';
import { type FieldError, Refused } from '../domain/errors';
import { writeAudit } from './audit';
import { requireBureauAdmin } from './review-year.service';
import type { RequestMeta, ServiceContext } from './service-context';

/** As in file codes (src/domain/file-code.ts): 1–6 capital letters, e.g. WS 卫生, GC 工程. */
const SERIES_CODE = /^[A-Z]{1,6}$/;
const NAME_MAX = 50;

function invalid(errors: FieldError[]): never {
  throw new Refused('INVALID_INPUT', errors.map((e) => e.message).join('；'), errors);
}

function checkName(field: string, label: string, v: string | undefined, errors: FieldError[]) {
  if (v === undefined) return;
  const t = v.trim();
  if (!t) errors.push({ field, message: `请填写${label}` });
  else if (t.length > NAME_MAX) errors.push({ field, message: `${label}不能超过${NAME_MAX}个字` });
}

/** An active committee organisation, or the field error. */
async function checkCommittee(db: Kysely<DB>, committeeId: number | null | undefined, errors: FieldError[]) {
  if (committeeId === undefined || committeeId === null) return;
  const org = await db.selectFrom('organisation').select(['kind', 'active']).where('id', '=', committeeId).executeTakeFirst();
  if (!org || org.kind !== 'committee') errors.push({ field: 'committeeId', message: '所选评审委员会不存在，请重新选择' });
  else if (!org.active) errors.push({ field: 'committeeId', message: '所选评审委员会已停用，请选择其他评审委员会' });
}

export async function listSpecialties(ctx: ServiceContext, actor: Actor) {
  requireBureauAdmin(actor);
  const rows = await ctx.db
    .selectFrom('specialty')
    .leftJoin('organisation', 'organisation.id', 'specialty.committeeId')
    .select(['specialty.id', 'specialty.series', 'specialty.seriesCode', 'specialty.name', 'specialty.committeeId', 'specialty.active', 'organisation.name as committeeName'])
    .orderBy('specialty.seriesCode')
    .orderBy('specialty.id')
    .execute();
  const counts = await ctx.db.selectFrom('application').select(['specialtyId', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('specialtyId').execute();
  const committees = await ctx.db.selectFrom('organisation').select(['id', 'name', 'active']).where('kind', '=', 'committee').orderBy('id').execute();
  const series = new Map<string, { seriesCode: string; series: string; specialties: unknown[] }>();
  for (const r of rows) {
    const s = series.get(r.seriesCode) ?? { seriesCode: r.seriesCode, series: r.series, specialties: [] };
    s.specialties.push({
      id: r.id,
      name: r.name,
      committeeId: r.committeeId,
      committeeName: r.committeeName ?? null,
      active: r.active,
      fileCount: Number(counts.find((c) => c.specialtyId === r.id)?.n ?? 0),
    });
    series.set(r.seriesCode, s);
  }
  return { series: [...series.values()] as Array<{ seriesCode: string; series: string; specialties: Array<{ id: number; name: string; committeeId: number | null; committeeName: string | null; active: boolean; fileCount: number }> }>, committees };
}

export interface NewSpecialty {
  seriesCode: string;
  /** The series' name; for an existing series code it must be that series' name. */
  series: string;
  name: string;
  committeeId: number | null;
}

export async function addSpecialty(ctx: ServiceContext, actor: Actor, input: NewSpecialty, meta: RequestMeta = {}) {
  requireBureauAdmin(actor);
  const errors: FieldError[] = [];
  const code = input.seriesCode.trim().toUpperCase();
  if (!SERIES_CODE.test(code)) errors.push({ field: 'seriesCode', message: '系列代码应为1—6个大写字母，如 WS（用于材料编号）' });
  checkName('series', '系列名称', input.series, errors);
  checkName('name', '专业名称', input.name, errors);
  await checkCommittee(ctx.db, input.committeeId, errors);
  const existing = await ctx.db.selectFrom('specialty').select(['series', 'seriesCode']).where((eb) => eb.or([eb('seriesCode', '=', code), eb('series', '=', input.series.trim())])).execute();
  const clash = existing.find((e) => (e.seriesCode === code) !== (e.series === input.series.trim()));
  if (clash) errors.push({ field: 'series', message: `系列代码${clash.seriesCode}对应的系列名称为“${clash.series}”，请保持一致` });
  if (errors.length) invalid(errors);
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const dup = await trx.selectFrom('specialty').select('id').where('series', '=', input.series.trim()).where('name', '=', input.name.trim()).executeTakeFirst();
    if (dup) throw new Refused('ALREADY_EXISTS', `“${input.series.trim()}”系列已有“${input.name.trim()}”专业`, [{ field: 'name', message: '该系列已有同名专业' }]);
    const row = await trx
      .insertInto('specialty')
      .values({ series: input.series.trim(), seriesCode: code, name: input.name.trim(), committeeId: input.committeeId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, { actorId: actor.userId, action: 'specialty_added', detail: { specialtyId: row.id, seriesCode: code, name: input.name.trim(), committeeId: input.committeeId }, ip: meta.ip, at: now });
    return { id: row.id };
  });
}

export interface SpecialtyChange {
  name?: string;
  committeeId?: number | null;
  active?: boolean;
}

/** Rename, assign the committee, deactivate or reactivate; files already in the system keep their committee. */
export async function updateSpecialty(ctx: ServiceContext, actor: Actor, id: number, input: SpecialtyChange, meta: RequestMeta = {}) {
  requireBureauAdmin(actor);
  const errors: FieldError[] = [];
  checkName('name', '专业名称', input.name, errors);
  await checkCommittee(ctx.db, input.committeeId, errors);
  if (errors.length) invalid(errors);
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const s = await trx.selectFrom('specialty').select(['id', 'series', 'name', 'committeeId', 'active']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!s) throw new Refused('NOT_FOUND', '专业不存在');
    const set: { name?: string; committeeId?: number | null; active?: boolean } = {};
    if (input.name !== undefined && input.name.trim() !== s.name) {
      const dup = await trx.selectFrom('specialty').select('id').where('series', '=', s.series).where('name', '=', input.name.trim()).executeTakeFirst();
      if (dup) throw new Refused('ALREADY_EXISTS', `“${s.series}”系列已有“${input.name.trim()}”专业`, [{ field: 'name', message: '该系列已有同名专业' }]);
      set.name = input.name.trim();
    }
    if (input.committeeId !== undefined && input.committeeId !== s.committeeId) set.committeeId = input.committeeId;
    if (input.active !== undefined && input.active !== s.active) set.active = input.active;
    if (Object.keys(set).length === 0) return { id, changed: [] as string[] };
    await trx.updateTable('specialty').set(set).where('id', '=', id).execute();
    const before = { name: s.name, committeeId: s.committeeId, active: s.active };
    await writeAudit(trx, {
      actorId: actor.userId,
      action: set.active === false ? 'specialty_deactivated' : 'specialty_changed',
      detail: { specialtyId: id, before: Object.fromEntries(Object.keys(set).map((k) => [k, before[k as keyof typeof before]])), after: set },
      ip: meta.ip,
      at: now,
    });
    return { id, changed: Object.keys(set) };
  });
}

/** Renames a series: its specialties and the meetings that name it (meeting.series holds the name). */
export async function renameSeries(ctx: ServiceContext, actor: Actor, seriesCode: string, series: string, meta: RequestMeta = {}) {
  requireBureauAdmin(actor);
  const errors: FieldError[] = [];
  checkName('series', '系列名称', series, errors);
  if (errors.length) invalid(errors);
  const name = series.trim();
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const rows = await trx.selectFrom('specialty').select(['id', 'series']).where('seriesCode', '=', seriesCode).forUpdate().execute();
    if (rows.length === 0) throw new Refused('NOT_FOUND', `系列${seriesCode}不存在`);
    const old = rows[0].series;
    if (old === name) return { seriesCode, series: name };
    const taken = await trx.selectFrom('specialty').select('seriesCode').where('series', '=', name).where('seriesCode', '!=', seriesCode).executeTakeFirst();
    if (taken) throw new Refused('ALREADY_EXISTS', `已有名为“${name}”的系列（${taken.seriesCode}）`, [{ field: 'series', message: '系列名称已被使用' }]);
    await trx.updateTable('specialty').set({ series: name }).where('seriesCode', '=', seriesCode).execute();
    await trx.updateTable('meeting').set({ series: name }).where('series', '=', old).execute();
    await writeAudit(trx, { actorId: actor.userId, action: 'series_renamed', detail: { seriesCode, from: old, to: name }, ip: meta.ip, at: now });
    return { seriesCode, series: name };
  });
}
