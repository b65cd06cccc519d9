// The review chain (U1–U5, C1, R1–R2): the recommending unit, the competent unit and the
// committee office list, open, return and forward files. Each transition: load → domain decides
// → one transaction with the version check, audit row, notifications and jobs (STYLE §5).
import type { Kysely, Transaction } from 'kysely';
import type { DB, OpinionStage } from '../db/schema';
import type { Actor } from '../domain/access';
import { docLayout, DocDataError, type PublicityNoticeData } from '../docs';
import { MESSAGES, Refused } from '../domain/errors';
import type { Policy } from '../domain/policy';
import {
  DEFAULT_COMPETENT_OPINION,
  DEFAULT_UNIT_OPINION,
  STAGE_STATUSES,
  chineseDate,
  publicityCountdown,
  publicityEndDate,
  returnDeadline,
  returnDeadlineJobRunAt,
  whyNotAbandonForReturn,
  whyNotRecommend,
  whyNotReturn,
  whyNotStartPublicity,
  type ReviewStage,
} from '../domain/review-rules';
import type { SectionData } from '../domain/section-fields';
import { type Event, type Refusal, type Status, isRefusal, statusLabel, transition as decide } from '../domain/state-machine';
import { CalendarRangeError, shanghaiDate } from '../domain/working-days';
import { enqueue } from '../jobs/queue';
import type { JobOutcome } from '../jobs/job-types';
import { writeAudit } from './audit';
import { LEVEL_LABELS } from '../domain/level';
import { loadApplication, type ApplicationRow } from '../db/application.repository';
import { latestPublicities, latestPublicity } from '../db/publicity.repository';
import { requireAtStage, STAGE_ROLES, stageOrgIds } from './application-access';
import { getDeclaration } from './declaration.service';
import { notifyOrganisation } from './notification.service';
import { transition, type TransitionOptions } from './transition';
import { loadPolicy } from './policy.service';
import type { RequestMeta, ServiceContext } from './service-context';

export type { ReviewStage } from '../domain/review-rules';

function refuse(r: Refusal): never {
  throw new Refused(r.code, r.message);
}

async function applicantName(db: Kysely<DB>, app: ApplicationRow): Promise<string> {
  const u = await db.selectFrom('appUser').select('displayName').where('id', '=', app.applicantId).executeTakeFirstOrThrow();
  return u.displayName;
}

interface MoveOptions {
  stage: ReviewStage;
  event: Event;
  version: number;
  reason?: string | null;
  /** Extra columns set on the application with the status. */
  set?: (app: ApplicationRow, now: Date, policy: Policy) => TransitionOptions['set'];
  /** Checks beyond the state machine, with the loaded row. */
  check?: (app: ApplicationRow, today: string) => Promise<Refusal | null>;
  /** Told to the applicant. */
  notify?: string | ((now: Date, policy: Policy) => string);
  /** More writes in the same transaction (opinions, jobs, notifications of organisations). */
  during?: (trx: Transaction<DB>, app: ApplicationRow, now: Date, name: string, policy: Policy) => Promise<void>;
  detail?: Record<string, unknown>;
}

/** One status change by a reviewer: the common frame of every transition in this file. */
async function move(ctx: ServiceContext, actor: Actor, id: number, o: MoveOptions, meta: RequestMeta) {
  const app = await requireAtStage(ctx.db, actor, o.stage, id);
  if (app.version !== o.version) throw new Refused('VERSION_CONFLICT', MESSAGES.versionConflict);
  // the state machine answers before the stage's own checks, so the user hears the plainer reason
  const allowed = decide(app.status, o.event);
  if (isRefusal(allowed)) refuse(allowed);
  const now = ctx.now();
  const today = shanghaiDate(now);
  const extra = await o.check?.(app, today);
  if (extra) refuse(extra);
  const policy = await loadPolicy(ctx.db, app.year);
  const name = await applicantName(ctx.db, app);
  const t = await ctx.db.transaction().execute(async (trx) => {
    const moved = await transition(trx, app, o.event, {
      actor: actor.userId,
      now,
      reason: o.reason?.trim() || null,
      set: o.set?.(app, now, policy),
      detail: o.detail ?? null,
      ip: meta.ip,
      notify: typeof o.notify === 'function' ? o.notify(now, policy) : o.notify,
    });
    await o.during?.(trx, app, now, name, policy);
    return moved;
  });
  const after = await loadApplication(ctx.db, id);
  return {
    status: t.to as string,
    statusLabel: statusLabel(t.to),
    version: t.version,
    returnDeadlineAt: after?.returnDeadlineAt ? new Date(after.returnDeadlineAt).toISOString() : null,
  };
}

async function addOpinion(trx: Kysely<DB>, applicationId: number, stage: OpinionStage, text: string, authorId: number, at: Date) {
  await trx.insertInto('opinion').values({ applicationId, stage, text, authorId, at }).execute();
}

function returnReason(reason: string | undefined | null): string {
  const r = whyNotReturn(reason);
  if (r) refuse(r);
  return reason!.trim();
}

// ── Lists and the file view ──────────────────────────────────────────────────────────────────

export interface FileFilters {
  status?: string;
  series?: string;
  level?: string;
  /** applicant name, part of it */
  q?: string;
  year?: number;
}

export async function listFiles(ctx: ServiceContext, actor: Actor, stage: ReviewStage, f: FileFilters = {}) {
  const orgIds = stageOrgIds(actor, stage);
  if (orgIds.length === 0) return [];
  const orgColumn = stage === 'unit' ? 'application.recommendingOrgId' : stage === 'competent' ? 'application.competentOrgId' : 'application.committeeOrgId';
  const statuses: readonly Status[] = STAGE_STATUSES[stage];
  const rows = await ctx.db
    .selectFrom('application')
    .innerJoin('appUser', 'appUser.id', 'application.applicantId')
    .innerJoin('specialty', 'specialty.id', 'application.specialtyId')
    .innerJoin('organisation', 'organisation.id', 'application.recommendingOrgId')
    .select([
      'application.id',
      'application.year',
      'application.status',
      'application.version',
      'application.level',
      'application.submittedAt',
      'application.updatedAt',
      'application.returnDeadlineAt',
      'appUser.displayName as applicantName',
      'specialty.series',
      'specialty.name as specialtyName',
      'organisation.name as recommendingOrgName',
    ])
    .where(orgColumn, 'in', orgIds)
    .where('application.status', 'in', statuses)
    .$if(!!f.status, (qb) => qb.where('application.status', '=', f.status as Status))
    .$if(!!f.series, (qb) => qb.where('specialty.series', '=', f.series!))
    .$if(!!f.level, (qb) => qb.where('application.level', '=', f.level as never))
    .$if(!!f.year, (qb) => qb.where('application.year', '=', f.year!))
    .$if(!!f.q?.trim(), (qb) => qb.where('appUser.displayName', 'ilike', `%${escapeLike(f.q!.trim())}%`))
    .orderBy('application.updatedAt', 'desc')
    .orderBy('application.id', 'desc')
    .limit(500)
    .execute();
  const pubs = await latestPublicities(ctx.db, rows.map((r) => r.id));
  const today = shanghaiDate(ctx.now());
  return rows.map((r) => {
    const p = pubs.get(r.id);
    return {
      id: r.id,
      year: r.year,
      status: r.status,
      statusLabel: statusLabel(r.status),
      version: r.version,
      level: r.level,
      levelLabel: LEVEL_LABELS[r.level],
      applicantName: r.applicantName,
      series: r.series,
      specialtyName: r.specialtyName,
      recommendingOrgName: r.recommendingOrgName,
      submittedAt: r.submittedAt ? new Date(r.submittedAt).toISOString() : null,
      updatedAt: new Date(r.updatedAt).toISOString(),
      returnDeadlineAt: r.returnDeadlineAt ? new Date(r.returnDeadlineAt).toISOString() : null,
      publicity: p ? { startsOn: p.startsOn, endsOn: p.endsOn, ...publicityCountdown(p, today) } : null,
    };
  });
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const STAGE_EVENTS: Record<ReviewStage, Event[]> = {
  unit: ['unit_return', 'start_publicity', 'unit_recommend'],
  competent: ['competent_return', 'competent_recommend'],
  committee: ['committee_return', 'committee_accept'],
};

/** The file with originals (B5), plus what this stage needs: publicity, objections, opinions, scans. */
export async function openFile(ctx: ServiceContext, actor: Actor, stage: ReviewStage, id: number) {
  const app = await requireAtStage(ctx.db, actor, stage, id);
  const declaration = await getDeclaration(ctx, actor, id);
  const today = shanghaiDate(ctx.now());
  const p = await latestPublicity(ctx.db, id);
  const objections = await ctx.db
    .selectFrom('objection')
    .select(['id', 'publicityId', 'raisedBy', 'raisedOn', 'content', 'resolution', 'resolvedAt', 'recordedAt'])
    .where('applicationId', '=', id)
    .orderBy('id')
    .execute();
  const opinions = await ctx.db
    .selectFrom('opinion')
    .innerJoin('appUser', 'appUser.id', 'opinion.authorId')
    .select(['opinion.id', 'opinion.stage', 'opinion.text', 'opinion.at', 'appUser.displayName as authorName'])
    .where('opinion.applicationId', '=', id)
    .orderBy('opinion.id')
    .execute();
  const documents = await ctx.db
    .selectFrom('reviewDocument')
    .select(['id', 'kind', 'originalName', 'uploadedAt'])
    .where('applicationId', '=', id)
    .orderBy('id')
    .execute();
  const openObjections = p ? objections.filter((o) => o.publicityId === p.id && !o.resolution).length : 0;
  const actions = STAGE_EVENTS[stage].filter((e) => !isRefusal(decide(app.status, e)));
  return {
    ...declaration,
    stage,
    actions,
    recommendRefusal: stage === 'unit' && app.status === 'in_publicity' ? whyNotRecommend(p ?? null, openObjections, today) : null,
    defaultOpinion: stage === 'unit' ? DEFAULT_UNIT_OPINION : stage === 'competent' ? DEFAULT_COMPETENT_OPINION : '',
    publicity: p
      ? {
          id: p.id,
          startsOn: p.startsOn,
          endsOn: p.endsOn,
          workingDays: p.workingDays,
          officeName: p.officeName,
          supervisionPhone: p.supervisionPhone,
          resultIssuedOn: p.resultIssuedOn,
          ...publicityCountdown(p, today),
        }
      : null,
    objections: objections.map((o) => ({ ...o, resolvedAt: o.resolvedAt ? new Date(o.resolvedAt).toISOString() : null, recordedAt: new Date(o.recordedAt).toISOString() })),
    opinions: opinions.map((o) => ({ ...o, at: new Date(o.at).toISOString() })),
    reviewDocuments: documents.map((d) => ({ ...d, uploadedAt: new Date(d.uploadedAt).toISOString(), url: `/api/applications/${id}/review-documents/${d.id}` })),
  };
}

// ── Recommending unit (U1–U5) ────────────────────────────────────────────────────────────────

export async function unitReturn(ctx: ServiceContext, actor: Actor, id: number, input: { version: number; reason: string }, meta: RequestMeta = {}) {
  const reason = returnReason(input.reason);
  return move(
    ctx,
    actor,
    id,
    {
      stage: 'unit',
      event: 'unit_return',
      version: input.version,
      reason,
      set: () => ({ returnReason: reason, returnDeadlineAt: null }),
      notify: `推荐单位退回了您的申报材料，请按原因修改后重新提交。退回原因：${reason}`,
    },
    meta,
  );
}

export interface StartPublicityInput {
  version: number;
  /** defaults to today (Asia/Shanghai) */
  startsOn?: string;
  officeName: string;
  supervisionPhone: string;
  politicalConditions?: string;
  achievements?: string;
}

export const DEFAULT_POLITICAL_CONDITIONS = '该同志拥护中国共产党的领导，遵守国家法律法规，具有良好的职业道德和敬业精神，任现职以来年度考核均为合格以上。';

/** The ID number as published inside the unit: birth date digits hidden. */
export function publishedIdNumber(id: string): string {
  return id.length === 18 ? `${id.slice(0, 6)}********${id.slice(14)}` : id;
}

async function sectionData(db: Kysely<DB>, applicationId: number, code: string): Promise<SectionData> {
  const row = await db.selectFrom('section').select('data').where('applicationId', '=', applicationId).where('code', '=', code).executeTakeFirst();
  return (row?.data as unknown as SectionData) ?? { fields: {}, rows: [] };
}

function text(v: unknown): string {
  return typeof v === 'string' ? v.trim() : v === null || v === undefined ? '' : String(v);
}

/** Achievements for 附件2 from A5 (业绩成果), one paragraph per row. */
function achievementsFrom(a5: SectionData): string {
  return a5.rows
    .map((r) => {
      const when = [text(r.period), text(r.role)].filter(Boolean).join('，');
      const head = text(r.title) + (when ? `（${when}）` : '');
      return [head, text(r.description)].filter(Boolean).join('：');
    })
    .filter(Boolean)
    .join('\n');
}

/** 附件2 filled from the file (T2). */
export async function publicityNoticeData(
  db: Kysely<DB>,
  app: ApplicationRow,
  p: { startsOn: string; endsOn: string; officeName: string; supervisionPhone: string; politicalConditions?: string; achievements?: string; issuedOn: string },
): Promise<PublicityNoticeData> {
  const a1 = (await sectionData(db, app.id, 'A1')).fields;
  const a5 = await sectionData(db, app.id, 'A5');
  const user = await db.selectFrom('appUser').select(['displayName', 'idNumber']).where('id', '=', app.applicantId).executeTakeFirstOrThrow();
  const spec = await db.selectFrom('specialty').select(['series', 'name']).where('id', '=', app.specialtyId).executeTakeFirstOrThrow();
  const unit = await db.selectFrom('organisation').select('name').where('id', '=', app.recommendingOrgId).executeTakeFirstOrThrow();
  return {
    applicantName: text(a1.name) || user.displayName,
    series: spec.series,
    specialty: spec.name,
    level: LEVEL_LABELS[app.level],
    sex: text(a1.sex),
    ethnicity: text(a1.ethnicity),
    politicalStatus: text(a1.politicalStatus),
    idNumber: publishedIdNumber(text(a1.idNumber) || user.idNumber || ''),
    currentTitle: text(a1.currentTitle) || '无',
    politicalConditions: p.politicalConditions?.trim() || DEFAULT_POLITICAL_CONDITIONS,
    achievements: p.achievements?.trim() || achievementsFrom(a5) || '无',
    publicityStart: p.startsOn,
    publicityEnd: p.endsOn,
    officeName: p.officeName.trim(),
    supervisionPhone: p.supervisionPhone.trim(),
    unitName: unit.name,
    issuedOn: p.issuedOn,
  };
}

/** U2: computes the end date on the official calendar and generates 附件2 from the file. */
export async function startPublicity(ctx: ServiceContext, actor: Actor, id: number, input: StartPublicityInput, meta: RequestMeta = {}) {
  const now = ctx.now();
  const today = shanghaiDate(now);
  const startsOn = input.startsOn ?? today;
  const early = whyNotStartPublicity(startsOn, today);
  if (early) throw new Refused(early.code, early.message, [{ field: 'startsOn', message: early.message }]);
  const app = await requireAtStage(ctx.db, actor, 'unit', id);
  const policy = await loadPolicy(ctx.db, app.year);
  let endsOn: string;
  try {
    endsOn = publicityEndDate(startsOn, policy);
  } catch (e) {
    if (e instanceof CalendarRangeError) throw new Refused('CALENDAR_RANGE', e.message, [{ field: 'startsOn', message: e.message }]);
    throw e;
  }
  const notice = await publicityNoticeData(ctx.db, app, { ...input, startsOn, endsOn, issuedOn: startsOn });
  try {
    docLayout('publicity_notice', notice);
  } catch (e) {
    if (e instanceof DocDataError) throw new Refused('DOC_DATA_INCOMPLETE', e.message);
    throw e;
  }
  const result = await move(
    ctx,
    actor,
    id,
    {
      stage: 'unit',
      event: 'start_publicity',
      version: input.version,
      detail: { startsOn, endsOn, workingDays: policy.publicityWorkingDays },
      notify: `推荐单位已开始公示您的申报材料，公示期${chineseDate(startsOn)}至${chineseDate(endsOn)}`,
      during: async (trx, a, at) => {
        await trx
          .insertInto('publicity')
          .values({
            applicationId: a.id,
            startsOn,
            endsOn,
            workingDays: policy.publicityWorkingDays,
            officeName: notice.officeName,
            supervisionPhone: notice.supervisionPhone,
            notice: JSON.stringify(notice),
            startedBy: actor.userId,
            createdAt: at,
          })
          .execute();
      },
    },
    meta,
  );
  return { ...result, startsOn, endsOn, workingDays: policy.publicityWorkingDays };
}

async function requirePublicityRunning(ctx: ServiceContext, actor: Actor, id: number) {
  const app = await requireAtStage(ctx.db, actor, 'unit', id);
  if (app.status !== 'in_publicity') throw new Refused('INVALID_TRANSITION', `当前状态为“${statusLabel(app.status)}”，只有公示中的材料可以登记或处理异议`);
  const p = await latestPublicity(ctx.db, id);
  if (!p) throw new Refused('INVALID_TRANSITION', '尚未公示，不能登记异议');
  return { app, p };
}

/** Objections change what the unit may do, so they bump the version: a recommend in flight then conflicts. */
async function touch(trx: Kysely<DB>, id: number, now: Date) {
  await trx
    .updateTable('application')
    .set((eb) => ({ version: eb('version', '+', 1), updatedAt: now }))
    .where('id', '=', id)
    .execute();
}

export async function recordObjection(
  ctx: ServiceContext,
  actor: Actor,
  id: number,
  input: { content: string; raisedBy?: string; raisedOn?: string },
  meta: RequestMeta = {},
) {
  const { p } = await requirePublicityRunning(ctx, actor, id);
  const now = ctx.now();
  const raisedOn = input.raisedOn ?? shanghaiDate(now);
  if (raisedOn < p.startsOn || raisedOn > p.endsOn) {
    throw new Refused('OBJECTION_OUTSIDE_PUBLICITY', `异议应在公示期（${chineseDate(p.startsOn)}至${chineseDate(p.endsOn)}）内提出，请核对提出日期`, [
      { field: 'raisedOn', message: '不在公示期内' },
    ]);
  }
  const content = input.content.trim();
  if (!content) throw new Refused('INVALID_INPUT', '请填写异议内容', [{ field: 'content', message: '请填写异议内容' }]);
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('objection')
      .values({ applicationId: id, publicityId: p.id, raisedBy: input.raisedBy?.trim() ?? '', raisedOn, content, recordedBy: actor.userId, recordedAt: now })
      .returning(['id'])
      .executeTakeFirstOrThrow();
    await touch(trx, id, now);
    await writeAudit(trx, { actorId: actor.userId, applicationId: id, action: 'record_objection', detail: { objectionId: row.id, raisedOn }, reason: content, ip: meta.ip, at: now });
    return { id: row.id };
  });
}

export async function resolveObjection(ctx: ServiceContext, actor: Actor, id: number, objectionId: number, input: { resolution: string }, meta: RequestMeta = {}) {
  await requirePublicityRunning(ctx, actor, id);
  const resolution = input.resolution.trim();
  if (!resolution) throw new Refused('INVALID_INPUT', '请填写核实处理结果', [{ field: 'resolution', message: '请填写核实处理结果' }]);
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    const res = await trx
      .updateTable('objection')
      .set({ resolution, resolvedBy: actor.userId, resolvedAt: now })
      .where('id', '=', objectionId)
      .where('applicationId', '=', id)
      .where('resolvedAt', 'is', null)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) {
      const exists = await trx.selectFrom('objection').select('id').where('id', '=', objectionId).where('applicationId', '=', id).executeTakeFirst();
      if (!exists) throw new Refused('NOT_FOUND', '异议记录不存在');
      throw new Refused('ALREADY_EXISTS', '该异议已处理，请刷新后查看');
    }
    await touch(trx, id, now);
    await writeAudit(trx, { actorId: actor.userId, applicationId: id, action: 'resolve_objection', detail: { objectionId }, reason: resolution, ip: meta.ip, at: now });
  });
  return { ok: true };
}

/** U3: after the publicity, records the result (附件3) and the opinion, and forwards to the competent unit. */
export async function unitRecommend(ctx: ServiceContext, actor: Actor, id: number, input: { version: number; opinion?: string }, meta: RequestMeta = {}) {
  const opinion = input.opinion?.trim() || DEFAULT_UNIT_OPINION;
  let publicityId = 0;
  return move(
    ctx,
    actor,
    id,
    {
      stage: 'unit',
      event: 'unit_recommend',
      version: input.version,
      check: async (app, today) => {
        const p = await latestPublicity(ctx.db, app.id);
        if (p) publicityId = p.id;
        const open = p
          ? Number(
              (
                await ctx.db
                  .selectFrom('objection')
                  .select((eb) => eb.fn.countAll<string>().as('n'))
                  .where('publicityId', '=', p.id)
                  .where('resolvedAt', 'is', null)
                  .executeTakeFirstOrThrow()
              ).n,
            )
          : 0;
        return whyNotRecommend(p ?? null, open, today);
      },
      notify: '推荐单位已推荐您的申报材料，现由主管单位审核',
      during: async (trx, app, now, name) => {
        await addOpinion(trx, app.id, 'unit', opinion, actor.userId, now);
        await trx.updateTable('publicity').set({ resultIssuedOn: shanghaiDate(now) }).where('id', '=', publicityId).execute();
        await notifyOrganisation(trx, app.competentOrgId, STAGE_ROLES.competent, app.id, `推荐单位推荐了一份职称申报材料，请审核（${name}）`, now);
      },
    },
    meta,
  );
}

// ── Competent unit (C1) ──────────────────────────────────────────────────────────────────────

export async function competentReturn(ctx: ServiceContext, actor: Actor, id: number, input: { version: number; reason: string }, meta: RequestMeta = {}) {
  const reason = returnReason(input.reason);
  return move(
    ctx,
    actor,
    id,
    {
      stage: 'competent',
      event: 'competent_return',
      version: input.version,
      reason,
      set: () => ({ returnReason: reason, returnDeadlineAt: null }),
      notify: `主管单位退回了您的申报材料，请按原因修改后重新提交。退回原因：${reason}`,
      during: async (trx, app, now, name) => {
        await notifyOrganisation(trx, app.recommendingOrgId, STAGE_ROLES.unit, app.id, `主管单位退回了${name}的申报材料：${reason}`, now);
      },
    },
    meta,
  );
}

/** C1: needs the stamped 附件4 uploaded since the file last came from the unit. */
export async function competentRecommend(ctx: ServiceContext, actor: Actor, id: number, input: { version: number; opinion?: string }, meta: RequestMeta = {}) {
  const opinion = input.opinion?.trim() || DEFAULT_COMPETENT_OPINION;
  return move(
    ctx,
    actor,
    id,
    {
      stage: 'competent',
      event: 'competent_recommend',
      version: input.version,
      check: async (app) => {
        const arrived = await ctx.db
          .selectFrom('auditLog')
          .select((eb) => eb.fn.max('at').as('at'))
          .where('applicationId', '=', app.id)
          .where('action', '=', 'unit_recommend')
          .executeTakeFirst();
        const scan = await ctx.db
          .selectFrom('reviewDocument')
          .select('id')
          .where('applicationId', '=', app.id)
          .where('kind', '=', 'competent_recommendation')
          .$if(!!arrived?.at, (qb) => qb.where('uploadedAt', '>=', arrived!.at as Date))
          .executeTakeFirst();
        return scan ? null : { code: 'SCAN_REQUIRED', message: '请先上传盖章的主管单位推荐意见（附件4）扫描件，再推荐' };
      },
      notify: '主管单位已推荐您的申报材料，现由评审委员会办事机构审核',
      during: async (trx, app, now, name) => {
        await addOpinion(trx, app.id, 'competent', opinion, actor.userId, now);
        await notifyOrganisation(trx, app.committeeOrgId, STAGE_ROLES.committee, app.id, `主管单位推荐了一份职称申报材料，请接收审核（${name}）`, now);
      },
    },
    meta,
  );
}

// ── Committee office (R1–R2) ─────────────────────────────────────────────────────────────────

export async function committeeAccept(ctx: ServiceContext, actor: Actor, id: number, input: { version: number; opinion?: string }, meta: RequestMeta = {}) {
  return move(
    ctx,
    actor,
    id,
    {
      stage: 'committee',
      event: 'committee_accept',
      version: input.version,
      notify: '评审委员会已接收您的申报材料，请按通知由推荐单位统一缴纳评审费',
      during: async (trx, app, now, name) => {
        if (input.opinion?.trim()) await addOpinion(trx, app.id, 'committee', input.opinion.trim(), actor.userId, now);
        await notifyOrganisation(trx, app.recommendingOrgId, ['unit_leader'], app.id, `评审委员会已接收${name}的申报材料，请统一缴纳评审费`, now);
      },
    },
    meta,
  );
}

/** R2's deadline as the applicant reads it: 「2026年3月9日24时」. */
function dueText(deadline: Date): string {
  return `${chineseDate(shanghaiDate(deadline))}24时`;
}

/** R2: returns with a stated reason and arms the deadline job; resubmission deletes the job. */
export async function committeeReturn(ctx: ServiceContext, actor: Actor, id: number, input: { version: number; reason: string }, meta: RequestMeta = {}) {
  const reason = returnReason(input.reason);
  return move(
    ctx,
    actor,
    id,
    {
      stage: 'committee',
      event: 'committee_return',
      version: input.version,
      reason,
      set: (_app, now, policy) => ({ returnReason: reason, returnDeadlineAt: returnDeadline(now, policy) }),
      notify: (now, policy) => `评审委员会退回了您的申报材料，请于${dueText(returnDeadline(now, policy))}前补充完善并重新提交，逾期视为自动放弃。退回原因：${reason}`,
      during: async (trx, app, now, name, policy) => {
        const deadline = returnDeadline(now, policy);
        await enqueue(trx, 'return_deadline', { applicationId: app.id, deadline: deadline.toISOString() }, { key: `return_deadline:${app.id}`, runAt: returnDeadlineJobRunAt(deadline) });
        const due = dueText(deadline);
        await notifyOrganisation(trx, app.recommendingOrgId, STAGE_ROLES.unit, app.id, `评审委员会退回了${name}的申报材料（${due}前补充）：${reason}`, now);
      },
    },
    meta,
  );
}

/**
 * The 'return_deadline' job (R2): idempotent, re-reads the file, and abandons it only if it is
 * still returned and the deadline has passed at ctx.now(); a resubmitted file is left alone.
 */
export async function runReturnDeadlineJob(ctx: ServiceContext, applicationId: number): Promise<JobOutcome> {
  const app = await loadApplication(ctx.db, applicationId);
  if (!app) return 'skipped';
  const now = ctx.now();
  const deadline = app.returnDeadlineAt ? new Date(app.returnDeadlineAt) : null;
  if (whyNotAbandonForReturn(app.status, deadline, now)) return 'skipped';
  if (isRefusal(decide(app.status, 'abandon'))) return 'skipped';
  const name = await applicantName(ctx.db, app);
  await ctx.db.transaction().execute(async (trx) => {
    // a concurrent resubmission wins: the version check throws and the retried job then skips
    await transition(trx, app, 'abandon', {
      actor: null,
      now,
      reason: `退回后未在补充期限（${dueText(deadline!)}）前重新提交，视为自动放弃`,
      detail: { deadline: deadline!.toISOString(), rule: 'R2' },
      notify: '您的申报材料未在补充期限内重新提交，已视为自动放弃',
    });
    await notifyOrganisation(trx, app.committeeOrgId, STAGE_ROLES.committee, app.id, `${name}的申报材料逾期未补充，已自动放弃`, now);
  });
  return 'success';
}
