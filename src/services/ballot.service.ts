// The secret ballot of a meeting (R4): opening once the quorum is present, the tally, closing.
// Votes are encrypted (src/domain/ballot-crypto.ts); only whole ballot boxes are ever decrypted.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { Actor } from '../domain/access';
import { conflictKey } from '../domain/assignment';
import {
  decodeBox,
  decodeElement,
  decryptTotals,
  emptyBox,
  encodeBox,
  encodeElement,
  newTallyKey,
  parseTallyKey,
  publicKeyOf,
} from '../domain/ballot-crypto';
import { missingVotes, quorum, tallyFile, whyNotCloseWithMissing, whyNotOpenBallot } from '../domain/tally';
import { writeAudit } from './audit';
import { ballotCryptoDeps } from './ballot-randomness';
import { loadPolicy } from './policy.service';
import type { RequestMeta, ServiceContext } from './service-context';
import { MEETING_STATUS_LABELS, moveMeeting, refuse, requireMeetingDay, requireOfficeMeeting, requireStatus, type MeetingRow } from './meeting-access';
import { notifyExperts } from './notification.service';
import { conflictSet } from './meeting-conflict.service';
import { getMeeting } from './meeting.service';

// ── Ballot ───────────────────────────────────────────────────────────────────────────────────

/**
 * A fresh encryption of 0 per file, before any transaction. Each costs about 0.2 s of BigInt
 * arithmetic (six 2048-bit powers), so the event loop gets a turn between files.
 */
async function emptyBoxes(files: Array<{ applicationId: number }>, publicKey: bigint) {
  const boxes: Array<{ applicationId: number; ciphertext: Uint8Array }> = [];
  for (const f of files) {
    boxes.push({ applicationId: f.applicationId, ciphertext: encodeBox(emptyBox(publicKey, ballotCryptoDeps)) });
    await new Promise((resolve) => setImmediate(resolve));
  }
  return boxes;
}

/**
 * R4: opens voting once the quorum is present and every assigned review is in. A fresh key pair
 * is made for this ballot: the public key and an empty ballot box per file are stored; the tally
 * key (private) is returned once to the office and kept nowhere, in the database or elsewhere.
 */
export async function openBallot(ctx: ServiceContext, actor: Actor, id: number, meta: RequestMeta = {}) {
  const m = await requireOfficeMeeting(ctx.db, actor, id);
  requireStatus(m, ['planned'], '开始投票');
  requireMeetingDay(m, ctx.now(), '开始投票');
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
  const { tallyKey, publicKey } = newTallyKey(ballotCryptoDeps);
  const boxes = await emptyBoxes(files, publicKey);
  await ctx.db.transaction().execute(async (trx) => {
    await moveMeeting(trx, id, 'planned', 'voting', { ballotOpenedAt: now, ballotPublicKey: encodeElement(publicKey) });
    await trx
      .insertInto('ballotBox')
      .values(boxes.map((b) => ({ meetingId: id, ...b })))
      .execute();
    await writeAudit(trx, { actorId: actor.userId, action: 'ballot_open', detail: { meetingId: id, rosterSize: roster.length, present: roster.filter((x) => x.isPresent).length }, ip: meta.ip, at: now });
    await notifyExperts(trx, roster.filter((x) => x.isPresent).map((x) => x.expertId), `${m.title}已开始投票`, now);
  });
  return { ...(await getMeeting(ctx, actor, id)), tallyKey };
}

/**
 * 重新开始投票, for a lost tally key (the only way on: nobody can count the boxes without it). Every
 * ballot cast so far is void: the ballot records are deleted, each box starts again as an
 * encryption of 0 under a fresh key, which is returned once like at opening, and the present
 * experts are told to vote again.
 */
export async function restartBallot(ctx: ServiceContext, actor: Actor, id: number, meta: RequestMeta = {}) {
  const m = await requireOfficeMeeting(ctx.db, actor, id);
  requireStatus(m, ['voting'], '重新开始投票');
  const now = ctx.now();
  const { tallyKey, publicKey } = newTallyKey(ballotCryptoDeps);
  const files = await ctx.db.selectFrom('meetingApplication').select('applicationId').where('meetingId', '=', id).execute();
  const boxes = await emptyBoxes(files, publicKey);
  await ctx.db.transaction().execute(async (trx) => {
    // taken FOR UPDATE like at closing, so no vote is cast under the old key meanwhile
    const row = await trx.selectFrom('meeting').select('status').where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
    if (row.status !== 'voting') refuse({ code: 'MEETING_STATUS', message: '投票已结束，不能重新开始投票' });
    const voided = await trx.deleteFrom('ballotCast').where('meetingId', '=', id).executeTakeFirst();
    await trx.updateTable('meeting').set({ ballotPublicKey: encodeElement(publicKey), ballotOpenedAt: now }).where('id', '=', id).execute();
    for (const b of boxes) {
      await trx.updateTable('ballotBox').set({ ciphertext: b.ciphertext }).where('meetingId', '=', id).where('applicationId', '=', b.applicationId).execute();
    }
    await writeAudit(trx, {
      actorId: actor.userId,
      action: 'ballot_restart',
      reason: '计票密钥遗失，已投的票作废，重新投票',
      detail: { meetingId: id, voided: Number(voided.numDeletedRows) },
      ip: meta.ip,
      at: now,
    });
    const present = await trx.selectFrom('meetingExpert').select('expertId').where('meetingId', '=', id).where('isPresent', '=', true).execute();
    await notifyExperts(trx, present.map((x) => x.expertId), `${m.title}的投票已重新开始，此前所投的票作废，请重新投票`, now);
  });
  return { ...(await getMeeting(ctx, actor, id)), tallyKey };
}

/**
 * Totals per file: the ballot boxes decrypted with the private exponent x (never a single vote);
 * eligibility from attendance and conflicts. A total that does not decrypt, or that disagrees with
 * the number of recorded ballots, means a damaged box: nothing is written.
 */
async function computeTally(db: Kysely<DB>, m: MeetingRow, x: bigint) {
  const policy = await loadPolicy(db, m.year);
  const present = (await db.selectFrom('meetingExpert').select('expertId').where('meetingId', '=', m.id).where('isPresent', '=', true).execute()).map((r) => r.expertId);
  const files = await db
    .selectFrom('meetingApplication')
    .innerJoin('application', 'application.id', 'meetingApplication.applicationId')
    .leftJoin('ballotBox', (j) => j.onRef('ballotBox.meetingId', '=', 'meetingApplication.meetingId').onRef('ballotBox.applicationId', '=', 'meetingApplication.applicationId'))
    .select(['application.id', 'application.fileCode', 'ballotBox.ciphertext'])
    .where('meetingApplication.meetingId', '=', m.id)
    .orderBy('application.fileCode')
    .execute();
  const ids = files.map((f) => f.id);
  const conflicts = await conflictSet(db, ids);
  const cast = ids.length
    ? await db
        .selectFrom('ballotCast')
        .select(['applicationId', (eb) => eb.fn.countAll<string>().as('n')])
        .where('meetingId', '=', m.id)
        .groupBy('applicationId')
        .execute()
    : [];
  return files.map((f) => {
    const votes = Number(cast.find((c) => c.applicationId === f.id)?.n ?? 0);
    const totals = f.ciphertext ? decryptTotals(decodeBox(f.ciphertext), x, votes) : null;
    if (!totals || totals.reduce((a, b) => a + b, 0) !== votes) {
      refuse({ code: 'BALLOT_BOX_DAMAGED', message: `材料${f.fileCode ?? ''}的投票箱数据与投票记录不符，未计票；请联系系统管理员` });
    }
    const [approve, reject, abstain] = totals as [number, number, number];
    return {
      applicationId: f.id,
      fileCode: f.fileCode ?? '',
      ...tallyFile(
        // recused experts do not vote on the file, so they are not counted as present for it
        { eligible: present.filter((e) => !conflicts.has(conflictKey(f.id, e))).length, approve, reject, abstain },
        policy.passFraction,
        policy.ballotMissingAsAbstain,
      ),
    };
  });
}

/**
 * While voting: per file, the ballots in and the experts allowed to vote on it (present, not
 * recused). Counts only; who has voted is never part of it.
 */
async function votingProgress(db: Kysely<DB>, meetingId: number) {
  const present = (await db.selectFrom('meetingExpert').select('expertId').where('meetingId', '=', meetingId).where('isPresent', '=', true).execute()).map((r) => r.expertId);
  const files = await db
    .selectFrom('meetingApplication')
    .innerJoin('application', 'application.id', 'meetingApplication.applicationId')
    .select(['application.id', 'application.fileCode'])
    .where('meetingApplication.meetingId', '=', meetingId)
    .orderBy('application.fileCode')
    .execute();
  const conflicts = await conflictSet(db, files.map((f) => f.id));
  const cast = await db
    .selectFrom('ballotCast')
    .select(['applicationId', (eb) => eb.fn.countAll<string>().as('n')])
    .where('meetingId', '=', meetingId)
    .groupBy('applicationId')
    .execute();
  return files.map((f) => ({
    applicationId: f.id,
    fileCode: f.fileCode ?? '',
    eligible: present.filter((e) => !conflicts.has(conflictKey(f.id, e))).length,
    votesCast: Number(cast.find((c) => c.applicationId === f.id)?.n ?? 0),
  }));
}

/**
 * R4: closes voting (no late votes) and freezes the tally per file. The office types the tally
 * key; it must open this ballot (g^x = h) before anything changes. The boxes are then deleted and
 * the public key cleared; x lives only in this call.
 */
export async function closeBallot(
  ctx: ServiceContext,
  actor: Actor,
  id: number,
  tallyKey: string,
  meta: RequestMeta = {},
  /** The office's second confirmation that missing votes may stay missing (issue 11). */
  acceptMissing = false,
) {
  const m = await requireOfficeMeeting(ctx.db, actor, id);
  requireStatus(m, ['voting'], '结束投票');
  const now = ctx.now();
  requireMeetingDay(m, now, '结束投票并计票');
  const parsed = parseTallyKey(tallyKey, ballotCryptoDeps);
  if (!('x' in parsed)) refuse(parsed);
  const { x } = parsed;
  const policy = await loadPolicy(ctx.db, m.year);
  let missing = 0;
  await ctx.db.transaction().execute(async (trx) => {
    // locks the meeting against a concurrent vote, which re-checks the status under the same lock
    const row = await trx.selectFrom('meeting').select(['status', 'ballotPublicKey']).where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
    if (row.status !== 'voting') refuse({ code: 'MEETING_STATUS', message: '投票已结束，请刷新后查看计票结果' });
    if (!row.ballotPublicKey || publicKeyOf(x) !== decodeElement(row.ballotPublicKey)) {
      refuse({ code: 'TALLY_KEY_MISMATCH', message: '计票密钥与本次投票不符：请输入本评审会开始投票时显示的计票密钥（注意不要与其他评审会的密钥混淆）' });
    }
    // counted under the lock, so no vote arrives between the count and the close
    missing = missingVotes(await votingProgress(trx, id));
    const r = whyNotCloseWithMissing(missing, acceptMissing, policy.ballotMissingAsAbstain);
    if (r) refuse(r);
    const tally = await computeTally(trx, m, x);
    await moveMeeting(trx, id, 'voting', 'closed', { ballotClosedAt: now, ballotPublicKey: null });
    for (const t of tally) {
      await trx
        .updateTable('meetingApplication')
        .set({ eligibleCount: t.eligible, approveCount: t.approve, rejectCount: t.reject, abstainCount: t.abstain, isPassed: t.passed })
        .where('meetingId', '=', id)
        .where('applicationId', '=', t.applicationId)
        .execute();
    }
    await trx.deleteFrom('ballotBox').where('meetingId', '=', id).execute();
    await writeAudit(trx, {
      actorId: actor.userId,
      action: 'ballot_close',
      reason: missing > 0 ? `确认缺${missing}票结束投票` : undefined,
      detail: { meetingId: id, missingVotes: missing, missingAsAbstain: policy.ballotMissingAsAbstain, tally: tally.map((t) => ({ fileCode: t.fileCode, eligible: t.eligible, approve: t.approve, reject: t.reject, abstain: t.abstain, passed: t.passed })) },
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
    missingAsAbstain: policy.ballotMissingAsAbstain,
  };
  if (m.status === 'planned') return { ...base, files: [] };
  if (m.status === 'voting') {
    // progress only: per file how many ballots are in and how many may vote, without choices
    const files = await votingProgress(ctx.db, id);
    return { ...base, missingVotes: missingVotes(files), files };
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
