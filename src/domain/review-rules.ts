// Rules of the review chain (U2–U3, R2–R3, I1) as pure functions: dates and policy are arguments,
// every date is an Asia/Shanghai calendar date ('YYYY-MM-DD'). Permissions come in canX / whyNotX
// pairs (STYLE §2); a Refusal's message is shown to the user as is.
import type { Policy } from './policy';
import type { Refusal, Status } from './state-machine';
import { addCalendarDaysShanghai, addWorkingDays, shanghaiDate, shanghaiEndOfDay, workingDaysBetween } from './working-days';

export type ReviewPolicy = Pick<Policy, 'publicityWorkingDays' | 'returnDeadlineDays' | 'integrityBanYears' | 'feeDeadline'>;

/** 2023年10月11日 */
export function chineseDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

// ── U2 publicity ────────────────────────────────────────────────────────────────────────────

/**
 * Last day of a publicity that starts on `startsOn`: policy.publicityWorkingDays working days
 * after it, the start day not counted (it is usually posted part-way through the day), so the
 * period always holds at least that many full working days. 2023-09-28 → 2023-10-11 for 5.
 * Throws CalendarRangeError past the holiday data rather than guessing.
 */
export function publicityEndDate(startsOn: string, policy: Pick<ReviewPolicy, 'publicityWorkingDays'>): string {
  return addWorkingDays(startsOn, policy.publicityWorkingDays);
}

export function whyNotStartPublicity(startsOn: string, today: string): Refusal | null {
  if (startsOn < today) {
    return { code: 'PUBLICITY_START_PAST', message: `公示开始日期（${chineseDate(startsOn)}）不能早于今天（${chineseDate(today)}），请重新选择` };
  }
  return null;
}

export interface PublicityFacts {
  startsOn: string;
  endsOn: string;
}

/** Countdown shown to the unit and the applicant: calendar days left including today, 0 once over. */
export function publicityCountdown(p: PublicityFacts, today: string): { ended: boolean; daysLeft: number; workingDaysLeft: number } {
  if (today > p.endsOn) return { ended: true, daysLeft: 0, workingDaysLeft: 0 };
  const day = (s: string) => Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10)) / 86_400_000;
  const from = today < p.startsOn ? p.startsOn : today;
  // working days still to run, today included when it is one (counted from the day before)
  const before = shanghaiDate(new Date(Date.parse(`${from}T12:00:00+08:00`) - 86_400_000));
  return { ended: false, daysLeft: day(p.endsOn) - day(today) + 1, workingDaysLeft: workingDaysBetween(before, p.endsOn) };
}

/** U3: the unit may recommend only after the publicity ended (the day after ends_on) with every objection resolved. */
export function whyNotRecommend(p: PublicityFacts | null, openObjections: number, today: string): Refusal | null {
  if (!p) return { code: 'PUBLICITY_NOT_STARTED', message: '尚未公示，请先开始公示，公示期满后方可推荐' };
  if (today <= p.endsOn) {
    const next = shanghaiDate(new Date(Date.parse(`${p.endsOn}T12:00:00+08:00`) + 86_400_000));
    return {
      code: 'PUBLICITY_NOT_ENDED',
      message: `公示期至${chineseDate(p.endsOn)}结束，${chineseDate(next)}起方可推荐`,
    };
  }
  if (openObjections > 0) {
    return { code: 'OBJECTION_UNRESOLVED', message: `公示期间有${openObjections}条异议尚未处理，请先核实处理后再推荐` };
  }
  return null;
}

export function canRecommend(p: PublicityFacts | null, openObjections: number, today: string): boolean {
  return whyNotRecommend(p, openObjections, today) === null;
}

// ── Returns (U1, C1, R2) ──────────────────────────────────────────────────────────────────────

/** A return always states why (R2 “退回并说明原因”); blank or whitespace is no reason. */
export function whyNotReturn(reason: string | null | undefined): Refusal | null {
  if (!reason || reason.trim().length === 0) return { code: 'REASON_REQUIRED', message: '请填写退回原因，申报人将按原因修改' };
  if (reason.trim().length < 4) return { code: 'REASON_REQUIRED', message: '退回原因过于简单，请写明需要修改或补充的具体内容' };
  return null;
}

export function canReturn(reason: string | null | undefined): boolean {
  return whyNotReturn(reason) === null;
}

/**
 * R2: a file the committee returns at `returnedAt` must be resubmitted by the end (23:59:59.999
 * Asia/Shanghai) of the day policy.returnDeadlineDays calendar days later.
 */
export function returnDeadline(returnedAt: Date, policy: Pick<ReviewPolicy, 'returnDeadlineDays'>): Date {
  return addCalendarDaysShanghai(returnedAt, policy.returnDeadlineDays);
}

/** When the deadline job runs: the first instant after the deadline. */
export function returnDeadlineJobRunAt(deadline: Date): Date {
  return new Date(deadline.getTime() + 1);
}

/** R2: abandon only a file still waiting for the applicant whose deadline has passed at `now`. */
export function whyNotAbandonForReturn(status: string, deadline: Date | null, now: Date): Refusal | null {
  if (status !== 'returned_by_committee') return { code: 'NOT_RETURNED', message: '材料已不在退回待补充状态' };
  if (!deadline) return { code: 'NO_DEADLINE', message: '材料没有补充期限' };
  if (now.getTime() <= deadline.getTime()) return { code: 'DEADLINE_NOT_PASSED', message: '补充期限尚未届满' };
  return null;
}

export function canAbandonForReturn(status: string, deadline: Date | null, now: Date): boolean {
  return whyNotAbandonForReturn(status, deadline, now) === null;
}

// ── R3 fees ──────────────────────────────────────────────────────────────────────────────────

/** A file owes the fee once the committee accepted it (and until a batch covers it). */
export const FEE_OWING_STATUSES = ['accepted'] as const satisfies readonly Status[];
/** The fee lists: files that owe the fee, and later ones, which show whether they paid. */
export const FEE_LIST_STATUSES = ['accepted', 'in_review', 'passed', 'failed', 'abandoned'] as const satisfies readonly Status[];

export function owesFee(status: string): boolean {
  return (FEE_OWING_STATUSES as readonly string[]).includes(status);
}

/** A payment counts if made by the end (Asia/Shanghai) of the fee deadline day. */
export function paidInTime(paidAt: Date, feeDeadline: string): boolean {
  return paidAt.getTime() <= shanghaiEndOfDay(feeDeadline).getTime();
}

/** R3: files still unpaid may be abandoned only once the year's fee deadline (a published date) has passed. */
export function whyNotAbandonUnpaid(policy: Pick<ReviewPolicy, 'feeDeadline'>, today: string): Refusal | null {
  if (!policy.feeDeadline) return { code: 'FEE_DEADLINE_UNSET', message: '本年度尚未设置评审费缴纳截止日期，请先在评审政策中设置' };
  if (today <= policy.feeDeadline) {
    return { code: 'FEE_DEADLINE_NOT_PASSED', message: `评审费缴纳截止日期为${chineseDate(policy.feeDeadline)}，截止后方可将未缴费材料视为自动放弃` };
  }
  return null;
}

export function canAbandonUnpaid(policy: Pick<ReviewPolicy, 'feeDeadline'>, today: string): boolean {
  return whyNotAbandonUnpaid(policy, today) === null;
}

/** R3: a payment is recorded on or before the deadline day, never for a time in the future. */
export function whyNotRecordFee(paidAt: Date, now: Date, policy: Pick<ReviewPolicy, 'feeDeadline'>): Refusal | null {
  if (paidAt.getTime() > now.getTime()) return { code: 'FEE_PAID_IN_FUTURE', message: '缴费时间不能晚于当前时间，请核对' };
  if (policy.feeDeadline && !paidInTime(paidAt, policy.feeDeadline)) {
    return { code: 'FEE_DEADLINE_PASSED', message: `评审费缴纳已于${chineseDate(policy.feeDeadline)}截止，逾期未缴视为自动放弃` };
  }
  return null;
}

// ── I1 integrity ─────────────────────────────────────────────────────────────────────────────

/** First day an ID may apply again: the decision date plus policy.integrityBanYears years (29 Feb → 1 Mar). */
export function integrityBanEnds(decidedOn: string, policy: Pick<ReviewPolicy, 'integrityBanYears'>): string {
  const [y, m, d] = decidedOn.split('-').map(Number);
  const t = new Date(Date.UTC(y + policy.integrityBanYears, m - 1, d));
  return t.toISOString().slice(0, 10);
}

export interface IntegrityFinding {
  finding: string;
  decidedOn: string;
}

/**
 * I1: the ban running on `today`, if any: the finding whose ban ends last, and that end
 * ('YYYY-MM-DD', the first day on which the ID may apply again).
 */
export function integrityBanOn(
  findings: readonly IntegrityFinding[],
  today: string,
  policy: Pick<ReviewPolicy, 'integrityBanYears'>,
): { finding: IntegrityFinding; endsOn: string; message: string } | null {
  let worst: { f: IntegrityFinding; ends: string } | null = null;
  for (const f of findings) {
    const ends = integrityBanEnds(f.decidedOn, policy);
    if (f.decidedOn <= today && today < ends && (!worst || ends > worst.ends)) worst = { f, ends };
  }
  if (!worst) return null;
  return {
    finding: worst.f,
    endsOn: worst.ends,
    message: `根据${chineseDate(worst.f.decidedOn)}记入诚信档案的处理决定（${worst.f.finding}），${chineseDate(worst.ends)}前不得申报职称评审`,
  };
}

/** I1: an ID with a fraud finding may not apply until the ban ends; the longest running ban is named. */
export function whyBannedOn(findings: readonly IntegrityFinding[], today: string, policy: Pick<ReviewPolicy, 'integrityBanYears'>): Refusal | null {
  const ban = integrityBanOn(findings, today, policy);
  return ban ? { code: 'INTEGRITY_BAN', message: ban.message } : null;
}

export function canApplyDespiteIntegrity(findings: readonly IntegrityFinding[], today: string, policy: Pick<ReviewPolicy, 'integrityBanYears'>): boolean {
  return whyBannedOn(findings, today, policy) === null;
}
