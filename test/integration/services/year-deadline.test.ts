// Deadlines that run themselves (issue 10, R3): setting the fee deadline schedules a reminder on the
// last working day before it and the deadline job on the day after; the clock is moved, never
// slept. Unpaid accepted files become 自动放弃 through transition() with their audit row and
// notifications; paid ones stay. Jobs are idempotent, survive a crash, and follow a moved date.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants } from '../../../src/db/invariants';
import type { Actor } from '../../../src/domain/access';
import { claimJob } from '../../../src/jobs/queue';
import { JobRunner } from '../../../src/jobs/runner';
import { buildHandlers } from '../../../src/jobs/handlers';
import { previewPolicyChange, updatePolicy } from '../../../src/services/review-year.service';
import { runDeadlineReminderJob, runYearDeadlineJob } from '../../../src/services/year-deadline.service';
import { orgId, userId } from '../../support/expert-fixtures';
import { createTestSystem, type TestSystem } from '../../support/test-system';
import { fileIn } from '../../support/year-fixtures';

let sys: TestSystem;
let admin: Actor;
let unpaid: Awaited<ReturnType<typeof fileIn>>;
let paid: Awaited<ReturnType<typeof fileIn>>;

async function setPolicy(settings: Record<string, unknown>) {
  const preview = await previewPolicyChange(sys.ctx, admin, 2026, settings);
  return updatePolicy(sys.ctx, admin, 2026, { settings, confirmAffected: preview.affected.count });
}

async function notes(userIdValue: number, words: string) {
  const rows = await sys.db.selectFrom('notification').select('text').where('userId', '=', userIdValue).execute();
  return rows.filter((r) => r.text.includes(words)).map((r) => r.text);
}

async function statusOf(id: number) {
  return (await sys.db.selectFrom('application').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
}

async function job(key: string) {
  return sys.db.selectFrom('job').select(['status', 'runAt', 'data', 'result']).where('key', '=', key).executeTakeFirst();
}

beforeAll(async () => {
  sys = await createTestSystem(); // clock at 2026-03-02 10:00 Shanghai, a Monday
  admin = { userId: await userId(sys.db, 'bureau'), displayName: '周斌', memberships: [{ role: 'bureau_admin', organisationId: await orgId(sys.db, 'bureau'), organisationKind: 'bureau' }] };
  unpaid = await fileIn(sys.db, 'accepted', { now: sys.clock.now() });
  paid = await fileIn(sys.db, 'accepted', { now: sys.clock.now() });
  await sys.db.insertInto('blob').values({ sha256: 'f'.repeat(64), bytes: 1, mime: 'image/jpeg', width: 1, height: 1 }).execute();
  const batch = await sys.db
    .insertInto('feeBatch')
    .values({
      recommendingOrgId: await orgId(sys.db, 'hosp'),
      year: 2026,
      amount: '300.00',
      payer: '张伟',
      paidAt: new Date('2026-03-03T02:00:00Z'),
      receiptSha256: 'f'.repeat(64),
      recordedBy: await userId(sys.db, 'unitlead'),
      recordedAt: new Date('2026-03-03T02:00:00Z'),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await sys.db.insertInto('feeItem').values({ batchId: batch.id, applicationId: paid.id }).execute();
});
afterAll(async () => {
  await checkInvariants(sys.db);
  await sys.close();
});

describe('the fee deadline (R3) as jobs', () => {
  it('setting the fee deadline schedules the reminder and the deadline', async () => {
    await setPolicy({ fee_deadline: '2026-03-10' }); // a Tuesday
    expect((await job('deadline_reminder:2026:fee'))?.runAt.toISOString()).toBe('2026-03-09T01:00:00.000Z');
    expect((await job('year_deadline:2026:fee'))?.runAt.toISOString()).toBe('2026-03-10T16:00:00.000Z');
  });

  it('reminds the unpaid file’s applicant and unit leader one working day before, not earlier', async () => {
    sys.clock.set('2026-03-09T00:59:00Z');
    await sys.runner.drain();
    expect(await notes(unpaid.applicantId, '评审费缴纳将于')).toEqual([]);
    sys.clock.set('2026-03-09T01:00:00Z');
    await sys.runner.drain();
    expect(await notes(unpaid.applicantId, '评审费缴纳将于2026年3月10日截止')).toHaveLength(1);
    expect(await notes(paid.applicantId, '评审费缴纳将于')).toEqual([]);
    expect((await notes(await userId(sys.db, 'unitlead'), '评审费缴纳将于2026年3月10日截止')).length).toBe(1);
    expect((await job('deadline_reminder:2026:fee'))?.status).toBe('done');
  });

  it('does not remind twice when the job runs again (a crash after it committed)', async () => {
    await sys.db.updateTable('job').set({ status: 'queued' }).where('key', '=', 'deadline_reminder:2026:fee').execute();
    await sys.runner.drain();
    expect(await notes(unpaid.applicantId, '评审费缴纳将于')).toHaveLength(1);
    expect((await job('deadline_reminder:2026:fee'))?.result).toEqual({ outcome: 'skipped' });
  });

  it('leaves the file alone until the deadline day has ended', async () => {
    sys.clock.set('2026-03-10T15:59:59Z'); // 23:59:59 in Shanghai
    await sys.runner.drain();
    expect(await statusOf(unpaid.id)).toBe('accepted');
  });

  it('abandons the unpaid file after the deadline, audited and notified; the paid one stays', async () => {
    sys.clock.set('2026-03-10T16:00:00Z');
    await sys.runner.drain();
    expect(await statusOf(unpaid.id)).toBe('abandoned');
    expect(await statusOf(paid.id)).toBe('accepted');
    const audit = await sys.db.selectFrom('auditLog').select(['actorId', 'action', 'fromStatus', 'reason', 'detail']).where('applicationId', '=', unpaid.id).where('toStatus', '=', 'abandoned').execute();
    expect(audit).toEqual([
      { actorId: null, action: 'abandon', fromStatus: 'accepted', reason: '未在评审费缴纳截止日期（2026年3月10日）前缴费，视为自动放弃', detail: { rule: 'R3' } },
    ]);
    expect(await notes(unpaid.applicantId, '已视为自动放弃')).toHaveLength(1);
    expect((await notes(await userId(sys.db, 'unitlead'), '未在2026年3月10日前缴纳评审费，已视为自动放弃')).length).toBeGreaterThan(0);
  });

  it('is idempotent: running the deadline again changes nothing', async () => {
    const before = await sys.db.selectFrom('auditLog').select((eb) => eb.fn.countAll<string>().as('n')).where('applicationId', '=', unpaid.id).executeTakeFirstOrThrow();
    await runYearDeadlineJob(sys.ctx, { year: 2026, deadline: 'fee', on: '2026-03-10' });
    const after = await sys.db.selectFrom('auditLog').select((eb) => eb.fn.countAll<string>().as('n')).where('applicationId', '=', unpaid.id).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    expect(await notes(unpaid.applicantId, '已视为自动放弃')).toHaveLength(1);
  });

  it('follows a moved deadline: the old date’s job skips, the new one runs, even after a crash mid-run', async () => {
    const late = await fileIn(sys.db, 'accepted', { now: sys.clock.now() });
    await setPolicy({ fee_deadline: '2026-03-20' });
    expect(await job('year_deadline:2026:fee')).toMatchObject({ status: 'queued', data: { on: '2026-03-20' } });
    expect((await job('year_deadline:2026:fee'))?.runAt.toISOString()).toBe('2026-03-20T16:00:00.000Z');
    expect(await runYearDeadlineJob(sys.ctx, { year: 2026, deadline: 'fee', on: '2026-03-10' })).toBe('skipped');
    expect(await runDeadlineReminderJob(sys.ctx, { year: 2026, deadline: 'fee', on: '2026-03-10' })).toBe('skipped');
    expect(await statusOf(late.id)).toBe('accepted');

    // a worker claims the deadline job and dies; the restarted server takes it up and runs it once
    sys.clock.set('2026-03-20T16:00:00Z');
    await sys.db.updateTable('job').set({ status: 'done' }).where('key', '=', 'deadline_reminder:2026:fee').execute();
    const claimed = await claimJob(sys.db, 'gone|boot|1|start|abc', sys.clock.now(), ['year_deadline']);
    expect(claimed?.key).toBe('year_deadline:2026:fee');
    const restarted = new JobRunner({ db: sys.db, handlers: buildHandlers(sys.services), now: sys.clock.now, exclusive: true });
    expect(await restarted.reclaimOrphans()).toBe(1);
    await restarted.drain();
    await restarted.drain();
    expect(await statusOf(late.id)).toBe('abandoned');
    const rows = await sys.db.selectFrom('auditLog').select('id').where('applicationId', '=', late.id).where('toStatus', '=', 'abandoned').execute();
    expect(rows).toHaveLength(1);
  });

  it('clearing the deadline removes the queued jobs', async () => {
    await setPolicy({ fee_deadline: '2026-04-30' });
    expect(await job('year_deadline:2026:fee')).toMatchObject({ status: 'queued' });
    await setPolicy({ fee_deadline: null });
    expect(await job('year_deadline:2026:fee')).toBeUndefined();
    expect(await job('deadline_reminder:2026:fee')).toBeUndefined();
  });
});

describe('the application window closing', () => {
  it('reminds applicants with a draft one working day before and tells them when it closed', async () => {
    const draft = await fileIn(sys.db, 'draft', { now: sys.clock.now() });
    sys.clock.set('2026-04-01T02:00:00Z');
    await setPolicy({ application_closes_on: '2026-04-07' }); // a Tuesday; 4–6 April is 清明
    expect((await job('deadline_reminder:2026:application_window'))?.runAt.toISOString()).toBe('2026-04-03T01:00:00.000Z');
    sys.clock.set('2026-04-03T01:00:00Z');
    await sys.runner.drain();
    expect(await notes(draft.applicantId, '2026年度申报将于2026年4月7日截止')).toHaveLength(1);
    sys.clock.set('2026-04-07T16:00:00Z');
    await sys.runner.drain();
    expect(await notes(draft.applicantId, '2026年度申报已于2026年4月7日截止')).toHaveLength(1);
    await sys.db.updateTable('job').set({ status: 'queued' }).where('key', '=', 'year_deadline:2026:application_window').execute();
    await sys.runner.drain();
    expect(await notes(draft.applicantId, '2026年度申报已于2026年4月7日截止')).toHaveLength(1);
  });
});
