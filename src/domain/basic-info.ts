// A1 basic info: must agree with the registered identity and with the ID card itself.
import { monthIndex, monthIndexOfDate, parseDate, monthLabel } from './date-values';
import { textOf } from './field-checks';
import { crossCheckIdNumber, normaliseIdNumber, parseIdNumber, whyNotValidIdNumber } from './id-card';
import { problem, type Problem } from './problem';
import type { RuleContext } from './rule-context';
import type { SectionData } from './section-fields';
import { foldName } from './summary';

/** Mainland mobile numbers: 11 digits, 13x–19x. */
export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;
/** Minimum working age (劳动法: 不满十六周岁的未成年人不得招用). */
export const MIN_WORKING_AGE = 16;

export function checkBasicInfo(data: SectionData, ctx: RuleContext): Problem[] {
  const f = data.fields;
  const out: Problem[] = [];
  const name = textOf(f.name);
  // Spaces and middle-dot variants don't make another person (阿依古丽·买买提 = 阿依古丽•买买提).
  if (name !== null && foldName(name) !== foldName(ctx.applicant.name)) {
    out.push(problem('A1', 'fields.name', 'NAME_MISMATCH', `姓名应与注册时的姓名“${ctx.applicant.name.trim()}”一致，请核对；注册姓名有误的请联系推荐单位`));
  }
  const id = textOf(f.idNumber);
  if (id !== null) {
    const why = whyNotValidIdNumber(id, ctx.today);
    if (why) {
      out.push(problem('A1', 'fields.idNumber', 'ID_NUMBER_INVALID', why));
    } else {
      if (ctx.applicant.idNumber.trim() && normaliseIdNumber(id) !== normaliseIdNumber(ctx.applicant.idNumber)) {
        out.push(problem('A1', 'fields.idNumber', 'ID_NUMBER_MISMATCH', '身份证号应与注册时填写的身份证号一致，请核对'));
      }
      for (const c of crossCheckIdNumber(id, { birthDate: textOf(f.birthDate), sex: textOf(f.sex) })) {
        out.push(problem('A1', `fields.${c.field}`, c.field === 'sex' ? 'SEX_MISMATCH' : 'BIRTH_DATE_MISMATCH', c.message));
      }
    }
  }
  const mobile = textOf(f.mobile);
  if (mobile !== null && !MOBILE_PATTERN.test(mobile)) {
    out.push(problem('A1', 'fields.mobile', 'MOBILE_INVALID', '手机号码应为11位数字，以13—19开头，请核对'));
  }
  const birth = birthMonthOf(ctx, textOf(f.birthDate));
  const start = monthIndex(textOf(f.workStartDate) ?? '');
  if (birth !== null && start !== null && start < birth + MIN_WORKING_AGE * 12) {
    out.push(
      problem('A1', 'fields.workStartDate', 'WORK_HISTORY_TOO_EARLY', `参加工作时间为${monthLabel(start)}，当时未满${MIN_WORKING_AGE}周岁，请核对`),
    );
  }
  return out;
}

/** Month index of the applicant's birth: the registered ID number first, else a filled-in date. */
export function birthMonthOf(ctx: RuleContext, filled?: string | null): number | null {
  const facts = parseIdNumber(ctx.applicant.idNumber);
  const d = parseDate(facts?.birthDate ?? filled ?? '');
  return d ? monthIndexOfDate(d) : null;
}
