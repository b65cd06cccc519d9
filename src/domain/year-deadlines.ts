// Deadlines of a review year that run themselves (issue 10): each is a policy date; the day after
// it the system acts, and on the last working day before it the people concerned are reminded.
// Pure: the dates come from the policy, the instants from the working-day calendar.
import type { Refusal } from './errors';
import type { Policy } from './policy';
import { chineseDate } from './review-rules';
import { CalendarRangeError, previousWorkingDay, shanghaiEndOfDay, shanghaiStartOfDay } from './working-days';

/** fee R3 评审费缴纳截止; application_window 申报截止（不再新建、首次提交申报）. */
export type YearDeadline = 'fee' | 'application_window';

export const YEAR_DEADLINES: Record<YearDeadline, { setting: 'fee_deadline' | 'application_closes_on'; title: string }> = {
  fee: { setting: 'fee_deadline', title: '评审费缴纳截止' },
  application_window: { setting: 'application_closes_on', title: '申报截止' },
};

export function deadlineDate(policy: Pick<Policy, 'feeDeadline' | 'applicationClosesOn'>, d: YearDeadline): string | null {
  return d === 'fee' ? policy.feeDeadline : policy.applicationClosesOn;
}

/** The deadline's job runs at the first instant after the deadline day ends (Asia/Shanghai). */
export function deadlineRunAt(on: string): Date {
  return new Date(shanghaiEndOfDay(on).getTime() + 1);
}

/** Hour (Asia/Shanghai) at which reminders go out: the start of office hours. */
const REMINDER_HOUR = 9;

/**
 * The reminder: 09:00 Shanghai on the last working day before the deadline day. A deadline beyond
 * the official holiday data (published each November for the next year) is reminded on the
 * weekday before instead: a date must be settable before the calendar is out.
 */
export function reminderRunAt(on: string): Date {
  let day: string;
  try {
    day = previousWorkingDay(on);
  } catch (e) {
    if (!(e instanceof CalendarRangeError)) throw e;
    day = previousWeekday(on);
  }
  return new Date(shanghaiStartOfDay(day).getTime() + REMINDER_HOUR * 3_600_000);
}

function previousWeekday(on: string): string {
  const t = new Date(`${on}T00:00:00Z`);
  do t.setUTCDate(t.getUTCDate() - 1);
  while (t.getUTCDay() === 0 || t.getUTCDay() === 6);
  return t.toISOString().slice(0, 10);
}

/** Job keys: one deadline job and one reminder per year and deadline, so rescheduling replaces them. */
export function deadlineJobKey(year: number, d: YearDeadline): string {
  return `year_deadline:${year}:${d}`;
}
export function reminderJobKey(year: number, d: YearDeadline): string {
  return `deadline_reminder:${year}:${d}`;
}

/**
 * Whether an applicant may start a draft or submit it for the first time on `today` (Shanghai
 * date). A file returned for changes may always be resubmitted: its own deadline (R2) governs it.
 */
export function whyNotApplyNow(policy: Pick<Policy, 'applicationOpensOn' | 'applicationClosesOn'>, today: string, year: number): Refusal | null {
  if (policy.applicationOpensOn && today < policy.applicationOpensOn) {
    return { code: 'APPLICATION_WINDOW_CLOSED', message: `${year}年度申报将于${chineseDate(policy.applicationOpensOn)}开始，请届时再新建或提交申报` };
  }
  if (policy.applicationClosesOn && today > policy.applicationClosesOn) {
    return { code: 'APPLICATION_WINDOW_CLOSED', message: `${year}年度申报已于${chineseDate(policy.applicationClosesOn)}截止，不能再新建或提交申报；如有疑问请联系推荐单位` };
  }
  return null;
}
