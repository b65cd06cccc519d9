// Pure helpers for the declaration page: empty records from the section definitions, problem keys,
// and where a problem is shown.
import { ROW_ID_KEY, SECTIONS, rowIdOf, type FieldDef, type SectionCode, type SectionData, type SectionDef } from '@domain/section-fields';
import type { ApplicantPolicy, Attachment, Problem } from '../../../api/types';

export type FieldValue = string | number | boolean | null;
export type RecordData = Record<string, FieldValue>;

/** Titles of problem groups that are not one of the 13 sections. */
export const EXTRA_GROUP_TITLES: Record<string, string> = {
  masking: '检查姓名掩盖',
  attachments: '附件',
};

export function groupTitle(section: string): string {
  const def = SECTIONS.find((s) => s.code === section);
  return def ? `${def.code.slice(1)}. ${def.title}` : EXTRA_GROUP_TITLES[section] ?? section;
}

/**
 * Empty value of a field: text fields start empty (A14 asks the applicant to write “无”). Dates are
 * strings 'YYYY-MM-DD' / 'YYYY-MM' / 'YYYY' (src/domain/date-values.ts).
 */
export function emptyValue(f: FieldDef): FieldValue {
  switch (f.type) {
    case 'number':
      return null;
    case 'boolean':
      return false;
    default:
      return '';
  }
}

export function emptyRecord(fields: readonly FieldDef[]): RecordData {
  return Object.fromEntries(fields.map((f) => [f.key, emptyValue(f)]));
}

/**
 * A new row's stable id, chosen here so its images can name it as soon as it is stored. Same shape
 * as the server's (ROW_ID_PATTERN); getRandomValues works without HTTPS, unlike randomUUID.
 */
export function newRowId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  return Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => alphabet[b % 64]).join('');
}

/** An empty row of a repeatable section, with its id. */
export function emptyRow(fields: readonly FieldDef[]): RecordData {
  return { [ROW_ID_KEY]: newRowId(), ...emptyRecord(fields) };
}

/**
 * The section as the form edits it: every defined field present, at least `minRows` rows.
 * A11 rows are pre-filled with the review year's appraisal years (policy data, not constants).
 */
export function normaliseSection(def: SectionDef, stored: SectionData | undefined, policy: ApplicantPolicy): SectionData {
  const fields = { ...emptyRecord(def.fields), ...(stored?.fields ?? {}) };
  const rows: RecordData[] = (stored?.rows ?? []).map((r) => ({ [ROW_ID_KEY]: rowIdOf(r) ?? newRowId(), ...emptyRecord(def.rows?.fields ?? []), ...r }));
  if (def.rows && rows.length === 0) {
    for (let i = 0; i < def.rows.minRows; i++) {
      const row = emptyRow(def.rows.fields);
      if (def.code === 'A11' && policy.appraisalYears[i] !== undefined) row.year = String(policy.appraisalYears[i]);
      rows.push(row);
    }
  }
  return { fields, rows };
}

export function isVisible(f: FieldDef, record: RecordData): boolean {
  return !f.when || record[f.when.key] === f.when.equals;
}

/** Problem field key of a form item (matches what validateSection reports). */
export const keyOf = {
  field: (key: string) => `fields.${key}`,
  rowField: (i: number, key: string) => `rows[${i}].${key}`,
  row: (i: number) => `rows[${i}]`,
  slot: (key: string) => `slot:${key}`,
  rowSlot: (i: number, key: string) => `rows[${i}]slot:${key}`,
};

/** DOM id of the element that shows a problem field, for the checklist's links. */
export function domId(section: string, field: string): string {
  return `p-${section}-${field.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

/** All problem keys the form renders for this section's current data. */
export function renderedKeys(def: SectionDef, data: SectionData): Set<string> {
  const keys = new Set<string>();
  for (const f of def.fields) if (isVisible(f, data.fields)) keys.add(keyOf.field(f.key));
  for (const s of def.slots) keys.add(keyOf.slot(s.key));
  data.rows.forEach((row, i) => {
    keys.add(keyOf.row(i));
    for (const f of def.rows?.fields ?? []) if (isVisible(f, row)) keys.add(keyOf.rowField(i, f.key));
    for (const s of def.rows?.slots ?? []) keys.add(keyOf.rowSlot(i, s.key));
  });
  return keys;
}

/** Messages by problem field; several problems on one field are joined. */
export function messagesByField(problems: readonly Problem[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const p of problems) m.set(p.field, m.has(p.field) ? `${m.get(p.field)}；${p.message}` : p.message);
  return m;
}

/**
 * A 422 submit answers errors as `{ field: 'A3.rows[1].startDate', message }`; the prefix before the
 * first dot is the section (or group such as `masking`).
 */
export function problemsFromSubmitErrors(errors: readonly { field: string; message: string }[]): Problem[] {
  return errors.map((e) => {
    const dot = e.field.indexOf('.');
    return dot < 0
      ? { section: e.field, field: '', code: 'SUBMIT_REFUSED', message: e.message }
      : { section: e.field.slice(0, dot), field: e.field.slice(dot + 1), code: 'SUBMIT_REFUSED', message: e.message };
  });
}

/** Images of a section slot (`rowId` null) or of one row's slot. */
export function attachmentsOf(all: readonly Attachment[], section: SectionCode, slot: string, rowId: string | null = null): Attachment[] {
  return all.filter((a) => a.sectionCode === section && a.slot === slot && a.rowId === rowId);
}

/** Images in any slot of one row. */
export function rowAttachments(all: readonly Attachment[], section: SectionCode, rowId: string | null): Attachment[] {
  return rowId === null ? [] : all.filter((a) => a.sectionCode === section && a.rowId === rowId);
}

/** Policy-dependent lines shown under a section's hint (A8, A11, A12). */
export function policyHint(code: SectionCode, policy: ApplicantPolicy): string | null {
  const years = (ys: number[]) => ys.map((y) => `${y}`).join('、');
  switch (code) {
    case 'A8':
      return `本年度要求：公需科目 ${years(policy.cePublicYears)} 年，专业科目 ${years(policy.ceProfessionalYears)} 年，每年上传培训合格证书。`;
    case 'A11':
      return `本年度要求：${years(policy.appraisalYears)} 年的年度考核表，每年正、反面各一张。`;
    case 'A12':
      return `本年度要求：${policy.summaryMinChars}—${policy.summaryMaxChars} 字（汉字、标点各计1字，连续的字母或数字计1字，空格和换行不计）。`;
    default:
      return null;
  }
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
