// A problem that blocks submission of a declaration (A1–A14, B1–B4). One registry of codes,
// each with a one-line meaning (STYLE §3); the message itself is built where the rule is and says
// what to fix.
import type { SectionCode } from './section-fields';

export interface Problem {
  /** Section the problem is shown under; 'attachments' for files that belong to no form item. */
  section: SectionCode | 'attachments' | 'masking';
  /**
   * Form item it is shown on, as the web app keys them: 'fields.name', 'rows[2].startDate',
   * 'rows[2]' (a whole row), 'rows' (the list), 'slot:id_front', 'rows[2]slot:diploma'.
   */
  field: string;
  code: string;
  /** Chinese; says what is wrong and what to do. */
  message: string;
  /**
   * 'warning': shown in the checklist for the applicant to check, but does not block submission
   * (issue 9 item 6); absent: must be fixed before the file can be submitted.
   */
  severity?: 'warning';
}

/** The problems that block submission: every one except the warnings. */
export function blocking(problems: readonly Problem[]): Problem[] {
  return problems.filter((p) => p.severity !== 'warning');
}

export const PROBLEM_CODES = {
  // A14 and field formats
  FIELD_BLANK: 'a required field is empty (text fields take “无”)',
  FIELD_VAGUE: 'vague wording such as 略、同上、见附件、若干',
  FIELD_TOO_LONG: 'longer than the field allows',
  FIELD_CONTROL_CHARS: 'control characters or a broken character',
  FIELD_INVALID: 'value of the wrong kind for the field',
  SELECT_INVALID: 'not one of the options',
  NUMBER_INVALID: 'not a number in the allowed range',
  DATE_INVALID: 'not a real date / month / year in the expected format',
  DATE_IN_FUTURE: 'a date after today',
  ROWS_MISSING: 'fewer rows than the section needs',
  END_BEFORE_START: 'a period ends before it starts',
  // A1
  NAME_MISMATCH: 'name differs from the registered name',
  ID_NUMBER_INVALID: 'ID number fails GB 11643-1999',
  ID_NUMBER_MISMATCH: 'ID number differs from the registered one',
  BIRTH_DATE_MISMATCH: 'birth date differs from the ID number',
  SEX_MISMATCH: 'sex differs from the ID number',
  MOBILE_INVALID: 'not an 11-digit mainland mobile number',
  // A2
  EDUCATION_ORDER: 'education not listed lowest → highest',
  EDUCATION_DATE_ORDER: 'graduation dates go backwards',
  DEGREE_MISMATCH: 'degree impossible for the education level',
  // A3
  WORK_HISTORY_ORDER: 'rows not in time order',
  WORK_HISTORY_GAP: 'months missing between two rows',
  WORK_HISTORY_OVERLAP: 'two rows cover the same months',
  WORK_HISTORY_OPEN_END: 'a row other than the last has no end (至今)',
  WORK_HISTORY_TOO_EARLY: 'work before the age of 16',
  WORK_HISTORY_START_MISMATCH: 'first row does not start at A1 参加工作时间',
  // A4
  QUALIFICATION_DATE_ORDER: 'appointed before the qualification was obtained',
  QUALIFICATION_SLOTS_MISSING: 'too few of 任职资格文件/职称证书/评审表',
  GOVERNMENT_TRANSFER_SLOTS_MISSING: 'moved from a government organ without 任命文件/干部履历表',
  // A7
  PROMISE_REQUIRED: 'commitment not ticked',
  // A8
  CE_YEARS_MISSING: 'a policy year has no certificate for a CE kind',
  CE_HOURS_SHORT: 'fewer hours in a year than policy requires',
  CE_EXEMPTION_FORM_MISSING: 'exemption claimed without the 附件5 form',
  // A11
  APPRAISAL_YEAR_MISSING: 'a policy appraisal year is missing',
  APPRAISAL_YEAR_DUPLICATE: 'the same appraisal year twice',
  APPRAISAL_YEAR_OUTSIDE: 'an appraisal year the policy does not ask for',
  APPRAISAL_FAILED: '不合格 or 未参加考核 in a required year',
  // A12 / B3
  SUMMARY_TOO_SHORT: 'summary below the policy minimum',
  SUMMARY_TOO_LONG: 'summary above the policy maximum',
  SUMMARY_IDENTITY: 'summary names the applicant or their unit',
  // A13 / B4 / U5
  AID_APPROVAL_MISSING: 'aid posting without the dispatching unit’s approval',
  CONFIDENTIAL_DECLARATION_REQUIRED: 'desensitisation declaration not ticked',
  // Attachments
  ATTACHMENT_MISSING: 'a slot has fewer images than required',
  ATTACHMENT_ORPHANED: 'images left in a slot whose row was deleted',
  // B1/B2 (src/domain/masking-rules.ts)
  MASKING_UNMARKED: 'image not yet marked 需要遮盖 是/否',
  MASKING_NOT_DONE: 'marked 是 but not masked',
  MASKING_LEAK: 'masked copy still shows identity',
  MASKING_IDENTITY_FOUND: 'marked 否 but detection found a name, unit, seal or face (a warning)',
  // Issue 12 item 5 (src/domain/evidence-rules.ts)
  EVIDENCE_OWN_UNIT: 'A5 evidence issued by the applicant’s own unit (a warning, also to the unit reviewer)',
} as const;

export type ProblemCode = keyof typeof PROBLEM_CODES;

/** Builds a Problem whose code must be registered above. */
export function problem(section: Problem['section'], field: string, code: ProblemCode, message: string): Problem {
  return { section, field, code, message };
}
