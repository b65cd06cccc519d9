import { findMatches, normaliseForMatch, type MatchKind, type MatchTargets } from './text-match';

// Issue 12 item 6: what verification looks for in a masked copy. Not the boxes that were proposed
// but the identity itself, whole or in part: a box covering 46 % of a slanted unit name left its
// first seven characters readable, and that is a leak. Pure: no ONNX, no I/O.

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

/** Shortest readable run that still identifies: 4 characters (issue 12 item 6). */
export const MIN_RUN = 4;

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

/**
 * Runs of ≥ MIN_RUN consecutive characters that identify on their own: every run of a name longer
 * than MIN_RUN (long Uyghur/Kazakh names with a patronymic), and every run of a unit name that
 * holds at least two distinctive characters. Normalised form, longest first, no repeats.
 */
export function identifyingRuns(targets: MatchTargets): Array<{ kind: MatchKind; run: string; target: string }> {
  const out = new Map<string, { kind: MatchKind; run: string; target: string }>();
  const add = (kind: MatchKind, target: string, chars: string[], ok: (i: number, len: number) => boolean) => {
    for (let len = chars.length - 1; len >= MIN_RUN; len--) {
      for (let i = 0; i + len <= chars.length; i++) {
        const run = chars.slice(i, i + len).join('');
        if (ok(i, len) && !out.has(`${kind}:${run}`)) out.set(`${kind}:${run}`, { kind, run, target });
      }
    }
  };
  for (const n of targets.names) add('name', n, [...normaliseForMatch(n)], () => true);
  for (const u of targets.units) {
    const mask = genericMask(u);
    add('unit', u, [...normaliseForMatch(u)], (i, len) => mask.slice(i, i + len).filter((g) => !g).length >= 2);
  }
  return [...out.values()].sort((a, b) => b.run.length - a.run.length);
}

export interface Fragment {
  kind: MatchKind;
  /** UTF-16 range in the line as given. */
  start: number;
  end: number;
  /** What was read there. */
  text: string;
  target: string;
}

/**
 * Where a recognised line still shows the name or unit: a whole target (names and distinctive
 * units with the matcher's OCR tolerance, generic aliases exactly), or an identifying run of one.
 * Overlapping hits of one kind keep the first (longest) one.
 */
export function findFragments(line: string, targets: MatchTargets): Fragment[] {
  const hits: Fragment[] = [];
  const loose = { names: targets.names, units: targets.units.filter(isDistinctiveUnit) };
  for (const m of findMatches(line, loose)) hits.push({ kind: m.kind, start: m.start, end: m.end, text: line.slice(m.start, m.end), target: m.target });

  // Exact search on the normalised line, keeping each normalised character's source range.
  const chars: string[] = [];
  const from: number[] = [];
  const to: number[] = [];
  let pos = 0;
  for (const ch of line) {
    for (const n of normaliseForMatch(ch)) {
      chars.push(n);
      from.push(pos);
      to.push(pos + ch.length);
    }
    pos += ch.length;
  }
  const norm = chars.join('');
  const exact = [
    ...targets.units.filter((u) => !isDistinctiveUnit(u) && [...normaliseForMatch(u)].length >= 3).map((u) => ({ kind: 'unit' as const, run: normaliseForMatch(u), target: u })),
    ...identifyingRuns(targets),
  ];
  for (const e of exact) {
    // Index in code points: normalised characters here are single code points except rare
    // supplementary ideographs, for which the search falls back to string positions.
    for (let at = norm.indexOf(e.run); at >= 0; at = norm.indexOf(e.run, at + 1)) {
      const i = [...norm.slice(0, at)].length;
      const j = i + [...e.run].length - 1;
      const start = from[i]!;
      const end = to[j]!;
      hits.push({ kind: e.kind, start, end, text: line.slice(start, end), target: e.target });
    }
  }
  const kept: Fragment[] = [];
  for (const h of hits.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start)) {
    if (kept.some((k) => k.kind === h.kind && k.start < h.end && h.start < k.end)) continue;
    kept.push(h);
  }
  return kept.sort((a, b) => a.start - b.start);
}
