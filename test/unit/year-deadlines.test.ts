// Deadlines of a review year (issue 10): the job runs the day after the deadline day, the reminder
// on the last working day before it (holidays and 调休 count), and the application window.
import { describe, expect, it } from 'vitest';
import { copyPolicyToYear, defaultPolicyFor, diffPolicy, parsePolicy, serializePolicy, statusesAffectedBy } from '../../src/domain/policy';
import { deadlineRunAt, reminderRunAt, whyNotApplyNow } from '../../src/domain/year-deadlines';

describe('deadline and reminder instants', () => {
  it('runs a deadline at 00:00 Shanghai of the following day', () => {
    expect(deadlineRunAt('2026-03-10').toISOString()).toBe('2026-03-10T16:00:00.000Z');
  });

  it.each([
    ['a Tuesday deadline is reminded on Monday', '2026-03-10', '2026-03-09T01:00:00.000Z'],
    ['a Monday deadline is reminded on the Friday before', '2026-03-16', '2026-03-13T01:00:00.000Z'],
    ['2023-10-09 is reminded on Sunday 8 October, a 调休 working day', '2023-10-09', '2023-10-08T01:00:00.000Z'],
    ['2023-10-07 (调休) is reminded before the National Day holiday', '2023-10-07', '2023-09-28T01:00:00.000Z'],
    ['a date beyond the holiday data falls back to the weekday before', '2027-07-19', '2027-07-16T01:00:00.000Z'],
  ])('%s', (_name, on, at) => {
    expect(reminderRunAt(on).toISOString()).toBe(at);
  });
});

describe('the application window', () => {
  const p = { applicationOpensOn: '2026-03-05', applicationClosesOn: '2026-04-30' };
  it.each([
    ['2026-03-04', '2026年3月5日开始'],
    ['2026-03-05', null],
    ['2026-04-30', null],
    ['2026-05-01', '2026年4月30日截止'],
  ])('on %s', (today, words) => {
    const r = whyNotApplyNow(p, today, 2026);
    if (words === null) expect(r).toBeNull();
    else {
      expect(r?.code).toBe('APPLICATION_WINDOW_CLOSED');
      expect(r?.message).toContain(words);
    }
  });

  it('is open when no dates are set', () => {
    expect(whyNotApplyNow({ applicationOpensOn: null, applicationClosesOn: null }, '2099-01-01', 2026)).toBeNull();
  });
});

describe('policy administration helpers', () => {
  it('copies a year: year lists keep their distance to the review year, dates are cleared', () => {
    const p = parsePolicy({ ...serializePolicy(defaultPolicyFor(2026)), fee_deadline: '2026-06-30', publicity_working_days: 7 }, 2026);
    const next = copyPolicyToYear(p, 2026, 2027);
    expect(next.appraisalYears).toEqual([2024, 2025, 2026]);
    expect(next.cePublicYears).toEqual([2023, 2024, 2025, 2026, 2027]);
    expect(next.feeDeadline).toBeNull();
    expect(next.publicityWorkingDays).toBe(7);
  });

  it('lists the changed settings with their titles and the statuses they act upon', () => {
    const a = defaultPolicyFor(2026);
    const b = { ...a, feeDeadline: '2026-06-30', summaryMaxChars: 3500 };
    const changes = diffPolicy(a, b);
    expect(changes.map((c) => [c.key, c.title])).toEqual([
      ['summary_max_chars', '工作总结最多字数'],
      ['fee_deadline', '评审费缴纳截止日期'],
    ]);
    expect(statusesAffectedBy(['fee_deadline'])).toEqual(['accepted']);
    expect(statusesAffectedBy(['integrity_ban_years'])).toEqual([]);
    expect(statusesAffectedBy(['summary_max_chars'])).toContain('draft');
  });
});
