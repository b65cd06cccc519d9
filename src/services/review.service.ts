// The review chain (U1, U3, C1, R1–R2): the recommending unit, the competent unit and the committee
// office return and forward files, and the R2 deadline job abandons a file not resubmitted in time.
// Lists and the file view are in review-list.service.ts, U2 publicity in publicity.service.ts.
import type { Actor } from '../domain/access';
import {
  chineseDate,
  returnDeadline,
  returnDeadlineJobRunAt,
  whyNotAbandonForReturn,
  whyNotRecommend,
} from '../domain/review-rules';
import { isRefusal, transition as decide } from '../domain/state-machine';
import { STAGES } from '../domain/stage';
import { shanghaiDate } from '../domain/working-days';
import { enqueue } from '../jobs/queue';
import type { JobOutcome } from '../jobs/job-types';
import { loadApplication } from '../db/application.repository';
import { latestPublicity } from '../db/publicity.repository';
import { notifyOrganisation } from './notification.service';
import { transition } from './transition';
import type { RequestMeta, ServiceContext } from './service-context';
import { addOpinion, applicantName, move, returnReason } from './review-move';
import { whyNotForwardForScans } from './stamped-scans';

export type { ReviewStage } from '../domain/stage';

/** The event by which a file reaches each stage; scans count only from the latest one on. */

// ── Recommending unit (U1, U3) ────────────────────────────────────────────────────────────────

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


/** U3: after the publicity, records the result (附件3) and the opinion, and forwards to the competent unit. */
export async function unitRecommend(ctx: ServiceContext, actor: Actor, id: number, input: { version: number; opinion?: string }, meta: RequestMeta = {}) {
  const opinion = input.opinion?.trim() || STAGES.unit.defaultOpinion;
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
        return whyNotRecommend(p ?? null, open, today) ?? (await whyNotForwardForScans(ctx.db, app, 'unit'));
      },
      notify: '推荐单位已推荐您的申报材料，现由主管单位审核',
      during: async (trx, app, now, name) => {
        await addOpinion(trx, app.id, 'unit', opinion, actor.userId, now);
        await trx.updateTable('publicity').set({ resultIssuedOn: shanghaiDate(now) }).where('id', '=', publicityId).execute();
        await notifyOrganisation(trx, app.competentOrgId, STAGES.competent.roles, app.id, `推荐单位推荐了一份职称申报材料，请审核（${name}）`, now);
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
        await notifyOrganisation(trx, app.recommendingOrgId, STAGES.unit.roles, app.id, `主管单位退回了${name}的申报材料：${reason}`, now);
      },
    },
    meta,
  );
}

/** C1: needs the stamped 附件4 uploaded since the file last came from the unit, when the policy requires stamped scans. */
export async function competentRecommend(ctx: ServiceContext, actor: Actor, id: number, input: { version: number; opinion?: string }, meta: RequestMeta = {}) {
  const opinion = input.opinion?.trim() || STAGES.competent.defaultOpinion;
  return move(
    ctx,
    actor,
    id,
    {
      stage: 'competent',
      event: 'competent_recommend',
      version: input.version,
      check: async (app) => whyNotForwardForScans(ctx.db, app, 'competent'),
      notify: '主管单位已推荐您的申报材料，现由评审委员会办事机构审核',
      during: async (trx, app, now, name) => {
        await addOpinion(trx, app.id, 'competent', opinion, actor.userId, now);
        await notifyOrganisation(trx, app.committeeOrgId, STAGES.committee.roles, app.id, `主管单位推荐了一份职称申报材料，请接收审核（${name}）`, now);
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
        await notifyOrganisation(trx, app.recommendingOrgId, STAGES.unit.roles, app.id, `评审委员会退回了${name}的申报材料（${due}前补充）：${reason}`, now);
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
    await notifyOrganisation(trx, app.committeeOrgId, STAGES.committee.roles, app.id, `${name}的申报材料逾期未补充，已自动放弃`, now);
  });
  return 'success';
}
