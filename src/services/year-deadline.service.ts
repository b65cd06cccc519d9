// Deadlines of a review year as jobs (issue 10, STYLE §7): scheduled whenever the year's policy is
// written, run on the day after the deadline, and a reminder on the last working day before it.
// Both handlers re-read the policy and skip when the date they were scheduled for is no longer the
// year's (the administrator moved it, which armed new jobs); both are safe to run twice.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { Policy } from '../domain/policy';
import { chineseDate, whyNotAbandonUnpaid } from '../domain/review-rules';
import { deadlineDate, deadlineJobKey, deadlineRunAt, reminderJobKey, reminderRunAt, YEAR_DEADLINES, type YearDeadline } from '../domain/year-deadlines';
import { shanghaiDate } from '../domain/working-days';
import { enqueue } from '../jobs/queue';
import type { JobData, JobName, JobOutcome } from '../jobs/job-types';
import { writeAudit } from './audit';
import { abandonUnpaid } from './fee.service';
import { notifyOrganisation, notifyUser } from './notification.service';
import { loadPolicy } from './policy.service';
import type { ServiceContext } from './service-context';

const DEADLINES = Object.keys(YEAR_DEADLINES) as YearDeadline[];

/** Arms (or re-arms) one job unless the same job for the same date is already there. */
async function arm(trx: Kysely<DB>, name: JobName, key: string, data: JobData<'year_deadline'>, runAt: Date): Promise<void> {
  const existing = await trx.selectFrom('job').select(['data']).where('key', '=', key).executeTakeFirst();
  // same date: a queued job stays queued, a done one stays done (no second reminder, no re-run)
  if (existing && (existing.data as { on?: string }).on === data.on) return;
  await enqueue(trx, name as 'year_deadline', data, { key, runAt });
}

/**
 * Schedules the year's deadline jobs from its policy, inside the caller's transaction: a set date
 * arms its job and its reminder, a cleared date removes the queued ones.
 */
export async function scheduleYearDeadlines(trx: Kysely<DB>, year: number, policy: Policy): Promise<void> {
  for (const d of DEADLINES) {
    const on = deadlineDate(policy, d);
    const keys = [deadlineJobKey(year, d), reminderJobKey(year, d)];
    if (!on) {
      // a running one finishes and, re-reading the policy, skips
      await trx.deleteFrom('job').where('key', 'in', keys).where('status', '!=', 'running').execute();
      continue;
    }
    const data = { year, deadline: d, on };
    await arm(trx, 'year_deadline', keys[0], data, deadlineRunAt(on));
    await arm(trx, 'deadline_reminder', keys[1], data, reminderRunAt(on));
  }
}

/** The job was scheduled for a date the policy no longer has. */
async function isStale(ctx: ServiceContext, data: JobData<'year_deadline'>): Promise<boolean> {
  const policy = await loadPolicy(ctx.db, data.year).catch(() => null);
  return !policy || deadlineDate(policy, data.deadline) !== data.on;
}

/** Whether this step (deadline or reminder) already ran for this date: its audit row exists. */
async function alreadyDone(db: Kysely<DB>, action: string, data: JobData<'year_deadline'>): Promise<boolean> {
  const row = await db
    .selectFrom('auditLog')
    .select('id')
    .where('action', '=', action)
    .where(sql<boolean>`detail->>'year' = ${String(data.year)} and detail->>'deadline' = ${data.deadline} and detail->>'on' = ${data.on}`)
    .executeTakeFirst();
  return !!row;
}

/** The day after the deadline: R3 unpaid files → 自动放弃; the application window closes. */
export async function runYearDeadlineJob(ctx: ServiceContext, data: JobData<'year_deadline'>): Promise<JobOutcome> {
  if (await isStale(ctx, data)) return 'skipped';
  const now = ctx.now();
  if (shanghaiDate(now) <= data.on) return 'skipped';
  if (data.deadline === 'fee') {
    const policy = await loadPolicy(ctx.db, data.year);
    if (whyNotAbandonUnpaid(policy, shanghaiDate(now))) return 'skipped';
    // abandonUnpaid touches only files still 'accepted' and unpaid: a second run finds none
    const { abandoned } = await abandonUnpaid(ctx, data.year, { actorId: null });
    await writeAudit(ctx.db, { actorId: null, action: 'year_deadline_passed', detail: { ...data, abandoned: abandoned.length }, at: now });
    return 'success';
  }
  if (await alreadyDone(ctx.db, 'year_deadline_passed', data)) return 'skipped';
  await ctx.db.transaction().execute(async (trx) => {
    const drafts = await trx.selectFrom('application').select(['id', 'applicantId']).where('year', '=', data.year).where('status', '=', 'draft').execute();
    for (const a of drafts) {
      await notifyUser(trx, a.applicantId, a.id, `${data.year}年度申报已于${chineseDate(data.on)}截止，未提交的申报不能再提交`, now);
    }
    await writeAudit(trx, { actorId: null, action: 'year_deadline_passed', detail: { ...data, drafts: drafts.length }, at: now });
  });
  return 'success';
}

/** The last working day before the deadline: those who still have to act are told. */
export async function runDeadlineReminderJob(ctx: ServiceContext, data: JobData<'deadline_reminder'>): Promise<JobOutcome> {
  if (await isStale(ctx, data)) return 'skipped';
  const now = ctx.now();
  if (shanghaiDate(now) > data.on) return 'skipped'; // the deadline itself has passed: too late to remind
  return ctx.db.transaction().execute(async (trx) => {
    // the audit row is the mark that the reminder went out, written with the notifications
    if (await alreadyDone(trx, 'deadline_reminder_sent', data)) return 'skipped' as const;
    const due = chineseDate(data.on);
    let told = 0;
    if (data.deadline === 'fee') {
      const unpaid = await trx
        .selectFrom('application')
        .leftJoin('feeItem', 'feeItem.applicationId', 'application.id')
        .select(['application.id', 'application.applicantId', 'application.recommendingOrgId'])
        .where('application.year', '=', data.year)
        .where('application.status', '=', 'accepted')
        .where('feeItem.batchId', 'is', null)
        .orderBy('application.id')
        .execute();
      const perUnit = new Map<number, number[]>();
      for (const a of unpaid) {
        perUnit.set(a.recommendingOrgId, [...(perUnit.get(a.recommendingOrgId) ?? []), a.id]);
        await notifyUser(trx, a.applicantId, a.id, `评审费缴纳将于${due}截止，您的材料尚未缴费，逾期视为自动放弃，请联系推荐单位按时缴纳`, now);
        told++;
      }
      for (const [orgId, ids] of perUnit) {
        await notifyOrganisation(trx, orgId, ['unit_leader'], ids[0], `评审费缴纳将于${due}截止，本单位还有${ids.length}份材料未缴费，逾期视为自动放弃`, now);
      }
    } else {
      const drafts = await trx.selectFrom('application').select(['id', 'applicantId']).where('year', '=', data.year).where('status', '=', 'draft').execute();
      for (const a of drafts) {
        await notifyUser(trx, a.applicantId, a.id, `${data.year}年度申报将于${due}截止，您的申报尚未提交，请抓紧完善并提交`, now);
        told++;
      }
    }
    await writeAudit(trx, { actorId: null, action: 'deadline_reminder_sent', detail: { ...data, told }, at: now });
    return 'success' as const;
  });
}
