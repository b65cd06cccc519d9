// U2 / R4 publicity periods close on their end day (issue 10): when a publicity starts, a job is
// armed for the first instant after its end day and a reminder for the last working day before
// it. The unit (U2) or the committee office (R4) is told; nothing changes status by itself, since
// recommending (U3) and finalising the results need a person's decision on any objection.
// Handlers re-read the publicity and skip when it was replaced or the file/meeting moved on.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { chineseDate } from '../domain/review-rules';
import { deadlineRunAt, reminderRunAt } from '../domain/year-deadlines';
import { shanghaiDate } from '../domain/working-days';
import { enqueue } from '../jobs/queue';
import type { JobData, JobOutcome } from '../jobs/job-types';
import { writeAudit } from './audit';
import { notifyOrganisation, notifyUser } from './notification.service';
import type { ServiceContext } from './service-context';

type Data = JobData<'publicity_close'>;

/** Arms the close job and its reminder, inside the transaction that started the publicity. */
export async function schedulePublicityClose(trx: Kysely<DB>, kind: Data['kind'], id: number, endsOn: string): Promise<void> {
  await enqueue(trx, 'publicity_close', { kind, id, endsOn, step: 'remind' }, { key: `publicity_close:${kind}:${id}:remind`, runAt: reminderRunAt(endsOn) });
  await enqueue(trx, 'publicity_close', { kind, id, endsOn, step: 'close' }, { key: `publicity_close:${kind}:${id}:close`, runAt: deadlineRunAt(endsOn) });
}

async function alreadyDone(db: Kysely<DB>, d: Data): Promise<boolean> {
  const row = await db
    .selectFrom('auditLog')
    .select('id')
    .where('action', '=', d.step === 'close' ? 'publicity_closed' : 'publicity_reminder_sent')
    .where(sql<boolean>`detail->>'kind' = ${d.kind} and detail->>'id' = ${String(d.id)} and detail->>'endsOn' = ${d.endsOn}`)
    .executeTakeFirst();
  return !!row;
}

export async function runPublicityCloseJob(ctx: ServiceContext, d: Data): Promise<JobOutcome> {
  const now = ctx.now();
  const today = shanghaiDate(now);
  if (d.step === 'close' ? today <= d.endsOn : today > d.endsOn) return 'skipped';
  return ctx.db.transaction().execute(async (trx) => {
    if (await alreadyDone(trx, d)) return 'skipped' as const;
    const end = chineseDate(d.endsOn);
    if (d.kind === 'unit') {
      const p = await trx
        .selectFrom('publicity')
        .innerJoin('application', 'application.id', 'publicity.applicationId')
        .innerJoin('appUser', 'appUser.id', 'application.applicantId')
        .select(['publicity.endsOn', 'application.id as applicationId', 'application.status', 'application.recommendingOrgId', 'appUser.displayName'])
        .where('publicity.id', '=', d.id)
        .executeTakeFirst();
      const latest = p ? await trx.selectFrom('publicity').select('id').where('applicationId', '=', p.applicationId).orderBy('id', 'desc').limit(1).executeTakeFirst() : null;
      if (!p || p.endsOn !== d.endsOn || p.status !== 'in_publicity' || latest?.id !== d.id) return 'skipped' as const;
      const open = await trx.selectFrom('objection').select((eb) => eb.fn.countAll<string>().as('n')).where('publicityId', '=', d.id).where('resolvedAt', 'is', null).executeTakeFirstOrThrow();
      const text =
        d.step === 'remind'
          ? `${p.displayName}的申报材料公示将于${end}期满`
          : Number(open.n) > 0
            ? `${p.displayName}的申报材料公示已于${end}期满，尚有${open.n}条异议未处理，处理后方可推荐`
            : `${p.displayName}的申报材料公示已于${end}期满，无未处理的异议，可以填写推荐意见并推荐`;
      await notifyOrganisation(trx, p.recommendingOrgId, ['unit_reviewer', 'unit_leader'], p.applicationId, text, now);
      await writeAudit(trx, { actorId: null, applicationId: p.applicationId, action: d.step === 'close' ? 'publicity_closed' : 'publicity_reminder_sent', detail: { ...d }, at: now });
      return 'success' as const;
    }
    const m = await trx.selectFrom('meeting').select(['title', 'status', 'publicityEndsOn', 'committeeOrgId']).where('id', '=', d.id).executeTakeFirst();
    if (!m || m.status !== 'published' || m.publicityEndsOn !== d.endsOn) return 'skipped' as const;
    const officers = await trx.selectFrom('membership').select('userId').where('organisationId', '=', m.committeeOrgId).where('role', '=', 'committee_officer').execute();
    const text = d.step === 'remind' ? `评审会“${m.title}”的评审结果公示将于${end}期满` : `评审会“${m.title}”的评审结果公示已于${end}期满，请处理异议后定稿`;
    for (const u of new Set(officers.map((o) => o.userId))) await notifyUser(trx, u, null, text, now);
    await writeAudit(trx, { actorId: null, action: d.step === 'close' ? 'publicity_closed' : 'publicity_reminder_sent', detail: { ...d }, at: now });
    return 'success' as const;
  });
}
