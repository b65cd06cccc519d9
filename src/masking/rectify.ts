import sharp from 'sharp';
import { applyHomography, solveHomography, type Homography, type Point } from './homography';
import type { RawImage } from './image-types';

// Issue 12 item 1: a phone photo of a sheet on a desk is read on the sheet, not on the photo.
// Find the sheet (the large bright quadrilateral against a darker or coloured background), warp
// it flat and upright with a homography on the raw pixels, and even out the light. Every box found
// on the flat sheet is mapped back with `toShown`. Scans, where the paper reaches the image edge
// on every side, have no visible sheet edge and are left alone (null).

export interface Sheet {
  /** Corners in displayed pixels: top-left, top-right, bottom-right, bottom-left. */
  corners: Point[];
}

export interface Rectified extends Sheet {
  /** The sheet, flat, lit evenly; same quarter-turn as the image as shown. */
  img: RawImage;
  /** Rectified pixels → displayed pixels. */
  toShown: Homography;
}

/** Long side of the copy the sheet is looked for on: corners to ±1 px there, ±3 px on a 12-MP photo. */
const FIND_SIDE = 800;
/** The sheet must cover at least this fraction of the photo, or it is not "a photographed sheet". */
const MIN_SHEET_AREA = 0.25;
/** Below this fraction of the photo around the sheet the image is taken as a scan (paper to the edge). */
const MIN_BACKGROUND = 0.03;
/** Share of the quadrilateral the bright component's outline must fill, and the reverse: a sheet is a quadrilateral. */
const MIN_FILL = 0.9;

/** Otsu's threshold on a 256-bin histogram, with the mean of each side. */
function otsu(hist: Float64Array, total: number): { at: number; low: number; high: number } {
  let sum = 0;
  for (let i = 0; i < 256; i++) sum += i * hist[i]!;
  let sumB = 0;
  let wB = 0;
  let best = 0;
  let at = 128;
  let low = 0;
  let high = 255;
  for (let t = 0; t < 256; t++) {
    wB += hist[t]!;
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += t * hist[t]!;
    const mB = sumB / wB;
    const mF = (sum - sumB) / wF;
    const between = wB * wF * (mB - mF) ** 2;
    if (between > best) {
      best = between;
      at = t;
      low = mB;
      high = mF;
    }
  }
  return { at, low, high };
}

/** Least-squares line a·x + b·y = c (a² + b² = 1) through points, by the principal axis. */
function fitLine(pts: Point[]): [number, number, number] {
  let mx = 0;
  let my = 0;
  for (const [x, y] of pts) {
    mx += x;
    my += y;
  }
  mx /= pts.length;
  my /= pts.length;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (const [x, y] of pts) {
    sxx += (x - mx) ** 2;
    sxy += (x - mx) * (y - my);
    syy += (y - my) ** 2;
  }
  // Direction of the largest eigenvector; the normal is perpendicular to it.
  const theta = 0.5 * Math.atan2(2 * sxy, sxx - syy);
  const a = -Math.sin(theta);
  const b = Math.cos(theta);
  return [a, b, a * mx + b * my];
}

function intersect(l1: [number, number, number], l2: [number, number, number]): Point | null {
  const det = l1[0] * l2[1] - l1[1] * l2[0];
  if (Math.abs(det) < 1e-9) return null;
  return [(l1[2] * l2[1] - l1[1] * l2[2]) / det, (l1[0] * l2[2] - l1[2] * l2[0]) / det];
}

function quadArea(q: Point[]): number {
  let a = 0;
  for (let i = 0; i < q.length; i++) {
    const [x1, y1] = q[i]!;
    const [x2, y2] = q[(i + 1) % q.length]!;
    a += x1 * y2 - x2 * y1;
  }
  return Math.abs(a) / 2;
}

/** The sheet's corners in displayed pixels, or null when the image shows no sheet edge (a scan). */
export async function findSheet(img: RawImage): Promise<Sheet | null> {
  const found = await locateSheet(img);
  return found && { corners: found.corners };
}

/** findSheet, with the small copy it looked on (long side FIND_SIDE) and that copy's scale. */
async function locateSheet(img: RawImage): Promise<(Sheet & { small: RawImage; scale: number }) | null> {
  const scale = Math.min(1, FIND_SIDE / Math.max(img.width, img.height));
  const { data, info } = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } })
    .resize(Math.max(1, Math.round(img.width * scale)), Math.max(1, Math.round(img.height * scale)), { fit: 'fill' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const w = info.width;
  const h = info.height;
  const n = w * h;
  // Whiteness: bright and grey. Wood and cloth are saturated; a grey desk is darker than paper.
  const white = new Uint8Array(n);
  const hist = new Float64Array(256);
  for (let i = 0; i < n; i++) {
    const r = data[i * 3]!;
    const g = data[i * 3 + 1]!;
    const b = data[i * 3 + 2]!;
    const max = Math.max(r, g, b);
    const min = Math.min(r, g, b);
    const v = Math.max(0, Math.min(255, Math.round(0.299 * r + 0.587 * g + 0.114 * b - 1.2 * (max - min))));
    white[i] = v;
    hist[v]!++;
  }
  // Paper in a hand's shadow is darker than Otsu's split between desk and lit paper; the desk
  // stays near its own mean. Cut a third of the way from the desk's mean to the paper's.
  const split = otsu(hist, n);
  const t = Math.min(split.at, split.low + 0.35 * (split.high - split.low));
  // Largest bright component (4-connected).
  const label = new Int32Array(n);
  const stack = new Int32Array(n);
  let bestLabel = 0;
  let bestCount = 0;
  let next = 0;
  for (let p0 = 0; p0 < n; p0++) {
    if (label[p0] !== 0 || white[p0]! <= t) continue;
    next++;
    let top = 0;
    stack[top++] = p0;
    label[p0] = next;
    let count = 0;
    while (top > 0) {
      const p = stack[--top]!;
      count++;
      const x = p % w;
      if (x > 0 && label[p - 1] === 0 && white[p - 1]! > t) { label[p - 1] = next; stack[top++] = p - 1; }
      if (x + 1 < w && label[p + 1] === 0 && white[p + 1]! > t) { label[p + 1] = next; stack[top++] = p + 1; }
      if (p >= w && label[p - w] === 0 && white[p - w]! > t) { label[p - w] = next; stack[top++] = p - w; }
      if (p + w < n && label[p + w] === 0 && white[p + w]! > t) { label[p + w] = next; stack[top++] = p + w; }
    }
    if (count > bestCount) {
      bestCount = count;
      bestLabel = next;
    }
  }
  if (bestCount < MIN_SHEET_AREA * n) return null;
  // Outline of the component per row and column: leftmost/rightmost, topmost/bottommost pixel.
  // Text, photos and seals on the sheet are holes inside it and do not matter.
  const left: Point[] = [];
  const right: Point[] = [];
  const topPts: Point[] = [];
  const bottom: Point[] = [];
  // Area inside the outline, holes (photos, tables) included.
  let spanArea = 0;
  for (let y = 0; y < h; y++) {
    let a = -1;
    let b = -1;
    for (let x = 0; x < w; x++) if (label[y * w + x] === bestLabel) { if (a < 0) a = x; b = x; }
    if (a >= 0) {
      left.push([a, y + 0.5]);
      right.push([b + 1, y + 0.5]);
      spanArea += b + 1 - a;
    }
  }
  for (let x = 0; x < w; x++) {
    let a = -1;
    let b = -1;
    for (let y = 0; y < h; y++) if (label[y * w + x] === bestLabel) { if (a < 0) a = y; b = y; }
    if (a >= 0) {
      topPts.push([x + 0.5, a]);
      bottom.push([x + 0.5, b + 1]);
    }
  }
  // A scan: the paper reaches (nearly) every edge and leaves almost no background.
  const touches = (pts: Point[], onEdge: (p: Point) => boolean) => pts.filter(onEdge).length > 0.5 * pts.length;
  const edgeHits = [
    touches(left, (p) => p[0] <= 1),
    touches(right, (p) => p[0] >= w - 1),
    touches(topPts, (p) => p[1] <= 1),
    touches(bottom, (p) => p[1] >= h - 1),
  ].filter(Boolean).length;
  if (edgeHits >= 2 || 1 - bestCount / n < MIN_BACKGROUND) return null;

  // Each side: a line through the middle 70 % of its outline points, away from the corners.
  const middle = (pts: Point[]) => {
    const cut = Math.floor(pts.length * 0.15);
    return pts.slice(cut, pts.length - cut);
  };
  const lines = [middle(topPts), middle(right), middle(bottom), middle(left)].map((pts) => (pts.length >= 4 ? fitLine(pts) : null));
  if (lines.some((l) => l === null)) return null;
  const [lt, lr, lb, ll] = lines as Array<[number, number, number]>;
  const quad = [intersect(ll!, lt!), intersect(lt!, lr!), intersect(lr!, lb!), intersect(lb!, ll!)];
  if (quad.some((q) => q === null)) return null;
  const corners = (quad as Point[]).map(([x, y]) => [x / scale, y / scale] as Point);
  // A real sheet is solid: the component fills its quadrilateral.
  const qa = quadArea(quad as Point[]);
  if (qa <= 0 || spanArea / qa < MIN_FILL || Math.min(spanArea, qa) / Math.max(spanArea, qa) < MIN_FILL || qa > 1.05 * n) return null;
  if (corners.some(([x, y]) => x < -0.02 * img.width || y < -0.02 * img.height || x > 1.02 * img.width || y > 1.02 * img.height)) return null;
  return { corners, small: { data, width: w, height: h }, scale };
}

/** Mean length of two opposite sides. */
const side = (a: Point, b: Point, c: Point, d: Point) => (Math.hypot(b[0] - a[0], b[1] - a[1]) + Math.hypot(d[0] - c[0], d[1] - c[1])) / 2;

/**
 * The sheet warped flat (same resolution as it had in the photo) and lit evenly, with the map
 * back to displayed pixels; null for a scan.
 */
export async function rectify(img: RawImage): Promise<Rectified | null> {
  const found = await locateSheet(img);
  if (!found) return null;
  const [tl, tr, br, bl] = found.corners as [Point, Point, Point, Point];
  const W = Math.round(side(tl, tr, bl, br));
  const H = Math.round(side(tl, bl, tr, br));
  const toShown = solveHomography([[0, 0], [W, 0], [W, H], [0, H]], found.corners);
  // Issue 12 speed: the light is measured on the small copy findSheet already made, and divided
  // out while warping, instead of in a second pass over the full-size sheet.
  const light = await sheetLight(found.small, found.scale, toShown, W, H);
  return { corners: found.corners, img: warpLit(img, toShown, W, H, light), toShown };
}

/** Light on the flat sheet: one value per block of about LIGHT_BLOCK² pixels, with a table to divide it out. */
interface Light {
  bg: Buffer;
  sw: number;
  sh: number;
  /** out = lut[bg << 8 | v]: v brightened by the block's factor. */
  lut: Uint8Array;
}

const LIGHT_BLOCK = 8;

/**
 * The paper's brightness over the flat sheet, measured on the photo's small copy: sampled through
 * the homography at one point per LIGHT_BLOCK² block of the sheet, the ink removed (a max filter
 * wider than a glyph) and smoothed.
 */
async function sheetLight(small: RawImage, scale: number, toShown: Homography, W: number, H: number): Promise<Light> {
  const sw = Math.max(8, Math.round(W / LIGHT_BLOCK));
  const sh = Math.max(8, Math.round(H / LIGHT_BLOCK));
  const grey = Buffer.alloc(sw * sh);
  const s = small.data;
  for (let j = 0; j < sh; j++) {
    for (let i = 0; i < sw; i++) {
      const [px, py] = applyHomography(toShown, ((i + 0.5) * W) / sw, ((j + 0.5) * H) / sh);
      const x = Math.max(0, Math.min(small.width - 1, Math.round(px * scale - 0.5)));
      const y = Math.max(0, Math.min(small.height - 1, Math.round(py * scale - 0.5)));
      const p = (y * small.width + x) * 3;
      grey[j * sw + i] = Math.round(0.299 * s[p]! + 0.587 * s[p + 1]! + 0.114 * s[p + 2]!);
    }
  }
  const paper = maxFilter(grey, sw, sh, 4);
  const { data: bg } = await sharp(paper, { raw: { width: sw, height: sh, channels: 1 } }).blur(4).raw().toBuffer({ resolveWithObject: true });
  // out = v × f(bg) through a 256×256 table: one lookup per channel instead of arithmetic.
  const lut = new Uint8Array(256 * 256);
  for (let b = 0; b < 256; b++) {
    // Never darken, and never brighten more than 2.5× (deep shadow, or a dark photo on the sheet).
    const f = Math.min(2.5, Math.max(1, 245 / Math.max(1, b)));
    for (let v = 0; v < 256; v++) lut[b * 256 + v] = Math.min(255, Math.round(v * f));
  }
  return { bg, sw, sh, lut };
}

/**
 * out(x, y) = light-corrected src(toSrc(x, y)), bilinear, white outside `src`: warpPerspective
 * and the light division in one pass, with the homography stepped along each row.
 */
function warpLit(src: RawImage, toSrc: Homography, width: number, height: number, light: Light): RawImage {
  const out = Buffer.allocUnsafe(width * height * 3);
  const s = src.data;
  const W = src.width;
  const H = src.height;
  const stride = W * 3;
  const { bg, sw, sh, lut } = light;
  const [a, b, c, d, e, f, g, k, l] = toSrc as [number, number, number, number, number, number, number, number, number];
  // The light is smooth (blurred over ~32 px), so each pixel takes its block's value.
  const col = Int32Array.from({ length: width }, (_, x) => Math.min(sw - 1, Math.floor((x * sw) / width)));
  let o = 0;
  for (let y = 0; y < height; y++) {
    const yc = y + 0.5;
    const bgRow = Math.min(sh - 1, Math.floor((y * sh) / height)) * sw;
    // Pixel centres: pixel i spans [i, i + 1).
    let nu = a * 0.5 + b * yc + c;
    let nv = d * 0.5 + e * yc + f;
    let nw = g * 0.5 + k * yc + l;
    for (let x = 0; x < width; x++, o += 3, nu += a, nv += d, nw += g) {
      const u = nu / nw - 0.5;
      const v = nv / nw - 0.5;
      if (u < -0.5 || v < -0.5 || u > W - 0.5 || v > H - 0.5) {
        out[o] = out[o + 1] = out[o + 2] = 255;
        continue;
      }
      const x0 = u <= 0 ? 0 : u >= W - 1 ? W - 1 : Math.floor(u);
      const y0 = v <= 0 ? 0 : v >= H - 1 ? H - 1 : Math.floor(v);
      const dx = x0 + 1 < W ? 3 : 0;
      const dy = y0 + 1 < H ? stride : 0;
      const fx = u <= x0 ? 0 : u - x0 >= 1 ? 1 : u - x0;
      const fy = v <= y0 ? 0 : v - y0 >= 1 ? 1 : v - y0;
      const p00 = y0 * stride + x0 * 3;
      const p10 = p00 + dy;
      const row = bg[bgRow + col[x]!]! << 8;
      for (let ch = 0; ch < 3; ch++) {
        const t = s[p00 + ch]! + (s[p00 + dx + ch]! - s[p00 + ch]!) * fx;
        const m = s[p10 + ch]! + (s[p10 + dx + ch]! - s[p10 + ch]!) * fx;
        out[o + ch] = lut[row + ((t + (m - t) * fy + 0.5) | 0)]!;
      }
    }
  }
  return { data: out, width, height };
}

/** Max over a (2r+1)² window, as two 1-D passes: the paper's brightness with ink and seals taken out. */
function maxFilter(src: Buffer, w: number, h: number, r: number): Buffer {
  const mid = Buffer.alloc(src.length);
  const out = Buffer.alloc(src.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let m = 0;
      for (let k = Math.max(0, x - r); k <= Math.min(w - 1, x + r); k++) m = Math.max(m, src[y * w + k]!);
      mid[y * w + x] = m;
    }
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let m = 0;
      for (let k = Math.max(0, y - r); k <= Math.min(h - 1, y + r); k++) m = Math.max(m, mid[k * w + x]!);
      out[y * w + x] = m;
    }
  }
  return out;
}
