// The applicant's declaration (A1–A14, B3, B4): what blocks saving a section as complete and what
// blocks submission. validateSection checks one section's data; checkDeclaration checks the whole
// file, attachments included. Each rule is in the file named after its section.
import { checkAppraisal, appraisalRowName } from './appraisal';
import { checkBasicInfo } from './basic-info';
import { checkContinuingEducation, checkContinuingEducationSlots } from './continuing-education';
import { monthIndex, monthLabel } from './date-values';
import { checkEducation } from './education';
import { checkRecord, SUMMARY_MAX_RAW_CHARS, textOf, yearOf } from './field-checks';
import { problem, type Problem } from './problem';
import { checkQualification, checkQualificationSlots, type SlotCount } from './qualification';
import { rowLabel, type RuleContext } from './rule-context';
import { rowIdOf, SECTION_BY_CODE, SECTIONS, type SectionCode, type SectionData, type SectionDef, type SlotDef } from './section-fields';
import { checkSummary } from './summary';
import { checkWorkHistory } from './work-history';

export type { RuleContext } from './rule-context';
export { countSummaryChars, findIdentityInText, type IdentityMatch } from './summary';

/** Rules beyond A14's field checks, per section; A5, A6, A9, A10 have none. */
const SECTION_RULES: Partial<Record<SectionCode, (data: SectionData, ctx: RuleContext) => Problem[]>> = {
  A1: checkBasicInfo,
  A2: checkEducation,
  A3: checkWorkHistory,
  A4: checkQualification,
  // A7：承诺书须勾选承诺
  A7: (data) =>
    data.fields.promised === true ? [] : [problem('A7', 'fields.promised', 'PROMISE_REQUIRED', '请阅读并勾选个人承诺：本人承诺所填报信息及上传材料真实、准确、完整')],
  A8: checkContinuingEducation,
  A11: checkAppraisal,
  A12: checkSummary,
  // B4：涉密材料须脱密处理，由申报人声明
  A13: (data) =>
    data.fields.confidentialDeclared === true
      ? []
      : [problem('A13', 'fields.confidentialDeclared', 'CONFIDENTIAL_DECLARATION_REQUIRED', '请勾选确认：涉密材料已作脱密处理后上传（没有涉密材料也请勾选）')],
};

/** Conditional attachment rules beyond each slot's own minimum. */
const SLOT_RULES: Partial<Record<SectionCode, (data: SectionData, count: SlotCount) => Problem[]>> = {
  A4: checkQualificationSlots,
  A8: checkContinuingEducationSlots,
  // U5：援派一年以上且正在援疆的，上传派出单位审核同意材料
  A13: (data, count) =>
    data.fields.aidPosting === true && count('aid_approval') === 0
      ? [problem('A13', 'slot:aid_approval', 'AID_APPROVAL_MISSING', '援派期一年以上且正在援疆的，请上传派出单位（原所在单位）组织人事部门审核同意的材料')]
      : [],
};

/** A malformed or missing section reads as an empty one: every required field is then blank. */
function normalise(data: SectionData | undefined): SectionData {
  const fields = data && typeof data.fields === 'object' && data.fields !== null ? data.fields : {};
  const rows = data && Array.isArray(data.rows) ? data.rows.filter((r) => typeof r === 'object' && r !== null) : [];
  return { fields, rows };
}

/**
 * Everything wrong with one section's data (attachments aside): A14 for every field that applies,
 * then the section's own rules. A rule's problem on a field that already failed A14 is dropped, so
 * each field says one thing at a time.
 */
export function validateSection(code: SectionCode, data: SectionData, ctx: RuleContext): Problem[] {
  const def = SECTION_BY_CODE[code];
  const d = normalise(data);
  const opts = { today: ctx.today, maxChars: code === 'A12' ? { text: SUMMARY_MAX_RAW_CHARS } : undefined };
  const basic = checkRecord(code, def.fields, d.fields, { pathPrefix: 'fields.', labelPrefix: '' }, opts);
  if (def.rows) {
    const rows = def.rows;
    d.rows.forEach((row, i) => basic.push(...checkRecord(code, rows.fields, row, { pathPrefix: `rows[${i}].`, labelPrefix: rowLabel(def, i) }, opts)));
    // A11's rows are counted against the policy's years instead (APPRAISAL_YEAR_MISSING names them).
    if (code !== 'A11' && d.rows.length < rows.minRows) {
      basic.push(problem(code, 'rows', 'ROWS_MISSING', `“${def.title}”至少需要填写${rows.minRows}行${rows.label}，请添加`));
    }
  }
  const failed = new Set(basic.map((p) => p.field));
  const specific = (SECTION_RULES[code]?.(d, ctx) ?? []).filter((p) => !failed.has(p.field));
  return [...basic, ...specific];
}

export interface DeclarationInput {
  sections: Partial<Record<SectionCode, SectionData>>;
  /** `rowId` names the row of a per-row slot (see ROW_ID_KEY); null for a section-level slot. */
  attachments: Array<{ sectionCode: string; rowId: string | null; slot: string }>;
}

/** How attachment messages name a row. */
function rowName(def: SectionDef, row: SectionData['rows'][number], i: number): string {
  if (def.code === 'A11') return appraisalRowName(row, i);
  if (def.code === 'A8') {
    const y = yearOf(row.year);
    const kind = textOf(row.kind);
    if (y !== null && kind) return `${y}年${kind}培训记录`;
  }
  return rowLabel(def, i);
}

function slotMissing(section: SectionCode, field: string, owner: string, slot: SlotDef, have: number): Problem {
  const message =
    slot.min === 1
      ? `请上传${owner}“${slot.label}”`
      : `${owner}“${slot.label}”至少需要上传${slot.min}张图片，目前${have}张，请补传`;
  return problem(section, field, 'ATTACHMENT_MISSING', message);
}

/** Each slot's own minimum, for the section and for every row, plus the section's conditional rules. */
export function checkSectionSlots(def: SectionDef, data: SectionData, count: SlotCount): Problem[] {
  const out: Problem[] = [];
  for (const slot of def.slots) {
    const have = count(slot.key);
    if (have < slot.min) out.push(slotMissing(def.code, `slot:${slot.key}`, '', slot, have));
  }
  if (def.rows) {
    const rows = def.rows;
    data.rows.forEach((row, i) => {
      const rowId = rowIdOf(row);
      for (const slot of rows.slots) {
        // A row not yet stored has no id and so no images.
        const have = rowId === null ? 0 : count(slot.key, rowId);
        if (have < slot.min) out.push(slotMissing(def.code, `rows[${i}]slot:${slot.key}`, `${rowName(def, row, i)}的`, slot, have));
      }
    });
  }
  out.push(...(SLOT_RULES[def.code]?.(data, count) ?? []));
  return out;
}

/**
 * Attachments that belong to no slot of the current form: a row that is no longer in the section
 * or a slot the section doesn't have. The server refuses both when images are stored and when a
 * row with images is deleted, so this is a safety net for data from before row ids. They would
 * reach the reviewers unexplained.
 */
export function findOrphanAttachments(input: DeclarationInput): Problem[] {
  const out: Problem[] = [];
  const reported = new Set<string>();
  for (const a of input.attachments) {
    const key = a.rowId === null ? `${a.sectionCode}:${a.slot}` : `${a.sectionCode}:${a.rowId}:${a.slot}`;
    if (reported.has(key)) continue;
    const def = (SECTION_BY_CODE as Record<string, SectionDef | undefined>)[a.sectionCode];
    const title = def ? `“${def.title}”` : `栏目${a.sectionCode}`;
    let why: string | null = null;
    if (!def) why = `${title}不存在`;
    else if (a.rowId === null) why = def.slots.some((s) => s.key === a.slot) ? null : `${title}中没有“${a.slot}”这一附件栏`;
    else if (!def.rows?.slots.some((s) => s.key === a.slot)) why = `${title}中没有“${a.slot}”这一附件栏`;
    else if (!normalise(input.sections[def.code]).rows.some((r) => rowIdOf(r) === a.rowId)) why = `${title}中有一行已删除，但该行的附件仍在`;
    if (why) {
      reported.add(key);
      out.push(problem('attachments', key, 'ATTACHMENT_ORPHANED', `${why}，请删除这些附件或重新添加该行后再提交`));
    }
  }
  return out;
}

/** A3 must start where A1 says work started (参加工作时间). */
function checkWorkStart(sections: DeclarationInput['sections']): Problem[] {
  const declared = monthIndex(textOf(normalise(sections.A1).fields.workStartDate) ?? '');
  const starts = normalise(sections.A3)
    .rows.map((r, i) => ({ i, m: monthIndex(textOf(r.startDate) ?? '') }))
    .filter((x): x is { i: number; m: number } => x.m !== null);
  if (declared === null || starts.length === 0) return [];
  const first = starts.reduce((a, b) => (b.m < a.m ? b : a));
  if (first.m === declared) return [];
  return [
    problem(
      'A3',
      `rows[${first.i}].startDate`,
      'WORK_HISTORY_START_MISMATCH',
      `工作简历最早的起始年月（${monthLabel(first.m)}）与基本信息中的参加工作时间（${monthLabel(declared)}）不一致，请核对`,
    ),
  ];
}

/**
 * Everything that blocks submission (A1–A14, B3, B4; B1/B2 masking is checked separately by
 * masking-rules): every section's validation, every slot's minimum, the conditional slot rules,
 * A1/A3 agreement and attachments left without a slot. Sections are checked in A1…A13 order.
 */
export function checkDeclaration(input: DeclarationInput, ctx: RuleContext): Problem[] {
  const counts = new Map<string, number>();
  const keyOf = (section: string, slot: string, rowId: string | null | undefined) => `${section}|${rowId ?? ''}|${slot}`;
  for (const a of input.attachments) counts.set(keyOf(a.sectionCode, a.slot, a.rowId), (counts.get(keyOf(a.sectionCode, a.slot, a.rowId)) ?? 0) + 1);
  const out: Problem[] = [];
  for (const def of SECTIONS) {
    const data = normalise(input.sections[def.code]);
    out.push(...validateSection(def.code, data, ctx));
    if (def.code === 'A3') {
      const flagged = new Set(out.filter((p) => p.section === 'A3').map((p) => p.field));
      out.push(...checkWorkStart(input.sections).filter((p) => !flagged.has(p.field)));
    }
    out.push(...checkSectionSlots(def, data, (slot, rowId) => counts.get(keyOf(def.code, slot, rowId)) ?? 0));
  }
  out.push(...findOrphanAttachments(input));
  return out;
}
