// A14 for one field of a section or row: filled in (“无” where there is nothing), no vague wording,
// a value of the right kind, within its length, no control characters, dates real and not future.
// Section-specific rules live in their own files and build on these.
import { monthIndex, parseDate } from './date-values';
import { problem, type Problem } from './problem';
import type { FieldDef, SectionCode } from './section-fields';

/** Single-line text fields: names, units, titles. */
export const TEXT_MAX_CHARS = 200;
/** Multi-line fields (descriptions, reasons). */
export const TEXTAREA_MAX_CHARS = 5000;
/**
 * A12's raw ceiling: its real bound is the policy's 字数 (countSummaryChars), which counts a Latin
 * word as 1, so the raw text may be longer than summaryMaxChars; this only stops absurd input
 * and equals the save-time limit in declaration.service.
 */
export const SUMMARY_MAX_RAW_CHARS = 20000;

export type FieldValue = string | number | boolean | null | undefined;
export type RecordValues = Readonly<Record<string, FieldValue>>;

/** A14: what a text field may hold when there is nothing to report. */
export const NOTHING = '无';

/**
 * A14 “不得有含糊的词语”: values that say nothing. Compared with the whole value, after trimming
 * spaces and surrounding punctuation.
 */
export const VAGUE_VALUES: readonly string[] = [
  '略', '同上', '同前', '见上', '见附件', '详见附件', '见附表', '详见附表', '附件', '等', '等等',
  '若干', '不详', '待定', '待补充', '未知', '不清楚', '记不清', '空', '某某', '某', 'xx', '××',
];
/** Vague words refused anywhere inside a single-line field (“参与若干项目”, “同上单位”). */
export const VAGUE_WORDS_IN_TEXT: readonly string[] = ['若干', '同上', '见附件', '不详', '等等'];
/**
 * Vague words refused anywhere inside a multi-line field (issue 11): the ones that put off the
 * content to somewhere else or to later (“具体内容详见附件”, “成效同上”). 若干 and 等等 stay
 * allowed in running prose, where they close a list that has been given.
 */
export const VAGUE_WORDS_IN_TEXTAREA: readonly string[] = ['同上', '同前', '见上', '见附件', '见附表', '不详', '待定', '待补充', '记不清', '某某', '×××', 'xxx'];

// C0/C1 controls; tab and line breaks are allowed in multi-line fields only.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/;
const LINE_BREAK_OR_TAB = /[\t\n\r\u2028\u2029]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Only punctuation/symbols (“？”, “/”, “——”, “……”, “*”). */
const ONLY_MARKS = /^[\p{P}\p{S}]+$/u;
/** Template placeholders left in (“×××”, “XXX”). */
const PLACEHOLDER = /^[x×X＊*]+$/;

export function isBlank(v: FieldValue): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

/** The record's value as trimmed text, or null when it is not a non-blank string. */
export function textOf(v: FieldValue): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}

/** Whether a `when` field applies to this record. */
export function applies(def: FieldDef, record: RecordValues): boolean {
  if (!def.when) return true;
  const v = record[def.when.key];
  // An unset boolean is false: the form starts with its box unticked.
  const value = (v === null || v === undefined) && typeof def.when.equals === 'boolean' ? false : v;
  return value === def.when.equals;
}

/** The vague word a value is made of or contains, or null. */
export function vagueWordIn(value: string, type: 'text' | 'textarea'): string | null {
  const core = value.trim().replace(/^[\s\p{P}]+|[\s\p{P}]+$/gu, '');
  if (core === '' || ONLY_MARKS.test(value.trim())) return value.trim();
  const lower = core.toLowerCase();
  if (PLACEHOLDER.test(core) || VAGUE_VALUES.includes(lower)) return core;
  return (type === 'text' ? VAGUE_WORDS_IN_TEXT : VAGUE_WORDS_IN_TEXTAREA).find((w) => lower.includes(w)) ?? null;
}

/** Where a field is, for messages read in the checklist away from the form. */
export interface FieldPlace {
  section: SectionCode;
  /** Problem.field, e.g. 'fields.name' or 'rows[1].school'. */
  path: string;
  /** Chinese prefix naming the field, e.g. '“姓名”' or '第2行学历“毕业院校”'. */
  label: string;
}

export interface FieldCheckOptions {
  /** 'YYYY-MM-DD': dates may not be after it. */
  today: string;
  /** Overrides the type's length limit (A12). */
  maxChars?: number;
}

/** A14 and format checks of one field. Optional empty fields and `when` fields that don't apply pass. */
export function checkField(place: FieldPlace, def: FieldDef, value: FieldValue, opts: FieldCheckOptions): Problem[] {
  const at = (code: Parameters<typeof problem>[2], message: string) => [problem(place.section, place.path, code, `${place.label}${message}`)];
  if (def.type === 'boolean') {
    return value === null || value === undefined || typeof value === 'boolean' ? [] : at('FIELD_INVALID', '只能选择“是”或“否”');
  }
  if (isBlank(value)) {
    if (def.optional) return [];
    switch (def.type) {
      case 'text':
      case 'textarea':
        return at('FIELD_BLANK', `：此项不能为空，没有内容请填写“${NOTHING}”`);
      case 'select':
        return at('FIELD_BLANK', '：此项不能为空，请从列表中选择');
      case 'number':
        return at('FIELD_BLANK', '：此项不能为空，请填写数字');
      default:
        return at('FIELD_BLANK', `：此项不能为空，请选择${def.type === 'year' ? '年份' : def.type === 'month' ? '年月' : '日期'}`);
    }
  }
  switch (def.type) {
    case 'text':
    case 'textarea':
      return checkText(place, def.type, value, opts.maxChars ?? (def.type === 'text' ? TEXT_MAX_CHARS : TEXTAREA_MAX_CHARS));
    case 'select':
      return typeof value === 'string' && def.options?.includes(value.trim())
        ? []
        : at('SELECT_INVALID', `只能从列表中选择：${(def.options ?? []).join('、')}`);
    case 'number':
      return numberOf(value) === null ? at('NUMBER_INVALID', '应填写数字') : [];
    case 'date': {
      const s = typeof value === 'string' ? value.trim() : '';
      if (!parseDate(s)) return at('DATE_INVALID', '应为有效日期，格式如 2015-07-01');
      return s > opts.today ? at('DATE_IN_FUTURE', '不能晚于今天，请核对') : [];
    }
    case 'month': {
      const s = typeof value === 'string' ? value.trim() : '';
      const m = monthIndex(s);
      if (m === null) return at('DATE_INVALID', '应为有效年月，格式如 2015-07');
      return s > opts.today.slice(0, 7) ? at('DATE_IN_FUTURE', '不能晚于本月，请核对') : [];
    }
    case 'year': {
      const y = yearOf(value);
      if (y === null) return at('DATE_INVALID', '应为四位年份，如 2021');
      return y > Number(opts.today.slice(0, 4)) ? at('DATE_IN_FUTURE', '不能晚于今年，请核对') : [];
    }
  }
}

function checkText(place: FieldPlace, type: 'text' | 'textarea', value: FieldValue, max: number): Problem[] {
  const at = (code: Parameters<typeof problem>[2], message: string) => [problem(place.section, place.path, code, `${place.label}${message}`)];
  if (typeof value !== 'string') return at('FIELD_INVALID', '应填写文字');
  // <script> or other markup is not refused: it is stored as text and escaped wherever shown.
  if (CONTROL.test(value) || LONE_SURROGATE.test(value) || (type === 'text' && LINE_BREAK_OR_TAB.test(value))) {
    return at('FIELD_CONTROL_CHARS', type === 'text' ? '含有换行或无法显示的控制字符，请删除后重新填写' : '含有无法显示的控制字符，请删除后重新填写');
  }
  const length = Array.from(value.trim()).length;
  if (length > max) return at('FIELD_TOO_LONG', `内容过长（${length}字），最多${max}字，请精简`);
  const vague = vagueWordIn(value, type);
  if (vague !== null) return at('FIELD_VAGUE', `：“${vague}”属于含糊用语，请填写具体内容；确实没有请填写“${NOTHING}”`);
  return [];
}

/** A finite number, or a numeric string the form sent; null otherwise. */
export function numberOf(v: FieldValue): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v)) return Number(v);
  return null;
}

/** A four-digit year from MIN_YEAR on, as a number or a string; null otherwise. */
export function yearOf(v: FieldValue): number | null {
  const s = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : '';
  if (!/^\d{4}$/.test(s)) return null;
  const y = Number(s);
  return y >= 1900 ? y : null;
}

/** Checks every field of one record (the section's fields or one row). */
export function checkRecord(
  section: SectionCode,
  defs: readonly FieldDef[],
  record: RecordValues,
  where: { pathPrefix: string; labelPrefix: string },
  opts: { today: string; maxChars?: Readonly<Record<string, number>> },
): Problem[] {
  const out: Problem[] = [];
  for (const def of defs) {
    if (!applies(def, record)) continue;
    const place = { section, path: `${where.pathPrefix}${def.key}`, label: `${where.labelPrefix}“${def.label}”` };
    out.push(...checkField(place, def, record[def.key], { today: opts.today, maxChars: opts.maxChars?.[def.key] }));
  }
  return out;
}
