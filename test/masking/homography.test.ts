import { describe, expect, it } from 'vitest';
import { applyHomography, composeHomography, invertHomography, mapBox, solveHomography, warpPerspective, type Point } from '../../src/masking/homography';
import { estimateSkew } from '../../src/masking/text-detect';

// Issue 12 item 1: the arithmetic behind rectifying a phone photo and mapping boxes back.

const rect: Point[] = [[0, 0], [1000, 0], [1000, 1400], [0, 1400]];
const quad: Point[] = [[120, 80], [1090, 140], [1040, 1500], [60, 1430]];

describe('homography', () => {
  it('takes each of four points to its pair, and its inverse takes them back', () => {
    const h = solveHomography(rect, quad);
    const inv = invertHomography(h);
    rect.forEach(([x, y], i) => {
      const [u, v] = applyHomography(h, x, y);
      expect(u).toBeCloseTo(quad[i]![0], 6);
      expect(v).toBeCloseTo(quad[i]![1], 6);
      const [bx, by] = applyHomography(inv, u, v);
      expect(bx).toBeCloseTo(x, 6);
      expect(by).toBeCloseTo(y, 6);
    });
  });

  it('composes: first b, then a', () => {
    const a = solveHomography(rect, quad);
    const b = solveHomography(quad, rect);
    const [x, y] = applyHomography(composeHomography(a, b), 500, 700);
    expect(x).toBeCloseTo(500, 6);
    expect(y).toBeCloseTo(700, 6);
  });

  it('maps a box to one that holds every point of the box', () => {
    const h = solveHomography(rect, quad);
    const box = { x: 200, y: 300, w: 400, h: 40 };
    const out = mapBox(h, box);
    for (let i = 0; i <= 20; i++) {
      for (const [fx, fy] of [[i / 20, 0], [i / 20, 1], [0, i / 20], [1, i / 20]] as const) {
        const [u, v] = applyHomography(h, box.x + fx * box.w, box.y + fy * box.h);
        expect(u).toBeGreaterThanOrEqual(out.x - 1e-6);
        expect(u).toBeLessThanOrEqual(out.x + out.w + 1e-6);
        expect(v).toBeGreaterThanOrEqual(out.y - 1e-6);
        expect(v).toBeLessThanOrEqual(out.y + out.h + 1e-6);
      }
    }
  });

  it('warps pixels: a dot moves where the homography sends it', () => {
    const src = { data: Buffer.alloc(100 * 100 * 3, 255), width: 100, height: 100 };
    for (let y = 40; y < 44; y++) for (let x = 20; x < 24; x++) src.data.fill(0, (y * 100 + x) * 3, (y * 100 + x) * 3 + 3);
    // out(x, y) = src(x − 30, y + 10): the dot at (22, 42) lands at (52, 32).
    const out = warpPerspective(src, [1, 0, -30, 0, 1, 10, 0, 0, 1], 100, 100);
    expect(out.data[(32 * 100 + 52) * 3]).toBeLessThan(40);
    expect(out.data[(42 * 100 + 22) * 3]).toBeGreaterThan(200);
  });
});

describe('estimateSkew', () => {
  const line = (angleDeg: number, w = 600) => ({ x: 0, y: 0, w, h: 30, score: 0.9, angle: (angleDeg * Math.PI) / 180 });

  it('is the length-weighted median direction of the long lines', () => {
    expect(estimateSkew([line(1.4), line(1.5), line(1.6), line(-20, 40)])).toBeCloseTo(1.5, 6);
  });

  it('reads lines of a page lying on its side relative to the vertical', () => {
    const tall = (deg: number) => ({ x: 0, y: 0, w: 30, h: 600, score: 0.9, angle: (deg * Math.PI) / 180 });
    expect(estimateSkew([tall(91), tall(91), tall(-89)])).toBeCloseTo(1, 6);
  });

  it('is 0 with fewer than three long lines', () => {
    expect(estimateSkew([line(3), line(3)])).toBe(0);
  });
});
