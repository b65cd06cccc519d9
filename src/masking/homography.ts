import type { RawImage } from './image-types';

// Plane-to-plane perspective maps (3×3 homographies, row-major, h[8] normalised to 1) for
// rectifying phone photos of a sheet (issue 12 item 1). Pure arithmetic on numbers and pixel
// buffers: no ONNX, no I/O.

export type Point = [number, number];
export type Homography = number[];

/** The homography taking src[i] to dst[i] for four point pairs (no three collinear). */
export function solveHomography(src: readonly Point[], dst: readonly Point[]): Homography {
  if (src.length !== 4 || dst.length !== 4) throw new Error('homography needs four point pairs');
  // Eight equations in h0..h7: x' (h6 x + h7 y + 1) = h0 x + h1 y + h2, likewise for y'.
  const A: number[][] = [];
  for (let i = 0; i < 4; i++) {
    const [x, y] = src[i]!;
    const [u, v] = dst[i]!;
    A.push([x, y, 1, 0, 0, 0, -u * x, -u * y, u]);
    A.push([0, 0, 0, x, y, 1, -v * x, -v * y, v]);
  }
  // Gauss–Jordan with partial pivoting on the 8×9 augmented matrix.
  for (let c = 0; c < 8; c++) {
    let p = c;
    for (let r = c + 1; r < 8; r++) if (Math.abs(A[r]![c]!) > Math.abs(A[p]![c]!)) p = r;
    if (Math.abs(A[p]![c]!) < 1e-12) throw new Error('degenerate homography (collinear points)');
    [A[c], A[p]] = [A[p]!, A[c]!];
    const row = A[c]!;
    const d = row[c]!;
    for (let k = c; k < 9; k++) row[k]! /= d;
    for (let r = 0; r < 8; r++) {
      if (r === c) continue;
      const f = A[r]![c]!;
      if (f === 0) continue;
      for (let k = c; k < 9; k++) A[r]![k]! -= f * row[k]!;
    }
  }
  return [...A.map((r) => r[8]!), 1];
}

/** a ∘ b: first b, then a. */
export function composeHomography(a: Homography, b: Homography): Homography {
  const out: number[] = [];
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) out.push(a[r * 3]! * b[c]! + a[r * 3 + 1]! * b[3 + c]! + a[r * 3 + 2]! * b[6 + c]!);
  return out.map((v) => v / out[8]!);
}

export const IDENTITY: Homography = [1, 0, 0, 0, 1, 0, 0, 0, 1];

export function applyHomography(h: Homography, x: number, y: number): Point {
  const w = h[6]! * x + h[7]! * y + h[8]!;
  return [(h[0]! * x + h[1]! * y + h[2]!) / w, (h[3]! * x + h[4]! * y + h[5]!) / w];
}

export function invertHomography(h: Homography): Homography {
  const [a, b, c, d, e, f, g, k, l] = h as [number, number, number, number, number, number, number, number, number];
  const A = e * l - f * k;
  const B = -(d * l - f * g);
  const C = d * k - e * g;
  const det = a * A + b * B + c * C;
  const inv = [A, -(b * l - c * k), b * f - c * e, B, a * l - c * g, -(a * f - c * d), C, -(a * k - b * g), a * e - b * d].map((v) => v / det);
  return inv.map((v) => v / inv[8]!);
}

/** Axis-aligned box containing the image of box `b` under `h` (every point of b maps inside it). */
export function mapBox(h: Homography, b: { x: number; y: number; w: number; h: number }): { x: number; y: number; w: number; h: number } {
  // A homography maps straight lines to straight lines, so the quad's corners bound it.
  const pts = [
    applyHomography(h, b.x, b.y),
    applyHomography(h, b.x + b.w, b.y),
    applyHomography(h, b.x, b.y + b.h),
    applyHomography(h, b.x + b.w, b.y + b.h),
  ];
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const x0 = Math.min(...xs);
  const y0 = Math.min(...ys);
  return { x: x0, y: y0, w: Math.max(...xs) - x0, h: Math.max(...ys) - y0 };
}

/**
 * out(x, y) = src(toSrc(x, y)), bilinear. Pixels whose source falls outside `src` get
 * `outside(x, y, rgb)` (default white).
 */
export function warpPerspective(
  src: RawImage,
  toSrc: Homography,
  width: number,
  height: number,
  outside?: (x: number, y: number, rgb: Uint8Array) => void,
): RawImage {
  const out = Buffer.alloc(width * height * 3);
  const s = src.data;
  const W = src.width;
  const H = src.height;
  const [a, b, c, d, e, f, g, k, l] = toSrc as [number, number, number, number, number, number, number, number, number];
  const rgb = new Uint8Array(3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // Pixel centres: pixel i spans [i, i + 1).
      const xc = x + 0.5;
      const yc = y + 0.5;
      const w = g * xc + k * yc + l;
      const u = (a * xc + b * yc + c) / w - 0.5;
      const v = (d * xc + e * yc + f) / w - 0.5;
      const o = (y * width + x) * 3;
      if (u < -0.5 || v < -0.5 || u > W - 0.5 || v > H - 0.5) {
        if (outside) {
          outside(x, y, rgb);
          out[o] = rgb[0]!;
          out[o + 1] = rgb[1]!;
          out[o + 2] = rgb[2]!;
        } else out.fill(255, o, o + 3);
        continue;
      }
      const x0 = Math.max(0, Math.min(W - 1, Math.floor(u)));
      const y0 = Math.max(0, Math.min(H - 1, Math.floor(v)));
      const x1 = Math.min(W - 1, x0 + 1);
      const y1 = Math.min(H - 1, y0 + 1);
      const fx = Math.max(0, Math.min(1, u - x0));
      const fy = Math.max(0, Math.min(1, v - y0));
      const p00 = (y0 * W + x0) * 3;
      const p01 = (y0 * W + x1) * 3;
      const p10 = (y1 * W + x0) * 3;
      const p11 = (y1 * W + x1) * 3;
      for (let ch = 0; ch < 3; ch++) {
        const top = s[p00 + ch]! + (s[p01 + ch]! - s[p00 + ch]!) * fx;
        const bot = s[p10 + ch]! + (s[p11 + ch]! - s[p10 + ch]!) * fx;
        out[o + ch] = top + (bot - top) * fy + 0.5;
      }
    }
  }
  return { data: out, width, height };
}
