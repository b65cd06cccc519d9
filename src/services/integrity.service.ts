// I1 诚信档案: the bureau records a fraud finding against an ID number, a title obtained by fraud
// is revoked, and the ID may not apply for policy.integrity_ban_years from the decision.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { type Actor, whyNotPrefectureAdmin } from '../domain/access';
import { type FieldError, Refused } from '../domain/errors';
import { normaliseIdNumber, whyNotValidIdNumber } from '../domain/id-card';
import { defaultPolicyFor, type Policy } from '../domain/policy';
import { integrityBanOn } from '../domain/review-rules';
import { isRefusal, statusLabel, transition as decide } from '../domain/state-machine';
import { shanghaiDate } from '../domain/working-days';
import { writeAudit } from './audit';
import { LEVEL_LABELS } from '../domain/level';
import { loadPolicy } from './policy.service';
import { transition } from './transition';
import type { RequestMeta, ServiceContext } from './service-context';
import { fetchPage, pageRequest } from '../db/paging';

/** The policy in force on `today`: that review year's, else the latest year before it, else the defaults. */
async function policyOn(db: Kysely<DB>, today: string): Promise<Policy> {
  const year = Number(today.slice(0, 4));
  const row = await db.selectFrom('policyYear').select('year').where('year', '<=', year).orderBy('year', 'desc').limit(1).executeTakeFirst();
  return row ? loadPolicy(db, row.year) : defaultPolicyFor(year);
}

/**
 * I1: why `idNumber` may not register or submit at `now` (Chinese, naming the decision and the
 * day the ban ends), or null. Registration and submission call this.
 */
export async function whyBanned(db: Kysely<DB>, idNumber: string, now: Date): Promise<string | null> {
  return (await banOf(db, idNumber, now))?.message ?? null;
}

/**
 * I1: the ban running at `now` for `idNumber`: its end ('YYYY-MM-DD', the first day an application
 * is possible again) and the Chinese message naming the decision and that day; or null.
 */
export async function banOf(db: Kysely<DB>, idNumber: string, now: Date): Promise<{ endsOn: string; message: string } | null> {
  const id = normaliseIdNumber(idNumber);
  if (!id) return null;
  const findings = await db.selectFrom('integrityRecord').select(['finding', 'decidedOn']).where('idNumber', '=', id).execute();
  if (findings.length === 0) return null;
  const today = shanghaiDate(now);
  const ban = integrityBanOn(findings, today, await policyOn(db, today));
  return ban ? { endsOn: ban.endsOn, message: ban.message } : null;
}

/**
 * I1, told at login (issue 10 item 4): a person with an account whose ID number is banned learns
 * it at once, with the day the ban ends, not only when a draft is refused.
 */
export async function loginNotice(db: Kysely<DB>, userId: number, now: Date): Promise<{ endsOn: string; message: string } | null> {
  const u = await db.selectFrom('appUser').select('idNumber').where('id', '=', userId).executeTakeFirst();
  if (!u?.idNumber) return null;
  const ban = await banOf(db, u.idNumber, now);
  return ban ? { endsOn: ban.endsOn, message: `${ban.message}；在此之前不能新建或提交申报` } : null;
}

function requireBureau(actor: Actor) {
  const why = whyNotPrefectureAdmin(actor, '管理诚信档案');
  if (why) throw new Refused(why.code, why.message);
}

export interface FindingInput {
  idNumber: string;
  finding: string;
  decidedOn: string;
  documentRef: string;
  /** A passed application of this ID whose title is revoked by the decision. */
  revokeApplicationId?: number;
  /** The same by its file code (档案编号, e.g. 2026-WS-0002), as the archive's decision names it. */
  revokeFileCode?: string;
}

export async function recordFinding(ctx: ServiceContext, actor: Actor, input: FindingInput, meta: RequestMeta = {}) {
  requireBureau(actor);
  const now = ctx.now();
  const today = shanghaiDate(now);
  const idNumber = normaliseIdNumber(input.idNumber);
  const errors: FieldError[] = [];
  const badId = whyNotValidIdNumber(idNumber);
  if (badId) errors.push({ field: 'idNumber', message: badId });
  if (!input.finding.trim()) errors.push({ field: 'finding', message: '请填写失信行为（如提供虚假材料、剽窃他人成果）' });
  if (!input.documentRef.trim()) errors.push({ field: 'documentRef', message: '请填写处理决定文号' });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.decidedOn) || Number.isNaN(Date.parse(input.decidedOn))) errors.push({ field: 'decidedOn', message: '请填写有效的处理决定日期' });
  else if (input.decidedOn > today) errors.push({ field: 'decidedOn', message: '处理决定日期不能晚于今天' });
  if (errors.length) throw new Refused('INVALID_INPUT', errors.map((e) => e.message).join('；'), errors);

  let revoke: { id: number; version: number; status: string; applicantId: number; title: string; fileCode: string | null } | null = null;
  const fileCode = input.revokeFileCode?.trim().toUpperCase() || undefined;
  if (input.revokeApplicationId || fileCode) {
    const field = fileCode ? 'revokeFileCode' : 'revokeApplicationId';
    const app = await ctx.db
      .selectFrom('application')
      .innerJoin('appUser', 'appUser.id', 'application.applicantId')
      .innerJoin('specialty', 'specialty.id', 'application.specialtyId')
      .select(['application.id', 'application.version', 'application.status', 'application.applicantId', 'application.level', 'application.fileCode', 'appUser.idNumber', 'specialty.series', 'specialty.name'])
      .$if(!!fileCode, (qb) => qb.where('application.fileCode', '=', fileCode!))
      .$if(!fileCode, (qb) => qb.where('application.id', '=', input.revokeApplicationId!))
      .executeTakeFirst();
    if (!app || app.idNumber !== idNumber || (fileCode && input.revokeApplicationId && app.id !== input.revokeApplicationId)) {
      const what = fileCode ? `档案编号${fileCode}的申报` : '要撤销的职称申报';
      throw new Refused('INVALID_INPUT', `${what}不存在或不属于该身份证号，请核对档案编号和身份证号`, [{ field, message: '申报不存在或不属于该身份证号' }]);
    }
    if (isRefusal(decide(app.status, 'revoke'))) throw new Refused('INVALID_TRANSITION', `该申报当前状态为“${statusLabel(app.status)}”，只有评审通过取得的职称可以撤销`);
    revoke = { id: app.id, version: app.version, status: app.status, applicantId: app.applicantId, title: `${app.series}${app.name}${LEVEL_LABELS[app.level]}职称`, fileCode: app.fileCode };
  }

  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('integrityRecord')
      .values({
        idNumber,
        finding: input.finding.trim(),
        decidedOn: input.decidedOn,
        documentRef: input.documentRef.trim(),
        revokedApplicationId: revoke?.id ?? null,
        revokedTitle: revoke?.title ?? null,
        recordedBy: actor.userId,
        recordedAt: now,
      })
      .returning(['id'])
      .executeTakeFirstOrThrow();
    await writeAudit(trx, { actorId: actor.userId, applicationId: revoke?.id ?? null, action: 'integrity_record', detail: { recordId: row.id, decidedOn: input.decidedOn }, reason: input.finding.trim(), ip: meta.ip, at: now });
    let certificateNumber: string | null = null;
    if (revoke) {
      const reason = `${input.finding.trim()}（${input.documentRef.trim()}）`;
      await transition(trx, revoke, 'revoke', {
        actor: actor.userId,
        now,
        reason,
        ip: meta.ip,
        notify: `您通过本次评审取得的${revoke.title}已因弄虚作假被撤销（${input.documentRef.trim()}）`,
      });
      // the title's certificate goes with it: the public verification page then says 已撤销
      const cert = await trx
        .updateTable('certificate')
        .set({ revokedAt: now, revokedReason: reason })
        .where('applicationId', '=', revoke.id)
        .where('revokedAt', 'is', null)
        .returning('number')
        .executeTakeFirst();
      if (cert) {
        certificateNumber = cert.number;
        await writeAudit(trx, { actorId: actor.userId, applicationId: revoke.id, action: 'certificate_revoke', reason, detail: { number: cert.number, recordId: row.id }, ip: meta.ip, at: now });
      }
    }
    const ban = await banOf(trx, idNumber, now);
    return {
      id: row.id,
      revokedApplicationId: revoke?.id ?? null,
      revokedFileCode: revoke?.fileCode ?? null,
      revokedCertificateNumber: certificateNumber,
      ban: ban?.message ?? null,
      banEndsOn: ban?.endsOn ?? null,
    };
  });
}

export interface FindingListQuery {
  /** an ID number: the whole of it, or its start */
  idNumber?: string;
  page?: number;
  pageSize?: number;
  sort?: 'decidedOn' | 'recordedAt';
  order?: 'asc' | 'desc';
}

export async function listFindings(ctx: ServiceContext, actor: Actor, f: FindingListQuery = {}) {
  requireBureau(actor);
  const id = f.idNumber?.trim() ? normaliseIdNumber(f.idNumber) : '';
  const qb = ctx.db
    .selectFrom('integrityRecord')
    .select(['id', 'idNumber', 'finding', 'decidedOn', 'documentRef', 'revokedApplicationId', 'revokedTitle', 'recordedAt'])
    // A whole ID number matches exactly; fewer than 18 characters match its start.
    .$if(id.length === 18, (qb) => qb.where('idNumber', '=', id))
    .$if(id.length > 0 && id.length < 18, (qb) => qb.where('idNumber', 'like', `${id.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  const direction = f.order ?? 'desc';
  const page = await fetchPage(qb, pageRequest(f), (qb) => qb.orderBy(f.sort ?? 'decidedOn', direction).orderBy('id', direction));
  return { ...page, items: page.items.map((r) => ({ ...r, recordedAt: new Date(r.recordedAt).toISOString() })) };
}

export async function checkBan(ctx: ServiceContext, actor: Actor, idNumber: string) {
  requireBureau(actor);
  const reason = await whyBanned(ctx.db, idNumber, ctx.now());
  return { banned: reason !== null, reason };
}
