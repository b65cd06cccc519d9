import { findMatches, genericMask, isDistinctiveUnit, normaliseForMatch, type MatchKind, type MatchTargets } from './text-match';

// The generic-word rules live with the matcher, which applies them too (issue 12 item 7).
export { distinctivePart, GENERIC_UNIT_WORDS, genericMask, isDistinctiveUnit } from './text-match';

// Issue 12 item 6: what verification looks for in a masked copy. Not the boxes that were proposed
// but the identity itself, whole or in part: a box covering 46 % of a slanted unit name left its
// first seven characters readable, and that is a leak. Pure: no ONNX, no I/O.

/** Shortest readable run that still identifies: 4 characters (issue 12 item 6). */
export const MIN_RUN = 4;

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
