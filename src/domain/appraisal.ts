// A11 annual appraisal: exactly the years the review year's policy names, each once; a year not
// appraised or rated 不合格 means the application may not be recommended.
import { textOf, yearOf, type RecordValues } from './field-checks';
import { problem, type Problem } from './problem';
import type { RuleContext } from './rule-context';
import type { SectionData } from './section-fields';

/** Grades that bar recommendation (source: 凡未参加年度考核和考核定为不合格等次的一律不准推荐评审). */
export const FAILING_GRADES: readonly string[] = ['不合格', '未参加考核'];

export function checkAppraisal(data: SectionData, ctx: RuleContext): Problem[] {
  const out: Problem[] = [];
  const wanted = ctx.policy.appraisalYears;
  const seen = new Map<number, number>();
  data.rows.forEach((row, i) => {
    const y = yearOf(row.year);
    if (y === null) return;
    if (!wanted.includes(y)) {
      out.push(
        problem('A11', `rows[${i}].year`, 'APPRAISAL_YEAR_OUTSIDE', `${y}年度不在本年度要求的考核年度（${wanted.join('、')}年）内，请删除此行或改为要求的年度`),
      );
      return;
    }
    if (seen.has(y)) {
      out.push(problem('A11', `rows[${i}].year`, 'APPRAISAL_YEAR_DUPLICATE', `${y}年度考核填写了两次（第${seen.get(y)! + 1}行和第${i + 1}行），请删除重复的一行`));
      return;
    }
    seen.set(y, i);
    const grade = textOf(row.grade);
    if (grade !== null && FAILING_GRADES.includes(grade)) {
      out.push(problem('A11', `rows[${i}].grade`, 'APPRAISAL_FAILED', `${y}年度考核为“${grade}”，按规定未参加年度考核或考核不合格的不准推荐评审`));
    }
  });
  for (const y of wanted) {
    if (!seen.has(y)) {
      out.push(problem('A11', 'rows', 'APPRAISAL_YEAR_MISSING', `缺少${y}年度考核，未参加年度考核的不准推荐评审；参加了的请添加该年度并上传考核表`));
    }
  }
  return out;
}

/** How messages name an A11 row: '2021年度考核' when the year is known. */
export function appraisalRowName(row: RecordValues, i: number): string {
  const y = yearOf(row.year);
  return y === null ? `第${i + 1}行年度考核` : `${y}年度考核`;
}
