// B5/B3 second safety net for the expert view: the applicant and unit checks (B3) should already
// have kept names out of the text; here every name, ID number and unit string that still appears is
// blanked before an expert sees it, and the identity-bearing parts are removed outright. Besides the
// strings as written, the given name alone, traditional characters, the name in pinyin and mobile
// numbers are blanked too (issue 9 item 13).
import { NAME_PINYIN } from './name-pinyin';
import { findIdentityInText } from './summary';
import { toSimplified } from './traditional-chars';
import type { SectionCode, SectionData } from './section-fields';

export const HIDDEN = '（已隐去）';

export interface Identity {
  name: string;
  idNumber: string;
  /** Current and past unit names and aliases. */
  units: readonly string[];
}

interface Range {
  start: number;
  end: number;
}

/** Compound surnames: 欧阳修's given name is 修, not 阳修. */
const COMPOUND_SURNAMES = [
  '欧阳', '司马', '诸葛', '上官', '东方', '皇甫', '尉迟', '公孙', '慕容', '令狐', '司徒', '夏侯', '长孙', '宇文', '轩辕',
  '端木', '独孤', '南宫', '万俟', '闻人', '澹台', '申屠', '呼延', '百里', '东郭', '西门', '太史', '公冶', '赫连', '濮阳', '钟离',
];

/**
 * How a one-character given name is written when it stands for the person (小芳, 阿芳, 芳芳, 芳医生):
 * the character alone would blank every 芳 of 芳香 and 芬芳, so only these forms are blanked.
 */
const ONE_CHAR_CALLS = { before: ['小', '阿'], after: ['同志', '医生', '大夫', '老师', '主任', '护士', '师傅', '姐', '哥'] };

const HAN = /^\p{Script=Han}+$/u;
const NAME_PARTS = /[\s·•‧∙⋅・･.\-‐‑﹣－]+/u;

/** A Han name (2–4 characters, no separator) split into surname and given name; null for any other name. */
export function splitHanName(name: string): { surname: string; given: string } | null {
  const n = toSimplified(name.trim());
  if (!HAN.test(n) || n.length < 2 || n.length > 4) return null;
  const surnameLength = n.length > 2 && COMPOUND_SURNAMES.includes(n.slice(0, 2)) ? 2 : 1;
  return { surname: n.slice(0, surnameLength), given: n.slice(surnameLength) };
}

/**
 * The strings that stand for the person besides the full name (issue 9 item 13): the given name
 * alone when it has 2 or more characters (建国 of 王建国; a 建国以来 then reads 已隐去以来, accepted:
 * over-blanking is the safe side of a blind review), the call forms of a 1-character given name, and
 * each part of a name written with a middle dot (阿依古丽 and 买买提 of 阿依古丽·买买提).
 */
export function nameParts(name: string): string[] {
  const han = splitHanName(name);
  if (han) {
    const g = han.given;
    if (g.length >= 2) return [g];
    return [...ONE_CHAR_CALLS.before.map((p) => p + g), g + g, ...ONE_CHAR_CALLS.after.map((t) => g + t)];
  }
  const parts = name.trim().split(NAME_PARTS).filter((p) => Array.from(p).length >= 2);
  return parts.length > 1 ? parts : [];
}

/** One character per character of `text` (UTF-16 length kept): full-width → half-width, tone marks and ü's dots dropped, lowercase. */
function latinFold(text: string): string {
  let out = '';
  for (const ch of text) {
    const f = ch.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
    out += f.length === ch.length ? f : ch;
  }
  return out;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The name in pinyin, in either order, any case, with or without tones, spaces, hyphens or
 * apostrophes (Wang Jianguo, WANG Jian-guo, Jianguo Wang, wángjiànguó), and the given name alone
 * when it has 2 or more characters; null when a character has no entry in NAME_PINYIN.
 */
export function pinyinPattern(name: string): RegExp | null {
  const han = splitHanName(name);
  if (!han) return null;
  const sep = "[\\s\\-'’‘·.,_]*";
  const syllables = (chars: string): string | null => {
    const parts: string[] = [];
    for (const ch of chars) {
      const readings = NAME_PINYIN.get(ch);
      if (!readings) return null;
      parts.push(`(?:${readings.map(escape).join('|')})`);
    }
    return parts.join(sep);
  };
  const surname = syllables(han.surname);
  const given = syllables(han.given);
  if (!surname || !given) return null;
  const forms = [`${surname}${sep}${given}`, `${given}${sep}${surname}`];
  if (han.given.length >= 2) forms.push(given);
  return new RegExp(`(?<![a-z])(?:${forms.join('|')})(?![a-z])`, 'g');
}

/**
 * A mainland mobile number (1[3-9] and 9 more digits), also written with spaces or dashes between
 * digits or after +86, and not part of a longer run of digits. Any such number is blanked, not only
 * the applicant's: a colleague's or referee's number points to the unit as well.
 */
const MOBILE = /(?<![0-9])(?:\+?86[\s\-–—]*)?1[\s\-–—]*[3-9](?:[\s\-–—]*[0-9]){9}(?![0-9])/g;

/** Ranges of `text` that identify the person, from every rule; unsorted, may overlap. */
function identityRanges(text: string, needles: readonly string[], pinyin: RegExp | null): Range[] {
  const ranges: Range[] = findIdentityInText(text, needles);
  // traditional characters (王建國, 伊犁哈薩克自治州人民醫院): same offsets in the simplified copy
  const simplified = toSimplified(text);
  if (simplified !== text) ranges.push(...findIdentityInText(simplified, needles.map(toSimplified)));
  const latin = latinFold(text);
  if (pinyin) for (const m of latin.matchAll(pinyin)) ranges.push({ start: m.index, end: m.index + m[0].length });
  for (const m of latin.matchAll(MOBILE)) ranges.push({ start: m.index, end: m.index + m[0].length });
  return ranges;
}

/** A function that blanks the identity in a text; build it once per file, call it per string. */
export function identityBlanker(identity: Identity): (text: string) => string {
  const needles = [identity.name, ...nameParts(identity.name), identity.idNumber, ...identity.units].filter((s) => typeof s === 'string' && s.trim() !== '');
  const pinyin = pinyinPattern(identity.name);
  return (text) => {
    const ranges = identityRanges(text, needles, pinyin).sort((a, b) => a.start - b.start || b.end - a.end);
    if (ranges.length === 0) return text;
    let out = '';
    let at = 0;
    let cur: Range | null = null;
    for (const m of ranges) {
      if (cur && m.start < cur.end) {
        cur.end = Math.max(cur.end, m.end);
        continue;
      }
      if (cur) {
        out += text.slice(at, cur.start) + HIDDEN;
        at = cur.end;
      }
      cur = { start: m.start, end: m.end };
    }
    if (cur) out += text.slice(at, cur.start) + HIDDEN + text.slice(cur.end);
    return out;
  };
}

/** `text` with every occurrence of the identity replaced by HIDDEN (overlaps merged). */
export function blankIdentity(text: string, identity: Identity): string {
  return identityBlanker(identity)(text);
}

type Value = string | number | boolean | null;

function blankRecord(r: Record<string, Value>, blank: (text: string) => string): Record<string, Value> {
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'string' ? blank(v) : v]));
}

export type ExpertSectionCode = Exclude<SectionCode, 'A1'>;

/**
 * The sections an expert may read: A1 (name, ID, photo, unit) is left out entirely; A3 unit names
 * become HIDDEN whatever they say (a past unit identifies as well as the current one); every other
 * string has the identity strings blanked, the A12 summary included.
 */
export function anonymiseSections(
  sections: Partial<Record<SectionCode, SectionData>>,
  identity: Identity,
): Partial<Record<ExpertSectionCode, SectionData>> {
  const out: Partial<Record<ExpertSectionCode, SectionData>> = {};
  const blank = identityBlanker(identity);
  for (const [code, data] of Object.entries(sections) as Array<[SectionCode, SectionData | undefined]>) {
    if (code === 'A1' || !data) continue;
    const rows = (data.rows ?? []).map((row) => {
      const blanked = blankRecord(row, blank);
      if (code === 'A3' && 'unit' in blanked) blanked.unit = HIDDEN;
      return blanked;
    });
    out[code] = { fields: blankRecord(data.fields ?? {}, blank), rows };
  }
  return out;
}
