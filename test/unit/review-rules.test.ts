// Review-chain rules (U2–U3, R2–R3, I1) on plain inputs.
import { describe, expect, it } from 'vitest';
import { defaultPolicyFor } from '../../src/domain/policy';
import {
  canRecommend,
  integrityBanEnds,
  paidInTime,
  publicityCountdown,
  publicityEndDate,
  returnDeadline,
  returnDeadlineJobRunAt,
  whyBannedOn,
  whyNotAbandonForReturn,
  whyNotAbandonUnpaid,
  whyNotRecommend,
  whyNotRecordFee,
  whyNotReturn,
  whyNotStartPublicity,
} from '../../src/domain/review-rules';
import { DEFAULT_UNIT_OPINION } from '../../src/domain/stage';
import { CalendarRangeError } from '../../src/domain/working-days';

const policy = defaultPolicyFor(2026);

describe('U2 publicity end date (official calendar, start day not counted)', () => {
  it.each([
    ['2023-09-28', '2023-10-11'], // 国庆中秋连休，10月7日、8日调休上班
    ['2024-02-08', '2024-02-21'], // 春节
    ['2025-09-30', '2025-10-14'],
    ['2026-03-02', '2026-03-09'], // an ordinary week
  ])('%s + 5 working days ends on %s', (start, end) => {
    expect(publicityEndDate(start, policy)).toBe(end);
  });

  it('follows the year policy, not a constant', () => {
    expect(publicityEndDate('2026-03-02', { publicityWorkingDays: 7 })).toBe('2026-03-11');
  });

  it('refuses to compute past the holiday data instead of guessing', () => {
    expect(() => publicityEndDate('2026-12-28', policy)).toThrow(CalendarRangeError);
    expect(() => publicityEndDate('2026-12-28', policy)).toThrow(/超出节假日数据范围/);
  });

  it('refuses a start date in the past', () => {
    expect(whyNotStartPublicity('2026-03-01', '2026-03-02')?.code).toBe('PUBLICITY_START_PAST');
    expect(whyNotStartPublicity('2026-03-02', '2026-03-02')).toBeNull();
  });

  it('counts down calendar and working days, and ends after the last day', () => {
    const p = { startsOn: '2026-03-02', endsOn: '2026-03-09' };
    expect(publicityCountdown(p, '2026-03-02')).toEqual({ ended: false, daysLeft: 8, workingDaysLeft: 6 });
    expect(publicityCountdown(p, '2026-03-09')).toEqual({ ended: false, daysLeft: 1, workingDaysLeft: 1 });
    expect(publicityCountdown(p, '2026-03-10').ended).toBe(true);
  });
});

describe('U3 recommendation only after the publicity', () => {
  const p = { startsOn: '2026-03-02', endsOn: '2026-03-09' };
  it('refuses before publicity and on its last day, naming the first allowed day', () => {
    expect(whyNotRecommend(null, 0, '2026-03-20')?.code).toBe('PUBLICITY_NOT_STARTED');
    const r = whyNotRecommend(p, 0, '2026-03-09');
    expect(r?.code).toBe('PUBLICITY_NOT_ENDED');
    expect(r?.message).toBe('公示期至2026年3月9日结束，2026年3月10日起方可推荐');
  });
  it('refuses while an objection is open', () => {
    expect(whyNotRecommend(p, 1, '2026-03-10')?.code).toBe('OBJECTION_UNRESOLVED');
  });
  it('allows the day after the end', () => {
    expect(canRecommend(p, 0, '2026-03-10')).toBe(true);
  });
  it('keeps the default opinion exactly as the source words it', () => {
    expect(DEFAULT_UNIT_OPINION).toBe('本单位已对提供的申报材料逐一审核，真实准确，同意推荐');
  });
});

describe('returns (U1, C1, R2)', () => {
  it.each([[''], ['   '], [null], [undefined], ['不行']])('refuses a return without a real reason (%j)', (reason) => {
    expect(whyNotReturn(reason)?.code).toBe('REASON_REQUIRED');
  });
  it('accepts a stated reason', () => {
    expect(whyNotReturn('A3 工作经历缺少2016年证明材料')).toBeNull();
  });

  it('R2 deadline: end of the day 2 calendar days later in Asia/Shanghai, whatever the hour', () => {
    // 2026-03-10 21:30 Shanghai = 13:30Z; 2026-03-10 00:30 Shanghai = 2026-03-09 16:30Z
    expect(returnDeadline(new Date('2026-03-10T13:30:00Z'), policy).toISOString()).toBe('2026-03-12T15:59:59.999Z');
    expect(returnDeadline(new Date('2026-03-09T16:30:00Z'), policy).toISOString()).toBe('2026-03-12T15:59:59.999Z');
    expect(returnDeadline(new Date('2026-03-10T02:00:00Z'), { returnDeadlineDays: 3 }).toISOString()).toBe('2026-03-13T15:59:59.999Z');
  });

  it('runs the deadline job just after the deadline and abandons only then, only if still returned', () => {
    const deadline = new Date('2026-03-12T15:59:59.999Z');
    expect(returnDeadlineJobRunAt(deadline).toISOString()).toBe('2026-03-12T16:00:00.000Z');
    expect(whyNotAbandonForReturn('returned_by_committee', deadline, deadline)?.code).toBe('DEADLINE_NOT_PASSED');
    expect(whyNotAbandonForReturn('returned_by_committee', deadline, new Date('2026-03-12T16:00:00Z'))).toBeNull();
    expect(whyNotAbandonForReturn('competent_recommended', deadline, new Date('2026-03-20T00:00:00Z'))?.code).toBe('NOT_RETURNED');
  });
});

describe('R3 fees', () => {
  it('needs a published deadline that has passed before abandoning unpaid files', () => {
    expect(whyNotAbandonUnpaid({ feeDeadline: null }, '2026-06-01')?.code).toBe('FEE_DEADLINE_UNSET');
    expect(whyNotAbandonUnpaid({ feeDeadline: '2026-05-31' }, '2026-05-31')?.code).toBe('FEE_DEADLINE_NOT_PASSED');
    expect(whyNotAbandonUnpaid({ feeDeadline: '2026-05-31' }, '2026-06-01')).toBeNull();
  });
  it('counts a payment on the deadline day (Shanghai) as in time', () => {
    expect(paidInTime(new Date('2026-05-31T15:59:00Z'), '2026-05-31')).toBe(true);
    expect(paidInTime(new Date('2026-05-31T16:00:00Z'), '2026-05-31')).toBe(false);
  });
  it('refuses a payment time in the future or after the deadline', () => {
    const now = new Date('2026-05-01T00:00:00Z');
    expect(whyNotRecordFee(new Date('2026-05-02T00:00:00Z'), now, { feeDeadline: null })?.code).toBe('FEE_PAID_IN_FUTURE');
    expect(whyNotRecordFee(new Date('2026-04-30T00:00:00Z'), now, { feeDeadline: '2026-04-29' })?.code).toBe('FEE_DEADLINE_PASSED');
    expect(whyNotRecordFee(new Date('2026-04-30T00:00:00Z'), now, { feeDeadline: '2026-04-30' })).toBeNull();
  });
});

describe('I1 integrity ban', () => {
  const f = [{ finding: '提供虚假业绩材料', decidedOn: '2025-03-01' }];
  it('bans for policy.integrityBanYears from the decision', () => {
    expect(integrityBanEnds('2025-03-01', policy)).toBe('2028-03-01');
    expect(integrityBanEnds('2024-02-29', policy)).toBe('2027-03-01');
    expect(whyBannedOn(f, '2028-02-29', policy)?.message).toBe('根据2025年3月1日记入诚信档案的处理决定（提供虚假业绩材料），2028年3月1日前不得申报职称评审');
    expect(whyBannedOn(f, '2028-03-01', policy)).toBeNull();
    expect(whyBannedOn(f, '2025-02-28', policy)).toBeNull();
  });
  it('names the ban that ends last', () => {
    const two = [...f, { finding: '剽窃他人成果', decidedOn: '2026-01-10' }];
    expect(whyBannedOn(two, '2026-02-01', policy)?.message).toMatch(/剽窃他人成果.*2029年1月10日前/);
  });
  it('follows the year policy', () => {
    expect(whyBannedOn(f, '2026-03-02', { integrityBanYears: 1 })).toBeNull();
  });
});
