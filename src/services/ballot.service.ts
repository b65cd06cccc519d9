// The secret ballot of a meeting (R4): opening once the quorum is present, the tally, closing.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { Actor } from '../domain/access';
import { conflictKey } from '../domain/assignment';
import { quorum, tallyFile, whyNotOpenBallot } from '../domain/tally';
import { writeAudit } from './audit';
import { loadPolicy } from './policy.service';
import type { RequestMeta, ServiceContext } from './service-context';
import { MEETING_STATUS_LABELS, moveMeeting, refuse, requireOfficeMeeting, requireStatus, type MeetingRow } from './meeting-access';
import { notifyExperts } from './notification.service';
import { conflictSet } from './meeting-conflict.service';
import { getMeeting } from './meeting.service';

// ── Ballot ───────────────────────────────────────────────────────────────────────────────────

/** R4: opens voting once the quorum is present and every assigned review is in. */
export async function openBallot(ctx: ServiceContext, actor: Actor, id: number, meta: RequestMeta = {}) {
  const m = await requireOfficeMeeting(ctx.db, actor, id);
  requireStatus(m, ['planned'], '开始投票');
  const policy = await loadPolicy(ctx.db, m.year);
  const roster = await ctx.db.selectFrom('meetingExpert').select(['expertId', 'isPresent']).where('meetingId', '=', id).execute();
  const r = whyNotOpenBallot({ rosterSize: roster.length, present: roster.filter((x) => x.isPresent).length }, policy.quorumFraction);
  if (r) refuse(r);
  const files = await ctx.db.selectFrom('meetingApplication').select('applicationId').where('meetingId', '=', id).execute();
  if (files.length === 0) refuse({ code: 'NO_FILES', message: '本评审会还没有评审材料，请先分配' });
  const pending = await ctx.db
    .selectFrom('assignment')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('meetingId', '=', id)
    .where('submittedAt', 'is', null)
    .executeTakeFirstOrThrow();
  if (Number(pending.n) > 0) refuse({ code: 'REVIEWS_INCOMPLETE', message: `还有${pending.n}份专家评审意见未提交，全部提交后方可开始投票` });
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    await moveMeeting(trx, id, 'planned', 'voting', { ballotOpenedAt: now });
    await writeAudit(trx, { actorId: actor.userId, action: 'ballot_open', detail: { meetingId: id, rosterSize: roster.length, present: roster.filter((x) => x.isPresent).length }, ip: meta.ip, at: now });
    await notifyExperts(trx, roster.filter((x) => x.isPresent).map((x) => x.expertId), `${m.title}已开始投票`, now);
  });
  return getMeeting(ctx, actor, id);
}

/** Totals per file from the anonymous vote table; eligibility from attendance and conflicts. */
export async function computeTally(db: Kysely<DB>, m: MeetingRow) {
  const policy = await loadPolicy(db, m.year);
  const present = (await db.selectFrom('meetingExpert').select('expertId').where('meetingId', '=', m.id).where('isPresent', '=', true).execute()).map((r) => r.expertId);
  const files = await db
    .selectFrom('meetingApplication')
    .innerJoin('application', 'application.id', 'meetingApplication.applicationId')
    .select(['application.id', 'application.fileCode'])
    .where('meetingApplication.meetingId', '=', m.id)
    .orderBy('application.fileCode')
    .execute();
  const ids = files.map((f) => f.id);
  const conflicts = await conflictSet(db, ids);
  const counts = ids.length
    ? await db
        .selectFrom('vote')
        .select(['applicationId', 'choice', (eb) => eb.fn.countAll<string>().as('n')])
        .where('meetingId', '=', m.id)
        .groupBy(['applicationId', 'choice'])
        .execute()
    : [];
  const n = (appId: number, choice: string) => Number(counts.find((c) => c.applicationId === appId && c.choice === choice)?.n ?? 0);
  return files.map((f) => ({
    applicationId: f.id,
    fileCode: f.fileCode ?? '',
    ...tallyFile(
      {
        // recused experts do not vote on the file, so they are not counted as present for it
        eligible: present.filter((e) => !conflicts.has(conflictKey(f.id, e))).length,
        approve: n(f.id, 'approve'),
        reject: n(f.id, 'reject'),
        abstain: n(f.id, 'abstain'),
      },
      policy.passFraction,
    ),
  }));
}

/** R4: closes voting (no late votes) and freezes the tally per file. */
export async function closeBallot(ctx: ServiceContext, actor: Actor, id: number, meta: RequestMeta = {}) {
  const m = await requireOfficeMeeting(ctx.db, actor, id);
  requireStatus(m, ['voting'], '结束投票');
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    await moveMeeting(trx, id, 'voting', 'closed', { ballotClosedAt: now });
    const tally = await computeTally(trx, m);
    for (const t of tally) {
      await trx
        .updateTable('meetingApplication')
        .set({ eligibleCount: t.eligible, approveCount: t.approve, rejectCount: t.reject, abstainCount: t.abstain, isPassed: t.passed })
        .where('meetingId', '=', id)
        .where('applicationId', '=', t.applicationId)
        .execute();
    }
    await writeAudit(trx, {
      actorId: actor.userId,
      action: 'ballot_close',
      detail: { meetingId: id, tally: tally.map((t) => ({ fileCode: t.fileCode, eligible: t.eligible, approve: t.approve, reject: t.reject, abstain: t.abstain, passed: t.passed })) },
      ip: meta.ip,
      at: now,
    });
  });
  return getTally(ctx, actor, id);
}

/** Only totals, never who voted how (R4 secret ballot). While voting: how many have voted so far. */
export async function getTally(ctx: ServiceContext, actor: Actor, id: number) {
  const m = await requireOfficeMeeting(ctx.db, actor, id);
  const policy = await loadPolicy(ctx.db, m.year);
  const roster = await ctx.db.selectFrom('meetingExpert').select(['isPresent']).where('meetingId', '=', id).execute();
  const present = roster.filter((r) => r.isPresent).length;
  const q = quorum({ rosterSize: roster.length, present }, policy.quorumFraction);
  const base = {
    meetingId: id,
    status: m.status,
    statusLabel: MEETING_STATUS_LABELS[m.status],
    rosterSize: roster.length,
    present,
    quorumNeeded: q.needed,
    quorumReached: q.reached,
    passFraction: policy.passFraction,
  };
  if (m.status === 'planned') return { ...base, files: [] };
  if (m.status === 'voting') {
    // progress only: per file how many ballots are in, without choices
    const cast = await ctx.db
      .selectFrom('ballotCast')
      .select(['applicationId', (eb) => eb.fn.countAll<string>().as('n')])
      .where('meetingId', '=', id)
      .groupBy('applicationId')
      .execute();
    const files = await ctx.db
      .selectFrom('meetingApplication')
      .innerJoin('application', 'application.id', 'meetingApplication.applicationId')
      .select(['application.id', 'application.fileCode'])
      .where('meetingApplication.meetingId', '=', id)
      .orderBy('application.fileCode')
      .execute();
    return {
      ...base,
      files: files.map((f) => ({ applicationId: f.id, fileCode: f.fileCode ?? '', votesCast: Number(cast.find((c) => c.applicationId === f.id)?.n ?? 0) })),
    };
  }
  const rows = await ctx.db
    .selectFrom('meetingApplication')
    .innerJoin('application', 'application.id', 'meetingApplication.applicationId')
    .select([
      'application.id',
      'application.fileCode',
      'meetingApplication.eligibleCount',
      'meetingApplication.approveCount',
      'meetingApplication.rejectCount',
      'meetingApplication.abstainCount',
      'meetingApplication.isPassed',
      'meetingApplication.isOverturned',
    ])
    .where('meetingApplication.meetingId', '=', id)
    .orderBy('application.fileCode')
    .execute();
  return {
    ...base,
    files: rows.map((r) => {
      const eligible = r.eligibleCount ?? 0;
      const approve = r.approveCount ?? 0;
      const reject = r.rejectCount ?? 0;
      const abstain = r.abstainCount ?? 0;
      const passed = !!r.isPassed && !r.isOverturned;
      return {
        applicationId: r.id,
        fileCode: r.fileCode ?? '',
        eligible,
        approve,
        reject,
        abstain,
        notVoted: eligible - approve - reject - abstain,
        votesCast: approve + reject + abstain,
        passed,
        isOverturned: r.isOverturned,
        resultLabel: passed ? '通过' : '未通过',
      };
    }),
  };
}
