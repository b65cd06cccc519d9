import { describe, expect, it } from 'vitest';
import type { Region } from '../../src/masking/image-types';
import {
  area,
  clampBox,
  isOversized,
  maskedOutsideShare,
  coveredFraction,
  iou,
  mergeOverlapping,
  proposeRegions,
  textUnderSeals,
  turnBox,
  withMargin,
} from '../../src/masking/propose';

const r = (kind: Region['kind'], x: number, y: number, w: number, h: number, score = 0.9): Region => ({
  kind,
  x,
  y,
  w,
  h,
  score,
});

describe('mergeOverlapping', () => {
  it('merges two overlapping boxes of the same kind into their bounding box with the higher score', () => {
    const out = mergeOverlapping([r('name', 0, 0, 10, 10, 0.5), r('name', 5, 5, 10, 10, 0.8)]);
    expect(out).toEqual([r('name', 0, 0, 15, 15, 0.8)]);
  });

  it('merges boxes that only touch at an edge', () => {
    expect(mergeOverlapping([r('unit', 0, 0, 10, 10), r('unit', 10, 0, 10, 10)])).toEqual([r('unit', 0, 0, 20, 10)]);
  });

  it('keeps separate boxes apart', () => {
    const input = [r('name', 0, 0, 10, 10), r('name', 11, 0, 10, 10)];
    expect(mergeOverlapping(input)).toEqual(input);
  });

  it('keeps overlapping boxes of different kinds separate', () => {
    const input = [r('face', 0, 0, 100, 100), r('eyes', 20, 30, 60, 15)];
    expect(mergeOverlapping(input)).toHaveLength(2);
  });

  it('merges transitively when a merge creates a new overlap', () => {
    // Pieces of one line: a and c do not overlap, b bridges them; order must not matter.
    const out = mergeOverlapping([r('name', 0, 0, 10, 10), r('name', 16, 0, 10, 10), r('name', 8, 0, 10, 10)]);
    expect(out).toEqual([r('name', 0, 0, 26, 10)]);
  });

  it('keeps an L-shape or a thin bridge as separate boxes rather than blacking out the gap (issue 12 item 7)', () => {
    const bridged = [r('seal', 0, 0, 10, 10), r('seal', 30, 0, 10, 10), r('seal', 8, 0, 24, 4)];
    expect(mergeOverlapping(bridged)).toHaveLength(3); // bounding box 400 px² over 280 covered
    // A unit line and a unit column meeting at a corner: their bounding box would be mostly empty.
    expect(mergeOverlapping([r('unit', 0, 0, 1000, 40), r('unit', 960, 0, 40, 800)])).toHaveLength(2);
  });
});

describe('proposeRegions', () => {
  it('pads text boxes by 20 % of their height and clamps to the page', () => {
    const out = proposeRegions([r('name', 2, 100, 100, 50)], { width: 200, height: 200 });
    expect(out).toHaveLength(1);
    const b = out[0]!;
    expect(b.y).toBe(90);
    expect(b.h).toBe(70);
    expect(b.x).toBe(0); // clamped at the left edge
    expect(Number.isInteger(b.x) && Number.isInteger(b.w)).toBe(true);
  });

  it('never shrinks a detector box: rounding goes outward', () => {
    const hit = r('seal', 10.4, 10.6, 50.2, 50.2);
    const [b] = proposeRegions([hit], { width: 1000, height: 1000 });
    expect(b!.x).toBeLessThanOrEqual(hit.x);
    expect(b!.y).toBeLessThanOrEqual(hit.y);
    expect(b!.x + b!.w).toBeGreaterThanOrEqual(hit.x + hit.w);
    expect(b!.y + b!.h).toBeGreaterThanOrEqual(hit.y + hit.h);
  });

  it('drops empty and off-page boxes', () => {
    expect(proposeRegions([r('name', 0, 0, 0, 10), r('unit', 500, 500, 10, 10)], { width: 100, height: 100 })).toEqual([]);
  });

  it('merges a name split into two hits on one line after padding', () => {
    const out = proposeRegions([r('name', 100, 100, 40, 40), r('name', 142, 100, 40, 40)], { width: 1000, height: 1000 });
    expect(out).toHaveLength(1);
    expect(out[0]!.kind).toBe('name');
  });

  it('sorts output top to bottom', () => {
    const out = proposeRegions([r('seal', 0, 500, 50, 50), r('unit', 0, 10, 50, 20)], { width: 1000, height: 1000 });
    expect(out.map((o) => o.kind)).toEqual(['unit', 'seal']);
  });
});

describe('geometry helpers', () => {
  it('computes IoU', () => {
    expect(iou({ x: 0, y: 0, w: 10, h: 10 }, { x: 5, y: 0, w: 10, h: 10 })).toBeCloseTo(50 / 150);
    expect(iou({ x: 0, y: 0, w: 10, h: 10 }, { x: 20, y: 0, w: 10, h: 10 })).toBe(0);
  });

  it('measures coverage by the union of boxes without double counting', () => {
    const t = { x: 0, y: 0, w: 10, h: 10 };
    expect(coveredFraction(t, [])).toBe(0);
    expect(coveredFraction(t, [{ x: 0, y: 0, w: 5, h: 10 }])).toBeCloseTo(0.5);
    expect(coveredFraction(t, [{ x: 0, y: 0, w: 6, h: 10 }, { x: 4, y: 0, w: 6, h: 10 }])).toBeCloseTo(1);
    expect(coveredFraction(t, [{ x: 0, y: 0, w: 10, h: 3 }, { x: 0, y: 7, w: 10, h: 3 }])).toBeCloseTo(0.6);
    expect(coveredFraction(t, [{ x: -5, y: -5, w: 100, h: 100 }])).toBe(1);
  });

  it('clamps and pads', () => {
    expect(clampBox({ x: -3, y: 2.5, w: 10, h: 200 }, { width: 5, height: 100 })).toEqual({ x: 0, y: 2, w: 5, h: 98 });
    expect(withMargin({ x: 10, y: 10, w: 10, h: 20 }, { x: 0.1, y: 0.5 })).toEqual({ x: 9, y: 0, w: 12, h: 40 });
  });
});

describe('turnBox', () => {
  it('turns a box with its image and back again', () => {
    const b = { x: 10, y: 20, w: 30, h: 5 };
    // 100 wide, 50 high; turned 90° clockwise the image is 50 wide, 100 high.
    const t = turnBox(b, 90, 100, 50);
    expect(t).toEqual({ x: 25, y: 10, w: 5, h: 30 });
    expect(turnBox(t, 270, 50, 100)).toEqual(b);
    expect(turnBox(turnBox(b, 180, 100, 50), 180, 100, 50)).toEqual(b);
  });
});

describe('textUnderSeals', () => {
  const seal = r('seal', 400, 300, 200, 200, 1);
  const line = (x: number, y: number, w: number, h = 30) => ({ x, y, w, h });

  it('masks a row running under a seal across the seal and on to the pieces that continue it', () => {
    // The detector cut the row at the seal: "北河省" left of it, "设计院" right of it.
    const rows = [line(300, 390, 110), line(590, 392, 120), line(800, 390, 100), line(100, 100, 300)];
    const out = textUnderSeals(rows, [seal]);
    expect(out.length).toBeGreaterThan(0);
    const covered = coveredFraction({ x: 300, y: 390, w: 410, h: 32 }, out);
    expect(covered).toBe(1);
    // 90 px gap to the next piece is three line heights: a different phrase, not continued.
    expect(out.every((o) => o.x + o.w < 800)).toBe(true);
    // The line far above the seal stays untouched.
    expect(coveredFraction({ x: 100, y: 100, w: 300, h: 30 }, out)).toBe(0);
  });

  it('masks a box the detector merged with the seal whole', () => {
    const out = textUnderSeals([line(350, 280, 320, 240)], [seal]);
    expect(out).toEqual([{ kind: 'unit', x: 350, y: 280, w: 320, h: 240, score: 0.3 }]);
  });

  it('ignores rows that only graze the seal box vertically', () => {
    expect(textUnderSeals([line(300, 280, 200, 30)], [seal])).toEqual([]); // 10 of 30 px under the box top
  });
});

describe('mask only what identifies (issue 12 item 7)', () => {
  // A 300-dpi A4 单位意见 block: two opinion rows (the second holds the grade), the seal stamped
  // over the end of the second row, and the 落款 (unit name) and date under the seal.
  const page = { width: 2480, height: 3508 };
  const seal = r('seal', 1500, 1400, 300, 300, 1);
  const opinion1 = { x: 200, y: 1300, w: 2100, h: 50 };
  const opinion2 = { x: 200, y: 1420, w: 2100, h: 50 }; // 「同意推荐，年度考核优秀……」 crosses the seal
  const signature = { x: 1350, y: 1520, w: 600, h: 50 };
  const date = { x: 1500, y: 1600, w: 300, h: 50 };

  it('masks the 落款 under the seal but not the whole opinion row it crosses', () => {
    const out = textUnderSeals([opinion1, opinion2, signature, date], [seal]);
    expect(coveredFraction(signature, out)).toBeGreaterThan(0.99);
    expect(coveredFraction(date, out)).toBeGreaterThan(0.99);
    // The start of the grade row (x 200–1100) stays readable; no box is wider than three seals.
    expect(coveredFraction({ x: 200, y: 1420, w: 900, h: 50 }, out)).toBe(0);
    for (const o of out) expect(o.w).toBeLessThanOrEqual(3 * seal.w + 60);
  });

  it('clips a block the detector merged with the seal to the seal and its 落款, not the whole block', () => {
    const block = { x: 200, y: 1380, w: 2100, h: 400 };
    const out = textUnderSeals([block], [seal]);
    expect(out).toHaveLength(1);
    expect(isOversized(out[0]!, seal, 4)).toBe(false);
    expect(coveredFraction({ x: 200, y: 1380, w: 1000, h: 400 }, out)).toBe(0);
  });

  it('does not merge the rows under a seal into one block reaching past them', () => {
    const out = proposeRegions([seal, ...textUnderSeals([opinion1, opinion2, signature, date], [seal])], page);
    for (const o of out) expect(o.w * o.h).toBeLessThan(2100 * 848 / 2);
  });

  it('keeps the masked area outside the identities under 5 % of the page', () => {
    const rows = [opinion1, opinion2, signature, date, { x: 200, y: 400, w: 1500, h: 50 }];
    const name = r('name', 520, 400, 180, 50);
    const out = proposeRegions([name, seal, ...textUnderSeals(rows, [seal])], page);
    const share = maskedOutsideShare(out, [name, seal, signature, date], page);
    expect(share).toBeLessThanOrEqual(0.05);
    expect(area(out.find((o) => o.kind === 'name')!)).toBeLessThan(2 * area(name));
  });

  it('measures the share masked beyond the identities', () => {
    const id = { x: 0, y: 0, w: 100, h: 100 };
    expect(maskedOutsideShare([id], [id], { width: 1000, height: 1000 })).toBe(0);
    expect(maskedOutsideShare([{ x: 0, y: 0, w: 200, h: 250 }], [id], { width: 1000, height: 1000 })).toBeCloseTo(0.04);
  });
});
