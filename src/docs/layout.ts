// A small page model shared by the PDF and DOCX renderers, so each template (附件2–5) states its
// layout once. Sizes follow the usual 党政机关公文格式 (GB/T 9704): A4, 小二 title, 三号 body,
// fixed 28 pt lines, two-character first-line indent.
import { DocDataError, type TitleApplied } from './templates-data';
import { textWidth } from './text-measure';
import { breakTitle } from './title-break';

/** Unit name + （公章） and the date under it, right-aligned, optionally a 签字 line above. */
export interface Signoff {
  signature?: string;
  unit: string;
  date: string;
}

export interface Cell {
  /** Lines of text; '\n' breaks a label the way the source form does. */
  text?: string;
  /** Columns spanned (default 1). */
  span?: number;
  /** A field name: centred, as in the source form. */
  label?: boolean;
  /** Free text: starts at the top of the cell instead of the middle. */
  top?: boolean;
  /** A stamp area at the bottom right of the cell. */
  signoff?: Signoff;
}

export interface Row {
  cells: Cell[];
  /** Minimum row height in points (room for hand-writing or a stamp). */
  minHeight?: number;
}

export type Block =
  | { type: 'title'; lines: string[]; size: number }
  | { type: 'paragraph'; text: string }
  | { type: 'space'; lines: number }
  | { type: 'signoff'; signoff: Signoff }
  | { type: 'table'; widths: number[]; rows: Row[]; size: number }
  | { type: 'note'; lines: string[]; size: number }
  /** A bold line starting a part of a long form (the declaration's sections). */
  | { type: 'heading'; text: string; size: number }
  /**
   * A JPEG placed at the right margin, `width`×`height` points (the applicant's 1-inch photo).
   * `beside`: the next block (a table narrowed to leave room) starts at the left margin level with
   * it, as the 评审表 sets the photo beside the cover rows; the flow goes on below the lower one.
   */
  | { type: 'image'; jpeg: Buffer; width: number; height: number; caption?: string; beside?: boolean };

export interface DocLayout {
  /** Document title for PDF/DOCX metadata. */
  title: string;
  blocks: Block[];
  /** Top and bottom margins in points when not the 公文 ones (a one-page form needs more room). */
  margins?: { top: number; bottom: number };
}

/** Page geometry in points (A4; GB/T 9704 margins 37/35/28/26 mm). */
export const PAGE = {
  width: 595.28,
  height: 841.89,
  top: mm(37),
  bottom: mm(35),
  left: mm(28),
  right: mm(26),
  bodySize: 16, // 三号
  lineHeight: 28,
  titleSize: 18, // 小二
} as const;

export const BODY_WIDTH = PAGE.width - PAGE.left - PAGE.right;

export function mm(v: number): number {
  return (v * 72) / 25.4;
}

/** Estimated width in ems: CJK and full-width forms 1, ASCII 0.5 (both renderers' fonts agree closely). */
export function emWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += ch.codePointAt(0)! < 0x2e80 && ch !== '“' && ch !== '”' ? 0.5 : 1;
  return w;
}

function parseDate(value: string, what: string): [number, number, number | null] {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(value);
  if (!m) throw new DocDataError([`${what}（应为 YYYY-MM-DD，收到「${value}」）`]);
  return [Number(m[1]), Number(m[2]), m[3] === undefined ? null : Number(m[3])];
}

/** '2023-09-28' → 2023年9月28日. */
export function chineseDate(value: string, what = '日期'): string {
  const [y, m, d] = parseDate(value, what);
  if (d === null) throw new DocDataError([`${what}（应为 YYYY-MM-DD，收到「${value}」）`]);
  return `${y}年${m}月${d}日`;
}

/** '1985-06' or '1985-06-15' → 1985年6月. */
export function chineseMonth(value: string, what = '年月'): string {
  const [y, m] = parseDate(value, what);
  return `${y}年${m}月`;
}

/** 王建国同志申报工程系列土木工程专业中级职称, split where the source template breaks the title. */
export function titleApplied(t: TitleApplied): { head: string; subject: string; parts: { name: string; series: string; specialty: string; level: string } } {
  const series = t.series.endsWith('系列') ? t.series : `${t.series}系列`;
  const specialty = t.specialty.endsWith('专业') ? t.specialty : `${t.specialty}专业`;
  const level = t.level.endsWith('级') ? t.level : `${t.level}级`;
  const head = `${t.applicantName}同志申报${series}${specialty}${level}`;
  return { head, subject: `${head}职称`, parts: { name: t.applicantName, series, specialty, level } };
}

/** Throws DocDataError naming every empty required field (A14: no blank field). */
export function requireFields(data: object, labels: Record<string, string>): void {
  const record = data as Record<string, unknown>;
  const missing = Object.entries(labels)
    .filter(([key]) => {
      const v = record[key];
      return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
    })
    .map(([, label]) => label);
  if (missing.length > 0) throw new DocDataError(missing);
}

/**
 * A title block: the text broken by `breakTitle` (no lone character on a line) with the font's
 * own advance widths, so the PDF and the DOCX show the same lines.
 */
export function titleLines(text: string, size: number = PAGE.titleSize, preferred: readonly number[] = []): Block {
  // a point of slack: pdfkit wraps a line measured exactly as wide as the box
  return { type: 'title', lines: breakTitle(text, BODY_WIDTH - 1, (s) => textWidth(s, 'bold', size), { preferred }), size };
}

/** The 附件2–4 title 「关于××同志申报××系列××专业×级职称的公示」, broken at its joints where it can. */
export function titleBlock(t: TitleApplied, ending: string): Block {
  const { parts } = titleApplied(t);
  const pieces = ['关于', `${parts.name}同志申报`, parts.series, parts.specialty, parts.level, `职称的${ending}`];
  const preferred: number[] = [];
  let at = 0;
  for (const p of pieces.slice(0, -1)) {
    at += Array.from(p).length;
    preferred.push(at);
  }
  return titleLines(pieces.join(''), PAGE.titleSize, preferred);
}

/** Padding inside a table cell, points (both renderers). */
export const CELL_PAD = 4;

/**
 * A field name too long for its cell on one line, broken into the fewest lines of even length
 * (「单位简称或别称」 → 「单位简称／或别称」), so no line holds a lone character (issue 11) and the
 * PDF and the DOCX break it alike. Labels that already hold a '\n' are kept as written.
 */
export function balancedLabel(text: string, width: number, size: number): string {
  if (text.includes('\n')) return text;
  // a point of slack: pdfkit wraps a line measured exactly as wide as the box
  const room = width - 2 * CELL_PAD - 1;
  const fits = (s: string) => textWidth(s, 'body', size) <= room;
  if (fits(text)) return text;
  const chars = Array.from(text);
  for (let n = 2; n <= chars.length; n++) {
    const per = Math.ceil(chars.length / n);
    const lines: string[] = [];
    let start = 0;
    while (start < chars.length) {
      let end = Math.min(start + per, chars.length);
      // 避头尾: an opening bracket never ends a line, closing punctuation never starts one
      if (end < chars.length && OPENING.includes(chars[end - 1]!) && end - 1 > start) end -= 1;
      else if (end < chars.length && CLOSING.includes(chars[end]!)) end += 1;
      lines.push(chars.slice(start, end).join(''));
      start = end;
    }
    if (lines.every(fits) && lines.every((l) => Array.from(l).length > 1)) return lines.join('\n');
  }
  return text;
}

const OPENING = '（(《“‘【';
const CLOSING = '）)》”’】，、。；：！？';

/** The table with each label cell's text balanced for its width (see balancedLabel). */
export function withBalancedLabels(block: Extract<Block, { type: 'table' }>): Extract<Block, { type: 'table' }> {
  return {
    ...block,
    rows: block.rows.map((row) => {
      let col = 0;
      return {
        ...row,
        cells: row.cells.map((cell) => {
          const span = cell.span ?? 1;
          const width = block.widths.slice(col, col + span).reduce((a, b) => a + b, 0);
          col += span;
          return cell.label && cell.text ? { ...cell, text: balancedLabel(cell.text, width, block.size) } : cell;
        }),
      };
    }),
  };
}
