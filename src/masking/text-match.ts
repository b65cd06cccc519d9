// B1: where the applicant's name and unit occur in recognised text. Pure: no ONNX, no I/O.
// OCR output differs from the target in predictable ways, each handled here:
// - full-width / half-width forms and compatibility characters → NFKC;
// - spaces between characters (王 建 国) and any punctuation, including the middle dot of
//   Uyghur/Kazakh names, which OCR reads as ·, •, ‧, ・, ., : or drops → ignored;
// - glyphs the recogniser confuses → one representative per group (CONFUSABLE);
// - an occasional misread character → ≤1 edit for targets of ≥3 characters, none for 2-character
//   names (a 2-character name with one wrong character is too often someone else's name); for a
//   unit only when it has ≥2 distinctive characters (outside generic words) and one of them is
//   read right: 州医院 read loosely is every 县医院 and 本医院 on a summary page (issue 12 item 7);
// - a target broken across two lines → findSplitMatches.

export interface MatchTargets {
  /** The applicant's name(s). */
  names: string[];
  /** Unit full name plus every alias the caller wants masked (简称, former names). */
  units: string[];
}

export type MatchKind = 'name' | 'unit';

export interface TextMatch {
  kind: MatchKind;
  /** Start index (UTF-16) of the match in the line as given. */
  start: number;
  /** End index, exclusive. */
  end: number;
  /** The target string as the caller gave it. */
  target: string;
  /** Edits needed after normalisation: 0 = exact. */
  distance: number;
}

export interface SplitMatch {
  kind: MatchKind;
  target: string;
  /** The target's head at the end of the upper line. */
  first: { start: number; end: number };
  /** The rest at the start of the lower line. */
  second: { start: number; end: number };
  distance: number;
}

/** Groups of glyphs the recogniser mixes up, mapped to the first of each group. */
const CONFUSABLE_GROUPS = ['己已巳', '士土', '未末', '人入', '日曰', '0o〇○', '1l', '戊戌戍'];
const CONFUSABLE = new Map<string, string>();
for (const group of CONFUSABLE_GROUPS) {
  for (const ch of group.slice(1)) CONFUSABLE.set(ch, group[0]!);
}

/** Whitespace, punctuation and symbols carry no identity: dots in names, colons in labels. */
const IGNORED = /[\s\p{P}\p{S}]/u;
const IDEOGRAPH = /\p{Script=Han}/u;

interface Normalised {
  text: string[];
  /** For each normalised character: its original UTF-16 range. */
  from: number[];
  to: number[];
}

function normaliseChars(s: string): Normalised {
  const out: Normalised = { text: [], from: [], to: [] };
  let i = 0;
  for (const ch of s) {
    const start = i;
    i += ch.length;
    for (const n of ch.normalize('NFKC').toLowerCase()) {
      if (IGNORED.test(n)) continue;
      out.text.push(CONFUSABLE.get(n) ?? n);
      out.from.push(start);
      out.to.push(i);
    }
  }
  return out;
}

/** The form both sides are compared in: NFKC, lower case, no spaces or punctuation, confusables folded. */
export function normaliseForMatch(s: string): string {
  return normaliseChars(s).text.join('');
}

/** Edits allowed for a target of `length` normalised characters. */
export function allowedEdits(length: number, kind: MatchKind): number {
  if (length <= 2) return 0;
  // 3-character names: one substitution. Long unit names (≥10) lose two characters more often.
  if (kind === 'unit' && length >= 10) return 2;
  return 1;
}

/** A substituted character must be of the same sort (ideograph for ideograph), or any line becomes a match. */
function compatible(a: string, b: string): boolean {
  return IDEOGRAPH.test(a) === IDEOGRAPH.test(b);
}

/**
 * Edit distance between `target` and `line[start, start+len)` if ≤ max, else Infinity. Insertions
 * and deletions are allowed only for targets of ≥4 characters (one dot read as 一 or I, one
 * character dropped); shorter ones get substitutions only.
 */
function distanceAt(line: string[], start: number, len: number, target: string[], max: number): number {
  const m = target.length;
  if (len === m) {
    let d = 0;
    for (let k = 0; k < m; k++) {
      const a = line[start + k]!;
      const b = target[k]!;
      if (a === b) continue;
      if (!compatible(a, b) || ++d > max) return Infinity;
    }
    return d;
  }
  if (m < 4) return Infinity;
  // Banded Levenshtein on short strings.
  const prev = new Array<number>(m + 1);
  const cur = new Array<number>(m + 1);
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= len; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= m; j++) {
      const a = line[start + i - 1]!;
      const b = target[j - 1]!;
      const sub = a === b ? 0 : compatible(a, b) ? 1 : Infinity;
      cur[j] = Math.min(prev[j - 1]! + sub, prev[j]! + 1, cur[j - 1]! + 1);
      rowMin = Math.min(rowMin, cur[j]!);
    }
    if (rowMin > max) return Infinity;
    for (let j = 0; j <= m; j++) prev[j] = cur[j]!;
  }
  return prev[m]! <= max ? prev[m]! : Infinity;
}

interface Candidate {
  kind: MatchKind;
  target: string;
  start: number;
  end: number;
  distance: number;
}

/** All targets with their kind, normalised, longest first; empty ones dropped. */
interface Prepared {
  kind: MatchKind;
  target: string;
  norm: string[];
  /** Per normalised character: part of a generic unit word (always false for names). */
  generic: boolean[];
  /** Edits allowed: allowedEdits, capped for units by their distinctive characters. */
  maxEdits: number;
}

/**
 * A unit target is matched loosely (with OCR edits) only with at least this many distinctive
 * characters; shorter ones (州医院, 市一院) exactly. 精河县医院 read 经河县医院 is still found.
 */
export const MIN_DISTINCTIVE_FUZZY = 2;
/** Distinctive characters a loose unit match must read right: generic words never carry it alone. */
export const MIN_DISTINCTIVE_READ = 1;

/** All targets with their kind, normalised, longest first; empty ones dropped. */
function prepareTargets(targets: MatchTargets): Prepared[] {
  const list = [
    ...targets.names.map((t) => ({ kind: 'name' as const, target: t })),
    ...targets.units.map((t) => ({ kind: 'unit' as const, target: t })),
  ];
  return list
    .map((t) => {
      const norm = normaliseChars(t.target).text;
      const generic = t.kind === 'unit' ? genericMask(t.target) : norm.map(() => false);
      const distinctive = generic.filter((g) => !g).length;
      const maxEdits = t.kind === 'unit' && distinctive < MIN_DISTINCTIVE_FUZZY ? 0 : allowedEdits(norm.length, t.kind);
      return { ...t, norm, generic, maxEdits };
    })
    .filter((t) => t.norm.length > 0)
    .sort((a, b) => b.norm.length - a.norm.length);
}

/**
 * Whether a loose unit match still reads MIN_DISTINCTIVE_READ of the target's distinctive
 * characters right: position by position when no character was dropped or added, otherwise
 * as characters found in the matched text (order aside).
 */
function readsDistinctive(t: Prepared, line: string[], start: number, len: number): boolean {
  if (t.kind !== 'unit') return true;
  let right = 0;
  if (len === t.norm.length) {
    for (let k = 0; k < len; k++) if (!t.generic[k] && line[start + k] === t.norm[k]) right++;
  } else {
    const pool = line.slice(start, start + len);
    t.norm.forEach((ch, k) => {
      const at = pool.indexOf(ch);
      if (t.generic[k] || at < 0) return;
      pool.splice(at, 1);
      right++;
    });
  }
  return right >= MIN_DISTINCTIVE_READ;
}

/**
 * Occurrences of the targets in one recognised line, as ranges of the line string. Overlapping
 * hits of the same kind become one range over both, reported with the best hit's target and
 * distance; a name inside a unit match (or the reverse) is kept, since both must be masked.
 */
export function findMatches(line: string, targets: MatchTargets): TextMatch[] {
  const n = normaliseChars(line);
  const L = n.text;
  const found: Candidate[] = [];
  for (const t of prepareTargets(targets)) {
    const m = t.norm.length;
    const max = t.maxEdits;
    for (let start = 0; start < L.length; start++) {
      let best: Candidate | null = null;
      for (const len of max > 0 && m >= 4 ? [m, m - 1, m + 1] : [m]) {
        if (start + len > L.length || len <= 0) continue;
        const d = distanceAt(L, start, len, t.norm, max);
        if (d === Infinity) continue;
        // A match should not start or end on a guessed character: trim-free but anchored.
        if (d > 0 && (L[start] !== t.norm[0] && L[start + len - 1] !== t.norm[m - 1])) continue;
        if (d > 0 && !readsDistinctive(t, L, start, len)) continue;
        if (!best || d < best.distance) best = { kind: t.kind, target: t.target, start, end: start + len, distance: d };
      }
      if (best) found.push(best);
    }
  }
  found.sort((a, b) => a.distance - b.distance || b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: Candidate[] = [];
  for (const c of found) {
    const k = kept.find((k) => k.kind === c.kind && k.start < c.end && c.start < k.end);
    if (!k) {
      kept.push(c);
      continue;
    }
    // A longer target overlapping a kept shorter one widens it to both: an exact 简称 (州友谊医院)
    // inside a longer alias read with one wrong character (伊梨州友谊医院) must not leave the head
    // uncovered. Shifted copies of the same or a shorter target are dropped.
    if (normaliseForMatch(c.target).length > normaliseForMatch(k.target).length) {
      k.start = Math.min(k.start, c.start);
      k.end = Math.max(k.end, c.end);
    }
  }
  kept.sort((a, b) => a.start - b.start);
  return kept.map((c) => ({
    kind: c.kind,
    target: c.target,
    start: n.from[c.start]!,
    end: n.to[c.end - 1]!,
    distance: c.distance,
  }));
}

/**
 * A target whose head ends the upper line and whose rest starts the lower one (a name or unit
 * wrapped at the line end or in a narrow table cell). Exact after normalisation, except one
 * substitution for targets of ≥5 characters when both parts have ≥2 (乌云其|本格).
 */
export function findSplitMatches(upper: string, lower: string, targets: MatchTargets): SplitMatch[] {
  const a = normaliseChars(upper);
  const b = normaliseChars(lower);
  const out: SplitMatch[] = [];
  for (const t of prepareTargets(targets)) {
    const m = t.norm.length;
    if (m < 2) continue;
    // Generic words never alone: a wrapped 县|医院 is any county hospital.
    if (t.kind === 'unit' && t.generic.filter((g) => !g).length < MIN_DISTINCTIVE_FUZZY) continue;
    for (let k = 1; k < m; k++) {
      if (k > a.text.length || m - k > b.text.length) continue;
      const max = m >= 5 && k >= 2 && m - k >= 2 ? Math.min(1, t.maxEdits) : 0;
      const head = distanceAt(a.text, a.text.length - k, k, t.norm.slice(0, k), max);
      if (head === Infinity) continue;
      const tail = distanceAt(b.text, 0, m - k, t.norm.slice(k), max - head);
      if (tail === Infinity) continue;
      if (head + tail > 0 && !readsDistinctive(t, [...a.text.slice(a.text.length - k), ...b.text.slice(0, m - k)], 0, m)) continue;
      out.push({
        kind: t.kind,
        target: t.target,
        first: { start: a.from[a.text.length - k]!, end: a.to[a.text.length - 1]! },
        second: { start: b.from[0]!, end: b.to[m - k - 1]! },
        distance: head + tail,
      });
    }
  }
  // One split per kind and line pair: the best one.
  out.sort((x, y) => x.distance - y.distance || y.target.length - x.target.length);
  return out.filter((s, i) => out.findIndex((o) => o.kind === s.kind) === i);
}

/**
 * Words every unit name is made of. A run of them alone (医院, 人民医院, 第一中学) names no one;
 * the characters outside them (伊犁哈萨克, 乌鲁木齐) are a unit's distinctive part.
 */
export const GENERIC_UNIT_WORDS = [
  '有限责任公司', '股份有限公司', '有限公司', '分公司', '公司', '集团', '委员会', '办公室', '管理局', '管理处',
  '管理站', '管理所', '研究院', '研究所', '设计院', '服务中心', '中心', '医院', '卫生院', '卫生室', '卫生',
  '健康', '疾病预防控制', '妇幼保健', '保健', '人民', '中医', '医学', '附属', '学校', '学院', '大学', '中学',
  '小学', '幼儿园', '职业技术', '教育', '农业', '林业', '水利', '自然资源', '住房和城乡建设', '交通运输',
  '自治区', '自治州', '自治县', '地区', '街道', '社区', '第一', '第二', '第三', '第四', '第五', '第六',
  '第七', '第八', '第九', '第十', '市', '县', '区', '州', '省', '乡', '镇', '村', '局', '站', '所',
  '院', '厅', '处', '科', '室', '部', '队', '馆', '综合', '总',
].sort((a, b) => b.length - a.length);

/** Per character of `unit` (normalised): true where it belongs to a generic word. */
export function genericMask(unit: string): boolean[] {
  const s = [...normaliseForMatch(unit)];
  const mask = s.map(() => false);
  for (let i = 0; i < s.length; ) {
    const w = GENERIC_UNIT_WORDS.find((g) => s.slice(i, i + g.length).join('') === g);
    if (w) {
      for (let k = 0; k < w.length; k++) mask[i + k] = true;
      i += w.length;
    } else {
      i++;
    }
  }
  return mask;
}

/** Characters of the unit name outside generic words; "" for 州人民医院 or 医院. */
export function distinctivePart(unit: string): string {
  const s = [...normaliseForMatch(unit)];
  const mask = genericMask(unit);
  return s.filter((_, i) => !mask[i]).join('');
}

/**
 * A unit target is distinctive when at least two of its characters are outside generic words.
 * Only those may be matched loosely (OCR edits) or by fragment; a generic alias such as 州医院 is
 * matched exactly, or every 县医院 and 本医院 on a page becomes "the unit".
 */
export function isDistinctiveUnit(unit: string): boolean {
  return distinctivePart(unit).length >= 2;
}
