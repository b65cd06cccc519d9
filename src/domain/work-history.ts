// A3 work history since starting work: rows in time order, each period joining the next without
// gap or overlap (month granularity), only the last one open (至今), none before working age.
import { birthMonthOf, MIN_WORKING_AGE } from './basic-info';
import { monthIndex, monthLabel, monthRangeLabel } from './date-values';
import { textOf } from './field-checks';
import { problem, type Problem } from './problem';
import { rowLabel, type RuleContext } from './rule-context';
import { SECTION_BY_CODE, type SectionData } from './section-fields';

export interface WorkPeriod {
  /** Row index in the section. */
  i: number;
  /** Month indexes (y*12 + m-1); end null = 至今. */
  start: number;
  end: number | null;
}

/** Rows whose start is a valid month, in row order; an invalid end counts as missing. */
export function workPeriods(data: SectionData): WorkPeriod[] {
  const out: WorkPeriod[] = [];
  data.rows.forEach((row, i) => {
    const start = monthIndex(textOf(row.startDate) ?? '');
    if (start !== null) out.push({ i, start, end: monthIndex(textOf(row.endDate) ?? '') });
  });
  return out;
}

export function checkWorkHistory(data: SectionData, ctx: RuleContext): Problem[] {
  const def = SECTION_BY_CODE.A3;
  const out: Problem[] = [];
  const last = data.rows.length - 1;
  data.rows.forEach((row, i) => {
    if (i < last && textOf(row.endDate) === null) {
      out.push(problem('A3', `rows[${i}].endDate`, 'WORK_HISTORY_OPEN_END', `只有最后一行可以不填截止年月（表示至今），请填写${rowLabel(def, i)}的截止年月`));
    }
  });
  const periods = workPeriods(data);
  for (const p of periods) {
    if (p.end !== null && p.end < p.start) {
      out.push(
        problem('A3', `rows[${p.i}].endDate`, 'END_BEFORE_START', `${rowLabel(def, p.i)}的截止年月（${monthLabel(p.end)}）早于起始年月（${monthLabel(p.start)}），请核对`),
      );
    }
  }
  for (let k = 1; k < periods.length; k++) {
    const [a, b] = [periods[k - 1]!, periods[k]!];
    if (b.start < a.start) {
      out.push(
        problem('A3', `rows[${b.i}].startDate`, 'WORK_HISTORY_ORDER', `工作经历应按时间先后填写：${rowLabel(def, b.i)}的起始年月早于${rowLabel(def, a.i)}，请调整顺序`),
      );
    }
  }
  // Joins are checked in time order so that a misplaced row still gets sensible gap messages, and
  // against the latest end so far, so that a row lying inside a long one is still an overlap.
  const sorted = [...periods].sort((a, b) => a.start - b.start || a.i - b.i);
  let reach: { i: number; end: number } | null = null;
  for (const b of sorted) {
    if (reach) {
      // The next job may start in the month the last one ended (handover) or the month after.
      if (b.start > reach.end + 1) {
        out.push(
          problem('A3', `rows[${b.i}].startDate`, 'WORK_HISTORY_GAP', `${monthRangeLabel(reach.end + 1, b.start - 1)}的工作经历有空档（${rowLabel(def, reach.i)}与${rowLabel(def, b.i)}之间），请补充或说明原因`),
        );
      } else if (b.start < reach.end) {
        const overlapEnd = b.end === null || b.end < b.start ? reach.end : Math.min(reach.end, b.end);
        out.push(
          problem('A3', `rows[${b.i}].startDate`, 'WORK_HISTORY_OVERLAP', `${monthRangeLabel(b.start, overlapEnd)}的工作经历重叠（${rowLabel(def, reach.i)}与${rowLabel(def, b.i)}），时间段应上下衔接，请核对`),
        );
      }
    }
    // 至今 covers everything after it; a reversed period is reported above and extends nothing.
    if (b.end === null) break;
    if (b.end < b.start) continue;
    if (!reach || b.end > reach.end) reach = { i: b.i, end: b.end };
  }
  const first = sorted[0];
  const birth = birthMonthOf(ctx);
  if (first && birth !== null && first.start < birth + MIN_WORKING_AGE * 12) {
    out.push(
      problem('A3', `rows[${first.i}].startDate`, 'WORK_HISTORY_TOO_EARLY', `${rowLabel(def, first.i)}的起始年月为${monthLabel(first.start)}，当时未满${MIN_WORKING_AGE}周岁，请核对`),
    );
  }
  return out;
}
