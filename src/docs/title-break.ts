// Breaking a document title (附件2–5) into centred lines, decided once for both the PDF and the
// DOCX: a title that the page width wraps by itself ends with a lone 「级」 or 「示」 on a line
// (「…专业中 / 级 / 职称的公示」). The rule: use as few lines as fit the width; among the ways
// to break into that many lines, take the most even one, preferring the natural joints of the
// title (after 「同志申报」, 「系列」, 「专业」, before 「职称」); never leave fewer than
// `MIN_LINE_CHARS` characters on a line, never start a line with closing punctuation nor end
// one with opening punctuation, and never split a run of Latin letters or digits.
// Pure: widths come from the caller's `measure` (the font's advance widths, see text-measure.ts).

/** A line of a title holds at least this many characters (the issue: no lone 「级」). */
export const MIN_LINE_CHARS = 2;

/** Punctuation that may not open a line (GB/T 15834 line-breaking practice, 避头点). */
const NO_LINE_START = new Set([...'，。、；：？！）》」』】〕”’…—·%)]},.;:?!']);
/** Punctuation that may not close a line (避尾点). */
const NO_LINE_END = new Set([...'（《「『【〔“‘([{']);
const WORD = /[A-Za-z0-9]/;

export interface TitleBreakOptions {
  /** Character offsets (in code points) where a break reads naturally. */
  preferred?: readonly number[];
  /** Lines are tried up to this count; beyond it the title is refused. */
  maxLines?: number;
}

/** Whether a line may end before code point `i` of `chars`. */
function canBreakAt(chars: string[], i: number): boolean {
  if (i <= 0 || i >= chars.length) return false;
  const before = chars[i - 1];
  const after = chars[i];
  if (NO_LINE_START.has(after) || NO_LINE_END.has(before)) return false;
  return !(WORD.test(before) && WORD.test(after));
}

/**
 * `text` as lines no wider than `maxWidth` by `measure`, each at least MIN_LINE_CHARS long.
 * A text that fits stays one line. Throws RangeError when no such breaking exists (a single word
 * wider than the page), which the templates never produce.
 */
export function breakTitle(text: string, maxWidth: number, measure: (s: string) => number, options: TitleBreakOptions = {}): string[] {
  const chars = Array.from(text);
  if (measure(text) <= maxWidth) return [text];
  const preferred = new Set(options.preferred ?? []);
  const maxLines = options.maxLines ?? 6;
  const n = chars.length;
  const width = (from: number, to: number) => measure(chars.slice(from, to).join(''));
  // A break off the title's joints costs more than any unevenness: joints first, then evenness.
  const offJoint = 10 * maxWidth ** 2;
  const legal = (i: number) => i === n || canBreakAt(chars, i);

  for (let lines = 2; lines <= maxLines; lines++) {
    // best[k][i]: least cost of the first i characters as k lines; from[k][i]: where line k starts.
    const best: number[][] = Array.from({ length: lines + 1 }, () => new Array<number>(n + 1).fill(Infinity));
    const from: number[][] = Array.from({ length: lines + 1 }, () => new Array<number>(n + 1).fill(-1));
    best[0][0] = 0;
    for (let k = 1; k <= lines; k++) {
      for (let i = k * MIN_LINE_CHARS; i <= n; i++) {
        if (!legal(i)) continue;
        for (let j = (k - 1) * MIN_LINE_CHARS; j <= i - MIN_LINE_CHARS; j++) {
          if (best[k - 1][j] === Infinity) continue;
          const w = width(j, i);
          if (w > maxWidth) continue;
          const cost = best[k - 1][j] + (maxWidth - w) ** 2 + (i < n && !preferred.has(i) ? offJoint : 0);
          if (cost < best[k][i]) {
            best[k][i] = cost;
            from[k][i] = j;
          }
        }
      }
    }
    if (best[lines][n] === Infinity) continue;
    const out: string[] = [];
    for (let k = lines, i = n; k > 0; k--) {
      const j = from[k][i];
      out.unshift(chars.slice(j, i).join(''));
      i = j;
    }
    return out;
  }
  throw new RangeError(`标题「${text}」无法在${maxLines}行内排下`);
}
