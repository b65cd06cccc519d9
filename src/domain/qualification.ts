// A4 current professional qualification: dates in order, a sane number of years, and the
// documents that prove it, which depend on where it was obtained and on a move from a government
// organ.
import { parseDate } from './date-values';
import { numberOf, textOf } from './field-checks';
import { problem, type Problem } from './problem';
import { SECTION_BY_CODE, type SectionData } from './section-fields';

/** Images uploaded in a slot of the section, or of one of its rows (by the row's stable id). */
export type SlotCount = (slot: string, rowId?: string) => number;

/** The three documents of a qualification; 新疆 needs any 2, another province all 3. */
export const QUALIFICATION_PROOF_SLOTS = ['qualification_document', 'certificate', 'review_form'] as const;
export const PROOF_NEEDED: Record<string, number> = { 新疆: 2, 其他省市: 3 };
/** A move from a government organ (机关调动、分流、转移) also needs these. */
export const GOVERNMENT_TRANSFER_SLOTS = ['appointment_document', 'cadre_resume'] as const;
/** More years of professional work than this is a typing mistake. */
export const MAX_YEARS_IN_PROFESSION = 60;

const slotLabel = (key: string) => SECTION_BY_CODE.A4.slots.find((s) => s.key === key)?.label ?? key;
const quoted = (keys: readonly string[]) => keys.map((k) => `“${slotLabel(k)}”`).join('');

export function checkQualification(data: SectionData): Problem[] {
  const f = data.fields;
  const out: Problem[] = [];
  const obtained = textOf(f.obtainedOn);
  const appointed = textOf(f.appointedOn);
  if (obtained && appointed && parseDate(obtained) && parseDate(appointed) && appointed < obtained) {
    out.push(problem('A4', 'fields.appointedOn', 'QUALIFICATION_DATE_ORDER', '聘任时间不能早于取得时间，请核对'));
  }
  const years = numberOf(f.yearsInProfession);
  if (years !== null && (!Number.isInteger(years) || years < 0 || years > MAX_YEARS_IN_PROFESSION)) {
    out.push(
      problem('A4', 'fields.yearsInProfession', 'NUMBER_INVALID', `“从事专业技术工作年限”应为0—${MAX_YEARS_IN_PROFESSION}之间的整数（按整年填写）`),
    );
  }
  return out;
}

export function checkQualificationSlots(data: SectionData, count: SlotCount): Problem[] {
  const out: Problem[] = [];
  const place = textOf(data.fields.obtainedIn);
  const needed = place ? PROOF_NEEDED[place] : undefined;
  if (needed !== undefined) {
    const have = QUALIFICATION_PROOF_SLOTS.filter((k) => count(k) > 0);
    const missing = QUALIFICATION_PROOF_SLOTS.filter((k) => count(k) === 0);
    if (have.length < needed) {
      const rule =
        needed === 3
          ? `现任职资格在其他省市取得，需上传${quoted(QUALIFICATION_PROOF_SLOTS)}三项`
          : `现任职资格在新疆取得，需上传${quoted(QUALIFICATION_PROOF_SLOTS)}三项中的至少两项`;
      const now = have.length ? `目前只上传了${quoted(have)}` : '目前一项都未上传';
      const todo = needed === 3 ? `请补传${quoted(missing)}` : `请再上传${quoted(missing)}中的${needed - have.length}项`;
      out.push(problem('A4', `slot:${missing[0]}`, 'QUALIFICATION_SLOTS_MISSING', `${rule}，${now}，${todo}`));
    }
  }
  if (data.fields.fromGovernmentOrgan === true) {
    const missing = GOVERNMENT_TRANSFER_SLOTS.filter((k) => count(k) === 0);
    if (missing.length) {
      out.push(
        problem('A4', `slot:${missing[0]}`, 'GOVERNMENT_TRANSFER_SLOTS_MISSING', `由机关调动（含分流、转移）的人员需上传任命文件和干部履历表，请补传${quoted(missing)}`),
      );
    }
  }
  return out;
}
