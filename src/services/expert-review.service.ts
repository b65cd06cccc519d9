// The expert's side of the blind review (B5, R4): meetings they sit on, the anonymised files
// assigned to them, their opinion and scores, and their secret vote. Nothing here selects a
// name, ID number or unit for output: the expert view has its own column lists (STYLE §4).
import type { Kysely } from 'kysely';
import type { DB, VoteChoice } from '../db/schema';
import { type Actor, type ExpertFileFacts, expertMayFetch, whyNotExpertOpen, whyNotVote } from '../domain/access';
import { anonymiseSections, type Identity } from '../domain/anonymise';
import { derivedConflict } from '../domain/assignment';
import { Refused } from '../domain/errors';
import { checkScores, OPINION_MAX_CHARS, type ScoreCriterion } from '../domain/review-criteria';
import { isSectionCode, rowIndexOf, type SectionCode, type SectionData } from '../domain/section-fields';
import { writeAudit } from './audit';
import { ballotCryptoDeps } from './ballot-randomness';
import { addVote, decodeBox, decodeElement, encodeBox, encryptVote } from '../domain/ballot-crypto';
import { LEVEL_LABELS } from '../domain/level';
import { loadApplication } from '../db/application.repository';
import { identityStrings } from './declaration-view.service';
import { MEETING_STATUS_LABELS, requireMeetingDay } from './meeting-access';
import { expertUnits, fileUnits } from './meeting-conflict.service';
import type { RequestMeta, ServiceContext } from './service-context';

const notFound = () => new Refused('NOT_FOUND', '评审材料不存在或无权查看');

/**
 * Whether `expertId` is assigned to the file in a meeting whose roster holds them, and whether any
 * conflict stands between them: a recorded one, or one derived now from the units (so a conflict
 * that arose after assignment still closes the file).
 */
export async function expertFileFacts(db: Kysely<DB>, expertId: number, applicationId: number): Promise<ExpertFileFacts & { meetingId: number | null }> {
  const a = await db
    .selectFrom('assignment')
    .innerJoin('meetingExpert', (j) => j.onRef('meetingExpert.meetingId', '=', 'assignment.meetingId').onRef('meetingExpert.expertId', '=', 'assignment.expertId'))
    .select(['assignment.meetingId'])
    .where('assignment.applicationId', '=', applicationId)
    .where('assignment.expertId', '=', expertId)
    .executeTakeFirst();
  return { assigned: !!a, conflicted: await isConflicted(db, expertId, applicationId), meetingId: a?.meetingId ?? null };
}

async function isConflicted(db: Kysely<DB>, expertId: number, applicationId: number): Promise<boolean> {
  const recorded = await db.selectFrom('conflict').select('kind').where('applicationId', '=', applicationId).where('expertId', '=', expertId).executeTakeFirst();
  if (recorded) return true;
  const file = (await fileUnits(db, [applicationId])).get(applicationId);
  if (!file) return true;
  return derivedConflict(file, (await expertUnits(db, [expertId])).get(expertId) ?? []) !== null;
}

function requireExpert(actor: Actor): void {
  if (!actor.memberships.some((m) => m.role === 'expert')) throw notFound();
}

// ── Meetings ────────────────────────────────────────────────────────────────────────────────

export async function listMyMeetings(ctx: ServiceContext, actor: Actor) {
  requireExpert(actor);
  const rows = await ctx.db
    .selectFrom('meetingExpert')
    .innerJoin('meeting', 'meeting.id', 'meetingExpert.meetingId')
    .select([
      'meeting.id',
      'meeting.title',
      'meeting.year',
      'meeting.series',
      'meeting.level',
      'meeting.status',
      'meeting.scheduledAt',
      'meetingExpert.isPresent',
      (eb) => eb.selectFrom('assignment').select(eb.fn.countAll<string>().as('n')).whereRef('assignment.meetingId', '=', 'meeting.id').where('assignment.expertId', '=', actor.userId).as('assignedCount'),
      (eb) =>
        eb
          .selectFrom('assignment')
          .select(eb.fn.countAll<string>().as('n'))
          .whereRef('assignment.meetingId', '=', 'meeting.id')
          .where('assignment.expertId', '=', actor.userId)
          .where('assignment.submittedAt', 'is not', null)
          .as('submittedCount'),
    ])
    .where('meetingExpert.expertId', '=', actor.userId)
    .orderBy('meeting.scheduledAt', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    year: r.year,
    series: r.series,
    level: r.level,
    levelLabel: LEVEL_LABELS[r.level],
    status: r.status,
    statusLabel: MEETING_STATUS_LABELS[r.status],
    scheduledAt: new Date(r.scheduledAt).toISOString(),
    isPresent: r.isPresent,
    assignedCount: Number(r.assignedCount ?? 0),
    submittedCount: Number(r.submittedCount ?? 0),
  }));
}

async function requireRosterMeeting(db: Kysely<DB>, actor: Actor, meetingId: number) {
  requireExpert(actor);
  const m = await db
    .selectFrom('meetingExpert')
    .innerJoin('meeting', 'meeting.id', 'meetingExpert.meetingId')
    .select(['meeting.id', 'meeting.title', 'meeting.year', 'meeting.series', 'meeting.level', 'meeting.status', 'meeting.scheduledAt', 'meeting.criteria', 'meetingExpert.isPresent'])
    .where('meetingExpert.meetingId', '=', meetingId)
    .where('meetingExpert.expertId', '=', actor.userId)
    .executeTakeFirst();
  if (!m) throw new Refused('NOT_FOUND', '评审会不存在或无权查看');
  return m;
}

/** The meeting's agenda as this expert sees it: file codes only, conflicted files left out. */
export async function getMyMeeting(ctx: ServiceContext, actor: Actor, meetingId: number) {
  const m = await requireRosterMeeting(ctx.db, actor, meetingId);
  const files = await ctx.db
    .selectFrom('meetingApplication')
    .innerJoin('application', 'application.id', 'meetingApplication.applicationId')
    .innerJoin('specialty', 'specialty.id', 'application.specialtyId')
    .select(['application.id', 'application.fileCode', 'application.level', 'specialty.series', 'specialty.name as specialtyName'])
    .where('meetingApplication.meetingId', '=', meetingId)
    .orderBy('application.fileCode')
    .execute();
  const mine = await ctx.db.selectFrom('assignment').select(['applicationId', 'submittedAt']).where('meetingId', '=', meetingId).where('expertId', '=', actor.userId).execute();
  const voted = new Set(
    (await ctx.db.selectFrom('ballotCast').select('applicationId').where('meetingId', '=', meetingId).where('expertId', '=', actor.userId).execute()).map((r) => r.applicationId),
  );
  const out = [];
  for (const f of files) {
    if (await isConflicted(ctx.db, actor.userId, f.id)) continue;
    const a = mine.find((x) => x.applicationId === f.id);
    const hasVoted = voted.has(f.id);
    out.push({
      fileCode: f.fileCode ?? '',
      series: f.series,
      specialtyName: f.specialtyName,
      level: f.level,
      levelLabel: LEVEL_LABELS[f.level],
      isAssigned: !!a,
      reviewSubmitted: !!a?.submittedAt,
      hasVoted,
      canVote: m.status === 'voting' && m.isPresent && !hasVoted,
    });
  }
  return {
    meeting: {
      id: m.id,
      title: m.title,
      year: m.year,
      series: m.series,
      level: m.level,
      levelLabel: LEVEL_LABELS[m.level],
      status: m.status,
      statusLabel: MEETING_STATUS_LABELS[m.status],
      scheduledAt: new Date(m.scheduledAt).toISOString(),
      isPresent: m.isPresent,
    },
    files: out,
  };
}

// ── The anonymised file ─────────────────────────────────────────────────────────────────────

async function applicationByCode(db: Kysely<DB>, code: string) {
  const row = await db.selectFrom('application').select(['id']).where('fileCode', '=', code).executeTakeFirst();
  return row ? loadApplication(db, row.id) : undefined;
}

/** The file behind a code, if this expert may open it; 404 otherwise (not assigned, or conflicted). */
async function requireOpenable(db: Kysely<DB>, actor: Actor, code: string) {
  requireExpert(actor);
  const app = await applicationByCode(db, code);
  if (!app) throw notFound();
  const facts = await expertFileFacts(db, actor.userId, app.id);
  if (whyNotExpertOpen(actor, facts) || facts.meetingId === null) throw notFound();
  return { app, meetingId: facts.meetingId };
}

/**
 * Every string that identifies the applicant: name and ID as registered and as typed in A1, and
 * every unit name (recommending unit with aliases, A1 unit and aliases, every A3 work unit).
 */
async function identityOf(db: Kysely<DB>, app: NonNullable<Awaited<ReturnType<typeof loadApplication>>>, sections: Partial<Record<SectionCode, SectionData>>): Promise<Identity> {
  const ids = await identityStrings(db, app, sections);
  const a1 = sections.A1?.fields ?? {};
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? [v.trim()] : []);
  const workUnits = (sections.A3?.rows ?? []).flatMap((r) => text(r.unit));
  // Identity has one name and one ID; the A1 spellings, if different, are blanked like unit names
  return { name: ids.name, idNumber: ids.idNumber, units: [...ids.units, ...workUnits, ...text(a1.name), ...text(a1.idNumber)] };
}

/** ExpertApplicationView: file code instead of person, anonymised sections, masked images only. */
export async function openExpertFile(ctx: ServiceContext, actor: Actor, code: string) {
  const { app, meetingId } = await requireOpenable(ctx.db, actor, code);
  const meeting = await ctx.db.selectFrom('meeting').select(['id', 'title', 'status', 'criteria']).where('id', '=', meetingId).executeTakeFirstOrThrow();
  const specialty = await ctx.db.selectFrom('specialty').select(['series', 'name']).where('id', '=', app.specialtyId).executeTakeFirstOrThrow();
  const sectionRows = await ctx.db.selectFrom('section').select(['code', 'data']).where('applicationId', '=', app.id).execute();
  const sections: Partial<Record<SectionCode, SectionData>> = {};
  for (const s of sectionRows) if (isSectionCode(s.code)) sections[s.code] = s.data as unknown as SectionData;
  const identity = await identityOf(ctx.db, app, sections);
  const attachments = await ctx.db
    .selectFrom('attachment')
    .innerJoin('blob', 'blob.sha256', 'attachment.blobSha256')
    // expert column list: no original_name (a file name may carry the applicant's name)
    .select(['attachment.id', 'attachment.sectionCode', 'attachment.rowId', 'attachment.slot', 'attachment.needsMasking', 'attachment.maskStatus', 'attachment.maskedSha256', 'blob.width', 'blob.height'])
    .where('attachment.applicationId', '=', app.id)
    .where('attachment.sectionCode', '<>', 'A1')
    .orderBy('attachment.sectionCode')
    .orderBy('attachment.rowId')
    .orderBy('attachment.slot')
    .orderBy('attachment.sortOrder')
    .orderBy('attachment.id')
    .execute();
  const review = await ctx.db
    .selectFrom('assignment')
    .select(['opinion', 'scores', 'submittedAt'])
    .where('meetingId', '=', meetingId)
    .where('applicationId', '=', app.id)
    .where('expertId', '=', actor.userId)
    .executeTakeFirstOrThrow();
  return {
    fileCode: app.fileCode ?? code,
    year: app.year,
    series: specialty.series,
    specialtyName: specialty.name,
    level: app.level,
    levelLabel: LEVEL_LABELS[app.level],
    meeting: { id: meeting.id, title: meeting.title, status: meeting.status, statusLabel: MEETING_STATUS_LABELS[meeting.status] },
    sections: anonymiseSections(sections, identity),
    attachments: attachments
      .filter((a) => expertMayFetch(a, 'masked'))
      .map((a) => ({
        id: a.id,
        sectionCode: a.sectionCode,
        // The row's position (for “学历2 · 毕业证书”), not its id: the expert view carries nothing it doesn't need.
        rowIndex: isSectionCode(a.sectionCode) ? rowIndexOf(sections[a.sectionCode], a.rowId) : null,
        slot: a.slot,
        width: a.width ?? 0,
        height: a.height ?? 0,
        maskedUrl: `/api/attachments/${a.id}/masked`,
        maskedThumbUrl: `/api/attachments/${a.id}/masked-thumb`,
      })),
    criteria: meeting.criteria as ScoreCriterion[],
    review: {
      opinion: review.opinion ?? '',
      scores: (review.scores ?? {}) as Record<string, number>,
      submitted: review.submittedAt !== null,
      submittedAt: review.submittedAt ? new Date(review.submittedAt).toISOString() : null,
    },
  };
}

// ── Opinion and scores ──────────────────────────────────────────────────────────────────────

export interface ReviewInput {
  opinion: string;
  scores: Record<string, number>;
  /** false keeps a draft; true submits it, after which it cannot change. */
  submit: boolean;
}

export async function saveReview(ctx: ServiceContext, actor: Actor, code: string, input: ReviewInput, meta: RequestMeta = {}) {
  const { app, meetingId } = await requireOpenable(ctx.db, actor, code);
  const meeting = await ctx.db.selectFrom('meeting').select(['status', 'criteria']).where('id', '=', meetingId).executeTakeFirstOrThrow();
  if (meeting.status !== 'planned') throw new Refused('MEETING_STATUS', '投票已开始，不能再修改评审意见');
  const opinion = input.opinion.trim();
  if (opinion.length > OPINION_MAX_CHARS) {
    throw new Refused('INVALID_INPUT', `评审意见最多${OPINION_MAX_CHARS}字，请精简`, [{ field: 'opinion', message: `最多${OPINION_MAX_CHARS}字` }]);
  }
  if (input.submit) {
    const errors = checkScores(meeting.criteria as ScoreCriterion[], input.scores);
    if (!opinion) errors.unshift({ field: 'opinion', message: '请填写评审意见' });
    if (errors.length) throw new Refused('INVALID_INPUT', `评审意见未填写完整：${errors.map((e) => e.message).join('；')}`, errors);
  }
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('assignment')
      .set({ opinion, scores: JSON.stringify(input.scores), submittedAt: input.submit ? now : null })
      .where('meetingId', '=', meetingId)
      .where('applicationId', '=', app.id)
      .where('expertId', '=', actor.userId)
      .where('submittedAt', 'is', null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new Refused('ALREADY_SUBMITTED', '评审意见已提交，不能再修改');
    if (input.submit) {
      await writeAudit(trx, { actorId: actor.userId, applicationId: app.id, action: 'review_submit', detail: { meetingId }, ip: meta.ip, at: now });
    }
  });
  return { fileCode: code, submitted: input.submit };
}

// ── Secret ballot ───────────────────────────────────────────────────────────────────────────

/**
 * R4 secret ballot. ballot_cast records that the expert voted (one vote each, no proxy, no late
 * vote); the choice is encrypted under the ballot's public key (src/domain/ballot-crypto.ts) and
 * multiplied into the file's ballot box in the same transaction.
 *
 * Why a database copy cannot link the two: this transaction's id is on both rows, but the only
 * thing it writes that depends on the choice is the new box, a fresh ElGamal ciphertext that is
 * indistinguishable from random without the tally key, and that key is never in the database. Every
 * other value written is the same whatever the choice: the ballot_cast row (meeting, file, expert)
 * and the box's meeting and file. No timestamp, sequence, audit row, notification or job is written
 * here. The plain choice exists only in this process's memory while it is encrypted.
 */
export async function castVote(ctx: ServiceContext, actor: Actor, meetingId: number, code: string, choice: VoteChoice) {
  const m = await requireRosterMeeting(ctx.db, actor, meetingId);
  const app = await applicationByCode(ctx.db, code);
  if (!app) throw notFound();
  const inMeeting = await ctx.db.selectFrom('meetingApplication').select('applicationId').where('meetingId', '=', meetingId).where('applicationId', '=', app.id).executeTakeFirst();
  const voted = await ctx.db
    .selectFrom('ballotCast')
    .select('expertId')
    .where('meetingId', '=', meetingId)
    .where('applicationId', '=', app.id)
    .where('expertId', '=', actor.userId)
    .executeTakeFirst();
  const refusal = whyNotVote(actor, {
    onRoster: true,
    present: m.isPresent,
    conflicted: await isConflicted(ctx.db, actor.userId, app.id),
    fileInMeeting: !!inMeeting,
    meetingStatus: m.status,
    hasVoted: !!voted,
  });
  if (refusal) throw new Refused(refusal.code, refusal.message);
  requireMeetingDay(m, ctx.now(), '投票');
  const key = await ctx.db.selectFrom('meeting').select('ballotPublicKey').where('id', '=', meetingId).executeTakeFirstOrThrow();
  if (!key.ballotPublicKey) throw new Refused('BALLOT_NOT_OPEN', '投票尚未开始，请等待办事机构开始投票');
  // encrypted before the transaction, so the slow modular arithmetic holds no lock
  const vote = encryptVote(decodeElement(key.ballotPublicKey), choice, ballotCryptoDeps);
  await ctx.db.transaction().execute(async (trx) => {
    // closing takes this row FOR UPDATE, so no vote lands after the tally
    const open = await trx.selectFrom('meeting').select(['status', 'ballotPublicKey']).where('id', '=', meetingId).forShare().executeTakeFirstOrThrow();
    if (open.status !== 'voting' || !open.ballotPublicKey) throw new Refused('BALLOT_NOT_OPEN', '投票已结束，不能再投票');
    // restarted (lost tally key) while this vote was being encrypted under the old key
    if (!Buffer.from(open.ballotPublicKey).equals(Buffer.from(key.ballotPublicKey!))) {
      throw new Refused('BALLOT_NOT_OPEN', '投票已重新开始，请刷新页面后重新投票');
    }
    // one voter per box at a time, so no concurrent vote is lost
    const box = await trx
      .selectFrom('ballotBox')
      .select('ciphertext')
      .where('meetingId', '=', meetingId)
      .where('applicationId', '=', app.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const cast = await trx
      .insertInto('ballotCast')
      .values({ meetingId, applicationId: app.id, expertId: actor.userId })
      .onConflict((oc) => oc.doNothing())
      .returning('expertId')
      .executeTakeFirst();
    if (!cast) throw new Refused('ALREADY_VOTED', '您已对该材料投票，投票后不能更改');
    await trx
      .updateTable('ballotBox')
      .set({ ciphertext: encodeBox(addVote(decodeBox(box.ciphertext), vote)) })
      .where('meetingId', '=', meetingId)
      .where('applicationId', '=', app.id)
      .execute();
  });
  // the time goes back to the expert's screen only; nothing stored says when a vote was cast
  return { fileCode: code, hasVoted: true, recordedAt: ctx.now().toISOString() };
}
