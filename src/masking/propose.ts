import type { Region, RegionKind } from './image-types';

// Pure geometry for the "propose" stage: margins, clamping, merging, coverage.

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Size {
  width: number;
  height: number;
}

/** Margin per side, as fractions of the box's own width (`x`) and height (`y`). */
export interface Margin {
  x: number;
  y: number;
}

// Text boxes from the detector come out tight vertically; 20 % of the height reached full cover
// (masking-facts.md). Horizontally a quarter glyph catches a clipped first/last character.
// Seals get a thin rim because faded rims shrink the red blob. Eyes get generous height so a
// lid or eyebrow never peeks out of the bar.
export const DEFAULT_MARGINS: Record<RegionKind, Margin> = {
  name: { x: 0.08, y: 0.2 },
  unit: { x: 0.03, y: 0.2 },
  seal: { x: 0.05, y: 0.05 },
  face: { x: 0.12, y: 0.15 },
  eyes: { x: 0.12, y: 0.35 },
};

export interface ProposeOptions {
  margins?: Partial<Record<RegionKind, Margin>>;
}

export function area(b: Box): number {
  return Math.max(0, b.w) * Math.max(0, b.h);
}

export function intersection(a: Box, b: Box): Box | null {
  const x0 = Math.max(a.x, b.x);
  const y0 = Math.max(a.y, b.y);
  const x1 = Math.min(a.x + a.w, b.x + b.w);
  const y1 = Math.min(a.y + a.h, b.y + b.h);
  if (x1 <= x0 || y1 <= y0) return null;
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

export function union(a: Box, b: Box): Box {
  const x0 = Math.min(a.x, b.x);
  const y0 = Math.min(a.y, b.y);
  const x1 = Math.max(a.x + a.w, b.x + b.w);
  const y1 = Math.max(a.y + a.h, b.y + b.h);
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

export function iou(a: Box, b: Box): number {
  const i = intersection(a, b);
  if (!i) return 0;
  const ai = area(i);
  return ai / (area(a) + area(b) - ai);
}

/** Integer box inside the image; outward rounding so a clamp never uncovers a pixel. */
export function clampBox(b: Box, size: Size): Box {
  const x0 = Math.max(0, Math.floor(b.x));
  const y0 = Math.max(0, Math.floor(b.y));
  const x1 = Math.min(size.width, Math.ceil(b.x + b.w));
  const y1 = Math.min(size.height, Math.ceil(b.y + b.h));
  return { x: x0, y: y0, w: Math.max(0, x1 - x0), h: Math.max(0, y1 - y0) };
}

export function withMargin(b: Box, m: Margin, extraPx = 0): Box {
  const dx = b.w * m.x + extraPx;
  const dy = b.h * m.y + extraPx;
  return { x: b.x - dx, y: b.y - dy, w: b.w + 2 * dx, h: b.h + 2 * dy };
}

/**
 * Merges regions of the same kind whose boxes touch or overlap into their bounding box, until
 * no two overlap (a merge can create a new overlap, hence the loop). Score is the maximum.
 * Regions of different kinds stay separate: the UI shows why each box exists, and burning
 * both covers their union anyway.
 * Issue 12 item 7: a merge must not black out what neither box covers. Two boxes merge only when
 * their bounding box is at most MERGE_SLACK larger than the area they cover together (pieces of
 * one line, a box inside another); an L-shape or a row crossing a column stays two boxes.
 */
export function mergeOverlapping(regions: readonly Region[]): Region[] {
  const out: Region[] = regions.map((r) => ({ ...r }));
  let merged = true;
  while (merged) {
    merged = false;
    outer: for (let i = 0; i < out.length; i++) {
      for (let j = i + 1; j < out.length; j++) {
        const a = out[i]!;
        const b = out[j]!;
        if (a.kind !== b.kind || !touches(a, b)) continue;
        const u = union(a, b);
        const i2 = intersection(a, b);
        const together = area(a) + area(b) - (i2 ? area(i2) : 0);
        if (area(u) > MERGE_SLACK * together) continue;
        const text = mergedText(a.text, b.text);
        out[i] = { kind: a.kind, ...u, score: Math.max(a.score, b.score), ...(text ? { text } : {}) };
        out.splice(j, 1);
        merged = true;
        break outer;
      }
    }
  }
  return out;
}

/** The texts read behind two merged boxes, each once, the first box's first; at most 100 characters. */
function mergedText(a: string | undefined, b: string | undefined): string | undefined {
  if (!a || !b || a === b || a.includes(b)) return a || b;
  if (b.includes(a)) return b;
  return `${a} ${b}`.slice(0, 100);
}

/** How much larger than the boxes it joins a merged box may be (see mergeOverlapping). */
export const MERGE_SLACK = 1.3;

function touches(a: Box, b: Box): boolean {
  return a.x <= b.x + b.w && b.x <= a.x + a.w && a.y <= b.y + b.h && b.y <= a.y + a.h;
}

/**
 * Detector hits → boxes to burn: margin per kind, clamped to the page, same-kind overlaps
 * merged, empty boxes dropped, sorted top-to-bottom for a stable JSON output.
 */
export function proposeRegions(hits: readonly Region[], size: Size, opts: ProposeOptions = {}): Region[] {
  const margins = { ...DEFAULT_MARGINS, ...opts.margins };
  const padded = hits
    .filter((r) => r.w > 0 && r.h > 0)
    .map((r) => ({ kind: r.kind, score: r.score, ...clampBox(withMargin(r, margins[r.kind]), size), ...(r.text ? { text: r.text } : {}) }))
    .filter((r) => r.w > 0 && r.h > 0);
  return mergeOverlapping(padded)
    .map((r) => ({ ...r, score: Math.round(r.score * 1000) / 1000 }))
    .sort((a, b) => a.y - b.y || a.x - b.x || a.kind.localeCompare(b.kind));
}

/**
 * Text under a seal (the 落款: the unit's or issuer's name, the date) is unreadable where the red
 * covers it (masking-facts), so the matcher cannot find it and the seal box alone leaves its
 * ends showing. Every detector box that runs under a seal is masked across the seal's width,
 * with the boxes that continue it on the same row (the detector cuts a row where red crosses it).
 * A box the detector merged with the seal itself (taller than 60 % of the seal) is masked whole.
 */
export function textUnderSeals(rowBoxes: readonly Box[], seals: readonly Region[]): Region[] {
  const out: Region[] = [];
  for (const seal of seals) {
    for (const b of rowBoxes) {
      const ix = Math.min(b.x + b.w, seal.x + seal.w) - Math.max(b.x, seal.x);
      const iy = Math.min(b.y + b.h, seal.y + seal.h) - Math.max(b.y, seal.y);
      if (ix <= 0 || iy < 0.5 * b.h) continue;
      if (b.h > 0.6 * seal.h) {
        // Issue 12 item 7: the detector may merge a whole 单位意见 block (opinion, grade, 落款)
        // with the seal; only the part around the seal is the unproven 落款.
        const clipped = intersection(b, sealBand(seal));
        if (clipped) out.push({ kind: 'unit', ...clipped, score: 0.3 });
        continue;
      }
      let x0 = Math.min(b.x, seal.x);
      let x1 = Math.max(b.x + b.w, seal.x + seal.w);
      const sameRow = rowBoxes.filter((r) => r.h <= 1.6 * b.h && Math.min(r.y + r.h, b.y + b.h) - Math.max(r.y, b.y) >= 0.5 * Math.min(r.h, b.h));
      for (let grown = true; grown; ) {
        grown = false;
        for (const r of sameRow) {
          const gap = Math.max(r.x - x1, x0 - (r.x + r.w));
          if (gap <= b.h && (r.x < x0 || r.x + r.w > x1)) {
            x0 = Math.min(x0, r.x);
            x1 = Math.max(x1, r.x + r.w);
            grown = true;
          }
        }
        // A 落款 runs at most about one seal width past either side of the seal; a longer row is
        // the opinion text the seal was stamped over, which the experts need (issue 12 item 7).
        const band = sealBand(seal);
        if (x0 < band.x || x1 > band.x + band.w) {
          x0 = Math.max(x0, band.x);
          x1 = Math.min(x1, band.x + band.w);
          grown = false;
        }
      }
      const padY = 0.2 * b.h;
      const padX = 0.5 * b.h;
      out.push({ kind: 'unit', x: x0 - padX, y: b.y - padY, w: x1 - x0 + 2 * padX, h: b.h + 2 * padY, score: 0.3 });
    }
  }
  return out;
}

/**
 * Where the text under a seal can be: the seal's rows, and one seal width either side of it
 * (a unit name is longer than the seal is wide). Anything beyond is not the seal's 落款.
 */
export function sealBand(seal: Box): Box {
  return { x: seal.x - seal.w, y: seal.y - 0.1 * seal.h, w: 3 * seal.w, h: 1.2 * seal.h };
}

/**
 * Issue 12 item 7: the share of the page blacked out beyond what identifies. `identities` are the
 * boxes of what must be masked (the name and unit lines' matched text, seals, faces); the result
 * is the masked area outside them over the page area, at most 0.05 for a proposal to pass.
 */
export function maskedOutsideShare(regions: readonly Box[], identities: readonly Box[], size: Size): number {
  const page = { x: 0, y: 0, w: size.width, h: size.height };
  const masked = coveredFraction(page, regions) * area(page);
  // Masked ∩ identity, by covering each identity with the masks (identities assumed disjoint).
  const inside = identities.reduce((s, id) => s + coveredFraction(id, regions) * area(id), 0);
  return Math.max(0, masked - inside) / area(page);
}

/**
 * Issue 12 item 7: whether a proposed box is much larger than what it covers: more than `factor`
 * times the area of the evidence box (the text line's match, the seal, the face) under it.
 */
export function isOversized(box: Box, evidence: Box, factor = 2): boolean {
  return area(box) > factor * area(evidence);
}

/** Box after turning a `width`×`height` image clockwise by a multiple of 90°. */
export function turnBox(b: Box, turn: 0 | 90 | 180 | 270, width: number, height: number): Box {
  if (turn === 90) return { x: height - b.y - b.h, y: b.x, w: b.h, h: b.w };
  if (turn === 180) return { x: width - b.x - b.w, y: height - b.y - b.h, w: b.w, h: b.h };
  if (turn === 270) return { x: b.y, y: width - b.x - b.w, w: b.h, h: b.w };
  return { ...b };
}

/** Fraction of `target`'s area covered by the union of `boxes` (exact, by coordinate compression). */
export function coveredFraction(target: Box, boxes: readonly Box[]): number {
  const total = area(target);
  if (total <= 0) return 1;
  const clipped = boxes.map((b) => intersection(target, b)).filter((b): b is Box => b !== null);
  if (clipped.length === 0) return 0;
  const xs = [...new Set(clipped.flatMap((b) => [b.x, b.x + b.w]))].sort((a, b) => a - b);
  let covered = 0;
  for (let i = 0; i + 1 < xs.length; i++) {
    const x0 = xs[i]!;
    const x1 = xs[i + 1]!;
    const spans = clipped
      .filter((b) => b.x <= x0 && b.x + b.w >= x1)
      .map((b) => [b.y, b.y + b.h] as const)
      .sort((a, b) => a[0] - b[0]);
    let len = 0;
    let curStart = -Infinity;
    let curEnd = -Infinity;
    for (const [s, e] of spans) {
      if (s > curEnd) {
        len += curEnd - curStart > 0 && Number.isFinite(curStart) ? curEnd - curStart : 0;
        curStart = s;
        curEnd = e;
      } else if (e > curEnd) {
        curEnd = e;
      }
    }
    if (Number.isFinite(curStart)) len += curEnd - curStart;
    covered += len * (x1 - x0);
  }
  return covered / total;
}
