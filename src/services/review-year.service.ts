// 评审年度 administration (issue 10): the bureau administrator lists the years, opens the next one
// by copying the last, edits its policy setting by setting (each checked by its validator in
// src/domain/policy.ts), and closes it. A change that acts on files already in the year is shown
// first (count and file codes) and saved only once confirmed. Each change is one transaction with
// its audit row, and re-schedules the year's deadline jobs.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { type Actor, whyNotPrefectureAdmin } from '../domain/access';
import { Refused } from '../domain/errors';
import { copyPolicyToYear, diffPolicy, parsePolicy, POLICY_FIELDS, PolicyError, serializePolicy, statusesAffectedBy, type Policy, type PolicyChange } from '../domain/policy';
import { statusLabel } from '../domain/state-machine';
import { writeAudit } from './audit';
import { scheduleYearDeadlines } from './year-deadline.service';
import type { RequestMeta, ServiceContext } from './service-context';

export function requireBureauAdmin(actor: Actor): void {
  const why = whyNotPrefectureAdmin(actor, '进行系统管理');
  if (why) throw new Refused(why.code, why.message);
}

/** A file as the administrator is shown it when a change affects it. */
export interface AffectedFile {
  applicationId: number;
  fileCode: string | null;
  /** The file code, or for a file not yet coded (codes are given at expert assignment) its number. */
  label: string;
  status: string;
  statusLabel: string;
}

function policyError(e: unknown): never {
  if (e instanceof PolicyError) {
    throw new Refused('POLICY_INVALID', e.message, [{ field: e.key ? `settings.${e.key}` : 'settings', message: e.message }]);
  }
  throw e;
}

async function readYear(db: Kysely<DB>, year: number, lock = false) {
  const row = await db
    .selectFrom('policyYear')
    .select(['year', 'settings', 'isOpen'])
    .where('year', '=', year)
    .$if(lock, (qb) => qb.forUpdate())
    .executeTakeFirst();
  if (!row) throw new Refused('NOT_FOUND', `没有${year}年度，请先开启该评审年度`);
  return { ...row, policy: parsePolicy(row.settings as Record<string, unknown>, year) };
}

export async function listYears(ctx: ServiceContext, actor: Actor) {
  requireBureauAdmin(actor);
  const rows = await ctx.db.selectFrom('policyYear').select(['year', 'settings', 'isOpen']).orderBy('year', 'desc').execute();
  const counts = await ctx.db
    .selectFrom('application')
    .select(['year', (eb) => eb.fn.countAll<string>().as('n')])
    .groupBy('year')
    .execute();
  return {
    fields: POLICY_FIELDS.map((f) => ({ ...f })),
    items: rows.map((r) => ({
      year: r.year,
      isOpen: r.isOpen,
      settings: serializePolicy(parsePolicy(r.settings as Record<string, unknown>, r.year)),
      fileCount: Number(counts.find((c) => c.year === r.year)?.n ?? 0),
    })),
  };
}

/** Opens the year after the latest one with the latest one's policy (copyPolicyToYear). */
export async function openNextYear(ctx: ServiceContext, actor: Actor, meta: RequestMeta = {}) {
  requireBureauAdmin(actor);
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const last = await trx.selectFrom('policyYear').select(['year', 'settings']).orderBy('year', 'desc').limit(1).executeTakeFirst();
    if (!last) throw new Refused('NOT_FOUND', '还没有任何评审年度可供复制，请先用命令行初始化系统');
    const year = last.year + 1;
    if (year > 2100) throw new Refused('INVALID_INPUT', '评审年度不能晚于2100年');
    const policy = copyPolicyToYear(parsePolicy(last.settings as Record<string, unknown>, last.year), last.year, year);
    const res = await trx
      .insertInto('policyYear')
      .values({ year, settings: JSON.stringify(serializePolicy(policy)), isOpen: true })
      .onConflict((oc) => oc.column('year').doNothing())
      .returning('year')
      .executeTakeFirst();
    // a concurrent opening of the same year inserted first
    if (!res) throw new Refused('ALREADY_EXISTS', `${year}年度已开启，请刷新后查看`);
    await writeAudit(trx, { actorId: actor.userId, action: 'policy_year_opened', detail: { year, copiedFrom: last.year }, ip: meta.ip, at: now });
    await scheduleYearDeadlines(trx, year, policy);
    return { year, copiedFrom: last.year, isOpen: true, settings: serializePolicy(policy) };
  });
}

/** The year's files whose status one of the changed settings acts upon. */
async function affectedFiles(db: Kysely<DB>, year: number, changes: PolicyChange[]): Promise<AffectedFile[]> {
  const statuses = statusesAffectedBy(changes.map((c) => c.key));
  if (statuses.length === 0) return [];
  const rows = await db
    .selectFrom('application')
    .select(['id', 'fileCode', 'status'])
    .where('year', '=', year)
    .where('status', 'in', statuses)
    .orderBy('fileCode')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    applicationId: r.id,
    fileCode: r.fileCode,
    label: r.fileCode ?? `${year}年度第${r.id}号申报`,
    status: r.status,
    statusLabel: statusLabel(r.status),
  }));
}

/** Merges the submitted settings onto the year's and validates the whole (errors name the setting). */
function proposed(current: Policy, settings: Record<string, unknown>, year: number): Policy {
  try {
    return parsePolicy({ ...serializePolicy(current), ...settings }, year);
  } catch (e) {
    policyError(e);
  }
}

/** What saving `settings` would change, and which files of the year it affects; writes nothing. */
export async function previewPolicyChange(ctx: ServiceContext, actor: Actor, year: number, settings: Record<string, unknown>) {
  requireBureauAdmin(actor);
  const y = await readYear(ctx.db, year);
  const changes = diffPolicy(y.policy, proposed(y.policy, settings, year));
  const files = await affectedFiles(ctx.db, year, changes);
  return { year, changes, affected: { count: files.length, files } };
}

/**
 * Saves the year's policy. When files are affected the caller must have seen them: `confirmAffected`
 * is the count the preview showed; without it (or with a stale count) nothing is saved and the
 * refusal lists the files.
 */
export async function updatePolicy(ctx: ServiceContext, actor: Actor, year: number, input: { settings: Record<string, unknown>; confirmAffected?: number }, meta: RequestMeta = {}) {
  requireBureauAdmin(actor);
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const y = await readYear(trx, year, true);
    const next = proposed(y.policy, input.settings, year);
    const changes = diffPolicy(y.policy, next);
    if (changes.length === 0) return { year, changes, affected: { count: 0, files: [] as AffectedFile[] } };
    const files = await affectedFiles(trx, year, changes);
    if (files.length > 0 && input.confirmAffected !== files.length) {
      const shown = files.slice(0, 20).map((f) => f.label).join('、');
      throw new Refused(
        'POLICY_AFFECTS_FILES',
        `修改“${changes.map((c) => c.title).join('”“')}”将影响${year}年度${files.length}份申报材料（${shown}${files.length > 20 ? '等' : ''}），请确认后再保存`,
      );
    }
    await trx.updateTable('policyYear').set({ settings: JSON.stringify(serializePolicy(next)) }).where('year', '=', year).execute();
    await writeAudit(trx, {
      actorId: actor.userId,
      action: 'policy_changed',
      detail: { year, changes, affected: files.map((f) => f.label) },
      ip: meta.ip,
      at: now,
    });
    await scheduleYearDeadlines(trx, year, next);
    return { year, changes, affected: { count: files.length, files } };
  });
}

/** Closes the year for new applications; files already in it go on (deadlines keep running). */
export async function closeYear(ctx: ServiceContext, actor: Actor, year: number, meta: RequestMeta = {}) {
  requireBureauAdmin(actor);
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const y = await readYear(trx, year, true);
    if (!y.isOpen) throw new Refused('YEAR_ALREADY_CLOSED', `${year}年度已关闭，无需重复关闭`);
    await trx.updateTable('policyYear').set({ isOpen: false }).where('year', '=', year).execute();
    await writeAudit(trx, { actorId: actor.userId, action: 'policy_year_closed', detail: { year }, ip: meta.ip, at: now });
    return { year, isOpen: false };
  });
}
