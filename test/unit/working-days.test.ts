import { describe, expect, it } from 'vitest';
import { buildHolidayCalendar, LATER_YEARS, type OfficialArrangement } from '../../src/domain/holiday-calendar';
import {
  addCalendarDaysShanghai,
  addWorkingDays,
  CalendarRangeError,
  coveredRange,
  isWorkingDay,
  shanghaiDate,
  shanghaiEndOfDay,
  workingDaysBetween,
} from '../../src/domain/working-days';
import { runWorkdaysCommand } from '../../src/cli-workdays';

describe('U2 addWorkingDays: publicity end over official holidays', () => {
  it.each([
    // start, n, expected, why
    ['2023-09-28', 5, '2023-10-11', '中秋国庆 9/29–10/6 放假, 10/7(六) 10/8(日) 上班'],
    ['2024-02-08', 5, '2024-02-21', '春节 2/10–2/17 放假, 2/18(日) 上班'],
    ['2025-09-30', 5, '2025-10-14', '国庆中秋 10/1–10/8 放假, 10/11(六) 上班'],
    ['2023-11-06', 5, '2023-11-13', 'ordinary week: Mon + 5 = next Mon'],
    ['2023-11-10', 1, '2023-11-13', 'Friday + 1 skips the weekend'],
    ['2023-11-11', 0, '2023-11-11', 'n = 0 gives the date itself, even a Saturday'],
    ['2025-12-31', 1, '2026-01-04', '元旦 1/1–1/3 放假, 1/4(日) 调休上班'],
  ])('%s + %i = %s (%s)', (start, n, expected) => {
    expect(addWorkingDays(start, n)).toBe(expected);
  });

  it('rejects a negative or fractional count and a malformed date', () => {
    expect(() => addWorkingDays('2023-09-28', -1)).toThrow(RangeError);
    expect(() => addWorkingDays('2023-09-28', 1.5)).toThrow(RangeError);
    expect(() => addWorkingDays('2023-02-30', 1)).toThrow(/日期格式有误/);
    expect(() => addWorkingDays('2023/09/28', 1)).toThrow(/日期格式有误/);
  });
});

describe('U2 isWorkingDay: holidays and adjusted working weekends (调休上班)', () => {
  it.each([
    ['2023-10-07', true, 'Saturday 调休上班'],
    ['2023-10-08', true, 'Sunday 调休上班'],
    ['2025-10-11', true, 'Saturday 调休上班'],
    ['2023-10-02', false, 'Monday inside 国庆'],
    ['2024-02-16', false, 'Friday inside 春节'],
    ['2023-10-14', false, 'ordinary Saturday'],
    ['2023-10-16', true, 'ordinary Monday'],
    ['2026-10-10', true, 'Saturday 调休上班 in the last covered year'],
    ['2026-12-31', true, 'last covered date, a Thursday'],
  ])('%s → %s (%s)', (date, expected) => {
    expect(isWorkingDay(date)).toBe(expected);
  });
});

describe('workingDaysBetween counts (start, end]', () => {
  it.each([
    ['2023-09-28', '2023-10-11', 5],
    ['2023-09-28', '2023-10-06', 0],
    ['2024-02-08', '2024-02-21', 5],
    ['2023-11-06', '2023-11-06', 0],
    ['2023-11-13', '2023-11-06', 0],
    ['2023-01-01', '2023-12-31', 249],
  ])('(%s, %s] has %i working days', (start, end, expected) => {
    expect(workingDaysBetween(start, end)).toBe(expected);
  });

  it('inverts addWorkingDays for every start date of 2024', () => {
    for (let d = new Date(Date.UTC(2024, 0, 1)); d.getUTCFullYear() === 2024; d.setUTCDate(d.getUTCDate() + 1)) {
      const start = d.toISOString().slice(0, 10);
      expect(workingDaysBetween(start, addWorkingDays(start, 5))).toBe(5);
    }
  });
});

describe('dates beyond the holiday data are refused, not guessed', () => {
  it('reports the covered range from chinese-days (2004 through 2026)', () => {
    expect(coveredRange()).toEqual({ first: '2004-01-01', last: '2026-12-31' });
  });

  it.each([
    ['addWorkingDays from 2027', () => addWorkingDays('2027-01-05', 1), '2027-01-05'],
    ['addWorkingDays running into 2027', () => addWorkingDays('2026-12-28', 10), '2027-01-01'],
    ['isWorkingDay in 2027', () => isWorkingDay('2027-01-05'), '2027-01-05'],
    ['workingDaysBetween ending in 2027', () => workingDaysBetween('2026-12-01', '2027-01-05'), '2027-01-05'],
    ['before the data', () => isWorkingDay('2003-12-31'), '2003-12-31'],
  ])('%s throws CalendarRangeError', (_name, call, date) => {
    let caught: unknown;
    try {
      call();
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(CalendarRangeError);
    expect((caught as CalendarRangeError).date).toBe(date);
  });

  it('says in Chinese how far the data goes and what to do', () => {
    expect(() => addWorkingDays('2027-01-05', 1)).toThrow(
      '2027-01-05 超出节假日数据范围（已有数据至2026-12-31），无法计算工作日；请等待官方公布后更新日历数据',
    );
  });
});

describe('LATER_YEARS extends the package data', () => {
  // Test fixture only, not an official arrangement: checks how a later year would be merged.
  const fixture2027: OfficialArrangement = {
    year: 2027,
    source: 'test fixture',
    holidays: ['2027-01-01', '2027-01-04'],
    workdays: ['2027-01-09'],
  };

  it('ships no guessed years', () => {
    expect(LATER_YEARS.every((y) => y.source.length > 0)).toBe(true);
    expect(LATER_YEARS.filter((y) => y.year === 2027)).toEqual([]);
  });

  it('uses a later year once it is added, holidays and 调休上班 included', () => {
    const cal = buildHolidayCalendar([fixture2027]);
    expect(coveredRange(cal)).toEqual({ first: '2004-01-01', last: '2027-12-31' });
    expect(isWorkingDay('2027-01-04', cal)).toBe(false);
    expect(isWorkingDay('2027-01-09', cal)).toBe(true);
    // 12-31(Thu) → 1/1 off, 1/4 off, 1/5 1/6 1/7 1/8 work, 1/9(Sat) work
    expect(addWorkingDays('2026-12-31', 5, cal)).toBe('2027-01-09');
  });

  it('refuses a gap between the package data and the added years', () => {
    expect(() => buildHolidayCalendar([{ ...fixture2027, year: 2028, holidays: [], workdays: [] }])).toThrow(
      /缺少2027年/,
    );
  });

  it('lets the package win for a year it already covers', () => {
    const cal = buildHolidayCalendar([{ year: 2026, source: 'x', holidays: ['2026-03-02'], workdays: [] }]);
    expect(isWorkingDay('2026-03-02', cal)).toBe(true);
    expect(coveredRange(cal).last).toBe('2026-12-31');
  });
});

describe('Asia/Shanghai dates from instants, whatever the server time zone', () => {
  it.each([
    ['2023-12-31T15:59:59.999Z', '2023-12-31'],
    ['2023-12-31T16:00:00.000Z', '2024-01-01'],
    ['2024-02-28T23:30:00-05:00', '2024-02-29'], // New York evening = next Shanghai morning
    ['2024-03-01T07:59:00+08:00', '2024-03-01'],
  ])('%s is %s in Shanghai', (iso, date) => {
    expect(shanghaiDate(new Date(iso))).toBe(date);
  });

  it('ends a day at 23:59:59.999 +08:00', () => {
    expect(shanghaiEndOfDay('2024-01-01').toISOString()).toBe('2024-01-01T15:59:59.999Z');
    expect(shanghaiDate(shanghaiEndOfDay('2024-01-01'))).toBe('2024-01-01');
    expect(shanghaiDate(new Date(shanghaiEndOfDay('2024-01-01').getTime() + 1))).toBe('2024-01-02');
  });

  it.each([
    // R2: returned at any time on Monday 2024-01-08 (Shanghai) → due end of Wednesday 01-10
    ['2024-01-08T00:00:00+08:00', 2, '2024-01-10T15:59:59.999Z'],
    ['2024-01-08T21:00:00+08:00', 2, '2024-01-10T15:59:59.999Z'],
    // 2024-01-07T20:00Z is already Monday 04:00 in Shanghai
    ['2024-01-07T20:00:00Z', 2, '2024-01-10T15:59:59.999Z'],
    ['2024-01-07T15:59:59Z', 2, '2024-01-09T15:59:59.999Z'],
    // calendar days cross the year and need no holiday data
    ['2026-12-31T10:00:00+08:00', 2, '2027-01-02T15:59:59.999Z'],
  ])('return at %s + %i days → deadline %s', (iso, days, deadline) => {
    expect(addCalendarDaysShanghai(new Date(iso), days).toISOString()).toBe(deadline);
  });

  it('rejects an invalid instant', () => {
    expect(() => shanghaiDate(new Date('nope'))).toThrow(RangeError);
  });
});

describe('zhiping workdays add', () => {
  function run(argv: string[]) {
    let out = '';
    let err = '';
    const code = runWorkdaysCommand(argv, { out: (t) => (out += t), err: (t) => (err += t) });
    return { code, out, err };
  }

  it('prints just the date and returns 0', () => {
    expect(run(['add', '2023-09-28', '5'])).toEqual({ code: 0, out: '2023-10-11\n', err: '' });
    expect(run(['workdays', 'add', '2024-02-08', '5'])).toEqual({ code: 0, out: '2024-02-21\n', err: '' });
  });

  it.each([
    [['add', '2027-01-05', '5'], /超出节假日数据范围/],
    [['add', '2023-13-01', '5'], /日期格式有误/],
    [['add', '2023-09-28', '-1'], /非负整数/],
    [['add', '2023-09-28', 'five'], /非负整数/],
    [['add', '2023-09-28'], /用法/],
    [['sub', '2023-09-28', '5'], /用法/],
    [[], /用法/],
  ])('%j → exit 2 with a Chinese message on stderr', (argv, message) => {
    const r = run(argv);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(message);
  });
});
