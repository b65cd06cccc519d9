// Scoring criteria an expert fills in for each assigned file (R4). The committee office configures
// them per meeting; these are the defaults.
import type { Refusal } from './state-machine';

export interface ScoreCriterion {
  /** Stable key stored in assignment.scores. */
  key: string;
  title: string;
  /** Highest score; scores are integers 0..max. */
  max: number;
}

export const DEFAULT_CRITERIA: readonly ScoreCriterion[] = [
  { key: 'ability', title: '业务能力', max: 30 },
  { key: 'achievement', title: '工作业绩', max: 40 },
  { key: 'academic', title: '学术水平', max: 30 },
];

export const OPINION_MAX_CHARS = 2000;

export function whyNotCriteria(c: readonly ScoreCriterion[]): Refusal | null {
  if (c.length === 0 || c.length > 12) return { code: 'INVALID_INPUT', message: '评分项应为1—12项' };
  const keys = new Set<string>();
  for (const x of c) {
    if (!/^[a-z][a-z0-9_]{0,31}$/.test(x.key)) return { code: 'INVALID_INPUT', message: `评分项代码“${x.key}”应为小写字母开头的字母、数字或下划线` };
    if (keys.has(x.key)) return { code: 'INVALID_INPUT', message: `评分项代码“${x.key}”重复` };
    keys.add(x.key);
    if (!x.title.trim()) return { code: 'INVALID_INPUT', message: '评分项名称不能为空' };
    if (!Number.isInteger(x.max) || x.max < 1 || x.max > 1000) return { code: 'INVALID_INPUT', message: `评分项“${x.title}”的满分应为1—1000的整数` };
  }
  return null;
}

/** Every criterion scored with an integer 0..max, nothing else; returns field errors. */
export function checkScores(criteria: readonly ScoreCriterion[], scores: Record<string, unknown>): Array<{ field: string; message: string }> {
  const out: Array<{ field: string; message: string }> = [];
  for (const c of criteria) {
    const v = scores[c.key];
    if (v === undefined || v === null) out.push({ field: `scores.${c.key}`, message: `请为“${c.title}”打分（0—${c.max}分）` });
    else if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > c.max) {
      out.push({ field: `scores.${c.key}`, message: `“${c.title}”的分数应为0—${c.max}的整数` });
    }
  }
  for (const k of Object.keys(scores)) {
    if (!criteria.some((c) => c.key === k)) out.push({ field: `scores.${k}`, message: `没有评分项“${k}”` });
  }
  return out;
}
