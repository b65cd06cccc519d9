// A8 continuing education: a certificate for every year the review year's policy asks for, per
// kind (公需科目, 专业科目), with enough hours where the policy sets a minimum; or an approved
// exemption (附件5) instead.
import { numberOf, textOf, yearOf } from './field-checks';
import type { Policy } from './policy';
import { problem, type Problem } from './problem';
import type { SlotCount } from './qualification';
import type { RuleContext } from './rule-context';
import type { SectionData } from './section-fields';

/** More hours than this on one certificate is a typing mistake. */
export const MAX_HOURS_PER_ROW = 1000;

export function ceRequirements(policy: Policy): Array<{ kind: '公需科目' | '专业科目'; years: number[]; minHours: number }> {
  return [
    { kind: '公需科目', years: policy.cePublicYears, minHours: policy.cePublicMinHours },
    { kind: '专业科目', years: policy.ceProfessionalYears, minHours: policy.ceProfessionalMinHours },
  ];
}

export function isExempt(data: SectionData): boolean {
  return data.fields.exempt === true;
}

export function checkContinuingEducation(data: SectionData, ctx: RuleContext): Problem[] {
  const out: Problem[] = [];
  data.rows.forEach((row, i) => {
    const h = numberOf(row.hours);
    if (h !== null && (h <= 0 || h > MAX_HOURS_PER_ROW)) {
      out.push(problem('A8', `rows[${i}].hours`, 'NUMBER_INVALID', `第${i + 1}行培训记录的“学时”应大于0且不超过${MAX_HOURS_PER_ROW}，请按证书填写`));
    }
  });
  if (isExempt(data)) return out;
  for (const req of ceRequirements(ctx.policy)) {
    const hours = new Map<number, number>();
    for (const row of data.rows) {
      const y = yearOf(row.year);
      if (y === null || textOf(row.kind) !== req.kind) continue;
      hours.set(y, (hours.get(y) ?? 0) + Math.max(0, numberOf(row.hours) ?? 0));
    }
    const missing = req.years.filter((y) => !hours.has(y));
    if (missing.length) {
      out.push(
        problem(
          'A8',
          'rows',
          'CE_YEARS_MISSING',
          `${req.kind}缺少${missing.map((y) => `${y}年`).join('、')}的培训合格证书，请逐年添加培训记录并上传证书；符合免学条件的请申请免除继续教育`,
        ),
      );
    }
    if (req.minHours > 0) {
      for (const y of req.years) {
        const h = hours.get(y);
        if (h !== undefined && h < req.minHours) {
          out.push(problem('A8', 'rows', 'CE_HOURS_SHORT', `${y}年${req.kind}学时合计${h}，本年度要求每年不少于${req.minHours}学时，请补充`));
        }
      }
    }
  }
  return out;
}

export function checkContinuingEducationSlots(data: SectionData, count: SlotCount): Problem[] {
  if (isExempt(data) && count('exemption_form') === 0) {
    return [problem('A8', 'slot:exemption_form', 'CE_EXEMPTION_FORM_MISSING', '申请免除继续教育的，需上传审核同意的《免除继续教育学习申请表》（附件5）')];
  }
  return [];
}
