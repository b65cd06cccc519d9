// Official holiday arrangements (国务院办公厅关于部分节假日安排的通知) as data, for the working-day
// calendar of U2 (公示不少于5个工作日) and R4 (结果公示). Years up to the last one shipped by
// npm `chinese-days` come from that package; later years come from LATER_YEARS below, typed in
// by hand from the official notice and reviewed. A year nobody has published is simply absent,
// and working-day arithmetic refuses to run into it instead of guessing (weekends-only would
// silently shorten a publicity over 元旦 or 春节).
import packageData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };

/** One year's official arrangement, copied from the State Council notice named in `source`. */
export interface OfficialArrangement {
  year: number;
  /** URL or 文号 of the notice the dates were copied from. */
  source: string;
  /** 放假日, weekends inside a holiday block included (YYYY-MM-DD). */
  holidays: readonly string[];
  /** 调休上班日: weekend days that are working days (YYYY-MM-DD). */
  workdays: readonly string[];
}

// Years after the package's data, in order, with no gap. Empty while chinese-days 1.5.7 (data
// through 2026) is current: the 2027 arrangement is not published yet (usually each November).
// To add a year: copy the notice, cite it in `source`, and have a second person check every date.
export const LATER_YEARS: readonly OfficialArrangement[] = [];

export interface HolidayCalendar {
  /** First and last date (YYYY-MM-DD) whose status is known. */
  first: string;
  last: string;
  holidays: ReadonlySet<string>;
  workdays: ReadonlySet<string>;
}

interface PackageShape {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

/**
 * Merges the package's data with hand-kept later years. Package years win: a year in `laterYears`
 * that the package already covers is ignored, so upgrading chinese-days never double-counts.
 * Throws if the later years leave a gap, since the range must be one unbroken stretch.
 */
export function buildHolidayCalendar(
  laterYears: readonly OfficialArrangement[] = LATER_YEARS,
  base: PackageShape = packageData as PackageShape,
): HolidayCalendar {
  const baseDates = [...Object.keys(base.holidays), ...Object.keys(base.workdays)].sort();
  const firstYear = yearOf(baseDates[0]);
  let lastYear = yearOf(baseDates[baseDates.length - 1]);
  const holidays = new Set(Object.keys(base.holidays));
  const workdays = new Set(Object.keys(base.workdays));

  for (const y of [...laterYears].sort((a, b) => a.year - b.year)) {
    if (y.year <= lastYear) continue;
    if (y.year !== lastYear + 1) {
      throw new Error(`节假日数据缺少${lastYear + 1}年，不能直接加入${y.year}年`);
    }
    for (const d of [...y.holidays, ...y.workdays]) {
      if (yearOf(d) !== y.year) throw new Error(`${y.year}年节假日数据中混入了其他年份的日期 ${d}`);
    }
    y.holidays.forEach((d) => holidays.add(d));
    y.workdays.forEach((d) => workdays.add(d));
    lastYear = y.year;
  }
  return { first: `${firstYear}-01-01`, last: `${lastYear}-12-31`, holidays, workdays };
}
