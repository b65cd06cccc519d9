// A2 education and degrees: listed from the lowest to the highest, each period in order, each
// degree possible for its education.
import { monthIndex, monthLabel } from './date-values';
import { textOf } from './field-checks';
import { problem, type Problem } from './problem';
import { rowLabel } from './rule-context';
import { EDUCATION_LEVELS, SECTION_BY_CODE, type SectionData } from './section-fields';

type Level = (typeof EDUCATION_LEVELS)[number];

/**
 * Lowest education a degree can come with. 全日制: 学士 ← 本科, 硕士 ← 硕士研究生, 博士 ← 博士研究生.
 * 非全日制 also admits 同等学力 (在职人员以同等学力申请学位): the degree one level above the
 * education, e.g. 硕士学位 with 本科学历.
 */
const DEGREE_MIN_LEVEL: Record<string, { fullTime: Level; partTime: Level }> = {
  学士: { fullTime: '本科', partTime: '本科' },
  硕士: { fullTime: '硕士研究生', partTime: '本科' },
  博士: { fullTime: '博士研究生', partTime: '硕士研究生' },
};

export function levelRank(level: string | null): number {
  return level === null ? -1 : (EDUCATION_LEVELS as readonly string[]).indexOf(level);
}

export function checkEducation(data: SectionData): Problem[] {
  const def = SECTION_BY_CODE.A2;
  const out: Problem[] = [];
  let prev: { i: number; rank: number; level: string; end: number | null } | null = null;
  data.rows.forEach((row, i) => {
    const level = textOf(row.education);
    const rank = levelRank(level);
    const start = monthIndex(textOf(row.startDate) ?? '');
    const end = monthIndex(textOf(row.endDate) ?? '');
    const here = rowLabel(def, i);
    if (start !== null && end !== null && end < start) {
      out.push(problem('A2', `rows[${i}].endDate`, 'END_BEFORE_START', `${here}的毕业时间（${monthLabel(end)}）早于入学时间（${monthLabel(start)}），请核对`));
    }
    const degree = textOf(row.degree);
    const need = degree ? DEGREE_MIN_LEVEL[degree] : undefined;
    if (need && rank >= 0) {
      const partTime = textOf(row.studyMode) === '非全日制';
      const min = partTime ? need.partTime : need.fullTime;
      if (rank < levelRank(min)) {
        const why = partTime ? `非全日制（同等学力）取得${degree}学位至少应为${min}学历` : `${degree}学位对应${min}学历（同等学力申请的请选择“非全日制”）`;
        out.push(problem('A2', `rows[${i}].degree`, 'DEGREE_MISMATCH', `${here}为“${level}”学历，不能有“${degree}”学位：${why}，请核对`));
      }
    }
    if (rank < 0) return;
    if (prev) {
      if (rank < prev.rank) {
        out.push(
          problem('A2', `rows[${i}].education`, 'EDUCATION_ORDER', `学历应从低到高依次填写：${here}“${level}”排在了第${prev.i + 1}行“${prev.level}”之后，请调整顺序`),
        );
      } else if (end !== null && prev.end !== null && end < prev.end) {
        out.push(
          problem('A2', `rows[${i}].endDate`, 'EDUCATION_DATE_ORDER', `学历应按毕业先后填写：${here}的毕业时间（${monthLabel(end)}）早于第${prev.i + 1}行（${monthLabel(prev.end)}），请调整顺序`),
        );
      }
    }
    prev = { i, rank, level: level!, end: end ?? prev?.end ?? null };
  });
  return out;
}
