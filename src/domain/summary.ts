// A12 work summary: how long it is, counted as a person counts Chinese text, and B3: it must not
// name the applicant or their unit.
import { problem, type Problem } from './problem';
import type { RuleContext } from './rule-context';
import type { SectionData } from './section-fields';

/** Han, kana, Hangul and Bopomofo: each character is a word of its own. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}]/u;
/** Letters and digits of other scripts (Latin, Uyghur Arabic script, full-width Ａ１…) form words. */
const WORD = /[\p{L}\p{N}]/u;
/** Inside a word or number these keep it one word: 3.5, COVID-19, it's, km/h, 1,000, 12:30. */
const JOINERS = new Set(['.', '-', "'", '’', '_', '/', '．', '－', '／']);
const DIGIT_JOINERS = new Set([',', ':', '，', '：']);
const SPACE = /[\s\p{Z}\p{Cf}]/u;

/**
 * A12 length in 字, as a person (or Word's 字数) counts a Chinese text:
 * - each Han character (and kana/Hangul) counts 1;
 * - each punctuation mark or symbol counts 1, full- or half-width (a mark takes a square on 稿纸);
 * - each run of letters/digits of other scripts counts 1 as a whole: "Python" 1, "2023" 1,
 *   "COVID-19" 1, "3.5" 1 (the joiners . - ' / _ inside it and , : between digits add nothing);
 * - whitespace, line breaks, zero-width and combining marks count 0.
 */
export function countSummaryChars(text: string): number {
  const cps = Array.from(text.normalize('NFC'));
  let n = 0;
  let inWord = false;
  for (let i = 0; i < cps.length; i++) {
    const ch = cps[i]!;
    if (SPACE.test(ch)) {
      inWord = false;
    } else if (CJK.test(ch)) {
      n++;
      inWord = false;
    } else if (WORD.test(ch)) {
      if (!inWord) n++;
      inWord = true;
    } else if (/\p{M}/u.test(ch)) {
      // a combining mark belongs to the character before it
    } else if (inWord && isJoiner(cps[i - 1]!, ch, cps[i + 1])) {
      // stays inside the word
    } else {
      n++;
      inWord = false;
    }
  }
  return n;
}

function isJoiner(prev: string, ch: string, next: string | undefined): boolean {
  if (next === undefined || !WORD.test(next) || CJK.test(next)) return false;
  if (JOINERS.has(ch)) return true;
  return DIGIT_JOINERS.has(ch) && /\p{N}/u.test(prev) && /\p{N}/u.test(next);
}

/**
 * Characters ignored when looking for a name: the middle dots of transliterated Uyghur/Kazakh names
 * (阿依古丽·买买提, written with any of these or none), hyphens and dots used in their place.
 */
const NAME_SEPARATORS = new Set([
  '\u00B7', '\u0387', '\u2022', '\u2027', '\u2219', '\u22C5', '\u30FB', '\uFF65', '\u16EB', '\u2E31', '\u318D',
  '.', '-', '\u2010', '\u2011', '\uFE63', '\uFF0D',
]);

interface Folded {
  /** The text folded for matching: NFKC (full → half width), lowercase, no spaces or separators. */
  s: string;
  /** For each UTF-16 unit of `s`, the original start / end offsets of the character it came from. */
  from: number[];
  to: number[];
}

function fold(text: string): Folded {
  let s = '';
  const from: number[] = [];
  const to: number[] = [];
  let i = 0;
  for (const ch of text) {
    const start = i;
    i += ch.length;
    const n = ch.normalize('NFKC').toLowerCase();
    if (SPACE.test(ch) || SPACE.test(n) || NAME_SEPARATORS.has(ch) || NAME_SEPARATORS.has(n)) continue;
    for (let k = 0; k < n.length; k++) {
      from.push(start);
      to.push(i);
    }
    s += n;
  }
  return { s, from, to };
}

/** Folded form of a name, as findIdentityInText compares it. */
export function foldName(name: string): string {
  return fold(name).s;
}

export interface IdentityMatch {
  /** UTF-16 offsets into the original text; text.slice(start, end) === match. */
  start: number;
  end: number;
  match: string;
  /** The name (as given) that matched. */
  name: string;
}

/**
 * B3: every place `text` names one of `names` (the applicant's name, the unit's full name and
 * aliases), also when written with spaces between characters (王 建 国), another or no middle dot
 * (阿依古丽买买提 for 阿依古丽·买买提), or full-width letters and digits. Names that fold to fewer
 * than 2 characters, and “无”, are skipped: they would match everywhere. Sorted by start.
 */
export function findIdentityInText(text: string, names: readonly string[]): IdentityMatch[] {
  const hay = fold(text);
  const out: IdentityMatch[] = [];
  const seen = new Set<string>();
  for (const name of names) {
    const needle = foldName(name);
    if (Array.from(needle).length < 2 || seen.has(needle)) continue;
    seen.add(needle);
    for (let at = hay.s.indexOf(needle); at >= 0; at = hay.s.indexOf(needle, at + 1)) {
      const start = hay.from[at]!;
      const end = hay.to[at + needle.length - 1]!;
      out.push({ start, end, match: text.slice(start, end), name });
    }
  }
  return out.sort((a, b) => a.start - b.start || b.end - a.end);
}

/**
 * A12: length within the policy's bounds (message gives the count and the bound); B3: neither the
 * applicant's name, nor the ID number, nor any name of the unit appears. A name found inside a
 * longer match (州人民医院 inside 伊犁州人民医院) is reported once, as the longer one.
 */
export function checkSummary(data: SectionData, ctx: RuleContext): Problem[] {
  const text = data.fields.text;
  if (typeof text !== 'string' || text.trim() === '') return [];
  const out: Problem[] = [];
  const { summaryMinChars: min, summaryMaxChars: max } = ctx.policy;
  const n = countSummaryChars(text);
  if (n < min) {
    out.push(problem('A12', 'fields.text', 'SUMMARY_TOO_SHORT', `工作总结目前${n}字，本年度要求不少于${min}字（不超过${max}字），请补充`));
  } else if (n > max) {
    out.push(problem('A12', 'fields.text', 'SUMMARY_TOO_LONG', `工作总结目前${n}字，超过本年度${max}字的上限，请精简到${max}字以内`));
  }
  const people = new Set([ctx.applicant.name, ctx.applicant.idNumber].map(foldName));
  const matches = findIdentityInText(text, [ctx.applicant.name, ctx.applicant.idNumber, ...ctx.unitNames]);
  const outer = matches.filter((m) => !matches.some((o) => o !== m && o.start <= m.start && o.end >= m.end && o.end - o.start > m.end - m.start));
  const byName = new Map<string, { match: string; count: number; person: boolean }>();
  for (const m of outer) {
    const key = foldName(m.name);
    const seen = byName.get(key);
    if (seen) seen.count++;
    else byName.set(key, { match: m.match, count: 1, person: people.has(key) });
  }
  for (const { match, count, person } of byName.values()) {
    const what = person ? `本人${/^\d/.test(foldName(match)) ? '身份证号' : '姓名'}` : '工作单位';
    const times = count > 1 ? `（共${count}处）` : '';
    out.push(problem('A12', 'fields.text', 'SUMMARY_IDENTITY', `工作总结中出现了${what}“${match}”${times}，盲评要求删除，请改用“本人”“本单位”等表述`));
  }
  return out;
}
