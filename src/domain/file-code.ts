// Codes that stand in for a person: the file code experts see instead of name, ID and unit (B5),
// and the certificate number. Pure string formatting; sequences come from the caller.

/** Level codes used in certificate numbers. */
export const LEVEL_CODES = {
  junior: 'CJ', // 初级
  middle: 'ZJ', // 中级
  deputy_senior: 'FG', // 副高级
  senior: 'ZG', // 正高级
} as const;

function checkParts(year: number, seriesCode: string, seq: number): void {
  if (!Number.isInteger(year) || year < 1990 || year > 2100) throw new RangeError(`评审年度应为1990—2100之间的整数：${year}`);
  if (!/^[A-Z]{1,6}$/.test(seriesCode)) throw new RangeError(`系列代码应为1—6个大写字母：${seriesCode}`);
  if (!Number.isInteger(seq) || seq < 1 || seq > 99_999) throw new RangeError(`序号应为1—99999的整数：${seq}`);
}

/** B5: 2023-GC-0042 — review year, series code, 4-digit sequence (5 digits past 9999). */
export function fileCode(year: number, seriesCode: string, seq: number): string {
  checkParts(year, seriesCode, seq);
  return `${year}-${seriesCode}-${String(seq).padStart(4, '0')}`;
}

/** The sequence part of a file code of this year and series, or null for any other string. */
export function fileCodeSequence(code: string, year: number, seriesCode: string): number | null {
  const m = /^(\d{4})-([A-Z]{1,6})-(\d{4,5})$/.exec(code);
  if (!m || Number(m[1]) !== year || m[2] !== seriesCode) return null;
  return Number(m[3]);
}

/** The next free sequence after the codes already given out (gaps are not reused). */
export function nextFileCodeSequence(existing: readonly string[], year: number, seriesCode: string): number {
  let max = 0;
  for (const c of existing) {
    const n = fileCodeSequence(c, year, seriesCode);
    if (n !== null && n > max) max = n;
  }
  return max + 1;
}

/** Certificate number: 2026-WS-ZJ-0001 (year, series, level, sequence within year and series). */
export function certificateNumber(year: number, seriesCode: string, level: keyof typeof LEVEL_CODES, seq: number): string {
  checkParts(year, seriesCode, seq);
  return `${year}-${seriesCode}-${LEVEL_CODES[level]}-${String(seq).padStart(4, '0')}`;
}
