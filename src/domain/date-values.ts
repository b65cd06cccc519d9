// Form date values as the declaration stores them: 'YYYY-MM-DD', 'YYYY-MM', 'YYYY'.
// Pure string arithmetic, no Date of the server's zone; "today" always comes from the caller.

/** Earliest year any declared date may have; older values are typing mistakes. */
export const MIN_YEAR = 1900;

export interface Ymd {
  y: number;
  m: number;
  d: number;
}

/** A real calendar day in 'YYYY-MM-DD', from MIN_YEAR on; null otherwise. */
export function parseDate(s: string): Ymd | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < MIN_YEAR || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  return { y, m: mo, d };
}

export function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeapYear(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Months since year 0 for 'YYYY-MM' (y*12 + m-1), so consecutive months differ by 1; null if invalid. */
export function monthIndex(s: string): number | null {
  const m = /^(\d{4})-(\d{2})$/.exec(s);
  if (!m) return null;
  const [y, mo] = [Number(m[1]), Number(m[2])];
  if (y < MIN_YEAR || mo < 1 || mo > 12) return null;
  return y * 12 + mo - 1;
}

/** Month index of a 'YYYY-MM-DD' date. */
export function monthIndexOfDate(d: Ymd): number {
  return d.y * 12 + d.m - 1;
}

/** '2015年7月' for a month index. */
export function monthLabel(index: number): string {
  return `${Math.floor(index / 12)}年${(index % 12) + 1}月`;
}

/** '2015年7月' for one month, '2015年7月至2016年3月' for a range (inclusive). */
export function monthRangeLabel(first: number, last: number): string {
  return first === last ? monthLabel(first) : `${monthLabel(first)}至${monthLabel(last)}`;
}

/** '2015年7月3日' for 'YYYY-MM-DD'. */
export function dateLabel(d: Ymd): string {
  return `${d.y}年${d.m}月${d.d}日`;
}
