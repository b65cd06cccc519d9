// U2 publicity inside the recommending unit: starting it with 附件2 generated from the file, and
// recording and resolving objections while it runs.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { Actor } from '../domain/access';
import { docLayout, DocDataError, type PublicityNoticeData } from '../docs';
import { Refused } from '../domain/errors';
import {
  chineseDate,
  publicityEndDate,
  whyNotStartPublicity,
} from '../domain/review-rules';
import type { SectionData } from '../domain/section-fields';
import { statusLabel } from '../domain/state-machine';
import { CalendarRangeError, shanghaiDate } from '../domain/working-days';
import { writeAudit } from './audit';
import { LEVEL_LABELS } from '../domain/level';
import type { ApplicationRow } from '../db/application.repository';
import { latestPublicity } from '../db/publicity.repository';
import { requireAtStage } from './application-access';
import { loadPolicy } from './policy.service';
import { schedulePublicityClose } from './publicity-close.service';
import type { RequestMeta, ServiceContext } from './service-context';
import { move } from './review-move';

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
        const row = await trx
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
          .returning('id')
          .executeTakeFirstOrThrow();
        await schedulePublicityClose(trx, 'unit', row.id, endsOn);
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
