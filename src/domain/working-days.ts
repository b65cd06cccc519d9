// Working-day and deadline arithmetic on the Chinese official calendar (U2 公示不少于5个工作日,
// R2 退回后2天内补充). Pure: dates are 'YYYY-MM-DD' strings or instants passed in, never the clock,
// and nothing depends on the server's time zone: deadlines are reckoned in Asia/Shanghai.
import { buildHolidayCalendar, type HolidayCalendar } from './holiday-calendar';

/** A date outside the official holiday data; we refuse rather than guess. */
export class CalendarRangeError extends Error {
  override readonly name = 'CalendarRangeError';
  readonly code = 'CALENDAR_OUT_OF_RANGE';
  constructor(
    /** The first date we needed and had no data for. */
    readonly date: string,
    readonly range: { first: string; last: string },
  ) {
    super(
      date > range.last
        ? `${date} 超出节假日数据范围（已有数据至${range.last}），无法计算工作日；请等待官方公布后更新日历数据`
        : `${date} 早于节假日数据范围（数据始于${range.first}），无法计算工作日`,
    );
  }
}

const DAY_MS = 86_400_000;
// China has kept UTC+8 all year since 1991 (no DST), so a fixed offset is exact for every date
// we handle and needs no tz database.
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

const DEFAULT_CALENDAR = buildHolidayCalendar();

/** Days since 1970-01-01 for a valid 'YYYY-MM-DD'; throws RangeError otherwise. */
function toDayNumber(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const ms = Date.UTC(y, mo - 1, d);
    const back = new Date(ms);
    if (back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d) {
      return ms / DAY_MS;
    }
  }
  throw new RangeError(`日期格式有误：${date}（应为有效的 YYYY-MM-DD，例如 2023-09-28）`);
}

function fromDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function checkCovered(date: string, cal: HolidayCalendar): void {
  if (date < cal.first || date > cal.last) {
    throw new CalendarRangeError(date, { first: cal.first, last: cal.last });
  }
}

function isWorking(day: number, cal: HolidayCalendar): boolean {
  const date = fromDayNumber(day);
  checkCovered(date, cal);
  if (cal.workdays.has(date)) return true; // 调休上班, even on a weekend
  if (cal.holidays.has(date)) return false;
  const weekday = new Date(day * DAY_MS).getUTCDay(); // 0 = Sunday
  return weekday !== 0 && weekday !== 6;
}

/** First and last date the holiday data covers. */
export function coveredRange(cal: HolidayCalendar = DEFAULT_CALENDAR): { first: string; last: string } {
  return { first: cal.first, last: cal.last };
}

/** Whether `date` is a working day: Mon–Fri unless 放假, or a weekend 调休上班 day. */
export function isWorkingDay(date: string, cal: HolidayCalendar = DEFAULT_CALENDAR): boolean {
  return isWorking(toDayNumber(date), cal);
}

/**
 * The date `n` working days after `date`, not counting `date` itself; `n = 0` gives `date`.
 * 2023-09-28 + 5 = 2023-10-11 (国庆中秋连休, 10月7日、8日调休上班).
 */
export function addWorkingDays(date: string, n: number, cal: HolidayCalendar = DEFAULT_CALENDAR): string {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`工作日天数应为非负整数，收到 ${n}`);
  }
  let day = toDayNumber(date);
  checkCovered(date, cal);
  for (let left = n; left > 0; ) {
    day += 1;
    if (isWorking(day, cal)) left -= 1;
  }
  return fromDayNumber(day);
}

/**
 * Working days in (start, end]: start excluded, end included, so
 * workingDaysBetween(d, addWorkingDays(d, n)) = n. An empty interval (end ≤ start) counts 0.
 */
export function workingDaysBetween(start: string, end: string, cal: HolidayCalendar = DEFAULT_CALENDAR): number {
  const from = toDayNumber(start);
  const to = toDayNumber(end);
  checkCovered(start, cal);
  checkCovered(end, cal);
  let count = 0;
  for (let day = from + 1; day <= to; day++) if (isWorking(day, cal)) count++;
  return count;
}

/** The calendar date (YYYY-MM-DD) of `instant` in Asia/Shanghai. */
export function shanghaiDate(instant: Date): string {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('无效的时间');
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** 23:59:59.999 +08:00 of `date`, as an instant. */
export function shanghaiEndOfDay(date: string): Date {
  return new Date((toDayNumber(date) + 1) * DAY_MS - SHANGHAI_OFFSET_MS - 1);
}

/**
 * R2 return deadline: the end (23:59:59.999 Shanghai) of the day `days` calendar days after the
 * Shanghai date of `instant`. We count whole days after the day of return, so a file returned at
 * 21:00 on Monday is due by Wednesday 23:59:59.999 like one returned at 09:00; "48 hours from the
 * click" would make the deadline depend on when the office happened to press the button.
 * Calendar days, not working days, because the rule says 2天; no holiday data is needed.
 */
export function addCalendarDaysShanghai(instant: Date, days: number): Date {
  if (!Number.isSafeInteger(days)) throw new RangeError(`天数应为整数，收到 ${days}`);
  return shanghaiEndOfDay(fromDayNumber(toDayNumber(shanghaiDate(instant)) + days));
}

/** The last working day before `date` (`date` itself not counted): 2023-10-09 → 2023-10-08 (调休上班). */
export function previousWorkingDay(date: string, cal: HolidayCalendar = DEFAULT_CALENDAR): string {
  let day = toDayNumber(date);
  checkCovered(date, cal);
  do day -= 1;
  while (!isWorking(day, cal));
  return fromDayNumber(day);
}

/** 00:00 +08:00 of `date`, as an instant. */
export function shanghaiStartOfDay(date: string): Date {
  return new Date(toDayNumber(date) * DAY_MS - SHANGHAI_OFFSET_MS);
}
