// What the declaration rules know besides the section data: the year's policy, today, and who
// the applicant is (A1 must match registration; B3 looks for these names in the summary).
import type { Policy } from './policy';
import type { SectionDef } from './section-fields';

export interface RuleContext {
  policy: Policy;
  /** 'YYYY-MM-DD' in Asia/Shanghai; no date may be after it. */
  today: string;
  /** As registered: A1 must agree; the ID number also gives the birth date for A3's age check. */
  applicant: { name: string; idNumber: string };
  /** B3: the unit's full names and aliases, as the recommending organisation and A1 give them. */
  unitNames: string[];
}

/** '第2行学历': how messages name row `i` of a section. */
export function rowLabel(def: SectionDef, i: number): string {
  return `第${i + 1}行${def.rows?.label ?? ''}`;
}
